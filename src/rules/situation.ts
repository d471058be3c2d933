import { z } from 'zod';
import { amountProblem, YuanAmount } from '../contracts/money.ts';
import { countyOf } from '../kernel/division-code.ts';
import { isAppError } from '../kernel/errors.ts';
import { parseIdNumber } from '../kernel/id-number.ts';
import { lastDayOf, parsePlainDate, parsePlainMonth, type PlainDate, type PlainMonth } from '../kernel/plain-date.ts';
import { categoryType, TEMPORARY_CATEGORIES, type TemporaryCategory } from './temporary/categories.ts';

/**
 * The situation a determination is made for: one household (or person) in one county and month. This is
 * the format outside tools use to drive the engine (`doudi calc`, docs/situation.schema.json).
 */
export const PROGRAMS = ['dibao', 'tekun', 'heating', 'temporary'] as const;
export const INCOME_KINDS = [
  'wage', 'business', 'property', 'transfer', 'pension', 'assistance', 'special_care',
  'family_planning_award', 'scholarship', 'heroism_award', 'other',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];
export const DISABILITY_KINDS = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'] as const;
export type DisabilityKind = (typeof DISABILITY_KINDS)[number];
/** A legal supporter (法定赡养、抚养、扶养义务人) and whether they can support. */
export const SUPPORTERS = ['none', 'able', 'unable', 'tekun', 'dibao_severe', 'missing', 'imprisoned'] as const;
export type Supporter = (typeof SUPPORTERS)[number];
export type LaborCapacity = 'full' | 'partial' | 'none';
/** Household membership per nat-2012 Art.5: prisoners and long-absent clergy are not counted. */
export type MemberStatus = 'resident' | 'imprisoned' | 'clergy';

export interface Member {
  id?: string;
  birthDate: PlainDate;
  sex?: 'M' | 'F';
  relation: string;
  disability?: { kind: DisabilityKind; grade: number };
  seriousIllness: boolean;
  laborCapacity?: LaborCapacity;
  /** Number of the six self-care items (eat, dress, bed, toilet, walk indoors, bathe) the person cannot do. */
  selfCareFailed?: number;
  /** 护理等级 set by hand (tekun, ADR 0027): replaces the tier the self-care items give; its reason is on the care record. */
  careOverride?: 'selfCare' | 'partial' | 'full';
  supporter?: Supporter;
  status: MemberStatus;
}

export interface Income {
  kind: IncomeKind;
  /** Yuan per year, at most two decimals. */
  annual: number;
  /** Index of the member who earns it; needed for individual inclusion (单人保). */
  member?: number;
}

/** nat-2021 deductible expenses: rigid expenses of disability or serious illness, and work costs. */
export interface Deduction {
  kind: 'illness' | 'disability' | 'work';
  annual: number;
}

export interface Household {
  hukou: 'rural' | 'urban';
  registeredPoor: boolean;
  members: Member[];
  incomes: Income[];
  deductions: Deduction[];
  assets: { financial: number; vehicles: number };
}

export interface Situation {
  program: (typeof PROGRAMS)[number];
  month: PlainMonth;
  /** 6-digit county code. */
  county: string;
  unit: 'household' | 'individual';
  applicant?: number;
  household: Household;
  /**
   * Heating: the mode and the heated area (m²); `monthsPaid`, for a household that joins a season after its reference day
   * (补充发放), the months from its first payable month to the season's end — pro-rated when the county says so.
   */
  heating?: { mode: 'central' | 'dispersed'; area: number; monthsPaid?: number };
  /**
   * Temporary aid: the type, the category (类别, src/rules/temporary/categories.ts; without one the county's normal maximum
   * is the standard — the calculator's quick estimate) and the need in yuan (the loss or the expense not otherwise met).
   */
  temporary?: { type: 'emergency' | 'expenditure'; category?: TemporaryCategory; need: number };
  parameters?: Record<string, number | string[]>;
}

/** Money as the contracts take it (a number or decimal text, read exactly into fen), held as yuan with two decimals. */
// Fields holding money use `prefault` (a default given as input): their JSON Schema then still shows it.
const Yuan = YuanAmount.transform((fen) => fen / 100);
const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD 应为 YYYY-MM-DD 日期')
  .refine((s) => parsePlainDate(s) !== null, 'not a calendar date 不是有效日期');

const MemberInput = z
  .strictObject({
    id: z.string().optional().describe('18-digit (or legacy 15-digit) ID number; birth date and sex are read from it'),
    birthDate: DateText.optional(),
    sex: z.enum(['M', 'F']).optional(),
    relation: z.enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other']).default('other'),
    disability: z.strictObject({ kind: z.enum(DISABILITY_KINDS), grade: z.number().int().min(1).max(4) }).optional(),
    seriousIllness: z.boolean().default(false),
    laborCapacity: z.enum(['full', 'partial', 'none']).optional(),
    selfCareFailed: z.number().int().min(0).max(6).optional(),
    careOverride: z.enum(['selfCare', 'partial', 'full']).optional().describe('care level set by hand (tekun), replacing the tier of the self-care items'),
    supporter: z.enum(SUPPORTERS).optional(),
    status: z.enum(['resident', 'imprisoned', 'clergy']).default('resident'),
  })
  .refine((m) => m.id !== undefined || m.birthDate !== undefined, {
    message: 'id or birthDate is required 需要身份证号或出生日期',
    path: ['birthDate'],
  });

