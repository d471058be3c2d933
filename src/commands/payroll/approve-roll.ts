import type { RollApprove, RollView } from '../../contracts/payroll.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { CommandContext } from '../context.ts';
import { actorName, auditActor, nowIso, requirePermission, staleVersion } from '../context.ts';
import { freshnessOf, heldOf, madeBy, payrollError, payrollRepo, requireRoll, ROLL } from './payroll-context.ts';
import { unheldWithoutAccount } from '../../db/payroll-ledger.ts';
import { countyNames, presentRoll } from './present.ts';

/**
 * 审批花名册 The county approves a built roll. Maker ≠ checker: whoever built it cannot approve it (the table refuses
 * it too), nor whoever refreshed it. A stale roll — the enrollments changed for its month since it was built or
 * refreshed — is refused (PAYROLL_STALE: its maker refreshes it first). Approval freezes the lines for good (a refresh
 * is no longer possible); it lets the roll go to the bank, its held lines staying out of the bank file.
 */
export async function approveRoll(ctx: CommandContext, o: { ref: { county: string; id: string }; input: RollApprove }): Promise<RollView> {
  const { ref, input } = o;
  requirePermission(ctx.actor, 'payroll.approve');
  const at = nowIso(ctx);
  const approved = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = payrollRepo(ctx, trx);
    const roll = await requireRoll(repo, ref.county, ref.id);
    const made = madeBy(roll, ctx.actor.userId);
    if (made === 'built') {
      throw payrollError('PAYROLL_MAKER_CHECKER', { zh: '花名册的生成人不能审批自己生成的花名册', en: 'The person who built a roll cannot approve it' }, undefined, 403);
    }
    if (made === 'refreshed') {
      throw payrollError('PAYROLL_MAKER_CHECKER', { zh: '刷新过花名册的人不能审批该花名册，请由其他审批人审批', en: 'Whoever refreshed a roll cannot approve it: another approver does' }, undefined, 403);
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
    // Refused whatever the page showed: a roll the enrollments have moved on from is refreshed by its maker first.
    const freshness = await freshnessOf(trx, roll);
    if (freshness?.stale) {
      const n = freshness.changedEnrollments;
      throw payrollError(
        'PAYROLL_STALE',
        {
          zh: `花名册生成后，有 ${n} 个保障对象的待遇发生了变化（新批准、停发或金额调整），本花名册已过期，不能审批。请生成人先刷新花名册、核对变化后再提交审批。`,
          en: `${n} enrollments changed after this roll was built (new approvals, stops or new amounts): the roll is out of date and cannot be approved. Have its maker refresh it and check the differences first.`,
        },
        undefined,
        409,
        { changedEnrollments: n },
      );
    }
    const missing = await unheldWithoutAccount(trx, roll);
    if (missing > 0) {
      throw payrollError(
        'PAYROLL_ACCOUNT_MISSING',
        {
          zh: `花名册中有 ${missing} 笔发放缺少银行账号，请先刷新花名册（缺少账号的发放将暂缓，不进入代发文件）`,
          en: `${missing} payments in the roll have no bank account: refresh the roll first (they will be held out of the bank file)`,
        },
        undefined,
        409,
        { missing },
      );
    }
    const by = { id: ctx.actor.userId, name: actorName(ctx.actor) };
    if (!(await repo.approve(roll, input.version, by, at))) throw staleVersion(ROLL);
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: roll.county_code, action: 'payroll.approve', entityType: 'payroll_roll', entityId: roll.id, after: await stateOf(trx, 'payroll_roll', roll.county_code, roll.id), detail: { program: roll.program, month: roll.month, totalFen: Number(roll.total_fen), lines: Number(roll.line_count), held: heldOf(roll).count, heldFen: heldOf(roll).fen } },
      at,
    );
    return requireRoll(repo, ref.county, ref.id);
  });
  const names = await countyNames(ctx.db.kysely, [approved.county_code]);
  return presentRoll(approved, ctx.actor, names.get(approved.county_code) ?? approved.county_code);
}
