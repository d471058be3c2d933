import type {
  AssetInput,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdUpdate,
  IncomeInput,
  PersonInput,
  PersonView,
  HeatingMode,
} from '#contracts/registry.ts';
import { parseIdNumber } from '#kernel/id-number.ts';
import type { PlainDate } from '#kernel/plain-date.ts';

/**
 * What the household form holds, and how it becomes an API body. Pure functions, so the mapping that decides
 * what reaches the server is tested without a browser.
 */
export interface MemberValues {
  idNumber?: string;
  name?: string;
  relation?: PersonInput['relation'];
  disabilityKind?: PersonInput['disabilityKind'];
  disabilityGrade?: number | null;
  seriousIllness?: boolean;
  laborCapacity?: PersonInput['laborCapacity'];
  selfCareFailed?: PersonInput['selfCareFailed'];
  supporterStatus?: PersonInput['supporterStatus'];
  inSchool?: boolean;
}

export interface IncomeValues {
  kind?: IncomeInput['kind'];
  annualYuan?: string;
  personIndex?: number | null;
  note?: string | null;
}

export interface AssetValues {
  kind?: AssetInput['kind'];
  valueYuan?: string;
  quantity?: number | null;
  note?: string | null;
}

export interface HouseholdFormValues {
  areaCode?: string;
  address?: string;
  hukouType?: HouseholdCreate['hukouType'];
  registeredPoor?: boolean;
  bankName?: string | null;
  bankAccount?: string | null;
  phone?: string | null;
  members?: MemberValues[];
  incomes?: IncomeValues[];
  assets?: AssetValues[];
  /** 取暖方式: '' (the form's "not recorded") or a mode; the area only for central heating (ADR 0042). */
  heatingMode?: HeatingMode | '' | null;
  heatedAreaM2?: number | string | null;
}

/** A field's path as antd's Form names it: `members.1.idNumber` → ['members', 1, 'idNumber']. */
export type FieldPath = (string | number)[];

export function emptyMember(relation: PersonInput['relation'] | undefined): MemberValues {
  return {
    relation,
    seriousIllness: false,
    laborCapacity: 'full',
    selfCareFailed: [],
    supporterStatus: 'none',
    inSchool: false,
    disabilityKind: null,
    disabilityGrade: null,
  };
}

export function emptyHousehold(areaCode: string | undefined): HouseholdFormValues {
  return { areaCode, hukouType: 'rural', registeredPoor: false, heatingMode: '', members: [emptyMember('head')], incomes: [], assets: [] };
}