export const SituationSchema = z
  .strictObject({
    program: z.enum(PROGRAMS),
    month: z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM 应为 YYYY-MM 月份')
      .refine((s) => parsePlainMonth(s) !== null, 'not a valid month YYYY-MM 月份无效')
      .describe('benefit month; for heating the month the season starts'),
    county: z
      .string()
      .regex(/^\d{6}(\d{6})?$/, 'a 6-digit county code or a 12-digit code inside it 应为 6 位县级或 12 位区划代码')
      .describe('6-digit county code, or any 12-digit division code inside the county'),
    unit: z.enum(['household', 'individual']).default('household').describe('dibao: household, or individual inclusion (单人保)'),
    applicant: z.number().int().min(0).optional().describe('tekun and individual inclusion: index of the member assessed'),
    household: z.strictObject({
      hukou: z.enum(['rural', 'urban']),
      registeredPoor: z.boolean().default(false),
      members: z.array(MemberInput).min(1).max(50),
      incomes: z
        .array(z.strictObject({ kind: z.enum(INCOME_KINDS), annual: Yuan, member: z.number().int().min(0).optional() }))
        .prefault([]),
      deductions: z
        .array(z.strictObject({ kind: z.enum(['illness', 'disability', 'work']), annual: Yuan }))
        .prefault([])
        .describe('nat-2021 deductible expenses (counted from 2021-07-01)'),
      assets: z
        .strictObject({ financial: Yuan.prefault(0), vehicles: z.number().int().min(0).max(100).default(0) })
        .prefault({ financial: 0, vehicles: 0 }),
    }),
    heating: z
      .strictObject({
        mode: z.enum(['central', 'dispersed']),
        area: z.number().min(0).max(10_000).multipleOf(0.01).default(0),
        monthsPaid: z.number().int().min(1).max(12).optional().describe('joined after the reference day: months of the season paid (pro-rated when the county says so)'),
      })
      .optional()
      .describe('heating only; central uses the heated area in m²'),
    temporary: z
      .strictObject({
        type: z.enum(['emergency', 'expenditure']).optional().describe('emergency 急难型 or expenditure 支出型; may be left out when the category is given'),
        category: z
          .enum(TEMPORARY_CATEGORIES)
          .optional()
          .describe('fire, traffic_accident, sudden_illness, natural_disaster, other_emergency (emergency); medical, education, basic_living (expenditure)'),
        need: Yuan.refine((x) => x > 0, 'must be more than 0 应大于 0'),
      })
      .optional()
      .describe('temporary aid only; need in yuan; the category gives the standard (its need band or fixed amount), without it the normal maximum'),
    parameters: z
      .record(z.string(), z.union([z.number(), z.array(z.string())]))
      .optional()
      .describe('parameter values replacing the policy files, by name'),
  })
  .superRefine((s, ctx) => {
    const n = s.household.members.length;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (s.program === 'heating' && !s.heating) issue(['heating'], 'required for program heating 取暖救助需填写 heating');
    if (s.program === 'temporary' && !s.temporary) issue(['temporary'], 'required for program temporary 临时救助需填写 temporary');
    if (s.temporary && s.temporary.type === undefined && s.temporary.category === undefined) {
      issue(['temporary', 'type'], 'type or category is required 需填写临时救助类型或类别');
    }
    if (s.temporary?.type !== undefined && s.temporary.category !== undefined && categoryType(s.temporary.category) !== s.temporary.type) {
      issue(['temporary', 'category'], `${s.temporary.category} is not of type ${s.temporary.type} 类别与临时救助类型不符`);
    }
    if (s.unit === 'individual' && s.program !== 'dibao') issue(['unit'], 'individual inclusion is a dibao unit 单人保仅用于低保');
    if (s.unit === 'individual' && s.applicant === undefined) issue(['applicant'], 'required for individual inclusion 单人保需指定 applicant');
    if (s.applicant !== undefined && s.applicant >= n) issue(['applicant'], `no member ${s.applicant} (members 0–${n - 1}) 无此成员`);
    s.household.incomes.forEach((inc, i) => {
      if (inc.member !== undefined && inc.member >= n) issue(['household', 'incomes', i, 'member'], `no member ${inc.member} 无此成员`);
    });
    const who = s.applicant ?? 0;
    const m = s.household.members[who];
    if (m && (s.program === 'tekun' || s.unit === 'individual')) {
      const need = s.program === 'tekun' ? (['laborCapacity', 'supporter', 'selfCareFailed'] as const) : (['laborCapacity'] as const);
      for (const f of need) if (m[f] === undefined) issue(['household', 'members', who, f], 'required for the member assessed 被评估成员必填');
    }
  });

