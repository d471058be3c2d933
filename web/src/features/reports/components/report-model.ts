import type { ProgramFigures, ReportProgram } from '#contracts/report.ts';
import type { ComparisonMeasure, CountyComparison } from '#contracts/report-workflow.ts';

/** The rows of the figures table, in the statistics layout's order. */
export const PROGRAM_FIGURE_ROWS = [
  'households',
  'persons',
  'registeredPoorHouseholds',
  'registeredPoorPersons',
  'newApprovals',
  'exits',
  'gradualExits',
  'paidQuarterFen',
  'paidYearFen',
  'averageStandardFen',
  'averageMonthlyBenefitPerPersonFen',
] as const satisfies readonly (keyof ProgramFigures)[];
export type ProgramFigureRow = (typeof PROGRAM_FIGURE_ROWS)[number];

/** Whether a figure is money in fen (shown in yuan). */
export const isFenFigure = (figure: string): boolean => /Fen$|(^|\.)fen$/.test(figure);

/** The quarter before the one `today` lies in: the quarter a county reports on now. */
export function reportingQuarter(today: string): string {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}

export const isQuarterText = (s: string): boolean => /^\d{4}Q[1-4]$/.test(s.trim().toUpperCase());

/**
 * The list behind a figure (every figure links to it), filtered as far as that list's own filters go: the payment rolls
 * of the county and program (paid, benefits, standards, households and persons on the rolls), the approved cases of the
 * program (new approvals), the review desk (exits, overdue reviews), the worklist's overdue cases, temporary aid's
 * disbursement batches and its overdue paperwork, the heating seasons, the dual-inclusion lists and the screening.
 */
export function figureLink(program: string, figure: string, county: string): string {
  const area = `${county}000000`;
  const enrolled: Partial<Record<ReportProgram, 'dibao' | 'tekun'>> = { dibao: 'dibao', dibaoSingle: 'dibao', tekunDispersed: 'tekun', tekunConcentrated: 'tekun' };
  const p = enrolled[program as ReportProgram];
  if (p) {
    if (figure === 'newApprovals') return `/cases?program=${p}&state=approved&area=${area}`;
    if (figure === 'exits' || figure === 'gradualExits') return `/reviews?tab=overdue&area=${area}`;
    return `/payroll?county=${county}&program=${p}`;
  }
  if (program === 'temporary') return figure.startsWith('assistFirst') ? '/temporary/overdue' : '/temporary/batches';
  if (program === 'heating') return '/heating/seasons';
  if (program === 'dualInclusion') return '/poverty';
  if (program === 'screening') return '/screening';
  if (program === 'procedure') {
    if (figure === 'overdueCases') return `/worklist?overdue=true&area=${area}`;
    if (figure === 'overdueReviews') return `/reviews?tab=overdue&area=${area}`;
    return `/cases?area=${area}`;
  }
  return '/reports/quarterly';
}

/** A rate as a percentage with one decimal ('—' when not available). */
export const percent = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** A measure's value as shown: percentages, or yuan per head for spending. */
export function measureText(m: ComparisonMeasure, v: number | null): string {
  if (v === null) return '—';
  return m === 'spendingPerHead' ? (v / 100).toFixed(2) : percent(v);
}

/** The chart's bars of one measure: the counties with the measure, best first (percentages or yuan). */
export function measureBars(counties: readonly CountyComparison[], m: ComparisonMeasure): { names: string[]; values: number[] } {
  const rows = counties.filter((c) => c[m].value !== null).sort((a, b) => b[m].value! - a[m].value! || a.county.localeCompare(b.county));
  return { names: rows.map((r) => r.countyName), values: rows.map((r) => (m === 'spendingPerHead' ? Math.round(r[m].value!) / 100 : Math.round(r[m].value! * 1000) / 10)) };
}
