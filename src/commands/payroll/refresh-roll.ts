import type { RefreshResult, RollRefresh } from '../../contracts/payroll.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import {
  changedEnrollments,
  consumeChanges,
  earliestChange,
  holdMissingAccounts,
  holdTermWriters,
  insertAdjustments,
  insertReissues,
  lastSeq,
  lockHorizon,
  lockRoll,
  patchRoll,
  reconcileRegular,
  releaseHeld,
  reopenAdjustments,
  rollTotals,
  skippedInBatch,
  snapshotLines,
  touchedEnrollments,
  touchedShareAPayee,
} from '../../db/payroll-ledger.ts';
import type { PayrollRollTable } from '../../db/schema.ts';
import { addMonths, type PlainMonth } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission, staleVersion } from '../context.ts';
import { monthRange } from './build-roll.ts';
import { freshnessOf, payrollError, payrollRepo, requireRoll, ROLL } from './payroll-context.ts';
import { countyNames, presentRoll, presentTotals } from './present.ts';
import { diffLines, MAX_CHANGES } from './roll-diff.ts';
import { ensureTermsCurrent } from './terms-current.ts';

/** Only a roll awaiting approval is refreshed; an approved one is what was decided (later changes go to the next roll). */
function requireRefreshable(r: PayrollRollTable): void {
  // A temporary-aid batch pays fixed stages, not terms that move: nothing to refresh; what is due later goes in another batch.
  if (r.kind === 'disbursement') {
    throw payrollError(
      'PAYROLL_REFRESH_BATCH',
      { zh: '临时救助发放批次按已批准的分次发放金额生成，无需刷新；此后到期的发放请另行生成批次', en: 'A temporary-aid batch pays approved stages and is never refreshed; stages due later go in another batch' },
      undefined,
      409,
    );
  }
  // A heating roll pays the season by its reference day (ADR 0043): later changes are the supplementary roll's.
  if (r.program === 'heating') {
    throw payrollError(
      'PAYROLL_REFRESH_SEASON',
      { zh: '采暖季花名册按基准日在保对象生成，无需刷新；此后新纳入或补录取暖信息的家庭由补充发放支付', en: 'A heating roll pays who was enrolled on the reference day and is never refreshed; later households go in a supplementary roll' },
      undefined,
      409,
    );
  }
  if (r.status === 'built') return;
  if (r.status === 'building') {
    throw payrollError('PAYROLL_NOT_BUILT', { zh: '花名册尚未生成完毕，请先完成生成', en: 'The roll has not finished building; finish the build first' }, undefined, 409);
  }
  throw payrollError(
    'PAYROLL_ALREADY_APPROVED',
    {
      zh: '花名册已审批，不能再刷新；此后的待遇变化将在下一期花名册中补发或追缴',
      en: 'The roll is approved and cannot be refreshed; later changes are paid (or recovered) by the next roll',
    },
    undefined,
    409,
  );
}

/**
 * 刷新花名册 Brings a roll awaiting approval up to date with the enrollments (issue 11, ADR 0025), in one transaction:
 * the regular lines of every enrollment whose terms changed since the roll was built or last refreshed (the change
 * marks) are made what the terms say now — added, removed, amount changed — and their back-pay and recovery computed
 * again; held lines whose household has an account now are paid in this roll; payments that became payable since
 * (failed or held, their account now entered) are added as re-issues; the marks are consumed and the control totals
 * counted again from the lines. The difference comes back line by line, with household and amounts; the refresh is
 * audited, and whoever refreshed is a maker of the roll (not its checker).
 *
 * Only the latest roll of the county and program is refreshed: a later roll has already settled (or will settle) the
 * differences of an earlier month as back-pay or recovery. Cost follows the changes (the marks), not the county.
 */
