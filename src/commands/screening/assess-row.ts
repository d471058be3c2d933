import type { DeterminationView } from '../../contracts/policy.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { isAppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PlainDate, PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import type { DisabilityKind, Income, LaborCapacity, Member, Situation, Supporter } from '../../rules/situation.ts';
import { presentDetermination } from '../policy/calculate.ts';

/** A member as the ledger stores what was found (amounts in fen). */
export interface StoredMemberFinding {
  personKey: string;
  birthDate?: string | null;
  laborCapacity: LaborCapacity;
  disability: { kind: DisabilityKind; grade: number } | null;
  seriousIllness: boolean;
  ownIncomeAnnualFen?: number;
  supporter?: Supporter;
  selfCareFailed?: number;
}

/** 核查发现 as stored on the row (JSON). */
export interface StoredFindings {
  incomeAnnualPerCapitaFen: number;
  financialAssetsFen: number;
  vehicles: number;
  members: StoredMemberFinding[];
  note: string;
}

/** A person of the office's household, as the assessment reads them. */
export interface AssessedPerson {
  person_key: string;
  name: string;
  relation: string;
  birth_date: string | null;
  sex: string | null;
  health: 'healthy' | 'chronic' | 'serious' | 'disabled';
  disability_grade: number | null;
  labor_capacity: string;
}

export type OptionKind = 'dibao_household' | 'dibao_individual' | 'tekun';

/** One thing the engine assessed for the row: dibao for the household, or 单人保 / tekun for one member. */
export interface AssessedOption {
  kind: OptionKind;
  personKey: string | null;
  personName: string | null;
  eligible: boolean;
  amountFen: number;
  determination: Determination | null;
  problem: BilingualMessage | null;
}

/** The office's 劳动能力 words → the engine's: 无劳动能力/丧失劳动能力 none, 弱/半/部分 partial, else full. */
export function laborOf(text: string): LaborCapacity {
  if (/无|丧失劳动/.test(text) && !/部分/.test(text)) return 'none';
  if (/弱|半|部分/.test(text)) return 'partial';
  return 'full';
}

/** The office's 与户主关系 words → the engine's relation. */
export function relationOf(text: string, first: boolean): string {
  if (text.includes('户主') || text === '本人') return 'head';
  if (text.includes('配偶') || text === '妻' || text === '夫') return 'spouse';
  if (/子|女/.test(text) && !/孙/.test(text)) return 'child';
  if (/孙/.test(text)) return 'grandchild';
  if (/父|母/.test(text) && !/祖/.test(text)) return 'parent';
  if (/祖/.test(text)) return 'grandparent';
  if (/兄|弟|姐|妹/.test(text)) return 'sibling';
  return first ? 'head' : 'other';
}

/**
 * The findings a ledger row starts from: the office's record of each member (labour capacity, 残疾 with its grade,
 * 患有大病), no income yet. Staff correct what they find.
 */
export function prefilledMembers(persons: readonly AssessedPerson[]): StoredMemberFinding[] {
  return persons.map((p) => ({
    personKey: p.person_key,
    birthDate: p.birth_date,
    laborCapacity: laborOf(p.labor_capacity),
    disability: p.health === 'disabled' && p.disability_grade !== null ? { kind: 'multiple', grade: Number(p.disability_grade) } : null,
    seriousIllness: p.health === 'serious',
  }));
}

const UNKNOWN_BIRTH: BilingualMessage = {
  zh: '有成员缺少出生日期（扶贫办记录无有效身份证号），请在核查发现中填写后再评估',
  en: 'A member has no birth date (no valid ID number in the office’s record); enter it in the findings to assess',
};

/**
 * 评估 The engine's assessment of the situation as found: dibao for the household (income per head as found, assets as
 * found), 单人保 for each member with a severe disability or a serious illness (their own income only), tekun for each
 * member without labour capacity. Pure: the same rules, parameters and month as the calculator and the case assessment
 * (`determine`), so the amounts agree with what a case opened from the row would be assessed at on the same facts.
 */
