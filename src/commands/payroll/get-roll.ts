import type { RollView } from '../../contracts/payroll.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { freshnessOf, payrollRepo, requireRoll } from './payroll-context.ts';
import { countyNames, presentRoll } from './present.ts';

/**
 * 花名册 One roll with its control totals and bank outcome, whether it is still up to date with the enrollments (a roll
 * awaiting approval: freshnessOf, two indexed reads), and what the user may do with it.
 */
export async function getRoll(ctx: CommandContext, ref: { county: string; id: string }): Promise<RollView> {
  requirePermission(ctx.actor, 'payroll.read');
  const roll = await requireRoll(payrollRepo(ctx), ref.county, ref.id);
  const names = await countyNames(ctx.db.kysely, [roll.county_code]);
  return presentRoll(roll, ctx.actor, names.get(roll.county_code) ?? roll.county_code, await freshnessOf(ctx.db.kysely, roll));
}
