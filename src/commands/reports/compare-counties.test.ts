import { describe, expect, it } from 'vitest';
import type { CountyComparison } from '../../contracts/report-workflow.ts';
import { rankCounties } from './compare-counties.ts';

const rate = (value: number | null) => ({ numerator: 0, denominator: 0, value });
const row = (coverage: number | null, timeliness: number | null) =>
  ({ coverage: rate(coverage), benefitVsStandard: rate(null), spendingPerHead: rate(1), timeliness: rate(timeliness), dualInclusion: rate(null) }) as unknown as CountyComparison;

describe('ranking the counties', () => {
  it('gives competition ranks, highest first; ties share a rank; a county without the measure has none', () => {
    const ranks = rankCounties([row(0.5, 1), row(0.7, null), row(0.5, 0.9), row(null, 0.9)]);
    expect(ranks.map((r) => r.coverage)).toEqual([2, 1, 2, null]);
    expect(ranks.map((r) => r.timeliness)).toEqual([1, null, 2, 2]);
    expect(ranks.map((r) => r.spendingPerHead)).toEqual([1, 1, 1, 1]);
    expect(ranks.map((r) => r.dualInclusion)).toEqual([null, null, null, null]);
  });
});