export function assessFindings(o: { persons: readonly AssessedPerson[]; findings: StoredFindings; county: string; month: PlainMonth; ps: ParameterSet; trace: boolean }): AssessedOption[] {
  const { persons, findings } = o;
  const byKey = new Map(findings.members.map((m) => [m.personKey, m]));
  const prefill = new Map(prefilledMembers(persons).map((m) => [m.personKey, m]));
  let missingBirth = false;
  const members: Member[] = persons.map((p, i) => {
    const f = byKey.get(p.person_key) ?? prefill.get(p.person_key)!;
    const birth = f.birthDate ?? p.birth_date;
    if (!birth) missingBirth = true;
    const m: Member = {
      birthDate: (birth ?? '1900-01-01') as PlainDate,
      relation: relationOf(p.relation, i === 0),
      seriousIllness: f.seriousIllness,
      laborCapacity: f.laborCapacity,
      selfCareFailed: f.selfCareFailed ?? 0,
      supporter: f.supporter ?? 'able',
      status: 'resident',
    };
    if (p.sex === 'M' || p.sex === 'F') m.sex = p.sex;
    if (f.disability) m.disability = { kind: f.disability.kind, grade: f.disability.grade };
    return m;
  });
  const n = members.length;
  const base = (): Situation['household'] => ({
    hukou: 'rural',
    registeredPoor: true,
    members,
    incomes: [],
    deductions: [],
    assets: { financial: findings.financialAssetsFen / 100, vehicles: findings.vehicles },
  });
  const run = (kind: OptionKind, s: Situation | null, who: number | null): AssessedOption => {
    const person = who === null ? null : persons[who];
    const head = { kind, personKey: person?.person_key ?? null, personName: person?.name ?? null };
    if (!s) return { ...head, eligible: false, amountFen: 0, determination: null, problem: UNKNOWN_BIRTH };
    try {
      const d = determine(s, o.ps, { trace: o.trace });
      return { ...head, eligible: d.eligible && d.amount.fen > 0, amountFen: d.eligible ? d.amount.fen : 0, determination: d, problem: null };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { ...head, eligible: false, amountFen: 0, determination: null, problem: e.messages };
    }
  };
  const options: AssessedOption[] = [];
  const householdIncome: Income[] = [{ kind: 'other', annual: (findings.incomeAnnualPerCapitaFen * n) / 100 }];
  options.push(run('dibao_household', missingBirth ? null : { program: 'dibao', month: o.month, county: o.county, unit: 'household', household: { ...base(), incomes: householdIncome } }, null));
  members.forEach((m, i) => {
    const severe = (m.disability !== undefined && m.disability.grade <= 2) || m.seriousIllness;
    const f = byKey.get(persons[i].person_key);
    if (severe) {
      const own: Income[] = [{ kind: 'other', annual: (f?.ownIncomeAnnualFen ?? 0) / 100, member: i }];
      options.push(run('dibao_individual', missingBirth ? null : { program: 'dibao', month: o.month, county: o.county, unit: 'individual', applicant: i, household: { ...base(), incomes: own } }, i));
    }
    if (m.laborCapacity === 'none') {
      options.push(run('tekun', missingBirth ? null : { program: 'tekun', month: o.month, county: o.county, unit: 'household', applicant: i, household: { ...base(), incomes: householdIncome } }, i));
    }
  });
  return options;
}

/** What the row stores of an assessment: the month and per option its kind, member, eligibility and amount. */
export interface StoredAssessment {
  month: string;
  options: { kind: OptionKind; personKey: string | null; eligible: boolean; amountFen: number }[];
}

export function storedAssessment(month: string, options: readonly AssessedOption[]): StoredAssessment {
  return { month, options: options.map((x) => ({ kind: x.kind, personKey: x.personKey, eligible: x.eligible, amountFen: x.amountFen })) };
}

/** An option as the API shows it: the amount in yuan and the engine's explanation (the one presenter of traces). */
export function presentOption(x: AssessedOption, ps: ParameterSet): {
  kind: OptionKind;
  personKey: string | null;
  personName: string | null;
  eligible: boolean;
  amountFen: number;
  amountYuan: string;
  determination: DeterminationView | null;
  problem: BilingualMessage | null;
} {
  return {
    kind: x.kind,
    personKey: x.personKey,
    personName: x.personName,
    eligible: x.eligible,
    amountFen: x.amountFen,
    amountYuan: formatYuan(x.amountFen),
    determination: x.determination ? presentDetermination(x.determination, ps) : null,
    problem: x.problem,
  };
}
