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
 * The columns the mapping reads, as the registry holds them: what every reader must select (the single-household
 * readers take whole rows; the simulation's batch reader, src/db/simulation-source.ts, selects exactly these).
 */
export type RegistryMemberRow = Pick<
  PersonTable,
  'id' | 'birth_date' | 'sex' | 'relation' | 'disability_kind' | 'disability_grade' | 'serious_illness' | 'labor_capacity' | 'self_care_mask' | 'supporter_status'
>;
export type RegistryIncomeRow = Pick<IncomeItemTable, 'kind' | 'annual_fen' | 'person_id'>;
export type RegistryAssetRow = Pick<AssetItemTable, 'kind' | 'value_fen' | 'quantity'>;
export interface RegistryRows {
  household: Pick<HouseholdTable, 'county_code' | 'hukou_type' | 'registered_poor'>;
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
 * simulation all feed it registry rows and get the same `Situation` for the same household and month. It builds the
 * engine's `Situation` directly, without `parseSituation` (the simulation maps ~1M persons), and refuses itself what
 * the registry can hold that the engine cannot determine. Decisions, each the same on every path:
 *
 * - Members born after the benefit month are left out: the registry keeps no history, and a person born later was not
 *   in the household that month (ADR 0007 assesses a past month on today's facts minus later births; a child joins
 *   the unit in its month of birth). A household left with no member, or a person assessed who is left out, is
 *   refused — the case and enrollment paths report the refusal, the simulation does not assess that household.
 * - Members are ordered head first, then by birth date, then by person id (the registry's listing order, made total),
 *   whatever order the reader returned them in: member indices (`applicant`, `income.member`) mean the same person on
 *   every path. Incomes are ordered by earner, kind and amount, for the same reason.
 * - `relation` is the registry's own (head, spouse, child…). No rule reads it today, but membership under nat-2012
 *   Art.5 is defined by kinship, and a situation that says `other` for everyone would state a falsehood in every
 *   explanation; a relation outside the engine's list (only rows written around the registry's API can hold one)
 *   becomes `other`, the engine's word for "not stated".
 * - Each income item stays one income, zero amounts included (a declared "no wage" belongs in the explanation), with
 *   `member` when its earner is a member that month (individual inclusion counts the applicant's own income only).
 *   An income kind the engine does not know counts as `other`: POLICY.md §3 counts disposable income of all kinds and
 *   excludes only the kinds on the dated exclusion list, so an unlisted kind is counted, never dropped and never a
 *   reason to stop a case.
 * - A disability kind or grade, or a supporter status, outside the engine's lists is refused (SITUATION_INVALID,
 *   naming the member): each changes eligibility, and guessing would decide the case. Amounts go from fen to yuan
 *   exactly; assets are summed (financial value, number of vehicles) in fen first.
 */
export function mapRegistry(rows: RegistryRows, a: RegistryAssessment): RegistryMapping {
  const lastDay = lastDayOfMonth(a.month);
  // Each row's fields are read once: the simulation maps every person of the registry.
  const members: Member[] = [];
  const ids: string[] = [];
  let fault: { id: string; field: string } | undefined;
  for (const row of rows.members) {
    const born = row.birth_date;
    if (born > lastDay) continue;
    const id = row.id;
    const m = memberOf(row, born);
    if (m.fault) fault ??= { id, field: m.fault };
    members.push(m.member);
    ids.push(id);
  }
  sortMembers(members, ids);
  if (fault) {
    return invalid(`household.members.${ids.indexOf(fault.id)}.${fault.field}`, {
      zh: '家庭成员的残疾或赡养信息无效，请核实家庭信息',
      en: 'A member’s disability or supporter is not valid; check the household',
    });
  }
  const program = PROGRAM_OF[a.kind];
  const onePerson = program === 'tekun' || a.kind === 'dibao_individual';
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
    incomes: incomesOf(rows.incomes, ids),
    deductions: [],
    assets: assetsOf(rows.assets),
  };
  const situation: Situation = { program, month: a.month, county: rows.household.county_code, unit: a.kind === 'dibao_individual' ? 'individual' : 'household', household };
  if (onePerson) situation.applicant = applicant;
  return { ok: true, situation };
}

/** The mapping for a command: a refusal is thrown, as the user's error. */
export function situationFromRegistry(rows: RegistryRows, a: RegistryAssessment): Situation {
  const r = mapRegistry(rows, a);
  if (!r.ok) throw r.error;
  return r.situation;
}

/** One member, and the field the engine cannot take if there is one. */
function memberOf(p: RegistryMemberRow, born: string): { member: Member; fault?: 'disability' | 'supporter' } {
  const supporter = p.supporter_status;
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
    supporter: supporter as Supporter,
    status: 'resident',
  };
  if (kind && grade !== null) {
    const g = Number(grade);
    if (!DISABILITY_SET.has(kind) || !Number.isInteger(g) || g < 1 || g > 4) return { member, fault: 'disability' };
    member.disability = { kind: kind as DisabilityKind, grade: g };
  }
  return SUPPORTER_SET.has(supporter) ? { member } : { member, fault: 'supporter' };
}

/** Six self-care items (src/commands/registry/person-row.ts), one bit each: the number failed is the number of bits set. */
function failedItems(mask: number): number {
  let n = 0;
  for (let m = mask & 0b111111; m !== 0; m &= m - 1) n++;
  return n;
}

/** Head first, then by birth date, then by person id: an insertion sort, as a household has a handful of members. */
function sortMembers(members: Member[], ids: string[]): void {
  for (let i = 1; i < members.length; i++) {
    const m = members[i];
    const id = ids[i];
    let j = i - 1;
    while (j >= 0 && memberAfter(members[j], ids[j], m, id)) {
      members[j + 1] = members[j];
      ids[j + 1] = ids[j];
      j--;
    }
    members[j + 1] = m;
    ids[j + 1] = id;
  }
}

function memberAfter(a: Member, aId: string, b: Member, bId: string): boolean {
  const ah = a.relation === 'head';
  if (ah !== (b.relation === 'head')) return !ah;
  return a.birthDate !== b.birthDate ? a.birthDate > b.birthDate : aId > bId;
}

/**
 * The household's incomes, each with its earner when a member, in an order of their own: by earner (members in
 * order, then incomes of no member), kind (the engine's list) and amount — the same whichever order a reader gave.
 * A household has a handful: an insertion sort.
 */
function incomesOf(rows: readonly RegistryIncomeRow[], ids: readonly string[]): Income[] {
  const out: Income[] = [];
  for (const x of rows) {
    const kind = x.kind;
    const earner = x.person_id;
    const member = earner === null ? -1 : ids.indexOf(earner);
    const known = (KIND_RANK.has(kind) ? kind : 'other') as IncomeKind;
    const annual = Number(x.annual_fen) / 100;
    const income: Income = member >= 0 ? { kind: known, annual, member } : { kind: known, annual };
    let j = out.length - 1;
    for (; j >= 0 && incomeAfter(out[j], income); j--) out[j + 1] = out[j];
    out[j + 1] = income;
  }
  return out;
}

function incomeAfter(a: Income, b: Income): boolean {
  const am = a.member ?? Number.MAX_SAFE_INTEGER;
  const bm = b.member ?? Number.MAX_SAFE_INTEGER;
  if (am !== bm) return am > bm;
  if (a.kind !== b.kind) return (KIND_RANK.get(a.kind) as number) > (KIND_RANK.get(b.kind) as number);
  return a.annual > b.annual;
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
