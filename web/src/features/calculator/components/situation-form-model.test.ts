import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { formatYuan } from '#kernel/money.ts';
import { blankMember, emptyValues, formFieldOf, fromHousehold, toSituation, workedExample } from './situation-form-model.ts';

describe('calculator form → situation', () => {
  it('the worked example becomes the situation of POLICY.md §3', () => {
    expect(toSituation(workedExample())).toEqual({
      program: 'dibao',
      month: '2019-08',
      county: '211221',
      unit: 'household',
      household: {
        hukou: 'rural',
        registeredPoor: false,
        members: [
          { birthDate: '1970-03-01', relation: 'head', seriousIllness: false, laborCapacity: 'full', status: 'resident' },
          { birthDate: '1972-05-01', relation: 'spouse', seriousIllness: false, laborCapacity: 'full', status: 'resident' },
          { birthDate: '2008-09-01', relation: 'child', seriousIllness: false, laborCapacity: 'none', status: 'resident' },
        ],
        incomes: [{ kind: 'wage', annual: 6000 }],
        assets: { financial: 0, vehicles: 0 },
      },
    });
  });

  it('sends only what the program uses: applicant for tekun, heating and temporary blocks, an ID number instead of a birth date', () => {
    const base = emptyValues('211223', '2019-11');
    const member = { ...blankMember('head'), idNumber: ' 211221194001010014 ', birthDate: '1950-01-01', laborCapacity: 'none' as const, supporter: 'none' as const, selfCareFailed: 4, disabilityKind: 'physical' as const, disabilityGrade: 1 };
    const tekun = toSituation({ ...base, program: 'tekun', applicant: 0, members: [member] });
    expect(tekun.applicant).toBe(0);
    expect(tekun.unit).toBeUndefined();
    expect(tekun.household.members[0]).toEqual({
      id: '211221194001010014', relation: 'head', disability: { kind: 'physical', grade: 1 }, seriousIllness: false,
      laborCapacity: 'none', selfCareFailed: 4, supporter: 'none', status: 'resident',
    });
    const heating = toSituation({ ...base, program: 'heating', heatingMode: 'central', heatingArea: 72.5 });
    expect(heating.heating).toEqual({ mode: 'central', area: 72.5 });
    expect(toSituation({ ...base, program: 'heating', heatingArea: 72.5 }).heating).toEqual({ mode: 'dispersed', area: 0 });
    expect(heating.temporary).toBeUndefined();
    const withCategory = toSituation({ ...base, program: 'temporary', temporaryType: 'emergency', temporaryCategory: 'fire', temporaryNeed: 800 });
    expect(withCategory.temporary).toEqual({ type: 'emergency', category: 'fire', need: 800 });
    expect(formFieldOf('temporary.category')).toEqual(['temporaryCategory']);
    const temporary = toSituation({ ...base, program: 'temporary', temporaryType: 'expenditure', temporaryNeed: 3000 });
    expect(temporary.temporary).toEqual({ type: 'expenditure', need: 3000 });
    expect(temporary.heating).toBeUndefined();
    const individual = toSituation({ ...base, unit: 'individual', applicant: 1, members: [blankMember('head'), blankMember('child')] });
    expect([individual.unit, individual.applicant]).toEqual(['individual', 1]);
  });

  it('maps the server’s field paths onto form fields', () => {
    expect(formFieldOf('month')).toEqual(['month']);
    expect(formFieldOf('household.members.2.id')).toEqual(['members', 2, 'idNumber']);
    expect(formFieldOf('household.members.0.disability.grade')).toEqual(['members', 0, 'disabilityGrade']);
    expect(formFieldOf('household.members.1.supporter')).toEqual(['members', 1, 'supporter']);
    expect(formFieldOf('household.incomes.3.annual')).toEqual(['incomes', 3, 'annual']);
    expect(formFieldOf('household.assets.financial')).toEqual(['financial']);
    expect(formFieldOf('heating')).toEqual(['heatingMode']);
    expect(formFieldOf('parameters.dibao.standard.rural')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});

describe('a registered household → calculator form', () => {
  const person = (id: string, relation: 'head' | 'spouse' | 'child', extra: Partial<HouseholdDetail['members'][number]> = {}) => ({
    // As the API sends them: the ID number masked (ADR 0012), the birth date it stands for in clear.
    id, householdId: 'h1', countyCode: '211221', idNumber: `211221********00${id === 'a' ? '17' : '2X'}`, name: `N-${id}`, sex: 'M' as const, birthDate: id === 'a' ? '1970-01-01' : '1972-05-01', relation,
    hukouType: 'rural' as const, disabilityKind: null, disabilityGrade: null, seriousIllness: false, laborCapacity: 'full' as const,
    selfCareFailed: [], supporterStatus: 'none' as const, inSchool: false, version: 1, ...extra,
  });
  const household: HouseholdDetail = {
    id: 'h1', countyCode: '211221', areaCode: '211221101200', areaName: '懿路村', headName: 'N-a', memberCount: 2, hukouType: 'rural',
    registeredPoor: true, synthetic: false, version: 3, address: 'x', bankName: null, bankAccount: null, phone: null, heatingMode: null, heatedAreaM2: null,
    members: [person('a', 'head'), person('b', 'spouse', { disabilityKind: 'mental', disabilityGrade: 2, selfCareFailed: ['eat', 'bathe'], laborCapacity: 'none', supporterStatus: 'unable' })],
    incomes: [
      { id: 'i1', kind: 'wage', annualYuan: '6000.10', personId: 'a', note: null },
      { id: 'i2', kind: 'pension', annualYuan: '1200', personId: null, note: null },
    ],
    assets: [
      { id: 's1', kind: 'financial', valueYuan: '0.10', quantity: 1, note: null },
      { id: 's2', kind: 'financial', valueYuan: '0.20', quantity: 1, note: null },
      { id: 's3', kind: 'vehicle', valueYuan: '30000', quantity: 2, note: null },
      { id: 's4', kind: 'house', valueYuan: '90000', quantity: 1, note: null },
    ],
    createdAt: '', updatedAt: '',
  };

  it('takes county, members with their masked ID number and birth date, incomes with their earner, and sums assets exactly', () => {
    const v = fromHousehold(household, { program: 'tekun', month: '2020-01' });
    expect([v.program, v.month, v.county, v.hukou, v.registeredPoor]).toEqual(['tekun', '2020-01', '211221', 'rural', true]);
    expect(v.members.map((m) => [m.name, m.idNumber, m.birthDate, m.relation, m.disabilityKind, m.disabilityGrade, m.selfCareFailed, m.supporter, m.laborCapacity])).toEqual([
      ['N-a', '211221********0017', '1970-01-01', 'head', null, null, 0, 'none', 'full'],
      ['N-b', '211221********002X', '1972-05-01', 'spouse', 'mental', 2, 2, 'unable', 'none'],
    ]);
    expect(v.incomes).toEqual([
      { kind: 'wage', annual: 6000.1, member: 0 },
      { kind: 'pension', annual: 1200, member: null },
    ]);
    expect(v.financial).toBe(0.3);
    expect(v.vehicles).toBe(2);
    // Names stay in the form; a masked ID number cannot be read, so the situation carries the birth date instead.
    const situation = toSituation(v);
    expect(JSON.stringify(situation)).not.toContain('N-a');
    expect(situation.household.members.map((m) => [m.id, m.birthDate])).toEqual([
      [undefined, '1970-01-01'],
      [undefined, '1972-05-01'],
    ]);
    // A whole ID number typed over the mask is sent as typed.
    const typed = toSituation({ ...v, members: [{ ...v.members[0], idNumber: '211221194001010014' }] });
    expect(typed.household.members[0]).toMatchObject({ id: '211221194001010014' });
    expect(typed.household.members[0].birthDate).toBeUndefined();
  });

  it('property: every registered amount reaches the form as the number of yuan it says, to the fen, and financial assets sum exactly', () => {
    const yuanString = fc.integer({ min: 0, max: 10 ** 14 - 1 }).map((fen) => ({ fen, text: formatYuan(fen) }));
    fc.assert(
      fc.property(fc.array(yuanString, { minLength: 1, maxLength: 6 }), fc.array(yuanString, { maxLength: 6 }), (incomes, savings) => {
        const h: HouseholdDetail = {
          ...household,
          incomes: incomes.map((a, i) => ({ id: `i${i}`, kind: 'wage', annualYuan: a.text, personId: null, note: null })),
          assets: savings.map((a, i) => ({ id: `s${i}`, kind: 'financial', valueYuan: a.text, quantity: 1, note: null })),
        };
        const v = fromHousehold(h, { program: 'dibao', month: '2019-08' });
        expect(v.incomes.map((income) => (income.annual ?? Number.NaN).toFixed(2))).toEqual(incomes.map((a) => a.text));
        expect((v.financial ?? Number.NaN).toFixed(2)).toBe(formatYuan(savings.reduce((s, a) => s + a.fen, 0)));
      }),
    );
  });
});
