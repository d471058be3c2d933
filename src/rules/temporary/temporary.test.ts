import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { Situation } from '../situation.ts';
import { TEMPORARY_CATEGORIES, type TemporaryCategory } from './categories.ts';
import { approvalLevelFor, determineTemporary, sameEventWindowDays, temporaryStandard } from './temporary.ts';

const ps = loadDefaultPolicy();
const LEVELS = ['township', 'county', 'collective'];

function request(needFen: number, month = '2019-08', category?: TemporaryCategory, hukou: 'rural' | 'urban' = 'rural'): Situation {
  const type = category && ['medical', 'education', 'basic_living'].includes(category) ? 'expenditure' : 'emergency';
  return {
    program: 'temporary', month: month as PlainMonth, county: '211221', unit: 'household',
    temporary: { type, need: needFen / 100, ...(category ? { category } : {}) },
    household: {
      hukou, registeredPoor: true, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 },
      members: [{ birthDate: '1960-01-01' as Situation['household']['members'][0]['birthDate'], relation: 'head', seriousIllness: false, status: 'resident' }],
    },
  };
}

describe('temporary aid', () => {
  it('without a category pays the need up to the maximum, and the approval level never falls as the need rises', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('2019-06', '2019-08'), (a, extra, month) => {
      const max = month === '2019-06' ? 217500 : 238500;
      const r1 = determineTemporary(request(a, month), ps);
      const r2 = determineTemporary(request(a + extra, month), ps);
      expect(r1.amount.fen).toBe(Math.min(a, max));
      expect(LEVELS.indexOf(r2.approvalLevel ?? '')).toBeGreaterThanOrEqual(LEVELS.indexOf(r1.approvalLevel ?? ''));
      expect(r1.approvalLevel).toBe(a <= 100000 ? 'township' : a <= max ? 'county' : 'collective');
    }), { numRuns: 500 });
  });

  it('by category: the amount never exceeds the need, the standard or the maximum unless collective, and neither the amount nor the level falls as the need rises', () => {
    const arb = fc.record({
      a: fc.integer({ min: 1, max: 600_000 }),
      extra: fc.integer({ min: 0, max: 300_000 }),
      month: fc.constantFrom('2019-06', '2019-08'),
      category: fc.constantFrom(...TEMPORARY_CATEGORIES),
      hukou: fc.constantFrom('rural' as const, 'urban' as const),
    });
    fc.assert(fc.property(arb, ({ a, extra, month, category, hukou }) => {
      const r1 = determineTemporary(request(a, month, category, hukou), ps);
      const r2 = determineTemporary(request(a + extra, month, category, hukou), ps);
      const d = r1.details ?? {};
      const max = Number(d.maximumFen);
      expect(r1.amount.fen).toBeLessThanOrEqual(max);
      if (r1.approvalLevel !== 'collective') {
        expect(r1.amount.fen).toBe(Math.min(a, Number(d.standardFen)));
        expect(r1.approvalLevel).toBe(approvalLevelFor(r1.amount.fen, { townshipCeilingFen: 100000, maximumFen: max }));
      } else {
        expect([a > max, d.exceedsMaximum, r1.amount.fen]).toEqual([true, true, max]);
      }
      expect(r2.amount.fen).toBeGreaterThanOrEqual(r1.amount.fen);
      expect(LEVELS.indexOf(r2.approvalLevel ?? '')).toBeGreaterThanOrEqual(LEVELS.indexOf(r1.approvalLevel ?? ''));
    }), { numRuns: 500 });
  });

  it('approvalLevelFor: township up to the ceiling, county up to the maximum, collective above', () => {
    const limits = { townshipCeilingFen: 100000, maximumFen: 238500 };
    expect([99999, 100000, 100001, 238500, 238501].map((f) => approvalLevelFor(f, limits))).toEqual(['township', 'township', 'county', 'county', 'collective']);
  });

  it('temporaryStandard gives the lead’s commands the standard for a need and the limits; a category not offered is said so', () => {
    const day = plainDate('2019-08-01');
    expect(temporaryStandard(ps, { county: '211221', day, hukou: 'rural', category: 'fire', needFen: 150000 })).toMatchObject({
      offered: true, standard: { basis: 'tiers', tier: 'moderate', fen: 119250 }, limits: { townshipCeilingFen: 100000, maximumFen: 238500 },
    });
    expect(temporaryStandard(ps, { county: '211221', day, hukou: 'rural', category: 'education', needFen: 150000 }).standard).toMatchObject({ basis: 'amount', fen: 100000 });
    const narrow = ps.withSituationParameters({ 'temporary.categories.offered': ['fire'] });
    expect(temporaryStandard(narrow, { county: '211221', day, hukou: 'rural', category: 'medical', needFen: 1000 })).toMatchObject({ offered: false, standard: null });
  });

  it('rounds the maximum down to the fen: nothing up to it exceeds it', () => {
    // 6 × 4,771 / 12 = 2,385.50; 1.001 × 4,771 / 12 = 397.9814… → 397.98 (down), the need one fen above it is collective.
    const set = ps.withSituationParameters({ 'dibao.standard.rural': 4771, 'temporary.maxMultiple': 1.001 });
    const at = (fen: number) => determineTemporary(request(fen), set);
    expect(at(39798)).toMatchObject({ approvalLevel: 'township', amount: { fen: 39798 }, details: { maximumFen: 39798 } });
    expect(at(39799)).toMatchObject({ approvalLevel: 'collective', amount: { fen: 39798 } });
  });

  it('reads the same-event window of the county (demo default 90 days)', () => {
    expect(sameEventWindowDays(ps, '211221', plainDate('2019-08-01'))).toMatchObject({ days: 90, illustrative: true });
  });
});
