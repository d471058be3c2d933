import type { RollApprove, RollView } from '../../contracts/payroll.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { CommandContext } from '../context.ts';
import { actorName, auditActor, nowIso, requirePermission, staleVersion } from '../context.ts';
import { payrollError, payrollRepo, requireRoll, ROLL } from './payroll-context.ts';
import { countyNames, presentRoll } from './present.ts';

/**
 * 审批花名册 The county approves a built roll. Maker ≠ checker: whoever built it cannot approve it (the table refuses
 * it too). Approval freezes nothing more than building did (lines never change once built); it lets the roll go to
 * the bank.
 */
export async function approveRoll(ctx: CommandContext, o: { ref: { county: string; id: string }; input: RollApprove }): Promise<RollView> {
  const { ref, input } = o;
  requirePermission(ctx.actor, 'payroll.approve');
  const at = nowIso(ctx);
  const approved = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = payrollRepo(ctx, trx);
    const roll = await requireRoll(repo, ref.county, ref.id);
    if (roll.built_by === ctx.actor.userId) {
      throw payrollError('PAYROLL_MAKER_CHECKER', { zh: '花名册的生成人不能审批自己生成的花名册', en: 'The person who built a roll cannot approve it' }, undefined, 403);
    }
    if (roll.status !== 'built') {
      throw payrollError(
        roll.status === 'building' ? 'PAYROLL_NOT_BUILT' : 'PAYROLL_ALREADY_APPROVED',
        roll.status === 'building'
          ? { zh: '花名册尚未生成完毕', en: 'The roll has not finished building' }
          : { zh: '花名册已审批', en: 'The roll is already approved' },
        undefined,
        409,
      );
    }
    if (Number(roll.version) !== input.version) throw staleVersion(ROLL);
    const by = { id: ctx.actor.userId, name: actorName(ctx.actor) };
    if (!(await repo.approve(roll, input.version, by, at))) throw staleVersion(ROLL);
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: roll.county_code, action: 'payroll.approve', entityType: 'payroll_roll', entityId: roll.id, after: await stateOf(trx, 'payroll_roll', roll.county_code, roll.id), detail: { program: roll.program, month: roll.month, totalFen: Number(roll.total_fen), lines: Number(roll.line_count) } },
      at,
    );
    return requireRoll(repo, ref.county, ref.id);
  });
  const names = await countyNames(ctx.db.kysely, [approved.county_code]);
  return presentRoll(approved, ctx.actor, names.get(approved.county_code) ?? approved.county_code);
}
