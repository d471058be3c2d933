import { describe, expect, it } from 'vitest';
import { isAppError } from '../../kernel/errors.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { parseSituation } from '../../rules/situation.ts';
import { mapRegistry, type RegistryAssessment, type RegistryMemberRow, type RegistryRows, situationFromRegistry } from './situation-from-registry.ts';

const MONTH = '2019-08' as PlainMonth;

function member(id: string, over: Partial<RegistryMemberRow> = {}): RegistryMemberRow {
  return {
    id, birth_date: '1970-01-01', sex: 'M', relation: 'other', disability_kind: null, disability_grade: null, serious_illness: 0, labor_capacity: 'full',
    self_care_mask: 0, supporter_status: 'none', ...over,
  };
}

function rows(over: Partial<RegistryRows> = {}): RegistryRows {
  return { household: { county_code: '211221', hukou_type: 'rural', registered_poor: 0 }, members: [member('a', { relation: 'head' })], incomes: [], assets: [], ...over };
}

const household = (r: RegistryRows, a: Partial<RegistryAssessment> = {}) => situationFromRegistry(r, { kind: 'dibao_household', month: MONTH, ...a });

function refusal(r: RegistryRows, a: RegistryAssessment): { code: string; field?: string; status: number } {
  const m = mapRegistry(r, a);
  if (m.ok) throw new Error('expected a refusal');
  expect(() => situationFromRegistry(r, a)).toThrow(m.error);
  expect(isAppError(m.error)).toBe(true);
  return { code: m.error.code, field: m.error.field, status: m.error.status };
}

