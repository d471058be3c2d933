import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { Situation } from '../situation.ts';
import { determineTemporary } from './temporary.ts';

const ps = loadDefaultPolicy();
const LEVELS = ['township', 'county', 'collective'];

function request(needFen: number, month = '2019-08'): Situation {
  return {
    program: 'temporary', month: month as PlainMonth, county: '211221', unit: 'household', temporary: { type: 'emergency', need: needFen / 100 },
    household: {
      hukou: 'rural', registeredPoor: true, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 },
      members: [{ birthDate: '1960-01-01' as Situation['household']['members'][0]['birthDate'], relation: 'head', seriousIllness: false, status: 'resident' }],
    },
  };
}

describe('temporary aid', () => {
  it('pays the need up to the maximum, and the approval level never falls as the need rises', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('2019-06', '2019-08'), (a, extra, month) => {
      const max = month === '2019-06' ? 217500 : 238500;
      const r1 = determineTemporary(request(a, month), ps);
      const r2 = determineTemporary(request(a + extra, month), ps);
      expect(r1.amount.fen).toBe(Math.min(a, max));
      expect(LEVELS.indexOf(r2.approvalLevel ?? '')).toBeGreaterThanOrEqual(LEVELS.indexOf(r1.approvalLevel ?? ''));
      expect(r1.approvalLevel).toBe(a <= 100000 ? 'township' : a <= max ? 'county' : 'collective');
    }), { numRuns: 500 });
  });
});
