import { Dec, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { byEffectiveDate } from '../common/by-effective-date.ts';
import { CITE } from '../common/citations.ts';
import { paramContext, type ParamContext } from '../common/param-context.ts';
import { ageAt, isCounted } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type Determination, type Reason } from '../common/result.ts';
import { dibaoStandard, type DibaoStandard } from '../common/standard.ts';
import { Tracer } from '../common/tracer.ts';
import { exact } from '../dibao/arithmetic.ts';
import { countIncome, incomeClasses } from '../dibao/income.ts';
import type { Member, Situation } from '../situation.ts';
import { careTier } from './care.ts';

/** Which minors qualify: the version of the rule in force decides (a change in law is a new dated rule). */
interface TekunRule {
  version: string;
  citation: string;
  minor(age: number, ctx: ParamContext, t: Tracer): boolean;
  minorReason: Reason;
}

/** nat-2016: 未满16周岁的未成年人 (tekun.age.minor). */
const tekun2016: TekunRule = {
  version: 'nat-2016',
  citation: CITE.nat2016,
  minor(age, ctx, t) {
    const p = ctx.num('tekun.age.minor');
    t.step('category.minor', age < p.value, [p.use], `age ${age} < ${p.value}`);
    return age < p.value;
  },
  minorReason: REASONS.TEKUN_MINOR,
};

/** nat-2021 (from 2021-07-01): minors in the civil-law sense, under the age of majority (18). */
const tekun2021: TekunRule = {
  version: 'nat-2021',
  citation: CITE.nat2021Tekun,
  minor(age, ctx, t) {
    const p = ctx.num('person.age.adult');
    t.step('category.minor', age < p.value, [p.use], `age ${age} < ${p.value}`);
    return age < p.value;
  },
  minorReason: REASONS.TEKUN_MINOR_2021,
};

export const tekunRules = byEffectiveDate<TekunRule>({ '2016-10-10': tekun2016, '2021-07-01': tekun2021 });

const SUPPORTER_UNABLE = new Set(['unable', 'tekun', 'dibao_severe', 'missing', 'imprisoned']);

/**
 * 特困人员救助供养 tekun: eligible when the applicant is elderly, disabled at a qualifying grade or a minor;
 * has no labour capacity; has no livelihood (household income per person below the dibao standard, assets
 * within the tekun rules); and has no legal supporter able to support. Monthly support is the basic living
 * amount (ratio × dibao standard / 12) plus the care amount of the self-care tier.
 */
export function determineTekun(s: Situation, ps: ParameterSet, trace = false): Determination {
  const ctx = paramContext(ps, s.county, firstDayOf(s.month));
  const t = new Tracer(trace);
  const reasons: Reason[] = [];
  const idx = s.applicant ?? 0;
  const m = s.household.members[idx];
  const rule = tekunRules(ctx.day).rule;
  t.step('rule', rule.version, [], rule.citation);
  const std = dibaoStandard(s.household.hukou, ctx);
  t.push(std.steps);

  const category = categoryTest(m, rule, ctx, t, reasons);
  const noLabour = m.laborCapacity === 'none';
  t.step('test.laborCapacity', noLabour, [], `laborCapacity ${m.laborCapacity ?? 'unknown'}`);
  reasons.push(noLabour ? REASONS.TEKUN_NO_LABOR_CAPACITY : REASONS.TEKUN_HAS_LABOR_CAPACITY);
  const noLivelihood = livelihoodTest(s, std, ctx, t, reasons);
  const supporter = m.supporter ?? 'able';
  const supporterOk = supporter === 'none' || SUPPORTER_UNABLE.has(supporter);
  t.step('test.supporter', supporterOk, [], `supporter ${m.supporter ?? 'unknown'}`);
  reasons.push(supporter === 'none' ? REASONS.TEKUN_NO_SUPPORTER : supporterOk ? REASONS.TEKUN_SUPPORTER_UNABLE : REASONS.TEKUN_SUPPORTER_ABLE);

  if (!isCounted(m)) reasons.push(REASONS.MEMBER_NOT_COUNTED);
  const eligible = category && noLabour && noLivelihood && supporterOk && isCounted(m);
  if (!eligible) {
    return { program: 'tekun', month: s.month, county: s.county, eligible: false, amount: amountOf(0, 'month'), reasons, trace: t.steps };
  }
  const ratio = ctx.num('tekun.basic.ratio');
  const basicAnnual = ratio.dec.times(std.annual);
  t.step('basic.annual', basicAnnual, [ratio.use, std.use], `${ratio.value} × ${std.annual.toFixed()}`);
  t.step('basic.monthly', basicAnnual.div(12), [ratio.use, std.use], `${basicAnnual.toFixed()} / 12`);
  const tier = careTier(m.selfCareFailed ?? 0, ctx, t, m.careOverride);
  reasons.push(REASONS.TEKUN_BASIC_PLUS_CARE, tier.reason);
  const exact = basicAnnual.plus(tier.monthly.times(12)).div(12);
  const fen = yuanToFen(exact);
  t.step('amount.exact', exact, [], 'basic monthly + care monthly');
  t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  return {
    program: 'tekun', month: s.month, county: s.county, eligible: true, amount: amountOf(fen, 'month'), reasons, trace: t.steps,
    details: { careTier: tier.tier, applicant: idx, ...(tier.overridden ? { careAssessed: tier.assessed } : {}) },
  };
}

