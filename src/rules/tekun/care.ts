import type { Dec } from '../../kernel/money.ts';
import type { ParamContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { Reason } from '../common/result.ts';
import type { Tracer } from '../common/tracer.ts';

export const CARE_TIERS = ['selfCare', 'partial', 'full'] as const;
export type CareTier = (typeof CARE_TIERS)[number];

/** The tier the six self-care items give (nat-2016): 0 failed → 全自理, from the `partial` threshold 半失能, from `full` 全失能. */
export function tierOfFailed(failed: number, thresholds: { partial: number; full: number }): CareTier {
  return failed >= thresholds.full ? 'full' : failed >= thresholds.partial ? 'partial' : 'selfCare';
}

/**
 * Care tier from the six self-care items failed (nat-2016): 0 → 全自理 selfCare, 1–3 → 半失能 partial,
 * ≥ 4 → 全失能 full (both thresholds are parameters), and the tier's monthly care amount. A care level the county
 * set by hand (`override`, recorded with its reason, ADR 0027) replaces the assessed tier: the trace shows both, the
 * reasons say the level was set by hand, and the amount is the overriding tier's.
 */
export function careTier(
  failed: number,
  ctx: ParamContext,
  t: Tracer,
  override?: CareTier,
): { tier: CareTier; assessed: CareTier; overridden: boolean; monthly: InstanceType<typeof Dec>; reason: Reason } {
  const partial = ctx.num('tekun.care.threshold.partial');
  const full = ctx.num('tekun.care.threshold.full');
  const assessed = tierOfFailed(failed, { partial: partial.value, full: full.value });
  t.step('care.tier', assessed, [partial.use, full.use], `${failed} of 6 self-care items failed`);
  const overridden = override !== undefined && override !== assessed;
  const tier = overridden ? override : assessed;
  if (overridden) t.step('care.override', tier, [], `assessed ${assessed}, set by hand ${tier}`);
  const amount = ctx.num(`tekun.care.monthly.${tier}`);
  t.step('care.monthly', amount.dec, [amount.use]);
  const reason = overridden
    ? tier === 'full'
      ? REASONS.TEKUN_CARE_OVERRIDE_FULL
      : tier === 'partial'
        ? REASONS.TEKUN_CARE_OVERRIDE_PARTIAL
        : REASONS.TEKUN_CARE_OVERRIDE_SELF
    : tier === 'full'
      ? REASONS.TEKUN_CARE_FULL
      : tier === 'partial'
        ? REASONS.TEKUN_CARE_PARTIAL
        : REASONS.TEKUN_CARE_SELF;
  return { tier, assessed, overridden, monthly: amount.dec, reason };
}
