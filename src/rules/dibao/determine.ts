import { Dec, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext, type NumberRead, type ParamContext } from '../common/param-context.ts';
import { ageAt, isSeverelyDisabled } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type Determination, type ParamUse, type Reason, type TraceStep } from '../common/result.ts';
import { dibaoStandard, type DibaoStandard } from '../common/standard.ts';
import { Tracer } from '../common/tracer.ts';
import type { Member, Situation } from '../situation.ts';
import { countIncome } from './income.ts';
import { selectUnit } from './unit.ts';

type D = InstanceType<typeof Dec>;

export const UPLIFT_GROUPS = ['elderly', 'minor', 'severeDisability', 'seriousIllness'] as const;
const ZERO = new Dec(0);

/** What every dibao determination of one county, day and registration shares: values and trace steps. */
export interface DibaoBase {
  std: DibaoStandard;
  /** Financial assets allowed per person: multiple × annual standard. */
  financialLimit: D;
  financialLimitStep: TraceStep;
  assetUses: readonly ParamUse[];
  maxVehicles: number;
  uplift: { zero: boolean; fractions: NumberRead[]; step: TraceStep; elderly: NumberRead; adult: NumberRead };
}

export function dibaoBase(ctx: ParamContext, hukou: 'rural' | 'urban'): DibaoBase {
  const key = `dibao.base.${hukou}`;
  const hit = ctx.memo.get(key) as DibaoBase | undefined;
  if (hit) return hit;
  const std = dibaoStandard(hukou, ctx);
  const k = ctx.num('dibao.assets.financialMultiple');
  const v = ctx.num('dibao.assets.maxVehicles');
  const financialLimit = k.dec.times(std.annual);
  const fractions = upliftFractions(ctx);
  const base: DibaoBase = {
    std,
    financialLimit,
    financialLimitStep: Object.freeze({ step: 'assets.financialLimit', value: financialLimit.toFixed(), params: Object.freeze([k.use, std.use]), formula: `${k.value} × annual standard` }),
    assetUses: Object.freeze([k.use, v.use]),
    maxVehicles: v.value,
    uplift: {
      zero: fractions.every((f) => f.value === 0),
      fractions,
      step: Object.freeze({ step: 'uplift.fractions', value: fractions.map((f) => f.value).join(' / '), params: Object.freeze(fractions.map((f) => f.use)), formula: UPLIFT_GROUPS.join(' / ') }),
      elderly: ctx.num('person.age.elderly'),
      adult: ctx.num('person.age.adult'),
    },
  };
  ctx.memo.set(key, base);
  return base;
}

/**
 * 最低生活保障 dibao for one household (or one person, 单人保) and month, computed exactly with Dec and
 * explained step by step. Eligible when countable income per person per month is strictly below the
 * standard and assets are within the limits; the benefit is the gap × members plus uplifts (补差, 分类施保),
 * rounded half-up to the fen once. Formulas keep a single division by 12 at the end so the rounding sees
 * the exact value (POLICY.md §2).
 */