describe('registry rows → the engine’s situation (the one mapping)', () => {
  it('maps the household’s facts, amounts exactly from fen, assets summed', () => {
    const s = household(
      rows({
        household: { county_code: '211221', hukou_type: 'urban', registered_poor: 1 },
        members: [
          member('a', { relation: 'head', sex: 'F', disability_kind: 'mental', disability_grade: 2, serious_illness: 1, labor_capacity: 'none', self_care_mask: 0b100101, supporter_status: 'unable' }),
        ],
        incomes: [{ kind: 'pension', annual_fen: 120_050, person_id: 'a' }],
        assets: [
          { kind: 'financial', value_fen: 1_000_000, quantity: 1 },
          { kind: 'financial', value_fen: 1, quantity: 1 },
          { kind: 'vehicle', value_fen: 3_000_000, quantity: 2 },
          { kind: 'house', value_fen: 9_000_000, quantity: 1 },
        ],
      }),
    );
    expect(s).toEqual({
      program: 'dibao',
      month: MONTH,
      county: '211221',
      unit: 'household',
      household: {
        hukou: 'urban',
        registeredPoor: true,
        members: [
          {
            birthDate: '1970-01-01', sex: 'F', relation: 'head', disability: { kind: 'mental', grade: 2 }, seriousIllness: true, laborCapacity: 'none', selfCareFailed: 3,
            supporter: 'unable', status: 'resident',
          },
        ],
        incomes: [{ kind: 'pension', annual: 1200.5 }],
        deductions: [],
        assets: { financial: 10_000.01, vehicles: 2 },
      },
    });
    // What the mapping builds is what the engine's own parser makes of it: a valid situation, nothing lost or added.
    const parsed = parseSituation(s);
    expect(parsed.ok && parsed.situation).toEqual(s);
  });

  it('orders members head first, then by birth date, their facts and id; incomes by earner and kind — whatever order the reader gave', () => {
    const members = [
      member('z', { birth_date: '2001-02-03', relation: 'child' }),
      member('b', { birth_date: '1975-05-05', relation: 'spouse' }),
      member('y', { birth_date: '2001-02-03', relation: 'child' }),
      member('x', { birth_date: '2001-02-03', relation: 'child', sex: 'F' }),
      member('h', { birth_date: '1980-01-01', relation: 'head' }),
    ];
    const incomes = [
      { kind: 'wage', annual_fen: 100, person_id: 'y' },
      { kind: 'pension', annual_fen: 300, person_id: 'h' },
      { kind: 'transfer', annual_fen: 50, person_id: null },
      { kind: 'wage', annual_fen: 200, person_id: 'h' },
    ];
    const tekun = (m: RegistryMemberRow[], i: typeof incomes) => situationFromRegistry(rows({ members: m, incomes: i }), { kind: 'tekun', applicantPersonId: 'y', month: MONTH });
    const a = tekun(members, incomes);
    expect(tekun([...members].reverse(), [...incomes].reverse())).toEqual(a);
    // Twins born the same day: the facts first (F before M), then the id.
    expect(a.household.members.map((m) => [m.relation, m.sex])).toEqual([['head', 'M'], ['spouse', 'M'], ['child', 'F'], ['child', 'M'], ['child', 'M']]);
    expect(a.applicant).toBe(3);
    // A household unit counts everyone's income by kind (the engine's order of kinds).
    expect(a.household.incomes).toEqual([{ kind: 'wage', annual: 3 }, { kind: 'transfer', annual: 0.5 }, { kind: 'pension', annual: 3 }]);
    // Individual inclusion counts the person's own: by earner (members in order, then no earner) and kind.
    const i = situationFromRegistry(rows({ members, incomes }), { kind: 'dibao_individual', applicantPersonId: 'y', month: MONTH });
    expect(i.household.incomes).toEqual([
      { kind: 'wage', annual: 2, member: 0 },
      { kind: 'pension', annual: 3, member: 0 },
      { kind: 'wage', annual: 1, member: 3 },
      { kind: 'transfer', annual: 0.5 },
    ]);
    // Members alike in every fact are interchangeable: read without ids (the simulation's reader), either order gives the same.
    const anonymous = members.map(({ id: _id, ...rest }) => rest);
    const h = household(rows({ members: anonymous, incomes: incomes.map(({ person_id: _p, ...rest }) => rest) }));
    expect(household(rows({ members: [...anonymous].reverse(), incomes: [...incomes].reverse() }))).toEqual(h);
    expect(h).toEqual({ ...a, program: 'dibao', applicant: undefined });
  });

  it('leaves out members born after the month; their incomes stay the household’s', () => {
    const r = rows({
      members: [member('h', { relation: 'head' }), member('c', { relation: 'child', birth_date: '2019-09-01' }), member('d', { relation: 'child', birth_date: '2019-08-31' })],
      incomes: [{ kind: 'assistance', annual_fen: 1200, person_id: 'c' }],
    });
    const s = household(r);
    expect(s.household.members.map((m) => m.birthDate)).toEqual(['1970-01-01', '2019-08-31']);
    expect(s.household.incomes).toEqual([{ kind: 'assistance', annual: 12 }]);
    const own = (month: PlainMonth) => situationFromRegistry(r, { kind: 'dibao_individual', applicantPersonId: 'h', month }).household.incomes;
    expect(own(MONTH)).toEqual([{ kind: 'assistance', annual: 12 }]);
    // The next month the child is a member, and its income is its own.
    expect(household(r, { month: '2019-09' as PlainMonth }).household.members).toHaveLength(3);
    expect(own('2019-09' as PlainMonth)).toEqual([{ kind: 'assistance', annual: 12, member: 2 }]);
    // A person assessed who was not yet born, or a household with nobody born yet, is refused.
    expect(refusal(r, { kind: 'tekun', applicantPersonId: 'c', month: MONTH })).toEqual({ code: 'APPLICANT_NOT_IN_HOUSEHOLD', field: 'applicantPersonId', status: 409 });
    expect(refusal(rows({ members: [member('c', { birth_date: '2020-01-01' })] }), { kind: 'dibao_household', month: MONTH })).toEqual({
      code: 'SITUATION_INVALID',
      field: 'household.members',
      status: 422,
    });
  });

  it('keeps the real relation, and counts every income: unknown kinds as `other`, sums exact in fen, declared zeros kept', () => {
    const s = household(
      rows({
        members: [member('a', { relation: 'head' }), member('b', { relation: 'grandparent', birth_date: '1940-01-01' }), member('c', { relation: 'lodger' })],
        incomes: [
          { kind: 'lottery', annual_fen: 500, person_id: null },
          { kind: 'wage', annual_fen: 0, person_id: null },
          { kind: 'other', annual_fen: 10, person_id: 'b' },
          { kind: 'pension', annual_fen: 10, person_id: 'b' },
          { kind: 'pension', annual_fen: 20, person_id: 'a' },
        ],
      }),
    );
    expect(s.household.members.map((m) => m.relation)).toEqual(['head', 'grandparent', 'other']);
    expect(s.household.incomes).toEqual([{ kind: 'wage', annual: 0 }, { kind: 'pension', annual: 0.3 }, { kind: 'other', annual: 5.1 }]);
  });

  it('names the person assessed for tekun and individual inclusion, and only there', () => {
    const r = rows({ members: [member('h', { relation: 'head' }), member('p', { birth_date: '1950-01-01', labor_capacity: 'none' })] });
    expect(situationFromRegistry(r, { kind: 'dibao_individual', applicantPersonId: 'p', month: MONTH })).toMatchObject({ program: 'dibao', unit: 'individual', applicant: 1 });
    expect(situationFromRegistry(r, { kind: 'tekun', applicantPersonId: 'p', month: MONTH })).toMatchObject({ program: 'tekun', unit: 'household', applicant: 1 });
    expect(household(r, { applicantPersonId: 'p' })).not.toHaveProperty('applicant');
    expect(refusal(r, { kind: 'tekun', month: MONTH }).code).toBe('APPLICANT_NOT_IN_HOUSEHOLD');
    // A household case whose applicant has left the household is refused too: check the members first.
    expect(refusal(r, { kind: 'dibao_household', applicantPersonId: 'gone', month: MONTH }).code).toBe('APPLICANT_NOT_IN_HOUSEHOLD');
  });

  it('refuses a disability or supporter the engine does not know, naming the member', () => {
    const head = member('h', { relation: 'head' });
    expect(refusal(rows({ members: [member('x', { disability_kind: 'unknown', disability_grade: 1 }), head] }), { kind: 'dibao_household', month: MONTH })).toEqual({
      code: 'SITUATION_INVALID',
      field: 'household.members.1.disability',
      status: 422,
    });
    expect(refusal(rows({ members: [head, member('x', { disability_kind: 'visual', disability_grade: 7 })] }), { kind: 'dibao_household', month: MONTH }).field).toBe(
      'household.members.1.disability',
    );
    expect(refusal(rows({ members: [member('x', { supporter_status: 'rich' })] }), { kind: 'dibao_household', month: MONTH }).field).toBe('household.members.0.supporter');
    // A kind without a grade is no disability, as the registry records it.
    expect(household(rows({ members: [member('x', { disability_kind: 'visual' })] })).household.members[0]).not.toHaveProperty('disability');
  });
});

