import { describe, expect, it } from 'vitest';
import type { DashboardFigures } from '#contracts/dashboard.ts';
import { ROLE_PERMISSIONS } from '#contracts/roles.ts';
import { mayUse, pagePermission } from '../../../app/navigation.ts';
import { allowedLink, chartSeries, coverageShare, dashboardLink, dashboardRowColumns, FIGURE_KEYS, figureLink, figureValue, monthParam, workListLink } from './dashboard-model.ts';

const figures = (o: { dibao?: number; tekun?: number; registered?: number; rolls?: number | null } = {}): DashboardFigures => ({
  coverage: { dibaoHouseholds: 3, dibaoPersons: o.dibao ?? 7, tekunPersons: o.tekun ?? 2, registeredPoorPersons: 1, registeredPersons: o.registered ?? 100 },
  spending: { dibao: { approvedFen: 120_000, paidFen: 100_000 }, tekun: { approvedFen: 5, paidFen: 0 }, temporary: { approvedFen: 6, paidFen: 6 }, heating: { approvedFen: 7, paidFen: 1 } },
  overdue: { cases: 4, reviews: 5, paperwork: 6, rollsAwaitingApproval: o.rolls === undefined ? 2 : o.rolls },
  findings: { spotCheckProblems: 8, screeningOpen: 9, anomalies: 3 },
});

const county = { code: '211221000000', level: 'county' as const };
const city = { code: '211200000000', level: 'city' as const };
const township = { code: '211221101000', level: 'township' as const };

describe('dashboard view model', () => {
  it('reads each figure: counts, amounts in fen with what was paid, and null where it does not apply', () => {
    const f = figures({ rolls: null });
    expect(figureValue(f, 'dibaoPersons')).toEqual({ value: 7, money: false });
    expect(figureValue(f, 'spendDibao')).toEqual({ value: 120_000, money: true, paidFen: 100_000 });
    expect(figureValue(f, 'spendHeating')).toEqual({ value: 7, money: true, paidFen: 1 });
    expect(figureValue(f, 'rollsAwaitingApproval').value).toBeNull();
    expect(figureValue(f, 'screeningOpen').value).toBe(9);
  });

  it('links every figure to the records behind it, for the area and month', () => {
    expect(figureLink(county, 'overdueCases', '2019-09')).toBe('/dashboard/rows?area=211221000000&month=2019-09&figure=overdueCases');
    expect(figureLink(city, 'spendTekun', '2019-10')).toBe(`/dashboard/rows?area=${city.code}&month=2019-10&figure=spendTekun`);
    for (const k of FIGURE_KEYS) expect(pagePermission(figureLink(township, k, '2019-09').split('?')[0]), k).toBe('dashboard.read');
  });

  it('offers the working list of a figure’s records, narrowed to the area (the city’s whole area without a parameter)', () => {
    expect(workListLink(county, 'overdueCases')).toBe('/cases?overdue=true&area=211221000000');
    expect(workListLink(city, 'overdueCases')).toBe('/cases?overdue=true');
    expect(workListLink(township, 'overdueReviews')).toBe('/reviews?tab=overdue&area=211221101000');
    expect(workListLink(township, 'spendDibao')).toBe('/payroll?county=211221&program=dibao');
    expect(workListLink(city, 'spendTekun')).toBe('/payroll?program=tekun');
    expect(workListLink(county, 'dibaoPersons')).toBe('/registry?area=211221000000');
    expect(workListLink(county, 'rollsAwaitingApproval')).toBe('/payroll?county=211221');
    for (const k of FIGURE_KEYS) expect(pagePermission(workListLink(township, k).split('?')[0]), k).not.toBeNull();
  });

  it('leaves a figure unlinked for a role that cannot open its list', () => {
    const sup = ROLE_PERMISSIONS.city_supervisor;
    const approver = ROLE_PERMISSIONS.county_approver;
    expect(allowedLink(county, 'overdueCases', approver)).toBe('/cases?overdue=true&area=211221000000');
    for (const k of FIGURE_KEYS) {
      const needed = pagePermission(workListLink(county, k).split('?')[0]);
      expect(allowedLink(county, k, sup) !== null, k).toBe(needed !== null && mayUse(sup, needed));
    }
    expect(allowedLink(county, 'spendDibao', [])).toBeNull();
  });

  it('computes the coverage share in percent with one decimal, none without registered persons', () => {
    expect(coverageShare(figures({ dibao: 7, tekun: 2, registered: 100 }))).toBe('9.0');
    expect(coverageShare(figures({ dibao: 1, tekun: 0, registered: 3 }))).toBe('33.3');
    expect(coverageShare(figures({ dibao: 2, tekun: 0, registered: 3 }))).toBe('66.7');
    expect(coverageShare(figures({ dibao: 0, tekun: 0, registered: 0 }))).toBeNull();
  });

  it('draws the children in the table’s order; the drill-down keeps the month; a malformed month is ignored', () => {
    const children = [
      { division: { code: '211221101000', name: '甲镇', level: 'township' as const }, figures: figures({ dibao: 5, tekun: 1 }) },
      { division: { code: '211221102000', name: '乙镇', level: 'township' as const }, figures: figures({ dibao: 0, tekun: 4 }) },
    ];
    expect(chartSeries({ children })).toEqual({ names: ['甲镇', '乙镇'], dibao: [5, 0], tekun: [1, 4] });
    expect(dashboardLink('211221101000', '2019-09')).toBe('/dashboard?area=211221101000&month=2019-09');
    expect(monthParam('2019-09')).toBe('2019-09');
    expect(monthParam('2019-13')).toBeUndefined();
    expect(monthParam(null)).toBeUndefined();
  });

  it('shows the columns each figure’s records have', () => {
    expect(dashboardRowColumns('dibaoPersons')).toMatchObject({ persons: true, registeredPoor: true, amount: false, dateLabel: null });
    expect(dashboardRowColumns('spendHeating')).toMatchObject({ persons: false, amount: true, dateLabel: null });
    expect(dashboardRowColumns('registeredPersons').nameLabel).toBe('dashboard.rows.personName');
    expect(dashboardRowColumns('overduePaperwork').dateLabel).toBe('dashboard.rows.date.paperworkDue');
  });
});
