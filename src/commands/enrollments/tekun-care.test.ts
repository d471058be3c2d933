import { describe, expect, it } from 'vitest';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { Situation } from '../../rules/situation.ts';
import { assessedLevel, withCare } from './tekun-care.ts';

const situation = (program: 'tekun' | 'dibao'): Situation => ({
  program, month: '2019-10' as PlainMonth, county: '211221', unit: 'household', applicant: 0,
  household: {
    hukou: 'rural', registeredPoor: false, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 },
    members: [{ birthDate: '1940-01-01' as Situation['household']['members'][0]['birthDate'], relation: 'head', seriousIllness: false, status: 'resident', laborCapacity: 'none', supporter: 'none', selfCareFailed: 2 }],
  },
});

describe('the care record in force on the engine’s situation', () => {
  const rows = [
    { from_month: '2019-08', self_care_mask: 0b1111, level_override: 'partial' as const },
    { from_month: '2019-10', self_care_mask: 0b100000, level_override: null },
  ];

  it('takes the items and the level set by hand of the record in force that month, not the registry’s', () => {
    expect(withCare(situation('tekun'), rows, '2019-09').household.members[0]).toMatchObject({ selfCareFailed: 4, careOverride: 'partial' });
    const oct = withCare(situation('tekun'), rows, '2019-10').household.members[0];
    expect(oct.selfCareFailed).toBe(1);
    expect(oct.careOverride).toBeUndefined();
  });

  it('leaves the registry’s situation alone before the first record, without records and for dibao', () => {
    expect(withCare(situation('tekun'), rows, '2019-07')).toEqual(situation('tekun'));
    expect(withCare(situation('tekun'), [], '2019-10')).toEqual(situation('tekun'));
    expect(withCare(situation('dibao'), rows, '2019-10')).toEqual(situation('dibao'));
  });

  it('gives the level the items give under the thresholds in force', () => {
    const ps = loadDefaultPolicy();
    expect([0, 0b1, 0b111, 0b1111, 0b111111].map((m) => assessedLevel(ps, '211221', '2019-10-01', m))).toEqual(['selfCare', 'partial', 'partial', 'full', 'full']);
  });
});