export type SituationInput = z.input<typeof SituationSchema>;

/**
 * The first benefit month the engine has rules for, per program (rules read the first day of the month): every program
 * counts income under nat-2012 (in force from 2012-12-12, src/rules/dibao/income.ts), tekun also under nat-2016 (from
 * 2016-10-10, src/rules/tekun/tekun.ts). A test holds these months to the rules' own tables.
 */
export const FIRST_MONTH: Readonly<Record<(typeof PROGRAMS)[number], PlainMonth>> = {
  dibao: '2013-01' as PlainMonth,
  tekun: '2016-11' as PlainMonth,
  heating: '2013-01' as PlainMonth,
  temporary: '2013-01' as PlainMonth,
};

export interface SituationIssue {
  /** Dotted path of the field at fault, e.g. `month` or `household.members.0.id`. */
  path: string;
  message: string;
}

export type SituationParse = { ok: true; situation: Situation } | { ok: false; issues: SituationIssue[] };

/** Validates a situation (parsed JSON or YAML) and resolves ID numbers and county codes. */
export function parseSituation(input: unknown): SituationParse {
  const r = SituationSchema.safeParse(input);
  if (!r.success) {
    return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: issueMessage(i) })) };
  }
  const s = r.data;
  const issues: SituationIssue[] = [];
  const month = s.month as PlainMonth;
  let county = s.county;
  try {
    county = countyOf(s.county);
  } catch (e) {
    if (!isAppError(e)) throw e;
    issues.push({ path: 'county', message: `${e.messages.en} ${e.messages.zh}` });
  }
  // A month the engine has no rules for is refused on the month; members are measured against the month only once it is
  // one the engine can determine (a member born after the month cannot be in the household that month).
  const inForce = month >= FIRST_MONTH[s.program];
  if (!inForce) {
    const first = FIRST_MONTH[s.program];
    issues.push({
      path: 'month',
      message: `RULE_NOT_IN_FORCE: no ${s.program} rule is in force in ${month} (the first month is ${first}) ${month} 该项目尚无施行的规则（最早 ${first}）`,
    });
  }
  const lastDay = lastDayOf(month);
  const members: Member[] = s.household.members.map((m, i) => {
    let birthDate = m.birthDate as PlainDate | undefined;
    let sex = m.sex;
    if (m.id !== undefined) {
      const id = parseIdNumber(m.id, inForce ? { today: lastDay } : {});
      if (!id.ok) {
        issues.push({ path: `household.members.${i}.id`, message: `${id.error.code}: ${id.error.message.en} ${id.error.message.zh}` });
      } else {
        if (birthDate !== undefined && birthDate !== id.value.birthDate) {
          issues.push({ path: `household.members.${i}.birthDate`, message: `differs from the ID number (${id.value.birthDate}) 与身份证号不符` });
        }
        if (sex !== undefined && sex !== id.value.sex) {
          issues.push({ path: `household.members.${i}.sex`, message: `differs from the ID number (${id.value.sex}) 与身份证号不符` });
        }
        birthDate = id.value.birthDate;
        sex = id.value.sex;
      }
    } else if (inForce && birthDate !== undefined && birthDate > lastDay) {
      issues.push({ path: `household.members.${i}.birthDate`, message: bornAfterMonth(birthDate, month) });
    }
    const { id: _id, birthDate: _b, sex: _s, ...rest } = m;
    return { ...(m.id !== undefined ? { id: m.id } : {}), birthDate: birthDate as PlainDate, ...(sex ? { sex } : {}), ...rest };
  });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    situation: {
      program: s.program,
      month,
      county,
      unit: s.unit,
      ...(s.applicant !== undefined ? { applicant: s.applicant } : s.program === 'tekun' ? { applicant: 0 } : {}),
      household: { ...s.household, members },
      ...(s.heating ? { heating: s.heating } : {}),
      ...(s.temporary
        ? {
            temporary: {
              type: s.temporary.type ?? categoryType(s.temporary.category as TemporaryCategory),
              ...(s.temporary.category !== undefined ? { category: s.temporary.category } : {}),
              need: s.temporary.need,
            },
          }
        : {}),
      ...(s.parameters ? { parameters: s.parameters } : {}),
    },
  };
}

/** The ID-number path's refusal (ID_BIRTH_DATE_FUTURE) for a birth date given as such. */
function bornAfterMonth(birthDate: PlainDate, month: PlainMonth): string {
  return `BIRTH_DATE_FUTURE: birth date ${birthDate} is after the benefit month ${month} 出生日期 ${birthDate} 晚于待遇月份 ${month}`;
}

/** A zod issue as text; a refused amount in the kernel's words (`AMOUNT_DECIMALS: …`), like an ID number's. */
function issueMessage(i: z.core.$ZodIssue): string {
  const amount = amountProblem({ message: i.message, ...(i.code === 'custom' ? { params: i.params } : {}) });
  return amount ? `${amount.code}: ${amount.message.en} ${amount.message.zh}` : i.message;
}