/** Blank optional text is "not given" (null), not an empty string the server would reject as malformed. */
function optionalText(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

export function normaliseIdNumber(s: string | undefined): string {
  return (s ?? '').trim().toUpperCase();
}

export function toPersonInput(m: MemberValues): PersonInput {
  const disabilityKind = m.disabilityKind ?? null;
  return {
    idNumber: normaliseIdNumber(m.idNumber),
    name: (m.name ?? '').trim(),
    relation: m.relation as PersonInput['relation'],
    disabilityKind,
    disabilityGrade: disabilityKind ? (m.disabilityGrade ?? null) : null,
    seriousIllness: m.seriousIllness ?? false,
    laborCapacity: m.laborCapacity as PersonInput['laborCapacity'],
    selfCareFailed: m.selfCareFailed ?? [],
    supporterStatus: m.supporterStatus ?? 'none',
    inSchool: m.inSchool ?? false,
  };
}

/** The heating as the API takes it: "not recorded" is null, the area only with central heating. */
export function heatingBody(v: HouseholdFormValues): { heatingMode: HeatingMode | null; heatedAreaM2: number | null } {
  const mode = v.heatingMode ? v.heatingMode : null;
  const area = typeof v.heatedAreaM2 === 'string' ? (v.heatedAreaM2.trim() === '' ? null : Number(v.heatedAreaM2)) : (v.heatedAreaM2 ?? null);
  return { heatingMode: mode, heatedAreaM2: mode === 'central' ? area : null };
}

function householdFields(v: HouseholdFormValues) {
  return {
    ...heatingBody(v),
    areaCode: v.areaCode ?? '',
    address: (v.address ?? '').trim(),
    hukouType: v.hukouType ?? 'rural',
    registeredPoor: v.registeredPoor ?? false,
    bankName: optionalText(v.bankName),
    bankAccount: optionalText(v.bankAccount),
    phone: optionalText(v.phone),
    incomes: (v.incomes ?? []).map(
      (i): IncomeInput => ({
        kind: i.kind as IncomeInput['kind'],
        annualYuan: (i.annualYuan ?? '').trim(),
        personIndex: i.personIndex ?? null,
        note: optionalText(i.note),
      }),
    ),
    assets: (v.assets ?? []).map(
      (a): AssetInput => ({
        kind: a.kind as AssetInput['kind'],
        valueYuan: (a.valueYuan ?? '').trim(),
        quantity: a.quantity ?? 1,
        note: optionalText(a.note),
      }),
    ),
  };
}

export function toCreateBody(v: HouseholdFormValues): HouseholdCreate {
  return { ...householdFields(v), members: (v.members ?? []).map(toPersonInput) };
}

export function toUpdateBody(v: HouseholdFormValues, version: number): HouseholdUpdate {
  return { ...householdFields(v), version };
}

/** Edit form values from a saved household; an income's member becomes its index in `detail.members`. */
export function fromDetail(d: HouseholdDetail): HouseholdFormValues {
  return {
    areaCode: d.areaCode,
    address: d.address,
    hukouType: d.hukouType,
    registeredPoor: d.registeredPoor,
    bankName: d.bankName,
    bankAccount: d.bankAccount,
    phone: d.phone,
    heatingMode: d.heatingMode ?? '',
    heatedAreaM2: d.heatedAreaM2,
    incomes: d.incomes.map((i) => {
      const idx = i.personId ? d.members.findIndex((m) => m.id === i.personId) : -1;
      return { kind: i.kind, annualYuan: i.annualYuan, personIndex: idx >= 0 ? idx : null, note: i.note };
    }),
    assets: d.assets.map((a) => ({ kind: a.kind, valueYuan: a.valueYuan, quantity: a.quantity, note: a.note })),
  };
}

export function memberFromPerson(p: PersonView): MemberValues {
  return {
    idNumber: p.idNumber,
    name: p.name,
    relation: p.relation,
    disabilityKind: p.disabilityKind,
    disabilityGrade: p.disabilityGrade,
    seriousIllness: p.seriousIllness,
    laborCapacity: p.laborCapacity,
    selfCareFailed: p.selfCareFailed,
    supporterStatus: p.supporterStatus,
    inSchool: p.inSchool,
  };
}

/** A bank account (社保卡号) as the form accepts it: 8 to 30 digits. */
export const BANK_ACCOUNT_RE = /^\d{8,30}$/;
/** A phone number as the form accepts it: digits, +, - and spaces, 5 to 20 of them. */
export const PHONE_RE = /^[0-9+\- ]{5,20}$/;

/**
 * Whether a personal field (bank account, phone) may be saved as typed when the server sent it masked (ADR 0012):
 * left empty, or the mask itself unchanged (which keeps the stored value), or a whole new value of the right form.
 * An edited mask ("****5679" for "****5678") is neither, so it is refused rather than stored as typed.
 */
export function keepsOrReplacesMasked(value: string | null | undefined, kept: string | null, pattern: RegExp): boolean {
  const v = (value ?? '').trim();
  return v === '' || (kept !== null && v === kept) || pattern.test(v);
}

/** The message key a form check raised, and where. Keys are i18n keys; `values` fill their placeholders. */
export interface FieldProblem {
  name: FieldPath;
  key: string;
  values?: Record<string, string | number>;
}

/**
 * Checks across members that no single field rule can make: one head per household, and no ID number twice
 * (the server refuses both as well; catching them here puts the message on the right member at once).
 */
export function crossMemberProblems(members: MemberValues[], today: PlainDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const heads = members.flatMap((m, i) => (m.relation === 'head' ? [i] : []));
  if (members.length > 0 && heads.length === 0) problems.push({ name: ['members', 0, 'relation'], key: 'form.oneHead' });
  for (const i of heads.slice(1)) problems.push({ name: ['members', i, 'relation'], key: 'form.oneHead' });
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const r = parseIdNumber(m.idNumber ?? '', { today });
    if (!r.ok) return;
    const first = seen.get(r.value.id18);
    if (first === undefined) seen.set(r.value.id18, i);
    else problems.push({ name: ['members', i, 'idNumber'], key: 'form.idDuplicate', values: { n: first + 1 } });
  });
  return problems;
}

/** Server and zod paths in any of the usual spellings (`members.1.idNumber`, `members[1].idNumber`). */
export function fieldPath(field: string | (string | number | symbol)[]): FieldPath {
  const parts = Array.isArray(field) ? field.map((p) => (typeof p === 'symbol' ? String(p.description) : p)) : field.split(/[.[\]/]+/);
  return parts
    .map((p) => (typeof p === 'number' ? p : p.trim()))
    .filter((p) => p !== '')
    .map((p) => (typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p));
}

/** The message shown for a schema failure, chosen by the field it concerns. */
export function messageKeyForField(path: FieldPath): string {
  const last = String(path[path.length - 1] ?? '');
  const keys: Record<string, string> = {
    areaCode: 'form.areaRequired',
    address: 'form.addressRequired',
    idNumber: 'form.idRequired',
    name: 'form.nameRequired',
    relation: 'form.relationRequired',
    annualYuan: 'form.amountFormat',
    valueYuan: 'form.amountFormat',
    bankAccount: 'form.bankAccountFormat',
    phone: 'form.phoneFormat',
    kind: 'form.kindRequired',
    disabilityGrade: 'form.disabilityGradeRequired',
    heatedAreaM2: 'form.heatedAreaRange',
  };
  return keys[last] ?? 'form.fixFields';
}