export function determineDibaoExact(s: Situation, ps: ParameterSet, trace: boolean): Determination {
  const ctx = paramContext(ps, s.county, firstDayOf(s.month));
  const t = new Tracer(trace);
  const reasons: Reason[] = [];
  const result = (eligible: boolean, fen: number): Determination => ({
    program: 'dibao', month: s.month, county: s.county, eligible, amount: amountOf(fen, 'month'), reasons, trace: t.steps,
  });
  const base = dibaoBase(ctx, s.household.hukou);
  const std = base.std;
  t.push(std.steps);
  const unit = selectUnit(s, ctx, t, reasons);
  if (!unit) return result(false, 0);
  const n = unit.members.length;
  if (t.on) t.step('unit.members', n, [], s.unit === 'individual' ? 'individual inclusion 单人保' : 'co-resident household members');

  const income = countIncome(unit.incomes, s.household.deductions, ctx, t);
  reasons.push(...income.reasons);
  // per-capita monthly income < annual standard / 12  ⇔  countable annual income < standard × members
  const limit = std.annual.times(n);
  const incomeOk = income.countable.lessThan(limit);
  if (t.on) {
    t.step('income.perCapitaMonthly', income.countable.div(12 * n), [], `${income.countable.toFixed()} / 12 / ${n}`);
    t.step('test.income', incomeOk, std.uses, 'income per person per month < monthly standard (strictly)');
  }
  reasons.push(incomeOk ? REASONS.INCOME_BELOW_STANDARD : REASONS.INCOME_AT_OR_ABOVE_STANDARD);

  const assetsOk = assetTest(s, unit.householdSize, base, t, reasons);
  if (!(incomeOk && assetsOk)) {
    if (!incomeOk && s.household.registeredPoor) reasons.push(REASONS.GRADUAL_EXIT_MAY_APPLY);
    return result(false, 0);
  }

  const gapTwelfths = limit.minus(income.countable);
  const gapTotal = gapTwelfths.div(12);
  if (t.on) {
    // Each value shown is one correctly rounded division of exact quantities, so the integer path can print it too.
    t.step('gap.perPerson', gapTwelfths.div(12 * n), std.uses, 'monthly standard − income per person per month');
    t.step('gap.total', gapTotal, std.uses, `(${std.annual.toFixed()} × ${n} − ${income.countable.toFixed()}) / 12`);
  }
  const upliftFraction = upliftSum(unit.members, base, ctx, t);
  let exact = gapTotal;
  if (!upliftFraction.isZero()) {
    t.step('uplift.total', std.annual.times(upliftFraction).div(12), std.uses, `monthly standard × ${upliftFraction.toFixed()}`);
    exact = gapTwelfths.plus(std.annual.times(upliftFraction)).div(12);
  }
  const fen = yuanToFen(exact);
  t.step('amount.exact', exact, [], 'gap total + uplifts');
  t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  if (fen === 0) {
    reasons.push(REASONS.BENEFIT_ROUNDS_TO_ZERO);
    return result(false, 0);
  }
  reasons.push(REASONS.BENEFIT_IS_GAP);
  if (!upliftFraction.isZero()) reasons.push(REASONS.UPLIFT_APPLIED);
  return result(true, fen);
}

function assetTest(s: Situation, size: number, base: DibaoBase, t: Tracer, reasons: Reason[]): boolean {
  const a = s.household.assets;
  // financial / members ≤ multiple × annual standard, compared without dividing
  const financial = a.financial === 0 ? ZERO : new Dec(a.financial);
  const financialOk = a.financial === 0 || financial.lessThanOrEqualTo(base.financialLimit.times(size));
  const vehiclesOk = a.vehicles <= base.maxVehicles;
  if (t.on) {
    t.step('assets.financialPerCapita', financial.div(size), [], `${a.financial} / ${size}`);
    t.push([base.financialLimitStep]);
    t.step('test.assets', financialOk && vehiclesOk, base.assetUses, `financial per person ≤ limit; vehicles ${a.vehicles} ≤ ${base.maxVehicles}`);
  }
  if (!financialOk) reasons.push(REASONS.FINANCIAL_ASSETS_ABOVE_LIMIT);
  if (!vehiclesOk) reasons.push(REASONS.VEHICLE_NOT_ALLOWED);
  if (financialOk && vehiclesOk) reasons.push(REASONS.ASSETS_WITHIN_LIMIT);
  return financialOk && vehiclesOk;
}

/** Σ over members of the largest uplift fraction among the groups the member belongs to. */
function upliftSum(members: readonly Member[], base: DibaoBase, ctx: ParamContext, t: Tracer): D {
  const u = base.uplift;
  t.push([u.step]);
  if (u.zero) return ZERO;
  const f = u.fractions;
  let sum = ZERO;
  members.forEach((m, i) => {
    const age = ageAt(m, ctx.day);
    const groups = [age >= u.elderly.value, age < u.adult.value, isSeverelyDisabled(m, ctx), m.seriousIllness];
    let best = ZERO;
    const used: ParamUse[] = [u.elderly.use, u.adult.use];
    groups.forEach((g, j) => {
      if (!g) return;
      used.push(f[j].use);
      if (f[j].dec.greaterThan(best)) best = f[j].dec;
    });
    if (!best.isZero()) t.step(`uplift.member.${i}`, best, used, 'largest uplift of the member’s groups');
    sum = sum.plus(best);
  });
  return sum;
}

export function upliftFractions(ctx: ParamContext): NumberRead[] {
  return UPLIFT_GROUPS.map((g) => ctx.num(`dibao.uplift.${g}`));
}
