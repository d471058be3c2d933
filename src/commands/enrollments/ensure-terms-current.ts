import type { PlainMonth } from '../../kernel/plain-date.ts';
import { type CommandContext, operatorActor } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { scheduleMissingReviews } from './review-schedule.ts';
import { type RecalculateResult, recalculateCounty } from './recalculate.ts';

/** Who writes the terms a parameter change calls for, whoever asked for the roll: the system, in the county. */
export const RECALCULATION = 'system:recalculation';

/**
 * For payroll, before a roll of `month` is built for `county`: every recalculation the parameters call for is written,
 * and enrollments not yet scheduled for review are scheduled. Idempotent; when nothing changed it reads one index.
 * Done as the system's recalculation (`RECALCULATION`, in the county), on the caller's clock.
 */
export async function ensureTermsCurrent(ctx: CommandContext, o: { county: string; month: PlainMonth | string }): Promise<RecalculateResult> {
  const system: CommandContext = { ...ctx, actor: operatorActor({ name: RECALCULATION, areaCode: `${o.county}000000` }) };
  const parameters = await loadParameterSet(ctx.db);
  const r = await recalculateCounty(system, { county: o.county, parameters });
  await scheduleMissingReviews(system, { county: o.county, parameters });
  return r;
}
