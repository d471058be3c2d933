import { describe, expect, it } from 'vitest';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { explainDetermination } from '../explain/explain.ts';
import type { Situation } from '../situation.ts';
import { tierOfFailed } from './care.ts';
import { determineTekun } from './tekun.ts';

const ps = loadDefaultPolicy();

function person(selfCareFailed: number, careOverride?: 'selfCare' | 'partial' | 'full'): Situation {
  return {
    program: 'tekun', month: '2019-08' as PlainMonth, county: '211221', unit: 'household', applicant: 0,
    household: {
      hukou: 'rural', registeredPoor: false, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 },
      members: [{ birthDate: '1940-01-01' as Situation['household']['members'][0]['birthDate'], relation: 'head', seriousIllness: false, status: 'resident', laborCapacity: 'none', supporter: 'none', selfCareFailed, ...(careOverride ? { careOverride } : {}) }],
    },
  };
}

describe('tekun care level', () => {
  it('is 全自理 with no item failed, 半失能 from 1 to 3, 全失能 from 4', () => {
    const t = { partial: 1, full: 4 };
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => tierOfFailed(n, t))).toEqual(['selfCare', 'partial', 'partial', 'partial', 'full', 'full', 'full']);
  });

  it('pays the overriding level and says so in the trace and the reasons, in Chinese with the citation', () => {
    const assessed = determineTekun(person(1), ps, true);
    const overridden = determineTekun(person(1, 'full'), ps, true);
    expect(assessed.details?.careTier).toBe('partial');
    expect(overridden.details).toMatchObject({ careTier: 'full', careAssessed: 'partial' });
    // 全失能 300 yuan of care instead of 半失能's 100: 200 yuan more a month.
    expect(overridden.amount.fen - assessed.amount.fen).toBe(20000);
    expect(overridden.reasons.map((r) => r.code)).toContain('TEKUN_CARE_OVERRIDE_FULL');
    expect(overridden.reasons.map((r) => r.code)).not.toContain('TEKUN_CARE_PARTIAL');
    const view = explainDetermination(overridden, ps);
    const step = view?.trace.find((s) => s.step === 'care.override');
    expect(step?.shown.zh).toBe('全失能');
    expect(step?.note?.zh).toContain('六项指标评估为「半失能」，经认定调整为「全失能」');
    expect(step?.note?.zh).toContain('民发〔2016〕178号《特困人员认定办法》');
    expect(view?.details.find((d) => d.key === 'careAssessed')?.shown.zh).toBe('半失能');
  });

  it('leaves the amount and the trace alone when the override equals the assessed level', () => {
    const a = determineTekun(person(5), ps, true);
    const b = determineTekun(person(5, 'full'), ps, true);
    expect(b.amount.fen).toBe(a.amount.fen);
    expect(b.trace.some((s) => s.step === 'care.override')).toBe(false);
    expect(b.reasons).toEqual(a.reasons);
  });
});
