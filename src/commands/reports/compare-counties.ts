import { ENROLLMENT_PROGRAMS, REPORT_PROGRAMS } from '../../contracts/report.ts';
import { COMPARISON_MEASURES, type ComparisonMeasure, type ComparisonView, type CountyComparison, type Rate } from '../../contracts/report-workflow.ts';
import type { QuarterlyReportTable } from '../../db/schema.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { currentSnapshot } from './current-figures.ts';
import { isCityScope, type ReportSnapshot, reportDeadline, reportError, reportKey, reportsRepo, snapshotOf } from './report-context.ts';

const rate = (numerator: number, denominator: number, available = true): Rate => ({ numerator, denominator, value: available && denominator > 0 ? numerator / denominator : null });

/** The five measures of one county's snapshot (pure: what the comparison, its ranks and its trends are made of). */
export function measuresOf(s: ReportSnapshot): Omit<CountyComparison, 'county' | 'countyName' | 'source' | 'submittedAt' | 'onTime' | 'ranks'> {
  const f = s.figures;
  const persons = ENROLLMENT_PROGRAMS.reduce((n, p) => n + (f.programs[p]?.persons ?? 0), 0);
  const paidYearFen = REPORT_PROGRAMS.reduce((n, p) => n + (f.programs[p]?.paidYearFen ?? 0), 0);
  const dibao = f.programs.dibao;
  const di = f.dualInclusion;
  return {
    coverage: rate(persons, s.registeredRuralPersons),
    benefitVsStandard: rate(dibao?.averageMonthlyBenefitPerPersonFen ?? 0, dibao?.averageStandardFen ?? 0, dibao?.averageMonthlyBenefitPerPersonFen != null),
    spendingPerHead: rate(paidYearFen, s.registeredRuralPersons),
    timeliness: rate(f.procedure.decidedWithinDeadline, f.procedure.casesDecided),
    dualInclusion: di.available ? rate(di.covered, di.registeredPoorHouseholds) : rate(0, 0, false),
    persons,
    paidYearFen,
  };
}

/** Competition ranking (1, 2, 2, 4) of each measure, highest value first; a county without the measure has no rank. */
export function rankCounties<T extends Pick<CountyComparison, ComparisonMeasure>>(rows: readonly T[]): Record<ComparisonMeasure, number | null>[] {
  const ranks = rows.map(() => ({}) as Record<ComparisonMeasure, number | null>);
  for (const m of COMPARISON_MEASURES) {
    const values = rows.map((r) => r[m].value);
    rows.forEach((_, i) => {
      const v = values[i];
      ranks[i][m] = v === null || v === undefined ? null : 1 + values.filter((w) => w !== null && w !== undefined && w > v).length;
    });
  }
  return ranks;
}

/**
 * 县区比较 The counties of the city compared for a quarter: each county's submitted snapshot, or (not submitted yet)
 * its figures computed now, marked so; the five measures, ranks, and each county's trend over the quarters it
 * submitted (from those snapshots). The city's view (reports.read in the whole city): a county reads the comparison
 * only in an issued bulletin.
 */
export async function compareCounties(ctx: CommandContext, input: { quarter: unknown }): Promise<ComparisonView> {
  requirePermission(ctx.actor, 'reports.read');
  if (!isCityScope(ctx)) throw reportError('REPORT_CITY_ONLY', { zh: '县区比较仅限市局查看（通报发布后各县区可在通报中查看）', en: 'The comparison of counties is the city’s (counties read it in an issued bulletin)' }, undefined, 403);
  const today = todayOf(ctx);
  const { quarter } = reportKey({ county: '211221', quarter: input.quarter }, today);
  return comparisonOf(ctx, quarter);
}

/** The comparison as computed now (not a use case: compareCounties and the bulletin's issue call it after their checks). */
export async function comparisonOf(ctx: CommandContext, quarter: string): Promise<ComparisonView> {
  const repo = reportsRepo(ctx);
  const [ps, calendar, all] = await Promise.all([loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db), repo.reports({ status: 'submitted' })]);
  const submitted = new Map<string, QuarterlyReportTable>(all.filter((r) => r.quarter === quarter).map((r) => [r.county_code, r]));
  const counties = ps.counties().filter((c) => repo.covers(c.code));
  // One county at a time: each computation is a handful of aggregate queries over the county's rows.
  const rows: Omit<CountyComparison, 'ranks'>[] = [];
  for (const c of counties) {
    const r = submitted.get(c.code);
    const snap = r ? snapshotOf(r)! : await currentSnapshot(ctx, c.code, quarter);
    const due = reportDeadline(ps, calendar, c.code, quarter).due;
    const submittedDay = r?.submitted_at ? todayOf({ clock: () => new Date(r.submitted_at!) }) : null;
    rows.push({ county: c.code, countyName: c.name.zh, source: r ? 'snapshot' : 'computed', submittedAt: r?.submitted_at ?? null, onTime: submittedDay ? submittedDay <= due : null, ...measuresOf(snap) });
  }
  const ranks = rankCounties(rows);
  const trends = counties.map((c) => ({
    county: c.code,
    countyName: c.name.zh,
    points: all
      .filter((r) => r.county_code === c.code && r.quarter <= quarter)
      .sort((a, b) => a.quarter.localeCompare(b.quarter))
      .map((r) => {
        const m = measuresOf(snapshotOf(r)!);
        return { quarter: r.quarter, coverage: m.coverage.value, benefitVsStandard: m.benefitVsStandard.value, spendingPerHead: m.spendingPerHead.value, timeliness: m.timeliness.value, dualInclusion: m.dualInclusion.value };
      }),
  }));
  return { quarter, computedAt: ctx.clock().toISOString(), counties: rows.map((r, i) => ({ ...r, ranks: ranks[i] })), trends };
}
