import type { ReissuePage, ReissueQuery } from '../../contracts/payroll.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';
import { payrollRepo } from './payroll-context.ts';
import { presentLine } from './present.ts';

/**
 * 待重发队列 Payments the bank returned as failed, and payments held out of the bank file for a missing account, not
 * yet paid again. The next roll of the county and program pays them (as reissue lines, to the household's account as
 * it is then) once the household has an account: entering or correcting it in the registry first is what makes the
 * payment go out, so each item says whether there is an account now and whether it has changed since. A bulk read of
 * personal data: audited (counts only, group commit, ADR 0007).
 */
export async function reissueQueue(ctx: CommandContext, q: ReissueQuery): Promise<ReissuePage> {
  requirePermission(ctx.actor, 'payroll.read');
  const repo = payrollRepo(ctx);
  if (q.county) repo.assertCounty(q.county);
  const { rows, total } = await repo.reissueQueue(q);
  await recordBulkRead(
    ctx.db.kysely,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: q.county ?? repo.scope.countyCode ?? 'city', action: 'payroll.reissue_queue.read', entityType: 'payroll_line', detail: { page: q.page, returned: rows.length, total } },
    nowIso(ctx),
  );
  return {
    items: rows.map((r) => ({
      ...presentLine(ctx.db.keys, r),
      county: r.county_code,
      program: r.program,
      rollMonth: r.roll_month,
      reason: r.hold_reason !== null ? ('held' as const) : ('failed' as const),
      accountPresent: r.current_account_hash !== null,
      accountChanged: (r.current_account_hash ?? '') !== (r.bank_account_hash ?? ''),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
