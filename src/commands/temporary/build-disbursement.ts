import type { RollView } from '../../contracts/payroll.ts';
import type { DisbursementBuild } from '../../contracts/temporary.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { insertReissues, insertRoll, insertStageLines, lastSeq, markStagesInBatch, patchRoll, rollTotals } from '../../db/payroll-ledger.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf, monthOf, type PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, auditActor, requirePermission } from '../context.ts';
import { newRoll } from '../payroll/build-roll.ts';
import { knownCounty, payrollRepo } from '../payroll/payroll-context.ts';
import { countyNames, presentRoll } from '../payroll/present.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

/**
 * 生成临时救助发放批次 A county's temporary-aid disbursement batch (ADR 0040), built on demand: every stage (分次发放) of an
 * approved case due by `upTo` (today unless given; never later) and not yet in a batch, and every stage an earlier
 * batch failed to pay or held for a missing account whose household has an account now (a re-issue line), as the lines
 * of a payment roll of program `temporary` — which then goes the way of every roll: approval by someone other than its
 * maker, the bank file, the bank's result (which settles the stages), the re-issue queue.
 *
 * One transaction: a county's due stages are hundreds, not a million enrollments, so the batch is all there or not at
 * all — a process killed in the middle leaves no roll and no stage marked. Each stage is paid once whatever the timing:
 * `payroll_line_stage_paid_once` refuses a second stage line for it in any batch (two builders at once: the second
 * fails on that key or on the batch number, tries again and finds the stages taken), as `payroll_line_paid_once` does
 * for a payee's month.
 */
export async function buildDisbursement(ctx: CommandContext, input: DisbursementBuild): Promise<RollView> {
  requirePermission(ctx.actor, 'payroll.build');
  const county = await requireCounty(ctx, input.county);
  const upTo = dueDay(ctx, input.upTo);
  const month = monthOf(chinaDateOf(ctx.clock()));
  for (let attempt = 0; ; attempt++) {
    try {
      const roll = await ctx.db.kysely.transaction().execute(async (trx) => {
        const at = ctx.clock().toISOString();
        const last = await trx
          .selectFrom('payroll_roll')
          .select((e) => e.fn.max<number>('round').as('round'))
          .where('county_code', '=', county)
          .where('program', '=', 'temporary')
          .where('month', '=', month)
          .where('kind', '=', 'disbursement')
          .executeTakeFirst();
        const row = newRoll(ctx, { county, program: 'temporary', month, kind: 'disbursement', round: Number(last?.round ?? 0) + 1 }, at);
        await insertRoll(trx, row);
        const stages = await insertStageLines(trx, row, { upTo, base: 0 });
        const reissues = await insertReissues(trx, row, await lastSeq(trx, row));
        if (stages + reissues === 0) {
          throw new AppError(
            'TEMPORARY_BATCH_EMPTY',
            { zh: `截至 ${upTo} 没有到期待发放的临时救助（分次发放均已进入批次，或尚未到发放日期）`, en: `Nothing is due by ${upTo}: every stage is in a batch already or not due yet` },
            { status: 409 },
          );
        }
        await markStagesInBatch(trx, row, at);
        const totals = await rollTotals(trx, county, row.id);
        const patch = { ...totals, status: 'built' as const, phase: 'done' as const, built_at: at, updated_at: at };
        await patchRoll(trx, row, patch);
        await appendAudit(
          trx,
          auditActor(ctx.actor),
          {
            chain: county,
            action: 'payroll.build',
            entityType: 'payroll_roll',
            entityId: row.id,
            after: await stateOf(trx, 'payroll_roll', county, row.id),
            detail: { program: 'temporary', month, round: row.round, upTo, stages, reissues, lines: totals.line_count, totalFen: totals.total_fen, held: totals.held_count, heldFen: totals.held_fen },
          },
          at,
        );
        return { ...row, ...patch };
      });
      const names = await countyNames(ctx.db.kysely, [county]);
      return presentRoll(roll, ctx.actor, names.get(county) ?? county);
    } catch (e) {
      // Another batch of the county took the number or a stage first: build again with what is left.
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** A county of the city in the caller's area (named, so refused rather than hidden when outside it). */
export async function requireCounty(ctx: CommandContext, code: string): Promise<string> {
  const county = await knownCounty(ctx, code);
  payrollRepo(ctx).assertCounty(county);
  return county;
}

/** The last pay day a batch takes: today, or an earlier day given; a stage is never paid before its day. */
export function dueDay(ctx: CommandContext, upTo: string | undefined): PlainDate {
  const today = chinaDateOf(ctx.clock());
  if (upTo === undefined) return today;
  if (upTo > today) {
    throw new AppError('TEMPORARY_BATCH_FUTURE', { zh: `发放截止日期 ${upTo} 晚于今天（${today}）：分次发放不能提前支付`, en: `${upTo} is after today (${today}): a stage is not paid before its day` }, { field: 'upTo' });
  }
  return upTo as PlainDate;
}
