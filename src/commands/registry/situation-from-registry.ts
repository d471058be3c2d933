import { RELATIONS } from '../../contracts/registry.ts';
import type { AssetItemTable, HouseholdTable, IncomeItemTable, PersonTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { lastDayOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import {
  DISABILITY_KINDS,
  type DisabilityKind,
  type Household,
  INCOME_KINDS,
  type Income,
  type IncomeKind,
  type Member,
  type Situation,
  SUPPORTERS,
  type Supporter,
} from '../../rules/situation.ts';
import type { CaseKind } from '../../workflow/case-types.ts';
import { PROGRAM_OF } from '../../workflow/case-types.ts';

/** The registry rows of one household, whole, as the single-household readers return them. */
export interface RegistryFacts {
  household: HouseholdTable;
  members: PersonTable[];
  incomes: IncomeItemTable[];
  assets: AssetItemTable[];
}

/**
 * The columns the mapping reads, as the registry holds them: what every reader must select. The single-household
 * readers take whole rows; the simulation's batch reader (src/db/simulation-source.ts) selects what a household unit
 * needs: no person ids (read only to find the person assessed and the earners of 单人保) and incomes already summed
 * per kind (as the mapping sums them for a household unit).
 */
export type RegistryMemberRow = Pick<
  PersonTable,
  'birth_date' | 'sex' | 'relation' | 'disability_kind' | 'disability_grade' | 'serious_illness' | 'labor_capacity' | 'self_care_mask' | 'supporter_status'
> &
  Partial<Pick<PersonTable, 'id'>>;
export type RegistryIncomeRow = Pick<IncomeItemTable, 'kind' | 'annual_fen'> & Partial<Pick<IncomeItemTable, 'person_id'>>;
export type RegistryAssetRow = Pick<AssetItemTable, 'kind' | 'value_fen' | 'quantity'>;
export interface RegistryRows {
  /** The heating columns exist from migration 0028 on; a reader that leaves them out maps no heating. */
  household: Pick<HouseholdTable, 'county_code' | 'hukou_type' | 'registered_poor'> & Partial<Pick<HouseholdTable, 'heating_mode' | 'heated_area_dm2'>>;
  members: readonly RegistryMemberRow[];
  incomes: readonly RegistryIncomeRow[];
  assets: readonly RegistryAssetRow[];
}

/** What is assessed: the case kind (program and unit), the benefit month, and for tekun and 单人保 the person assessed. */
export interface RegistryAssessment {
  kind: CaseKind;
  month: PlainMonth;
  /** Required for tekun and individual inclusion; for a household unit, when given, it must be a member that month. */
  applicantPersonId?: string;
}

export type RegistryMapping = { ok: true; situation: Situation } | { ok: false; error: AppError };

const RELATION_SET: ReadonlySet<string> = new Set(RELATIONS);
const KIND_RANK: ReadonlyMap<string, number> = new Map(INCOME_KINDS.map((k, i) => [k, i]));
const DISABILITY_SET: ReadonlySet<string> = new Set(DISABILITY_KINDS);
const SUPPORTER_SET: ReadonlySet<string> = new Set(SUPPORTERS);

/**
 * 登记信息 → 认定情形: the one mapping from the registry to the policy engine's situation. Pure (no database, no
 * clock): the case path (assess/approve), the enrollment path (recalculation, review, schedules) and the what-if
 * simulation all feed it registry rows and get the same `Situation` for the same household, month and unit. It builds
 * the engine's `Situation` directly, without `parseSituation` (the simulation maps ~1M persons), and refuses itself
 * what the registry can hold that the engine cannot determine. Decisions, each the same on every path:
 *
 * - Members born after the benefit month are left out: the registry keeps no history, and a person born later was not
 *   in the household that month (ADR 0007 assesses a past month on today's facts minus later births; a child joins
 *   the unit in its month of birth). A household left with no member, or a person assessed who is left out, is
 *   refused — the case and enrollment paths report the refusal, the simulation does not assess that household.
 * - `relation` is the registry's own (head, spouse, child…). No rule reads it today, but membership under nat-2012
 *   Art.5 is defined by kinship, and a situation that says `other` for everyone would state a falsehood in every
 *   explanation; a relation outside the engine's list (only rows written around the registry's API can hold one)
 *   becomes `other`, the engine's word for "not stated".
 * - Incomes are summed per kind, exactly in fen, zero sums kept (a declared "no wage" belongs in the explanation); for
 *   individual inclusion per earner and kind, the earner named as `member`. The situation carries income at the
 *   grain its unit counts it: a household unit counts everyone's income by kind (exclusions are by kind), 单人保 the
 *   person's own only (seed 二(二)). An income kind the engine does not know counts as `other`: POLICY.md §3 counts
 *   disposable income of all kinds and excludes only the kinds on the dated exclusion list, so an unlisted kind is
 *   counted, never dropped and never a reason to stop a case.
 * - Members are ordered head first, then by birth date, then by their facts, then by person id; incomes by earner
 *   (members in order, then no earner) and kind (the engine's list): whatever order a reader returned the rows in,
 *   the situation is the same, and member indices (`applicant`, `income.member`) mean the same person on every path.
 *   (Members alike in every fact are interchangeable: the batch reader, which reads no ids, may list them either way.)
 * - A disability kind or grade, or a supporter status, outside the engine's lists is refused (SITUATION_INVALID,
 *   naming the member): each changes eligibility, and guessing would decide the case. Assets are summed in fen
 *   (financial value) and counted (vehicles).
 * - The household's heating (ADR 0042) goes into `heating` as recorded: central with its area (hundredths of a m² made
 *   m², exactly), dispersed (no area). No heating (`none`) or none recorded: no `heating` at all — which rule reads
 *   that, and how (the season's exceptions, issue 14), is the heating programme's business, not the mapping's.
 */
export function mapRegistry(rows: RegistryRows, a: RegistryAssessment): RegistryMapping {
  const lastDay = lastDayOfMonth(a.month);
  const individual = a.kind === 'dibao_individual';
  const onePerson = individual || PROGRAM_OF[a.kind] === 'tekun';
  // Each row's fields are read once, ids only when a person must be found: the simulation maps every person.
  const withIds = individual || a.applicantPersonId !== undefined;
  const members: Member[] = [];
  const ids: string[] = [];
  let fault: { member: Member; field: string } | undefined;
  for (const row of rows.members) {
    const born = row.birth_date;
    if (born > lastDay) continue;
    const m = memberOf(row, born);
    if (!fault) {
      if (m.disability && !isDisability(m.disability)) fault = { member: m, field: 'disability' };
      else if (!SUPPORTER_SET.has(m.supporter as string)) fault = { member: m, field: 'supporter' };
    }
    members.push(m);
    if (withIds) ids.push(row.id ?? '');
  }
  sortMembers(members, withIds ? ids : null);
  if (fault) {
    return invalid(`household.members.${members.indexOf(fault.member)}.${fault.field}`, {
      zh: '家庭成员的残疾或赡养信息无效，请核实家庭信息',
      en: 'A member’s disability or supporter is not valid; check the household',
    });
  }
  const applicant = a.applicantPersonId === undefined ? -1 : ids.indexOf(a.applicantPersonId);
  if (applicant < 0 && (onePerson || a.applicantPersonId !== undefined)) {
    return refusal(
      'APPLICANT_NOT_IN_HOUSEHOLD',
      { zh: '申请人已不在该家庭中，请先核实家庭成员', en: 'The applicant is no longer a member of the household; check the members first' },
      { status: 409, field: 'applicantPersonId' },
    );
  }
  if (members.length === 0) {
    return invalid('household.members', { zh: '该月份家庭中没有成员，请核实家庭信息', en: 'The household had no member in that month; check the household' });
  }
  const household: Household = {
    hukou: rows.household.hukou_type,
    registeredPoor: Number(rows.household.registered_poor) === 1,
    members,
    incomes: incomesOf(rows.incomes, individual ? ids : null),
    deductions: [],
    assets: assetsOf(rows.assets),
  };
  const situation: Situation = { program: PROGRAM_OF[a.kind], month: a.month, county: rows.household.county_code, unit: individual ? 'individual' : 'household', household };
  if (onePerson) situation.applicant = applicant;
  const heating = heatingOf(rows.household);
  if (heating) situation.heating = heating;
  return { ok: true, situation };
}

/** The mapping for a command: a refusal is thrown, as the user's error. */
export function situationFromRegistry(rows: RegistryRows, a: RegistryAssessment): Situation {
  const r = mapRegistry(rows, a);
  if (!r.ok) throw r.error;
  return r.situation;
}

/** One member, as the registry holds them (checked by the caller: the disability and the supporter may be unknown). */
function memberOf(p: RegistryMemberRow, born: string): Member {
  const relation = p.relation;
  const kind = p.disability_kind;
  const grade = p.disability_grade;
  const member: Member = {
    birthDate: born as PlainDate,
    sex: p.sex,
    relation: RELATION_SET.has(relation) ? relation : 'other',
    seriousIllness: Number(p.serious_illness) === 1,
    laborCapacity: p.labor_capacity,
    selfCareFailed: failedItems(Number(p.self_care_mask)),
    supporter: p.supporter_status as Supporter,
    status: 'resident',
  };
  if (kind && grade !== null) member.disability = { kind: kind as DisabilityKind, grade: Number(grade) };
  return member;
}

const isDisability = (d: { kind: string; grade: number }): boolean => DISABILITY_SET.has(d.kind) && Number.isInteger(d.grade) && d.grade >= 1 && d.grade <= 4;

/** Six self-care items (src/commands/registry/person-row.ts), one bit each: the number failed is the number of bits set. */
function failedItems(mask: number): number {
  let n = 0;
  for (let m = mask & 0b111111; m !== 0; m &= m - 1) n++;
  return n;
}

/** Sorts the members (and their ids, when read) in the mapping's order: an insertion sort, as a household has a handful. */
function sortMembers(members: Member[], ids: string[] | null): void {
  for (let i = 1; i < members.length; i++) {
    const m = members[i];
    const id = ids?.[i] ?? '';
    let j = i - 1;
    while (j >= 0 && compareMembers(members[j], ids?.[j] ?? '', m, id) > 0) {
      members[j + 1] = members[j];
      if (ids) ids[j + 1] = ids[j];
      j--;
    }
    members[j + 1] = m;
    if (ids) ids[j + 1] = id;
  }
}

const text = (a: string | undefined, b: string | undefined): number => (a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1);
const num = (a: number | undefined, b: number | undefined): number => (a ?? -1) - (b ?? -1);

/** Head first, then by birth date, then by the member's facts, then by person id (when read). */
function compareMembers(a: Member, aId: string, b: Member, bId: string): number {
  const ah = a.relation === 'head';
  if (ah !== (b.relation === 'head')) return ah ? -1 : 1;
  if (a.birthDate !== b.birthDate) return a.birthDate < b.birthDate ? -1 : 1;
  return (
    text(a.sex, b.sex) ||
    text(a.relation, b.relation) ||
    text(a.disability?.kind, b.disability?.kind) ||
    num(a.disability?.grade, b.disability?.grade) ||
    Number(a.seriousIllness) - Number(b.seriousIllness) ||
    text(a.laborCapacity, b.laborCapacity) ||
    num(a.selfCareFailed, b.selfCareFailed) ||
    text(a.supporter, b.supporter) ||
    text(aId, bId)
  );
}

/**
 * The incomes summed per kind — and per earner and kind when `ids` (individual inclusion) names the members —
 * ordered by earner (members in order, then no earner) and by kind in the engine's list. Sums are kept in fen, then
 * made yuan once.
 */
function incomesOf(rows: readonly RegistryIncomeRow[], ids: readonly string[] | null): Income[] {
  const out: Income[] = [];
  for (const x of rows) {
    const raw = x.kind;
    const kind = (KIND_RANK.has(raw) ? raw : 'other') as IncomeKind;
    const earner = ids === null || x.person_id == null ? -1 : ids.indexOf(x.person_id);
    const fen = Number(x.annual_fen);
    const same = out.find((i) => i.kind === kind && (i.member ?? -1) === earner);
    if (same) {
      same.annual += fen;
      continue;
    }
    const income: Income = earner >= 0 ? { kind, annual: fen, member: earner } : { kind, annual: fen };
    let j = out.length - 1;
    for (; j >= 0 && incomeAfter(out[j], income); j--) out[j + 1] = out[j];
    out[j + 1] = income;
  }
  for (const i of out) i.annual /= 100;
  return out;
}

/** Members in order, then no earner; within an earner, the engine's order of kinds. */
function incomeAfter(a: Income, b: Income): boolean {
  const am = a.member ?? Number.MAX_SAFE_INTEGER;
  const bm = b.member ?? Number.MAX_SAFE_INTEGER;
  return am !== bm ? am > bm : (KIND_RANK.get(a.kind) as number) > (KIND_RANK.get(b.kind) as number);
}

/** Financial assets summed in fen (then yuan, exactly), vehicles counted. */
function assetsOf(rows: readonly RegistryAssetRow[]): Household['assets'] {
  let financialFen = 0;
  let vehicles = 0;
  for (const x of rows) {
    const kind = x.kind;
    if (kind === 'financial') financialFen += Number(x.value_fen);
    else if (kind === 'vehicle') vehicles += Number(x.quantity);
  }
  return { financial: financialFen / 100, vehicles };
}

/** Central heating with its area, dispersed heating; nothing for no heating or none recorded. */
function heatingOf(h: RegistryRows['household']): Situation['heating'] {
  const mode = h.heating_mode;
  if (mode === 'dispersed') return { mode, area: 0 };
  if (mode === 'central' && h.heated_area_dm2 != null) return { mode, area: Number(h.heated_area_dm2) / 100 };
  return undefined;
}

let lastMonth = '';
let lastMonthDay = '' as PlainDate;
/** `lastDayOf`, remembered for the month of the previous call (a simulation maps every household for one month). */
function lastDayOfMonth(m: PlainMonth): PlainDate {
  if (m !== lastMonth) {
    lastMonthDay = lastDayOf(m);
    lastMonth = m;
  }
  return lastMonthDay;
}

function refusal(code: string, message: { zh: string; en: string }, o: { status: number; field: string; details?: unknown }): RegistryMapping {
  return { ok: false, error: new AppError(code, message, o) };
}

const invalid = (field: string, message: { zh: string; en: string }): RegistryMapping =>
  refusal('SITUATION_INVALID', message, { status: 422, field, details: { issues: [field] } });
