import { describe, expect, it } from 'vitest';
import type { CountyComparison } from '#contracts/report-workflow.ts';
import { figureLink, isFenFigure, measureBars, measureText, reportingQuarter } from './report-model.ts';

const county = (code: string, name: string, coverage: number | null, spend: number | null) =>
  ({ county: code, countyName: name, coverage: { numerator: 0, denominator: 0, value: coverage }, spendingPerHead: { numerator: 0, denominator: 0, value: spend } }) as unknown as CountyComparison;

describe('report view model', () => {
  it('reports on the quarter before today’s, across the new year', () => {
    expect(reportingQuarter('2019-10-15')).toBe('2019Q3');
    expect(reportingQuarter('2020-01-02')).toBe('2019Q4');
    expect(reportingQuarter('2020-06-30')).toBe('2020Q1');
  });

  it('links each figure to its list, filtered by the county and program where the list can be', () => {
    expect(figureLink('dibaoSingle', 'paidYearFen', '211221')).toBe('/payroll?county=211221&program=dibao');
    expect(figureLink('tekunConcentrated', 'newApprovals', '211221')).toBe('/cases?program=tekun&state=approved&area=211221000000');
    expect(figureLink('procedure', 'overdueCases', '211223')).toBe('/worklist?overdue=true&area=211223000000');
    expect(figureLink('temporary', 'assistFirst.cases', '211221')).toBe('/temporary/overdue');
    expect(figureLink('dualInclusion', 'covered', '211221')).toBe('/poverty');
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
});
