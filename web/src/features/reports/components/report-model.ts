import type { ProgramFigures, ReportProgram } from '#contracts/report.ts';
import { type DrillKind, drillOf, type FigureRows } from '#contracts/report-drill.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import type { RowColumns } from './figure-rows-table.tsx';
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
 * The list behind a figure (every figure links to it): the figure's own rows (the report's list page, the same records
 * the figure counts) whenever the figure is a list of records; otherwise the page where it comes from — the standard's
 * parameters, the dual-inclusion lists, the screening — or, failing that, the nearest list filtered as far as its own
 * filters go.
 */
export function figureLink(program: string, figure: string, county: string, quarter: string): string {
  if (drillOf(program, figure)) return `/reports/quarterly/${county}/${quarter}/figures/${program}/${figure}`;
  if (figure === 'averageStandardFen') return '/parameters';
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

/** Which columns a list behind a report figure shows, by its kind of rows (household, area, the kind and a link always). */
export function rowColumnsOf(kind: DrillKind): RowColumns {
  const money = ['paid', 'regular', 'tempPaid', 'heatingPaid'].includes(kind);
  return {
    persons: ['enrolled', 'started', 'ended', 'regular', 'tempAssisted', 'tempApproved'].includes(kind),
    registeredPoor: ['enrolled', 'started', 'ended', 'tempAssisted', 'tempApproved', 'tempPaid', 'overdueCases', 'spotChecks'].includes(kind),
    amount: money,
    dateLabel: kind === 'enrolled' ? null : `reports.rowsPage.date.${kind}`,
  };
}

/**
 * A figure as shown, by its measure: a count, persons, yuan, or yuan per person (the list's amount over its persons,
 * half-up to the fen, as the report computes it). `value` given: that value (the figure as reported) in the same unit.
 */
export function figureValueText(measure: FigureRows['measure'], total: FigureRows['total'] | null, value?: number): string {
  const money = measure === 'amount' || measure === 'amountPerPerson';
  let v: number | null;
  if (value !== undefined) v = value;
  else if (!total) v = null;
  else if (measure === 'rows') v = total.rows;
  else if (measure === 'persons') v = total.persons;
  else if (measure === 'amount') v = total.amountFen;
  else v = total.persons > 0 ? halfUp(total.amountFen, total.persons) : null;
  if (v === null) return '—';
  return money ? formatYuanGrouped(v) : String(v);
}

/** a / b rounded half-up (a ≥ 0, b > 0) in integers: the report's average per person in fen. */
function halfUp(a: number, b: number): number {
  const q = Math.floor(a / b);
  return 2 * (a - q * b) >= b ? q + 1 : q;
}