function categoryTest(m: Member, rule: TekunRule, ctx: ParamContext, t: Tracer, reasons: Reason[]): boolean {
  const age = ageAt(m, ctx.day);
  t.step('age', age, [], `completed years on ${ctx.day}`);
  const elderly = ctx.num('tekun.age.elderly');
  const isElderly = age >= elderly.value;
  t.step('category.elderly', isElderly, [elderly.use], `age ${age} ≥ ${elderly.value}`);
  let disabled = false;
  const d = m.disability;
  if (d && ctx.ps.has(`tekun.disability.maxGrade.${d.kind}`)) {
    const g = ctx.num(`tekun.disability.maxGrade.${d.kind}`);
    disabled = d.grade <= g.value;
    t.step('category.disabled', disabled, [g.use], `${d.kind} grade ${d.grade} ≤ ${g.value}`);
  }
  // The elderly and disabled categories are tested first so a minor rule that has ended is not read.
  const minor = !isElderly && !disabled && rule.minor(age, ctx, t);
  if (isElderly) reasons.push(REASONS.TEKUN_ELDERLY);
  if (disabled) reasons.push(REASONS.TEKUN_DISABLED);
  if (minor) reasons.push(rule.minorReason);
  if (!isElderly && !disabled && !minor) reasons.push(REASONS.TEKUN_NO_CATEGORY);
  return isElderly || disabled || minor;
}

function livelihoodTest(s: Situation, std: DibaoStandard, ctx: ParamContext, t: Tracer, reasons: Reason[]): boolean {
  const n = Math.max(1, s.household.members.filter(isCounted).length);
  const countable = countIncome(exact, s.household.incomes, s.household.deductions, incomeClasses(ctx), t, reasons);
  if (t.on) t.step('income.perCapitaMonthly', countable.div(12).div(n), [], `${countable.toFixed()} / 12 / ${n}`);
  const incomeOk = countable.lessThan(std.annual.times(n));
  t.step('test.income', incomeOk, [std.use], 'income per person per month < monthly dibao standard');
  const k = ctx.num('tekun.assets.financialMultiple');
  const v = ctx.num('tekun.assets.maxVehicles');
  const a = s.household.assets;
  const assetsOk = new Dec(a.financial).lessThanOrEqualTo(k.dec.times(std.annual).times(n)) && a.vehicles <= v.value;
  t.step('test.assets', assetsOk, [k.use, v.use], `financial ${a.financial} / ${n} ≤ ${k.value} × annual standard; vehicles ${a.vehicles} ≤ ${v.value}`);
  if (!incomeOk) reasons.push(REASONS.TEKUN_INCOME_AT_OR_ABOVE_STANDARD);
  if (!assetsOk) reasons.push(REASONS.TEKUN_ASSETS_ABOVE_LIMIT);
  if (incomeOk && assetsOk) reasons.push(REASONS.TEKUN_NO_LIVELIHOOD);
  return incomeOk && assetsOk;
}
