import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HouseholdCreate, HouseholdUpdate, type HouseholdDetail } from '#contracts/registry.ts';
import { checkDigit } from '#kernel/id-number.ts';
import type { PlainDate } from '#kernel/plain-date.ts';
import {
  BANK_ACCOUNT_RE,
  crossMemberProblems,
  emptyHousehold,
  emptyMember,
  fieldPath,
  fromDetail,
  keepsOrReplacesMasked,
  messageKeyForField,
  PHONE_RE,
  toCreateBody,
  toUpdateBody,
} from './household-form-model.ts';

const TODAY = '2025-06-30' as PlainDate;
const id = (first17: string) => first17 + checkDigit(first17);
const HEAD = id('21122119680415123');
const SPOUSE = id('21122119700822124');

describe('toCreateBody', () => {
  it('produces a body the API contract accepts, with blanks as null and IDs upper-cased', () => {
    const body = toCreateBody({
      ...emptyHousehold('211221101200'),
      address: '  懿路村 3 组 12 号 ',
      bankName: '  ',
      bankAccount: '',
      phone: ' 024-7262 1234 ',
      members: [
        { ...emptyMember('head'), idNumber: ` ${HEAD.toLowerCase()} `, name: ' 郭明 ' },
        { ...emptyMember('spouse'), idNumber: SPOUSE, name: '林芳', disabilityKind: null, disabilityGrade: 2 },
      ],
      incomes: [{ kind: 'wage', annualYuan: ' 12000.50 ', personIndex: 0 }],
      assets: [{ kind: 'vehicle', valueYuan: '30000', quantity: null }],
    });
    expect(HouseholdCreate.safeParse(body).success).toBe(true);
    expect(body.address).toBe('懿路村 3 组 12 号');
    expect(body.bankName).toBeNull();
    expect(body.bankAccount).toBeNull();
    expect(body.phone).toBe('024-7262 1234');
    expect(body.members[0]).toMatchObject({ idNumber: HEAD.toUpperCase(), name: '郭明', relation: 'head' });
    // A grade without a disability kind is dropped rather than sent as a contradiction.
    expect(body.members[1].disabilityGrade).toBeNull();
    expect(body.incomes[0]).toEqual({ kind: 'wage', annualYuan: '12000.50', personIndex: 0, note: null });
    expect(body.assets[0].quantity).toBe(1);
  });

  it('leaves a malformed amount for the schema to refuse on its field', () => {
    const body = toCreateBody({
      ...emptyHousehold('211221101200'),
      address: 'x',
      members: [{ ...emptyMember('head'), idNumber: HEAD, name: '郭明' }],
      incomes: [{ kind: 'wage', annualYuan: '-5' }],
    });
    const r = HouseholdCreate.safeParse(body);
    expect(r.success).toBe(false);
    const path = fieldPath(r.error?.issues[0].path ?? []);
    expect(path).toEqual(['incomes', 0, 'annualYuan']);
    expect(messageKeyForField(path)).toBe('form.amountFormat');
  });
});

describe('fromDetail and toUpdateBody', () => {
  it('round-trips a saved household, attributing incomes to members by index', () => {
    const detail = {
      id: 'h1',
      countyCode: '211221',
      areaCode: '211221101200',
      areaName: '懿路村',
      headName: '郭明',
      memberCount: 2,
      hukouType: 'rural',
      registeredPoor: true,
      synthetic: false,
      version: 4,
      address: '懿路村 3 组',
      bankName: null,
      bankAccount: '6217000012345678',
      phone: null,
      members: [{ id: 'p1' }, { id: 'p2' }],
      incomes: [
        { id: 'i1', kind: 'pension', annualYuan: '1800.00', personId: 'p2', note: null },
        { id: 'i2', kind: 'transfer', annualYuan: '600.00', personId: null, note: '低保以外' },
      ],
      assets: [{ id: 'a1', kind: 'house', valueYuan: '0.00', quantity: 1, note: null }],
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-02T00:00:00Z',
    } as unknown as HouseholdDetail;
    const values = fromDetail(detail);
    expect(values.incomes?.map((i) => i.personIndex)).toEqual([1, null]);
    const body = toUpdateBody(values, detail.version);
    expect(HouseholdUpdate.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ version: 4, registeredPoor: true, bankAccount: '6217000012345678' });
    expect(body.incomes[1]).toEqual({ kind: 'transfer', annualYuan: '600.00', personIndex: null, note: '低保以外' });
  });
});

describe('crossMemberProblems', () => {
  it('accepts one head and distinct ID numbers', () => {
    expect(crossMemberProblems([{ relation: 'head', idNumber: HEAD }, { relation: 'spouse', idNumber: SPOUSE }], TODAY)).toEqual([]);
  });

  it('asks for a head when there is none, on the first member', () => {
    expect(crossMemberProblems([{ relation: 'child', idNumber: HEAD }], TODAY)).toEqual([{ name: ['members', 0, 'relation'], key: 'form.oneHead' }]);
  });

  it('flags every head after the first', () => {
    const p = crossMemberProblems([{ relation: 'head' }, { relation: 'spouse' }, { relation: 'head' }, { relation: 'head' }], TODAY);
    expect(p.map((x) => x.name)).toEqual([
      ['members', 2, 'relation'],
      ['members', 3, 'relation'],
    ]);
  });

  it('flags the same person entered twice, even as a 15-digit and an 18-digit number', () => {
    const id15 = '211221680415123'; // the legacy form of HEAD
    const p = crossMemberProblems([{ relation: 'head', idNumber: HEAD }, { relation: 'child', idNumber: id15 }], TODAY);
    expect(p).toEqual([{ name: ['members', 1, 'idNumber'], key: 'form.idDuplicate', values: { n: 1 } }]);
  });
});

