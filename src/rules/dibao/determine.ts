import { ageOn } from '../../kernel/plain-date.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type Determination, type ParamUse, type Reason } from '../common/result.ts';
import { Tracer } from '../common/tracer.ts';
import type { Member, Situation } from '../situation.ts';
import { countIncome } from './income.ts';
import type { DibaoParams } from './params.ts';
import { selectUnit } from './unit.ts';

/**
 * 最低生活保障 dibao for one household (or one person, 单人保) and month, explained step by step — the rule, written
 * once over an arithmetic (`p.arith`: exact decimals or fixed-point integers, src/rules/dibao/arithmetic.ts). Eligible
 * when countable income per person per month is strictly below the standard and assets are within the limits; the
 * benefit is the gap × members plus uplifts (补差, 分类施保), rounded half-up to the fen once. Formulas keep a single
 * division by 12 at the end so the rounding sees the exact value (POLICY.md §2).
 */
export function determineDibaoWith<V, F>(s: Situation, p: DibaoParams<V, F>, trace: boolean): Determination {
  const A = p.arith;
  const t = trace ? new Tracer(true) : OFF;
  const reasons: Reason[] = [];
  const std = p.std;
  t.push(std.steps);
  const unit = selectUnit(s, p.ctx, t, reasons);
  if (!unit) return result(s, false, 0, reasons, t);
  const n = unit.members.length;
  if (t.on) t.step('unit.members', n, [], s.unit === 'individual' ? 'individual inclusion 单人保' : 'co-resident household members');

  const countable = countIncome(A, unit.incomes, s.household.deductions, p.classes, t, reasons);
  // per-capita monthly income < annual standard / 12  ⇔  countable annual income < standard × members
  const limit = A.times(p.annual, n);
  const incomeOk = A.lessThan(countable, limit);
  if (t.on) {
    t.step('income.perCapitaMonthly', A.text(countable, 12 * n), [], `${A.text(countable, 1)} / 12 / ${n}`);
    t.step('test.income', incomeOk, std.uses, 'income per person per month < monthly standard (strictly)');
  }
  reasons.push(incomeOk ? REASONS.INCOME_BELOW_STANDARD : REASONS.INCOME_AT_OR_ABOVE_STANDARD);

  const assetsOk = assetTest(s, unit.householdSize, p, t, reasons);
  if (!(incomeOk && assetsOk)) {
    if (!incomeOk && s.household.registeredPoor) reasons.push(REASONS.GRADUAL_EXIT_MAY_APPLY);
    return result(s, false, 0, reasons, t);
  }

  const gapTwelfths = A.minus(limit, countable);
  if (t.on) {
    // Each value shown is one correctly rounded division of exact quantities.
    t.step('gap.perPerson', A.text(gapTwelfths, 12 * n), std.uses, 'monthly standard − income per person per month');
    t.step('gap.total', A.text(gapTwelfths, 12), std.uses, `(${A.text(p.annual, 1)} × ${n} − ${A.text(countable, 1)}) / 12`);
  }
  const upliftFraction = upliftSum(unit.members, p, t);
  let twelfths = gapTwelfths;
  if (!A.isZeroFraction(upliftFraction)) {
    const uplift = A.timesFraction(p.annual, upliftFraction);
    if (t.on) t.step('uplift.total', A.text(uplift, 12), std.uses, `monthly standard × ${A.fractionText(upliftFraction)}`);
    twelfths = A.plus(gapTwelfths, uplift);
  }
  const fen = A.fen(twelfths, 12);
  if (t.on) {
    t.step('amount.exact', A.text(twelfths, 12), [], 'gap total + uplifts');
    t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  }
  if (fen === 0) {
    reasons.push(REASONS.BENEFIT_ROUNDS_TO_ZERO);
    return result(s, false, 0, reasons, t);
  }
  reasons.push(REASONS.BENEFIT_IS_GAP);
  if (!A.isZeroFraction(upliftFraction)) reasons.push(REASONS.UPLIFT_APPLIED);
  return result(s, true, fen, reasons, t);
}

/** Untraced determinations share one tracer that records nothing. */
const OFF = new Tracer(false);

function result(s: Situation, eligible: boolean, fen: number, reasons: Reason[], t: Tracer): Determination {
  return { program: 'dibao', month: s.month, county: s.county, eligible, amount: amountOf(fen, 'month'), reasons, trace: t.on ? t.steps : [] };
}

function assetTest<V, F>(s: Situation, size: number, p: DibaoParams<V, F>, t: Tracer, reasons: Reason[]): boolean {
  const A = p.arith;
  const a = s.household.assets;
  // financial / members ≤ multiple × annual standard, compared without dividing
  const financial = A.yuan(a.financial);
  const financialOk = a.financial === 0 || A.atMost(financial, A.times(p.financialLimit, size));
  const vehiclesOk = a.vehicles <= p.maxVehicles;
  if (t.on) {
    t.step('assets.financialPerCapita', A.text(financial, size), [], `${a.financial} / ${size}`);
    t.push([p.financialLimitStep]);
    t.step('test.assets', financialOk && vehiclesOk, p.assetUses, `financial per person ≤ limit; vehicles ${a.vehicles} ≤ ${p.maxVehicles}`);
  }
  if (!financialOk) reasons.push(REASONS.FINANCIAL_ASSETS_ABOVE_LIMIT);
  if (!vehiclesOk) reasons.push(REASONS.VEHICLE_NOT_ALLOWED);
  if (financialOk && vehiclesOk) reasons.push(REASONS.ASSETS_WITHIN_LIMIT);
  return financialOk && vehiclesOk;
}

/** Σ over the unit's members of the largest uplift fraction among the groups the member belongs to. */
function upliftSum<V, F>(members: readonly Member[], p: DibaoParams<V, F>, t: Tracer): F {
  const A = p.arith;
  if (t.on) t.steps.push(p.upliftStep);
  let sum = A.noFraction;
  if (!p.anyUplift) return sum;
  const day = p.ctx.day;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    const age = ageOn(m.birthDate, day);
    const groups = [age >= p.elderly.value, age < p.adult.value, m.disability !== undefined && m.disability.grade <= p.severeMaxGrade, m.seriousIllness];
    let best = A.noFraction;
    const used: ParamUse[] | null = t.on ? [p.elderly.use, p.adult.use] : null;
    for (let g = 0; g < groups.length; g++) {
      if (!groups[g]) continue;
      used?.push(p.upliftReads[g].use);
      if (A.greaterFraction(p.uplift[g], best)) best = p.uplift[g];
    }
    if (used && !A.isZeroFraction(best)) t.step(`uplift.member.${i}`, A.fractionText(best), used, 'largest uplift of the member’s groups');
    sum = A.plusFraction(sum, best);
  }
  return sum;
}
