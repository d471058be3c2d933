import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, yuanToFen } from '../../kernel/money.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { Situation } from '../situation.ts';
import { determineTekun } from './tekun.ts';

const ps = loadDefaultPolicy();

function person(selfCareFailed: number, month = '2019-08', birthDate = '1940-01-01'): Situation {
  return {
    program: 'tekun', month: month as PlainMonth, county: '211221', unit: 'household', applicant: 0,
    household: {
      hukou: 'rural', registeredPoor: false, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 },
      members: [{ birthDate: birthDate as Situation['household']['members'][0]['birthDate'], relation: 'head', seriousIllness: false, status: 'resident', laborCapacity: 'none', supporter: 'none', selfCareFailed }],
    },
  };
}

describe('tekun support', () => {
  it('never falls as more self-care items fail, and is basic + care', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5 }), fc.constantFrom('2019-06', '2019-08', '2021-07'), (k, month) => {
      const a = determineTekun(person(k, month), ps);
      const b = determineTekun(person(k + 1, month), ps);
      expect(b.amount.fen).toBeGreaterThanOrEqual(a.amount.fen);
      const basic = month === '2019-06' ? 47125 : 51675;
      const care = { selfCare: 0, partial: 10000, full: 30000 }[a.details?.careTier as 'selfCare'];
      expect(a.amount.fen).toBe(basic + care);
    }));
  });

  it('is at least 1.3 × the monthly dibao standard whenever it is paid', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), fc.constantFrom(4350, 4770, 4771, 5123.45), (k, standard) => {
      const s = { ...person(k), parameters: { 'dibao.standard.rural': standard } };
      const r = determineTekun(s, ps.withSituationParameters(s.parameters));
      expect(r.eligible).toBe(true);
      expect(r.amount.fen).toBeGreaterThanOrEqual(yuanToFen(new Dec('1.3').times(standard).div(12)));
    }));
  });

  it('traces the rule version in force', () => {
    expect(determineTekun(person(0, '2021-06'), ps, true).trace[0]).toMatchObject({ step: 'rule', value: 'nat-2016' });
    expect(determineTekun(person(0, '2021-07'), ps, true).trace[0]).toMatchObject({ step: 'rule', value: 'nat-2021' });
  });
});
