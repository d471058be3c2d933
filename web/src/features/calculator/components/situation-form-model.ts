import type { TemporaryCategory } from '#contracts/temporary.ts';
import type { SituationBody } from '#contracts/policy.ts';
import { type HouseholdDetail, INCOME_KINDS, RELATIONS } from '#contracts/registry.ts';
import { parseYuan } from '#kernel/money.ts';

/**
 * The calculator's form values and their mapping to the engine's situation (docs/situation.schema.json). The
 * engine validates; this module only shapes: it never decides eligibility or rounds money.
 */
export const PROGRAM_OPTIONS = ['dibao', 'tekun', 'heating', 'temporary'] as const;
/** The registry's relations and income kinds: a registered household loads into the form as it is (fromHousehold). */
export const RELATION_OPTIONS = RELATIONS;
export const DISABILITY_OPTIONS = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'] as const;
export const SUPPORTER_OPTIONS = ['none', 'able', 'unable', 'tekun', 'dibao_severe', 'missing', 'imprisoned'] as const;
export const STATUS_OPTIONS = ['resident', 'imprisoned', 'clergy'] as const;
export const INCOME_OPTIONS = INCOME_KINDS;

export interface MemberValues {
  /** Shown only (from a registered household); never sent. */
  name?: string;
  idNumber?: string;
  birthDate?: string;
  relation: (typeof RELATION_OPTIONS)[number];
  disabilityKind?: (typeof DISABILITY_OPTIONS)[number] | null;
  disabilityGrade?: number | null;
  seriousIllness: boolean;
  laborCapacity: 'full' | 'partial' | 'none';
  /** Number of the six self-care items failed; unset when not assessed. */
  selfCareFailed?: number | null;
  supporter?: (typeof SUPPORTER_OPTIONS)[number] | null;
  status: (typeof STATUS_OPTIONS)[number];
}

export interface IncomeValues {
  kind: (typeof INCOME_OPTIONS)[number];
  annual: number | null;
  member?: number | null;
}

export interface SituationFormValues {
  program: (typeof PROGRAM_OPTIONS)[number];
  month: string;
  county: string;
  unit: 'household' | 'individual';
  applicant: number;
  hukou: 'rural' | 'urban';
  registeredPoor: boolean;
  members: MemberValues[];
  incomes: IncomeValues[];
  financial: number | null;
  vehicles: number | null;
  heatingMode: 'central' | 'dispersed';
  heatingArea: number | null;
  temporaryType: 'emergency' | 'expenditure';
  /** 类别 (ADR 0038): optional; without one the county's normal maximum applies. */
  temporaryCategory?: TemporaryCategory;
  temporaryNeed: number | null;
}

export function blankMember(relation: MemberValues['relation'] = 'other'): MemberValues {
  return { relation, seriousIllness: false, laborCapacity: 'full', status: 'resident', disabilityKind: null, selfCareFailed: null, supporter: null };
}

export function emptyValues(county: string, month: string): SituationFormValues {
  return {
    program: 'dibao',
    month,
    county,
    unit: 'household',
    applicant: 0,
    hukou: 'rural',
    registeredPoor: false,
    members: [blankMember('head')],
    incomes: [],
    financial: 0,
    vehicles: 0,
    heatingMode: 'dispersed',
    heatingArea: 0,
    temporaryType: 'emergency',
    temporaryNeed: null,
  };
}

/** POLICY.md §3 worked example: 铁岭县, rural, 2019-08, a household of 3 with 6,000 yuan a year → 692.50. */
export function workedExample(): SituationFormValues {
  return {
    ...emptyValues('211221', '2019-08'),
    members: [
      { ...blankMember('head'), birthDate: '1970-03-01' },
      { ...blankMember('spouse'), birthDate: '1972-05-01' },
      { ...blankMember('child'), birthDate: '2008-09-01', laborCapacity: 'none' },
    ],
    incomes: [{ kind: 'wage', annual: 6000, member: null }],
  };
}

const set = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/**
 * A registered member's ID number comes masked (211221********0017, ADR 0012): it names the person on the form but
 * cannot be read, so the birth date the server sent with it stands in for it.
 */
export const isMaskedId = (id: string) => id.includes('*');

