import { describe, expect, it } from 'vitest';
import { canDrill, chartSeries, rateText } from './dual-inclusion-model.ts';

const area = (code: string, rate: number | null) => ({ areaCode: code, areaName: `区${code}`, registeredPoor: 1, covered: 0, uncovered: 1, referral: 0, discrepancies: 0, rate });

describe('dual-inclusion view model', () => {
  it('says a rate in percent with one decimal, and a dash without one', () => {
    expect(rateText(0.3333)).toBe('33.3%');
    expect(rateText(1)).toBe('100.0%');
    expect(rateText(0)).toBe('0.0%');
    expect(rateText(null)).toBe('—');
  });
  it('gives the chart one bar per sub-area in percent, none where there is no rate', () => {
    expect(chartSeries([area('211221101000', 0.4), area('211221102000', null)])).toEqual({
      names: ['区211221101000', '区211221102000'],
      codes: ['211221101000', '211221102000'],
      values: [40, null],
    });
  });
  it('opens counties and townships, not villages', () => {
    expect(canDrill('211221000000')).toBe(true);
    expect(canDrill('211221101000')).toBe(true);
    expect(canDrill('211221101200')).toBe(false);
  });
});
