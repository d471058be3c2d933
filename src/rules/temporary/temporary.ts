import { Dec, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext } from '../common/param-context.ts';
import { isCounted } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type ApprovalLevel, type Determination, type Reason } from '../common/result.ts';
import { dibaoStandard } from '../common/standard.ts';
import { Tracer } from '../common/tracer.ts';
import { exact as decimals } from '../dibao/arithmetic.ts';
import { countIncome, incomeClasses } from '../dibao/income.ts';
import type { Situation } from '../situation.ts';

/**
 * 临时救助 temporary aid for one case (seed 二(三); nat-2014; nat-2018). Emergency (急难型): assist first,
 * paperwork within a deadline. Expenditure (支出型): household income per person below the local per-capita
 * disposable income. The amount is the need, at most maxMultiple × the monthly dibao standard; tiered
 * approval: township ≤ ceiling < county ≤ maximum < collective decision (一事一议) for the excess.
 */
export function determineTemporary(s: Situation, ps: ParameterSet, trace = false): Determination {
  const ctx = paramContext(ps, s.county, firstDayOf(s.month));
  const t = new Tracer(trace);
  const reasons: Reason[] = [];
  const tmp = s.temporary ?? { type: 'emergency' as const, need: 0 };
  const details: Record<string, string | number | boolean> = { type: tmp.type };
  const need = new Dec(tmp.need);
  t.step('need', need, [], `${tmp.type} need`);

  if (tmp.type === 'emergency') {
    reasons.push(REASONS.TEMPORARY_EMERGENCY, REASONS.TEMPORARY_PAPERWORK_DUE);
    const due = ctx.num('temporary.paperwork.deadlineWorkingDays');
    t.step('paperwork.deadlineWorkingDays', due.value, [due.use]);
    details.paperworkWorkingDays = due.value;
  } else {
    const n = Math.max(1, s.household.members.filter(isCounted).length);
    const countable = countIncome(decimals, s.household.incomes, s.household.deductions, incomeClasses(ctx), t, reasons);
    const limit = ctx.num('temporary.expenditure.incomeLimit');
    if (t.on) t.step('income.perCapitaAnnual', countable.div(n), [], `${countable.toFixed()} / ${n}`);
    const ok = countable.lessThan(limit.dec.times(n));
    t.step('test.income', ok, [limit.use], 'income per person per year < local per-capita disposable income');
    if (!ok) {
      reasons.push(REASONS.TEMPORARY_EXPENDITURE_INCOME_ABOVE_LIMIT);
      return { program: 'temporary', month: s.month, county: s.county, eligible: false, amount: amountOf(0, 'case'), reasons, trace: t.steps, details };
    }
    reasons.push(REASONS.TEMPORARY_EXPENDITURE_INCOME_BELOW_LIMIT);
  }

  const std = dibaoStandard(s.household.hukou, ctx);
  t.push(std.steps);
  const multiple = ctx.num('temporary.maxMultiple');
  const ceiling = ctx.num('temporary.townshipCeiling');
  const maxTwelfths = multiple.dec.times(std.annual);
  t.step('maximum', maxTwelfths.div(12), [multiple.use, std.use], `${multiple.value} × monthly standard`);
  let level: ApprovalLevel;
  let exact = need;
  if (need.times(12).greaterThan(maxTwelfths)) {
    level = 'collective';
    exact = maxTwelfths.div(12);
    reasons.push(REASONS.TEMPORARY_COLLECTIVE_DECISION, REASONS.TEMPORARY_CAPPED_AT_MAXIMUM);
  } else if (need.lessThanOrEqualTo(ceiling.dec)) {
    level = 'township';
    reasons.push(REASONS.TEMPORARY_TOWNSHIP_APPROVES);
  } else {
    level = 'county';
    reasons.push(REASONS.TEMPORARY_COUNTY_APPROVES);
  }
  t.step('approvalLevel', level, [ceiling.use, multiple.use], `township ≤ ${ceiling.value} < county ≤ maximum < collective`);
  const fen = yuanToFen(exact);
  t.step('amount.exact', exact, [], 'need, at most the maximum');
  t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  return {
    program: 'temporary', month: s.month, county: s.county, eligible: true, amount: amountOf(fen, 'case'), approvalLevel: level,
    reasons, trace: t.steps, details,
  };
}
