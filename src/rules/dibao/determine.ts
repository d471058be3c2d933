import { Dec, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext, type ParamContext } from '../common/param-context.ts';
import { ageAt, isSeverelyDisabled } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type Determination, type ParamUse, type Reason } from '../common/result.ts';
import { dibaoStandard } from '../common/standard.ts';
import { Tracer } from '../common/tracer.ts';
import type { Member, Situation } from '../situation.ts';
import { countIncome } from './income.ts';
import { selectUnit } from './unit.ts';

type D = InstanceType<typeof Dec>;

export const UPLIFT_GROUPS = ['elderly', 'minor', 'severeDisability', 'seriousIllness'] as const;

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
  const std = dibaoStandard(s.household.hukou, ctx, t);
  const unit = selectUnit(s, ctx, t, reasons);
  if (!unit) return result(false, 0);
  const n = unit.members.length;
  t.step('unit.members', n, [], s.unit === 'individual' ? 'individual inclusion 单人保' : 'co-resident household members');

  const income = countIncome(unit.incomes, s.household.deductions, ctx, t);
  reasons.push(...income.reasons);
  if (t.on) {
    t.step('income.perCapitaMonthly', income.countable.div(12).div(n), [], `${income.countable.toFixed()} / 12 / ${n}`);
  }
  // per-capita monthly income < annual standard / 12  ⇔  countable annual income < standard × members
  const incomeOk = income.countable.lessThan(std.annual.times(n));
  t.step('test.income', incomeOk, [std.use], 'income per person per month < monthly standard (strictly)');
  reasons.push(incomeOk ? REASONS.INCOME_BELOW_STANDARD : REASONS.INCOME_AT_OR_ABOVE_STANDARD);

  const assetsOk = assetTest(s, unit.householdSize, std.annual, ctx, t, reasons);
  const eligible = incomeOk && assetsOk;
  if (!eligible) {
    if (!incomeOk && s.household.registeredPoor) reasons.push(REASONS.GRADUAL_EXIT_MAY_APPLY);
    return result(false, 0);
  }

  const gapTwelfths = std.annual.times(n).minus(income.countable);
  if (t.on) {
    t.step('gap.perPerson', std.monthly.minus(income.countable.div(12).div(n)), [std.use], 'monthly standard − income per person per month');
    t.step('gap.total', gapTwelfths.div(12), [std.use], `(${std.annual.toFixed()} × ${n} − ${income.countable.toFixed()}) / 12`);
  }
  const upliftFraction = upliftSum(unit.members, ctx, t);
  if (!upliftFraction.isZero()) t.step('uplift.total', std.annual.times(upliftFraction).div(12), [std.use], `monthly standard × ${upliftFraction.toFixed()}`);
  const exact = gapTwelfths.plus(std.annual.times(upliftFraction)).div(12);
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

function assetTest(s: Situation, size: number, annual: D, ctx: ParamContext, t: Tracer, reasons: Reason[]): boolean {
  const a = s.household.assets;
  const k = ctx.num('dibao.assets.financialMultiple');
  const v = ctx.num('dibao.assets.maxVehicles');
  // financial / members ≤ k × annual standard, compared without dividing
  const financialOk = new Dec(a.financial).lessThanOrEqualTo(k.dec.times(annual).times(size));
  const vehiclesOk = a.vehicles <= v.value;
  if (t.on) {
    t.step('assets.financialPerCapita', new Dec(a.financial).div(size), [], `${a.financial} / ${size}`);
    t.step('assets.financialLimit', k.dec.times(annual), [k.use], `${k.value} × annual standard`);
    t.step('test.assets', financialOk && vehiclesOk, [k.use, v.use], `financial per person ≤ limit; vehicles ${a.vehicles} ≤ ${v.value}`);
  }
  if (!financialOk) reasons.push(REASONS.FINANCIAL_ASSETS_ABOVE_LIMIT);
  if (!vehiclesOk) reasons.push(REASONS.VEHICLE_NOT_ALLOWED);
  if (financialOk && vehiclesOk) reasons.push(REASONS.ASSETS_WITHIN_LIMIT);
  return financialOk && vehiclesOk;
}

/** Σ over members of the largest uplift fraction among the groups the member belongs to. */
function upliftSum(members: readonly Member[], ctx: ParamContext, t: Tracer): D {
  const f = upliftFractions(ctx);
  t.step('uplift.fractions', f.map((x) => x.value).join(' / '), f.map((x) => x.use), UPLIFT_GROUPS.join(' / '));
  if (f.every((x) => x.value === 0)) return new Dec(0);
  const elderly = ctx.num('person.age.elderly');
  const adult = ctx.num('person.age.adult');
  let sum = new Dec(0);
  members.forEach((m, i) => {
    const age = ageAt(m, ctx.day);
    const groups = [age >= elderly.value, age < adult.value, isSeverelyDisabled(m, ctx), m.seriousIllness];
    let best = f[0].dec.times(0);
    const used: ParamUse[] = [elderly.use, adult.use];
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

export function upliftFractions(ctx: ParamContext) {
  return UPLIFT_GROUPS.map((g) => ctx.num(`dibao.uplift.${g}`));
}