describe('fieldPath', () => {
  it('reads the usual spellings of a field path', () => {
    expect(fieldPath('members.2.idNumber')).toEqual(['members', 2, 'idNumber']);
    expect(fieldPath('members[2].idNumber')).toEqual(['members', 2, 'idNumber']);
    expect(fieldPath('/members/2/idNumber')).toEqual(['members', 2, 'idNumber']);
    expect(fieldPath(['incomes', 0, 'annualYuan'])).toEqual(['incomes', 0, 'annualYuan']);
    expect(fieldPath('address')).toEqual(['address']);
  });
});

describe('editing a bank account or phone the server sent masked (ADR 0012)', () => {
  const ACCOUNT_MASK = '****5678';
  const PHONE_MASK = '139****5678';

  it('keeps the stored value when the mask comes back unchanged, or the field is left empty', () => {
    expect(keepsOrReplacesMasked(ACCOUNT_MASK, ACCOUNT_MASK, BANK_ACCOUNT_RE)).toBe(true);
    expect(keepsOrReplacesMasked(` ${PHONE_MASK} `, PHONE_MASK, PHONE_RE)).toBe(true);
    expect(keepsOrReplacesMasked('', ACCOUNT_MASK, BANK_ACCOUNT_RE)).toBe(true);
    expect(keepsOrReplacesMasked(null, null, PHONE_RE)).toBe(true);
  });

  it('takes a whole new value of the right form, and refuses an edited mask or a malformed value', () => {
    expect(keepsOrReplacesMasked('6217000012345678', ACCOUNT_MASK, BANK_ACCOUNT_RE)).toBe(true);
    expect(keepsOrReplacesMasked('13912345678', PHONE_MASK, PHONE_RE)).toBe(true);
    expect(keepsOrReplacesMasked('****5679', ACCOUNT_MASK, BANK_ACCOUNT_RE)).toBe(false);
    expect(keepsOrReplacesMasked('139****567', PHONE_MASK, PHONE_RE)).toBe(false);
    expect(keepsOrReplacesMasked('1234567', null, BANK_ACCOUNT_RE)).toBe(false);
    expect(keepsOrReplacesMasked(ACCOUNT_MASK, null, BANK_ACCOUNT_RE)).toBe(false);
  });

  it('property: a mask passes only unchanged, and what passes is what the update contract accepts', () => {
    const account = fc.stringMatching(/^\d{8,30}$/);
    fc.assert(
      fc.property(account, account, (stored, typed) => {
        const shown = `****${stored.slice(-4)}`;
        const other = `****${typed.slice(-4)}`;
        expect(keepsOrReplacesMasked(shown, shown, BANK_ACCOUNT_RE)).toBe(true);
        expect(keepsOrReplacesMasked(other, shown, BANK_ACCOUNT_RE)).toBe(other === shown);
        expect(keepsOrReplacesMasked(typed, shown, BANK_ACCOUNT_RE)).toBe(true);
        for (const bankAccount of [shown, typed]) {
          const body = toUpdateBody({ ...emptyHousehold('211221001001'), address: '某村', bankAccount }, 2);
          expect(HouseholdUpdate.safeParse(body).success).toBe(true);
        }
      }),
    );
  });
});

describe('the household’s heating in the form (ADR 0042)', () => {
  const base = { ...emptyHousehold('211221101200'), address: '一组 1 号' };
  it('sends "not recorded" as null, the area only with central heating, as a number', () => {
    expect(toUpdateBody({ ...base, heatingMode: '' }, 2)).toMatchObject({ heatingMode: null, heatedAreaM2: null });
    expect(toUpdateBody({ ...base, heatingMode: 'central', heatedAreaM2: 56.5 }, 2)).toMatchObject({ heatingMode: 'central', heatedAreaM2: 56.5 });
    expect(toUpdateBody({ ...base, heatingMode: 'central', heatedAreaM2: '60.25' }, 2)).toMatchObject({ heatedAreaM2: 60.25 });
    // An area typed, then the mode changed to dispersed: the area is not sent.
    expect(toUpdateBody({ ...base, heatingMode: 'dispersed', heatedAreaM2: 40 }, 2)).toMatchObject({ heatingMode: 'dispersed', heatedAreaM2: null });
    expect(HouseholdUpdate.safeParse(toUpdateBody({ ...base, heatingMode: 'dispersed', heatedAreaM2: 40 }, 2)).success).toBe(true);
    expect(HouseholdUpdate.safeParse(toUpdateBody({ ...base, heatingMode: 'central' }, 2)).success).toBe(false);
  });
  it('reads a saved household’s heating back into the form; an implausible area is the range’s message', () => {
    const d = { heatingMode: 'central', heatedAreaM2: 72.25 } as Partial<HouseholdDetail>;
    const v = fromDetail({ ...(d as HouseholdDetail), incomes: [], assets: [], members: [] });
    expect(v).toMatchObject({ heatingMode: 'central', heatedAreaM2: 72.25 });
    expect(fromDetail({ heatingMode: null, heatedAreaM2: null, incomes: [], assets: [], members: [] } as unknown as HouseholdDetail).heatingMode).toBe('');
    expect(messageKeyForField(['heatedAreaM2'])).toBe('form.heatedAreaRange');
  });
});
