import { describe, expect, it } from 'vitest';
import type { RegistryBatch, SourceHousehold, SourceIncome, SourcePerson } from '../../db/simulation-source.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { registrySituations } from './registry-situations.ts';

const MONTH = '2019-08' as PlainMonth;

function person(household_id: string, over: Partial<SourcePerson> = {}): SourcePerson {
  return {
    household_id, birth_date: '1970-01-01', sex: 'M', relation: 'other', disability_kind: null, disability_grade: null, serious_illness: 0,
    labor_capacity: 'full', self_care_mask: 0, supporter_status: 'none', ...over,
  };
}
const household = (id: string, over: Partial<SourceHousehold> = {}): SourceHousehold => ({ id, county_code: '211221', hukou_type: 'rural', registered_poor: 0, ...over });
const income = (household_id: string, kind: string, annual_fen: number): SourceIncome => ({ household_id, kind, annual_fen });

const batch = (over: Partial<RegistryBatch>): RegistryBatch => ({ county: '211221', households: [], persons: [], incomes: [], assets: [], ...over });

describe('registry batch rows → dibao situations', () => {
  it('matches members, incomes and assets to their household and keeps the household’s facts', () => {
    const out = registrySituations(
      batch({
        households: [household('h1', { registered_poor: 1 }), household('h2', { hukou_type: 'urban' }), household('h3')],
        persons: [person('h1'), person('h1', { disability_kind: 'visual', disability_grade: 1, serious_illness: 1 }), person('h2'), person('h3')],
        incomes: [income('h1', 'pension', 120_050), income('h1', 'wage', 0), income('h3', 'lottery', 500)],
        assets: [
          { household_id: 'h2', kind: 'financial', value_fen: 1_000_000, quantity: 1 },
          { household_id: 'h2', kind: 'financial', value_fen: 1, quantity: 1 },
          { household_id: 'h2', kind: 'vehicle', value_fen: 0, quantity: 2 },
          { household_id: 'h2', kind: 'house', value_fen: 9_000_000, quantity: 1 },
        ],
      }),
      MONTH,
    );
    expect(out.map((h) => [h.householdId, h.dibao.household.members.length])).toEqual([['h1', 2], ['h2', 1], ['h3', 1]]);
    const [h1, h2, h3] = out.map((h) => h.dibao);
    expect(h1).toMatchObject({ program: 'dibao', month: MONTH, county: '211221', unit: 'household' });
    expect(h1.household).toMatchObject({ hukou: 'rural', registeredPoor: true, deductions: [], assets: { financial: 0, vehicles: 0 } });
    // A declared zero is kept; an amount in fen becomes yuan exactly; kinds in the engine's order.
    expect(h1.household.incomes).toEqual([{ kind: 'wage', annual: 0 }, { kind: 'pension', annual: 1200.5 }]);
    expect(h1.household.members[1]).toMatchObject({ disability: { kind: 'visual', grade: 1 }, seriousIllness: true, status: 'resident' });
    expect(h2.household).toMatchObject({ hukou: 'urban', registeredPoor: false, incomes: [], assets: { financial: 10_000.01, vehicles: 2 } });
    // An income kind the engine does not know is counted as `other`, never dropped.
    expect(h3.household.incomes).toEqual([{ kind: 'other', annual: 5 }]);
  });

  it('counts failed self-care items from the mask and names the members who could be tekun', () => {
    const [h] = registrySituations(
      batch({
        households: [household('h')],
        persons: [
          person('h', { birth_date: '1940-01-01', labor_capacity: 'none', supporter_status: 'none', self_care_mask: 0b111111 }),
          person('h', { birth_date: '1941-01-01', labor_capacity: 'none', supporter_status: 'able', self_care_mask: 0b000101 }),
          person('h', { birth_date: '1942-01-01', labor_capacity: 'partial', supporter_status: 'none', self_care_mask: 0b1000000 }),
          person('h', { birth_date: '1943-01-01', labor_capacity: 'none', supporter_status: 'unable' }),
        ],
      }),
      MONTH,
    );
    expect(h.dibao.household.members.map((m) => m.selfCareFailed)).toEqual([6, 2, 0, 0]);
    expect(h.tekunCandidates).toEqual([0, 3]);
  });

  it('leaves out members born after the month, and skips a household with none left but still consumes its rows', () => {
    const out = registrySituations(
      batch({
        households: [household('a'), household('b')],
        persons: [person('a', { birth_date: '2019-09-01' }), person('b', { birth_date: '2019-08-31' }), person('b', { birth_date: '2020-01-01' })],
        incomes: [income('a', 'wage', 100), income('b', 'wage', 200)],
        assets: [{ household_id: 'a', kind: 'financial', value_fen: 5, quantity: 1 }],
      }),
      MONTH,
    );
    expect(out).toHaveLength(1);
    expect(out[0].householdId).toBe('b');
    expect(out[0].dibao.household.members.map((m) => m.birthDate)).toEqual(['2019-08-31']);
    expect(out[0].dibao.household.incomes).toEqual([{ kind: 'wage', annual: 2 }]);
    expect(out[0].dibao.household.assets).toEqual({ financial: 0, vehicles: 0 });
  });

  it('refuses rows that are not in household order rather than give them to the wrong household', () => {
    const rows = batch({ households: [household('a'), household('b')], persons: [person('b'), person('a')] });
    expect(() => registrySituations(rows, MONTH)).toThrow(/not in household order/);
  });
});