export function toSituation(v: SituationFormValues): SituationBody {
  const tekunOrIndividual = v.program === 'tekun' || (v.program === 'dibao' && v.unit === 'individual');
  return {
    program: v.program,
    month: v.month,
    county: v.county,
    ...(v.program === 'dibao' ? { unit: v.unit } : {}),
    ...(tekunOrIndividual ? { applicant: v.applicant } : {}),
    household: {
      hukou: v.hukou,
      registeredPoor: v.registeredPoor,
      members: v.members.map((m) => {
        const id = set(m.idNumber) && !isMaskedId(m.idNumber) ? m.idNumber.trim() : undefined;
        return {
          ...(id ? { id } : {}),
          ...(set(m.birthDate) && !id ? { birthDate: m.birthDate } : {}),
          relation: m.relation,
          ...(set(m.disabilityKind) ? { disability: { kind: m.disabilityKind, grade: m.disabilityGrade ?? 0 } } : {}),
          seriousIllness: m.seriousIllness,
          laborCapacity: m.laborCapacity,
          ...(set(m.selfCareFailed) ? { selfCareFailed: m.selfCareFailed } : {}),
          ...(set(m.supporter) ? { supporter: m.supporter } : {}),
          status: m.status,
        };
      }),
      incomes: v.incomes.map((i) => ({ kind: i.kind, annual: i.annual ?? 0, ...(set(i.member) ? { member: i.member } : {}) })),
      assets: { financial: v.financial ?? 0, vehicles: v.vehicles ?? 0 },
    },
    ...(v.program === 'heating' ? { heating: { mode: v.heatingMode, area: v.heatingMode === 'central' ? (v.heatingArea ?? 0) : 0 } } : {}),
    ...(v.program === 'temporary'
      ? { temporary: { type: v.temporaryType, ...(v.temporaryCategory ? { category: v.temporaryCategory } : {}), need: v.temporaryNeed ?? 0 } }
      : {}),
  };
}

const MEMBER_FIELDS: Record<string, string> = { id: 'idNumber', 'disability.kind': 'disabilityKind', 'disability.grade': 'disabilityGrade', disability: 'disabilityKind' };
const TOP_FIELDS: Record<string, (string | number)[]> = {
  program: ['program'], month: ['month'], county: ['county'], unit: ['unit'], applicant: ['applicant'],
  'household.hukou': ['hukou'], 'household.registeredPoor': ['registeredPoor'], 'household.members': ['members'],
  'household.assets.financial': ['financial'], 'household.assets.vehicles': ['vehicles'],
  heating: ['heatingMode'], 'heating.mode': ['heatingMode'], 'heating.area': ['heatingArea'],
  temporary: ['temporaryNeed'], 'temporary.type': ['temporaryType'], 'temporary.category': ['temporaryCategory'], 'temporary.need': ['temporaryNeed'],
};

/** The form field a server error names (`household.members.0.id` → ['members', 0, 'idNumber']); null if none. */
export function formFieldOf(path: string | undefined): (string | number)[] | null {
  if (!path) return null;
  const top = TOP_FIELDS[path];
  if (top) return top;
  const m = /^household\.(members|incomes)\.(\d+)\.(.+)$/.exec(path);
  if (!m) return null;
  const [, list, index, rest] = m;
  return [list, Number(index), list === 'members' ? (MEMBER_FIELDS[rest] ?? rest) : rest];
}

/**
 * A registered household as calculator input: its county, members (their ID numbers masked as the server sends them,
 * with the birth date they stand for), incomes and assets.
 */
export function fromHousehold(h: HouseholdDetail, keep: Pick<SituationFormValues, 'program' | 'month'>): SituationFormValues {
  const index = new Map(h.members.map((m, i) => [m.id, i]));
  const fenOf = (yuan: string) => parseYuan(yuan) ?? 0;
  const financialFen = h.assets.filter((a) => a.kind === 'financial').reduce((s, a) => s + fenOf(a.valueYuan), 0);
  return {
    ...emptyValues(h.countyCode, keep.month),
    program: keep.program,
    hukou: h.hukouType,
    registeredPoor: h.registeredPoor,
    members: h.members.map((p) => ({
      name: p.name,
      idNumber: p.idNumber,
      birthDate: p.birthDate,
      relation: p.relation,
      disabilityKind: p.disabilityKind,
      disabilityGrade: p.disabilityGrade,
      seriousIllness: p.seriousIllness,
      laborCapacity: p.laborCapacity,
      selfCareFailed: p.selfCareFailed.length,
      supporter: p.supporterStatus,
      status: 'resident',
    })),
    incomes: h.incomes.map((i) => ({ kind: i.kind, annual: fenOf(i.annualYuan) / 100, member: i.personId ? (index.get(i.personId) ?? null) : null })),
    financial: financialFen / 100,
    vehicles: h.assets.filter((a) => a.kind === 'vehicle').reduce((s, a) => s + a.quantity, 0),
  };
}
