import { DASHBOARD_FIGURE_KEYS, type DashboardDivision, type DashboardFigureKey, type DashboardFigures, type DashboardView } from '#contracts/dashboard.ts';
import type { Permission } from '#contracts/roles.ts';
import { mayUse, pagePermission } from '../../../app/navigation.ts';
import type { RowColumns } from '../../reports/components/figure-rows-table.tsx';

/** Every figure the dashboard shows, each one a link to the list of its records. */
export const FIGURE_KEYS = DASHBOARD_FIGURE_KEYS;
export type FigureKey = DashboardFigureKey;

/** The figure's value: a count, an amount in fen (`money`), or null where it does not apply (rolls below a county). */
export function figureValue(f: DashboardFigures, key: FigureKey): { value: number | null; money: boolean; paidFen?: number } {
  const spend = (s: { approvedFen: number; paidFen: number }) => ({ value: s.approvedFen, money: true, paidFen: s.paidFen });
  switch (key) {
    case 'dibaoHouseholds':
    case 'dibaoPersons':
    case 'tekunPersons':
    case 'registeredPoorPersons':
    case 'registeredPersons':
      return { value: f.coverage[key], money: false };
    case 'spendDibao':
      return spend(f.spending.dibao);
    case 'spendTekun':
      return spend(f.spending.tekun);
    case 'spendTemporary':
      return spend(f.spending.temporary);
    case 'spendHeating':
      return spend(f.spending.heating);
    case 'overdueCases':
      return { value: f.overdue.cases, money: false };
    case 'overdueReviews':
      return { value: f.overdue.reviews, money: false };
    case 'overduePaperwork':
      return { value: f.overdue.paperwork, money: false };
    case 'rollsAwaitingApproval':
      return { value: f.overdue.rollsAwaitingApproval, money: false };
    case 'spotCheckProblems':
      return { value: f.findings.spotCheckProblems, money: false };
    case 'screeningOpen':
      return { value: f.findings.screeningOpen, money: false };
    case 'anomalies':
      return { value: f.findings.anomalies, money: false };
  }
}

/**
 * The records behind a figure of `area` in `month` (驾驶舱数字背后的名单: exactly the records the figure counts or sums,
 * GET /api/dashboard/rows).
 */
export function figureLink(area: Pick<DashboardDivision, 'code'>, key: FigureKey, month: string): string {
  return `/dashboard/rows?${new URLSearchParams({ area: area.code, month, figure: key }).toString()}`;
}

/**
 * The working list where a figure's records are dealt with (offered on the records' page), with the query that narrows
 * it to the area (and the filter the figure counts by, where the list has one). The lists read the area as a 12-digit
 * code (the city's whole area: no parameter), the payment rolls as a 6-digit county. Where a list has no filter for the
 * figure, the closest list: coverage → the area's households; spot-check problems → the area's cases; screening → the
 * campaigns.
 */
export function workListLink(area: Pick<DashboardDivision, 'code' | 'level'>, key: FigureKey): string {
  const q = (path: string, params: Record<string, string | undefined>) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) sp.set(k, v);
    const s = sp.toString();
    return s ? `${path}?${s}` : path;
  };
  const areaParam = area.level === 'city' ? undefined : area.code;
  const county = area.level === 'city' ? undefined : area.code.slice(0, 6);
  switch (key) {
    case 'dibaoHouseholds':
    case 'dibaoPersons':
    case 'tekunPersons':
    case 'registeredPoorPersons':
    case 'registeredPersons':
      return q('/registry', { area: areaParam });
    case 'spendDibao':
      return q('/payroll', { county, program: 'dibao' });
    case 'spendTekun':
      return q('/payroll', { county, program: 'tekun' });
    case 'spendTemporary':
      return '/temporary/batches';
    case 'spendHeating':
      return '/heating/seasons';
    case 'overdueCases':
      return q('/cases', { overdue: 'true', area: areaParam });
    case 'overdueReviews':
      return q('/reviews', { tab: 'overdue', area: areaParam });
    case 'overduePaperwork':
      return '/temporary/overdue';
    case 'rollsAwaitingApproval':
      return q('/payroll', { county });
    case 'spotCheckProblems':
      return q('/cases', { area: areaParam });
    case 'screeningOpen':
      return '/screening';
    case 'anomalies':
      return q('/findings', {});
  }
}

/** The working list's link when the user may open that list (the page's menu permission), else null: not a link to a 403. */
export function allowedLink(area: Pick<DashboardDivision, 'code' | 'level'>, key: FigureKey, permissions: readonly Permission[]): string | null {
  const to = workListLink(area, key);
  const needed = pagePermission(to.split('?')[0]);
  return needed === null || mayUse(permissions, needed) ? to : null;
}

/** The dashboard's own address for an area and month (the drill-down and the breadcrumbs). */
export function dashboardLink(code: string, month: string): string {
  return `/dashboard?${new URLSearchParams({ area: code, month }).toString()}`;
}

/**
 * 覆盖率 The persons on dibao or tekun as a share of the area's registered persons, in percent with one decimal
 * (text), or null when the area has no one registered.
 */
export function coverageShare(f: DashboardFigures): string | null {
  const base = f.coverage.registeredPersons;
  if (base <= 0) return null;
  const permille = Math.round(((f.coverage.dibaoPersons + f.coverage.tekunPersons) * 1000) / base);
  return `${Math.floor(permille / 10)}.${permille % 10}`;
}

/** The chart's bars: per child division, the persons on dibao and on tekun, in the table's order. */
export function chartSeries(view: Pick<DashboardView, 'children'>): { names: string[]; dibao: number[]; tekun: number[] } {
  return {
    names: view.children.map((c) => c.division.name),
    dibao: view.children.map((c) => c.figures.coverage.dibaoPersons),
    tekun: view.children.map((c) => c.figures.coverage.tekunPersons),
  };
}

/** The month to show: the address's when well formed, else none (the server's business month). */
export function monthParam(text: string | null): string | undefined {
  return text && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? text : undefined;
}

/** The columns of the records behind a dashboard figure, and what their day means (locale keys). */
export function dashboardRowColumns(key: FigureKey): RowColumns {
  const coverage = ['dibaoHouseholds', 'dibaoPersons', 'tekunPersons', 'registeredPoorPersons'].includes(key);
  const spend = key.startsWith('spend');
  const dates: Partial<Record<FigureKey, string>> = {
    spendTemporary: 'dashboard.rows.date.paidOn',
    overdueCases: 'reports.rowsPage.date.overdueCases',
    overdueReviews: 'reports.rowsPage.date.overdueReviews',
    overduePaperwork: 'dashboard.rows.date.paperworkDue',
    rollsAwaitingApproval: 'dashboard.rows.date.month',
    spotCheckProblems: 'reports.rowsPage.date.spotChecks',
    anomalies: 'dashboard.rows.date.rectifyDue',
  };
  return {
    persons: coverage || key === 'screeningOpen',
    registeredPoor: coverage || ['overdueCases', 'overdueReviews', 'overduePaperwork', 'spotCheckProblems', 'screeningOpen', 'anomalies'].includes(key),
    amount: spend,
    dateLabel: dates[key] ?? null,
    nameLabel: key === 'registeredPersons' ? 'dashboard.rows.personName' : key === 'rollsAwaitingApproval' ? 'dashboard.rows.roll' : undefined,
  };
}
