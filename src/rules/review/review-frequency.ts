import { firstDayOf, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext } from '../common/param-context.ts';
import { ageAt, isCounted, isSeverelyDisabled } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import type { Reason, TraceStep } from '../common/result.ts';
import { Tracer } from '../common/tracer.ts';
import type { Household } from '../situation.ts';

export type ReviewClass = 'fixed' | 'stable' | 'irregular';

export interface ReviewFrequency {
  type: ReviewClass;
  months: number;
  reasons: Reason[];
  trace: TraceStep[];
}

/**
 * 动态管理 periodic review interval by household type (nat-2012; POLICY.md §6):
 * irregular — an able-bodied member (working age, full labour capacity) or business income: quarterly
 * (rural) or monthly (urban); fixed — every member elderly, or severely disabled or seriously ill without
 * labour capacity: yearly; otherwise stable: every six months.
 */
export function reviewFrequency(input: { county: string; month: PlainMonth; household: Household }, ps: ParameterSet, trace = false): ReviewFrequency {
  const ctx = paramContext(ps, input.county, firstDayOf(input.month));
  const t = new Tracer(trace);
  const h = input.household;
  const working = ctx.num('person.age.working');
  const elderly = ctx.num('person.age.elderly');
  const members = h.members.filter(isCounted);
  const ableBodied = members.some((m) => {
    const age = ageAt(m, ctx.day);
    return age >= working.value && age < elderly.value && (m.laborCapacity ?? 'full') === 'full';
  });
  const business = h.incomes.some((i) => i.kind === 'business' && i.annual > 0);
  t.step('ableBodiedMember', ableBodied, [working.use, elderly.use], `age ${working.value}–${elderly.value - 1} with full labour capacity`);
  t.step('businessIncome', business);
  const fixed = members.every((m) => ageAt(m, ctx.day) >= elderly.value || ((isSeverelyDisabled(m, ctx) || m.seriousIllness) && m.laborCapacity === 'none'));
  const type: ReviewClass = ableBodied || business ? 'irregular' : fixed ? 'fixed' : 'stable';
  const name = type === 'irregular' ? (h.hukou === 'rural' ? 'irregularRural' : 'irregularUrban') : type;
  const p = ctx.num(`dibao.review.months.${name}`);
  t.step('review.months', p.value, [p.use], type);
  const reason = type === 'fixed' ? REASONS.REVIEW_FIXED : type === 'stable' ? REASONS.REVIEW_STABLE : REASONS.REVIEW_IRREGULAR;
  return { type, months: p.value, reasons: [reason], trace: t.steps };
}
