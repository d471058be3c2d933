import { describe, expect, it } from 'vitest';
import type { QuarterlyFigures } from '../../contracts/report.ts';
import { changedFigures, figureLeaves } from './report-context.ts';

const program = (households: number | null) => ({
  households, persons: 2, registeredPoorHouseholds: 0, registeredPoorPersons: 0, newApprovals: 1, exits: 0, gradualExits: 0,
  paidQuarterFen: 100, paidYearFen: 300, averageStandardFen: 39_750, averageMonthlyBenefitPerPersonFen: null,
});
const count = { cases: 0, personTimes: 0, fen: 0 };
function figures(over: { households?: number | null; medicalFen?: number; dual?: boolean; computedAt?: string } = {}): QuarterlyFigures {
  return {
    county: '211221', quarter: '2019Q3', computedAt: over.computedAt ?? '2019-10-15T02:00:00.000Z', asOf: '2019-09-30',
    programs: { dibao: program(over.households === undefined ? 5 : over.households), dibaoSingle: program(1), tekunDispersed: program(0), tekunConcentrated: program(0), temporary: program(null), heating: program(null) },
    temporary: {
      cases: 0, personTimes: 0, fen: 0, registeredPoorCases: 0,
      byCategory: { fire: count, traffic_accident: count, sudden_illness: count, natural_disaster: count, other_emergency: count, medical: { ...count, fen: over.medicalFen ?? 0 }, education: count, basic_living: count },
      byApprovalLevel: { township: count, county: count, collective: count, none: count },
      assistFirst: { cases: 0, fen: 0 },
    },
    heating: { households: 0, fen: 0, byMode: { central: { households: 0, fen: 0 }, dispersed: { households: 0, fen: 0 } } },
    dualInclusion: over.dual ? { available: true, snapshotId: 's1', asOf: '2019-06-30', registeredPoorHouseholds: 4, covered: 3, referral: 0, discrepancies: 1 } : { available: false },
    screening: { available: false },
    procedure: { casesDecided: 2, decidedWithinDeadline: 2, overdueCases: 0, overdueReviews: 1, spotChecksDone: 0 },
  } as QuarterlyFigures;
}

describe('a report’s figures as leaves, and the corrections between two computations', () => {
  it('addresses every number and flag by its program or section and path; nulls kept, texts and timestamps left out', () => {
    const leaves = figureLeaves(figures({ dual: true }));
    const at = (p: string, f: string) => leaves.find((l) => l.program === p && l.figure === f);
    expect(at('dibao', 'households')?.value).toBe(5);
    expect(at('dibao', 'averageMonthlyBenefitPerPersonFen')?.value).toBeNull();
    expect(at('temporary', 'byCategory.medical.fen')?.value).toBe(0);
    expect(at('dualInclusion', 'available')?.value).toBe(true);
    expect(at('dualInclusion', 'snapshotId')).toBeUndefined();
    expect(leaves.some((l) => ['computedAt', 'asOf', 'county', 'quarter'].includes(l.figure) || l.program === 'computedAt')).toBe(false);
    // 6 programs × 11 + temporary 4 + 8 × 3 + 4 × 3 + 2 + heating 2 + 2 × 2 + dual 5 + screening 1 + procedure 5.
    expect(leaves.length).toBe(66 + 4 + 24 + 12 + 2 + 2 + 4 + 5 + 1 + 5);
  });

  it('lists what differs, was and now, and nothing when only the computing time changed', () => {
    expect(changedFigures(figures(), figures({ computedAt: '2020-01-10T02:00:00.000Z' }))).toEqual([]);
    expect(changedFigures(figures(), figures({ households: 4, medicalFen: 50_000 }))).toEqual([
      { program: 'dibao', figure: 'households', was: 5, now: 4 },
      { program: 'temporary', figure: 'byCategory.medical.fen', was: 0, now: 50_000 },
    ]);
    // A section becoming available: its flag and each figure that appears (absent counts as null).
    const appeared = changedFigures(figures(), figures({ dual: true })).filter((c) => c.program === 'dualInclusion');
    expect(appeared).toContainEqual({ program: 'dualInclusion', figure: 'available', was: false, now: true });
    expect(appeared).toContainEqual({ program: 'dualInclusion', figure: 'covered', was: null, now: 3 });
    expect(changedFigures(figures({ households: null }), figures())).toEqual([{ program: 'dibao', figure: 'households', was: null, now: 5 }]);
  });
});