export async function refreshRoll(ctx: CommandContext, o: { ref: { county: string; id: string }; input: RollRefresh }): Promise<RefreshResult> {
  requirePermission(ctx.actor, 'payroll.build');
  const { ref, input } = o;
  const { db } = ctx;
  const found = await requireRoll(payrollRepo(ctx), ref.county, ref.id);
  requireRefreshable(found);
  // As before a build: terms a parameter change calls for are written first (they become marks, refreshed below).
  await ensureTermsCurrent(ctx, { county: found.county_code, month: found.month });
  const at = nowIso(ctx);
  const actor = auditActor(ctx.actor);
  const done = await db.kysely.transaction().execute(async (trx) => {
    // No term committed around this transaction escapes both the lines and the marks (as in the build's last step).
    await holdTermWriters(trx, db.dialect);
    await requireRoll(payrollRepo(ctx, trx), ref.county, ref.id);
    const roll = await lockRoll(trx, db.dialect, ref.county, ref.id);
    requireRefreshable(roll);
    if (Number(roll.version) !== input.version) throw staleVersion(ROLL);
    const h = await lockHorizon(trx, db.dialect, roll.county_code, roll.program);
    if (roll.kind !== 'regular' || !h || h.last_month !== roll.month) {
      const later = h?.last_month ?? roll.month;
      throw payrollError(
        'PAYROLL_REFRESH_NOT_LATEST',
        {
          zh: `已生成 ${later} 的花名册，本期花名册不能再刷新；本期之后的待遇变化已在（或将在）${later} 起的花名册中补发或追缴，本期可按原样审批`,
          en: `The roll for ${later} exists, so this one can no longer be refreshed: changes since it was built are paid (or recovered) from the ${later} roll on; this one can be approved as it is`,
        },
        undefined,
        409,
        { latest: later },
      );
    }
    const marks = await changedEnrollments(trx, roll);
    const maxSeq = await lastSeq(trx, roll);
    const touched = await touchedEnrollments(trx, roll);
    const before = await snapshotLines(trx, roll, { afterSeq: maxSeq, touched });
    // The line guards let lines change only while their roll is building: reopened for this transaction alone.
    await patchRoll(trx, roll, { status: 'building' });
    await holdMissingAccounts(trx, roll);
    await reopenAdjustments(trx, roll);
    const earliest = await earliestChange(trx, roll);
    const months = earliest ? monthRange([earliest, h.first_month].sort()[1], addMonths(roll.month as PlainMonth, -1)) : [];
    await insertAdjustments(trx, roll, months, await lastSeq(trx, roll));
    await reconcileRegular(trx, roll, await lastSeq(trx, roll), touched);
    await releaseHeld(trx, roll);
    await insertReissues(trx, roll, await lastSeq(trx, roll));
    const skipped = touchedShareAPayee(touched) ? await skippedInBatch(trx, roll, '', null) : Number(roll.skipped_count);
    const after = await snapshotLines(trx, roll, { afterSeq: maxSeq, touched, seqs: before.filter((l) => l.hold_reason !== null).map((l) => l.seq) });
    await consumeChanges(trx, roll);
    const diff = diffLines(before, after);
    const totals = await rollTotals(trx, roll.county_code, roll.id);
    const changed = diff.items.length > 0 || skipped !== Number(roll.skipped_count);
    const patch: Partial<PayrollRollTable> = changed
      ? { ...totals, skipped_count: skipped, status: 'built', version: Number(roll.version) + 1, refreshed_by: actor.userId ?? actor.username, refreshed_by_name: actorName(ctx.actor), refreshed_at: at, updated_at: at }
      : { status: 'built' };
    await patchRoll(trx, roll, patch);
    const now = { ...roll, ...patch } as PayrollRollTable;
    // Audited when it changed anything: lines, or only marks consumed (a change that left every amount as it was).
    if (changed || marks > 0) {
      await appendAudit(trx, actor, {
        chain: roll.county_code,
        action: 'payroll.refresh',
        entityType: 'payroll_roll',
        entityId: roll.id,
        after: await stateOf(trx, 'payroll_roll', roll.county_code, roll.id),
        detail: {
          program: roll.program,
          month: roll.month,
          changedEnrollments: marks,
          ...diff.counts,
          totalFenBefore: Number(roll.total_fen),
          totalFenAfter: Number(now.total_fen),
          heldBefore: Number(roll.held_count ?? 0),
          heldAfter: Number(now.held_count ?? 0),
        },
      }, at);
    }
    return { roll: now, before: roll, diff, changed };
  });
  const names = await countyNames(db.kysely, [done.roll.county_code]);
  return {
    changed: done.changed,
    counts: done.diff.counts,
    items: done.diff.items.slice(0, MAX_CHANGES),
    truncated: done.diff.items.length > MAX_CHANGES,
    totalsBefore: presentTotals(done.before),
    roll: presentRoll(done.roll, ctx.actor, names.get(done.roll.county_code) ?? done.roll.county_code, await freshnessOf(db.kysely, done.roll)),
  };
}
