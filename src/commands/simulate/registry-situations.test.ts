import { describe, expect, it } from 'vitest';
import type { RegistryBatch, SourcePerson } from '../../db/simulation-source.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { registrySituations } from './registry-situations.ts';

const MONTH = '2019-08' as PlainMonth;

function person(household_id: string, over: Partial<SourcePerson> = {}): SourcePerson {
  return {
    household_id, birth_date: '1970-01-01', disability_kind: null, disability_grade: null, serious_illness: 0, labor_capacity: 'full',
    self_care_mask: 0, supporter_status: 'none', ...over,
  };
}

const batch = (over: Partial<RegistryBatch>): RegistryBatch => ({ county: '211221', households: [], persons: [], incomes: [], assets: [], ...over });

describe('registry rows → dibao situations', () => {
  it('matches members, incomes and assets to their household and keeps the household’s facts', () => {
    const out = registrySituations(
      batch({
        households: [
          { id: 'h1', hukou_type: 'rural', registered_poor: 1 },
          { id: 'h2', hukou_type: 'urban', registered_poor: 0 },
          { id: 'h3', hukou_type: 'rural', registered_poor: 0 },
        ],
        persons: [person('h1'), person('h1', { disability_kind: 'visual', disability_grade: 1, serious_illness: 1 }), person('h2'), person('h3')],
        incomes: [{ household_id: 'h1', kind: 'pension', fen: 120_050 }, { household_id: 'h1', kind: 'wage', fen: 0 }, { household_id: 'h3', kind: 'lottery', fen: 500 }],
        assets: [{ household_id: 'h2', financial_fen: 1_000_001, vehicles: 2 }],
      }),
      MONTH,
    );
    expect(out.map((h) => h.dibao.household.members.length)).toEqual([2, 1, 1]);
    const [h1, h2, h3] = out.map((h) => h.dibao);
    expect(h1).toMatchObject({ program: 'dibao', month: MONTH, county: '211221', unit: 'household' });
    expect(h1.household).toMatchObject({ hukou: 'rural', registeredPoor: true, deductions: [], assets: { financial: 0, vehicles: 0 } });
    // A zero sum adds nothing; an amount in fen becomes yuan exactly.
    expect(h1.household.incomes).toEqual([{ kind: 'pension', annual: 1200.5 }]);
    expect(h1.household.members[1]).toMatchObject({ disability: { kind: 'visual', grade: 1 }, seriousIllness: true, status: 'resident' });
    expect(h2.household).toMatchObject({ hukou: 'urban', registeredPoor: false, incomes: [], assets: { financial: 10_000.01, vehicles: 2 } });
    // An income kind the engine does not know is counted as `other`, never dropped.
    expect(h3.household.incomes).toEqual([{ kind: 'other', annual: 5 }]);
  });

  it('counts failed self-care items from the mask and names the members who could be tekun', () => {
    const [h] = registrySituations(
      batch({
        households: [{ id: 'h', hukou_type: 'rural', registered_poor: 0 }],
        persons: [
          person('h', { labor_capacity: 'none', supporter_status: 'none', self_care_mask: 0b111111 }),
          person('h', { labor_capacity: 'none', supporter_status: 'able', self_care_mask: 0b000101 }),
          person('h', { labor_capacity: 'partial', supporter_status: 'none', self_care_mask: 0b1000000 }),
          person('h', { labor_capacity: 'none', supporter_status: 'unable' }),
        ],
      }),
      MONTH,
    );
    expect(h.dibao.household.members.map((m) => m.selfCareFailed)).toEqual([6, 2, 0, 0]);
    expect(h.tekunCandidates).toEqual([0, 3]);
  });

  it('skips a household with no member in the month (all born later) but still consumes its rows', () => {
    const out = registrySituations(
      batch({
        households: [{ id: 'a', hukou_type: 'rural', registered_poor: 0 }, { id: 'b', hukou_type: 'rural', registered_poor: 0 }],
        persons: [person('b')],
        incomes: [{ household_id: 'a', kind: 'wage', fen: 100 }, { household_id: 'b', kind: 'wage', fen: 200 }],
        assets: [{ household_id: 'a', financial_fen: 5, vehicles: 0 }],
      }),
      MONTH,
    );
    expect(out).toHaveLength(1);
    expect(out[0].dibao.household.incomes).toEqual([{ kind: 'wage', annual: 2 }]);
    expect(out[0].dibao.household.assets).toEqual({ financial: 0, vehicles: 0 });
  });

  it('refuses rows that are not in household order rather than give them to the wrong household', () => {
    const rows = batch({
      households: [{ id: 'a', hukou_type: 'rural', registered_poor: 0 }, { id: 'b', hukou_type: 'rural', registered_poor: 0 }],
      persons: [person('b'), person('a')],
    });
    expect(() => registrySituations(rows, MONTH)).toThrow(/not in household order/);
  });
});
