import { describe, expect, it } from 'vitest';
import type { CountyComparison } from '#contracts/report-workflow.ts';
import { figureLink, figureValueText, isFenFigure, measureBars, measureText, reportingQuarter, rowColumnsOf } from './report-model.ts';

const county = (code: string, name: string, coverage: number | null, spend: number | null) =>
  ({ county: code, countyName: name, coverage: { numerator: 0, denominator: 0, value: coverage }, spendingPerHead: { numerator: 0, denominator: 0, value: spend } }) as unknown as CountyComparison;

describe('report view model', () => {
  it('reports on the quarter before today’s, across the new year', () => {
    expect(reportingQuarter('2019-10-15')).toBe('2019Q3');
    expect(reportingQuarter('2020-01-02')).toBe('2019Q4');
    expect(reportingQuarter('2020-06-30')).toBe('2020Q1');
  });

  it('links each figure to the rows behind it, or to the page it comes from', () => {
    expect(figureLink('dibaoSingle', 'paidYearFen', '211221', '2019Q3')).toBe('/reports/quarterly/211221/2019Q3/figures/dibaoSingle/paidYearFen');
    expect(figureLink('procedure', 'overdueCases', '211223', '2019Q3')).toBe('/reports/quarterly/211223/2019Q3/figures/procedure/overdueCases');
    expect(figureLink('temporary', 'assistFirst.cases', '211221', '2019Q4')).toBe('/reports/quarterly/211221/2019Q4/figures/temporary/assistFirst.cases');
    expect(figureLink('heating', 'byMode.central.fen', '211221', '2019Q4')).toBe('/reports/quarterly/211221/2019Q4/figures/heating/byMode.central.fen');
    expect(figureLink('dibao', 'averageStandardFen', '211221', '2019Q3')).toBe('/parameters');
    expect(figureLink('dualInclusion', 'covered', '211221', '2019Q3')).toBe('/poverty');
    expect(figureLink('screening', 'rows', '211221', '2019Q3')).toBe('/screening');
  });

  it('tells money figures by name and shows measures as percentages or yuan per head', () => {
    expect(['paidQuarterFen', 'byCategory.medical.fen', 'households', 'fenced'].map(isFenFigure)).toEqual([true, true, false, false]);
    expect(measureText('coverage', 0.12345)).toBe('12.3%');
    expect(measureText('spendingPerHead', 123456)).toBe('1234.56');
    expect(measureText('timeliness', null)).toBe('—');
  });

  it('draws the counties with the measure, best first, ties by code', () => {
    const rows = [county('211223', '乙', 0.2, 500), county('211221', '甲', 0.2, null), county('211224', '丙', null, 900), county('211202', '丁', 0.5, 100)];
    expect(measureBars(rows, 'coverage')).toEqual({ names: ['丁', '甲', '乙'], values: [50, 20, 20] });
    expect(measureBars(rows, 'spendingPerHead')).toEqual({ names: ['丙', '乙', '丁'], values: [9, 5, 1] });
  });

  it('shows a list’s figure by its measure: count, persons, yuan, yuan per person half-up', () => {
    const total = { rows: 3, persons: 7, amountFen: 100_001 };
    expect(figureValueText('rows', total)).toBe('3');
    expect(figureValueText('persons', total)).toBe('7');
    expect(figureValueText('amount', total)).toBe('1,000.01');
    // 100001 / 7 = 14285.857… fen → 14286 fen.
    expect(figureValueText('amountPerPerson', total)).toBe('142.86');
    expect(figureValueText('amountPerPerson', { rows: 2, persons: 4, amountFen: 10 })).toBe('0.03');
    expect(figureValueText('amountPerPerson', { rows: 0, persons: 0, amountFen: 0 })).toBe('—');
    expect(figureValueText('amount', null, 12345)).toBe('123.45');
    expect(figureValueText('rows', null, 12)).toBe('12');
  });

  it('shows the columns a kind of rows has', () => {
    expect(rowColumnsOf('enrolled')).toEqual({ persons: true, registeredPoor: true, amount: false, dateLabel: null });
    expect(rowColumnsOf('paid')).toEqual({ persons: false, registeredPoor: false, amount: true, dateLabel: 'reports.rowsPage.date.paid' });
    expect(rowColumnsOf('overdueReviews')).toEqual({ persons: false, registeredPoor: false, amount: false, dateLabel: 'reports.rowsPage.date.overdueReviews' });
  });
});
