import { addMonths, firstDayOf, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { byEffectiveDate } from '../common/by-effective-date.ts';
import { paramContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { Reason, TraceStep } from '../common/result.ts';
import { Tracer } from '../common/tracer.ts';

export interface GradualExitInput {
  county: string;
  /** First month of the gradual-exit period (the month after income rose above the standard). */
  month: PlainMonth;
  registeredPoor: boolean;
  /** Months the county proposes; the result is bounded by the maximum. */
  requestedMonths?: number;
}

export interface GradualExit {
  maxMonths: number;
  months: number;
  /** Last month still paid, or null when there is no gradual exit. */
  lastMonth: PlainMonth | null;
  reasons: Reason[];
  trace: TraceStep[];
}

/** How other (not registered-poor) households are treated; nat-2021 introduced a general 6-month bound. */
const otherRules = byEffectiveDate<Reason>({
  '2012-12-12': REASONS.GRADUAL_EXIT_OTHER,
  '2021-07-01': REASONS.GRADUAL_EXIT_OTHER_2021,
});

/**
 * 低保渐退 gradual exit: at most 24 months for registered-poor households (seed 二(二)); other households as
 * the county sets, from 2021-07-01 at most 6 months (nat-2021). Both bounds are dated parameters.
 */
export function gradualExit(input: GradualExitInput, ps: ParameterSet, trace = false): GradualExit {
  const ctx = paramContext(ps, input.county, firstDayOf(input.month));
  const t = new Tracer(trace);
  const p = ctx.num(input.registeredPoor ? 'exit.gradual.maxMonths.registeredPoor' : 'exit.gradual.maxMonths.other');
  const reason = input.registeredPoor ? REASONS.GRADUAL_EXIT_REGISTERED_POOR : otherRules(ctx.day).rule;
  t.step('maxMonths', p.value, [p.use]);
  const months = Math.max(0, Math.min(input.requestedMonths ?? p.value, p.value));
  t.step('months', months, [p.use], input.requestedMonths === undefined ? 'the maximum' : `min(${input.requestedMonths}, ${p.value})`);
  const lastMonth = months > 0 ? addMonths(input.month, months - 1) : null;
  t.step('lastMonth', lastMonth ?? 'none');
  return { maxMonths: p.value, months, lastMonth, reasons: [reason], trace: t.steps };
}