describe('the household’s heating in the situation (ADR 0042)', () => {
  const base = { county_code: '211221', hukou_type: 'rural' as const, registered_poor: 0 };
  it('carries central heating with its area in m² exactly, dispersed without one; the engine’s parser takes it unchanged', () => {
    const central = household(rows({ household: { ...base, heating_mode: 'central', heated_area_dm2: 5650 } }));
    expect(central.heating).toEqual({ mode: 'central', area: 56.5 });
    expect(household(rows({ household: { ...base, heating_mode: 'central', heated_area_dm2: 7225 } })).heating).toEqual({ mode: 'central', area: 72.25 });
    expect(household(rows({ household: { ...base, heating_mode: 'dispersed', heated_area_dm2: null } })).heating).toEqual({ mode: 'dispersed', area: 0 });
    const parsed = parseSituation({ ...central, program: 'heating', month: '2019-11' });
    expect(parsed.ok && parsed.situation.heating).toEqual({ mode: 'central', area: 56.5 });
  });
  it('no heating, none recorded, or a reader that does not select it: no heating in the situation', () => {
    expect(household(rows({ household: { ...base, heating_mode: 'none', heated_area_dm2: null } })).heating).toBeUndefined();
    expect(household(rows({ household: { ...base, heating_mode: null, heated_area_dm2: null } })).heating).toBeUndefined();
    expect(household(rows()).heating).toBeUndefined();
    expect('heating' in household(rows())).toBe(false);
  });
});
