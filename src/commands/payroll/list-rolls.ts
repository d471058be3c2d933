import type { RollPage, RollSearch } from '../../contracts/payroll.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { payrollRepo } from './payroll-context.ts';
import { countyNames, presentRoll } from './present.ts';

/** 花名册列表 Rolls of the counties in the user's area, newest month first. Totals only: no personal data, no audit. */
export async function listRolls(ctx: CommandContext, q: RollSearch): Promise<RollPage> {
  requirePermission(ctx.actor, 'payroll.read');
  const repo = payrollRepo(ctx);
  if (q.county) repo.assertCounty(q.county);
  const { rows, total } = await repo.listRolls(q);
  const names = await countyNames(ctx.db.kysely, rows.map((r) => r.county_code));
  return { items: rows.map((r) => presentRoll(r, ctx.actor, names.get(r.county_code) ?? r.county_code)), total, page: q.page, pageSize: q.pageSize };
}
