import type { CommandContext } from '../context.ts';
import { computeQuarterlyFigures } from './quarterly-figures.ts';
import { type ReportSnapshot, reportsRepo } from './report-context.ts';

/**
 * A county's figures of a quarter computed now, with the comparison's denominator as it stands now: what a draft shows,
 * what a submission freezes, what the corrections compare against. Not a use case (a loader for the report's
 * commands); the figures are computeQuarterlyFigures' (which checks `reports.read`).
 */
export async function currentSnapshot(ctx: CommandContext, county: string, quarter: string): Promise<ReportSnapshot> {
  const [figures, registeredRuralPersons] = await Promise.all([computeQuarterlyFigures(ctx, { county, quarter }), reportsRepo(ctx).registeredRuralPersons(county)]);
  return { figures, registeredRuralPersons };
}
