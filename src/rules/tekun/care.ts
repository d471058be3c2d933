import type { Dec } from '../../kernel/money.ts';
import type { ParamContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { Reason } from '../common/result.ts';
import type { Tracer } from '../common/tracer.ts';

export type CareTier = 'selfCare' | 'partial' | 'full';

/**
 * Care tier from the six self-care items failed (nat-2016): 0 → 全自理 selfCare, 1–3 → 半失能 partial,
 * ≥ 4 → 全失能 full (both thresholds are parameters), and the tier's monthly care amount.
 */
export function careTier(failed: number, ctx: ParamContext, t: Tracer): { tier: CareTier; monthly: InstanceType<typeof Dec>; reason: Reason } {
  const partial = ctx.num('tekun.care.threshold.partial');
  const full = ctx.num('tekun.care.threshold.full');
  const tier: CareTier = failed >= full.value ? 'full' : failed >= partial.value ? 'partial' : 'selfCare';
  t.step('care.tier', tier, [partial.use, full.use], `${failed} of 6 self-care items failed`);
  const amount = ctx.num(`tekun.care.monthly.${tier}`);
  t.step('care.monthly', amount.dec, [amount.use]);
  const reason = tier === 'full' ? REASONS.TEKUN_CARE_FULL : tier === 'partial' ? REASONS.TEKUN_CARE_PARTIAL : REASONS.TEKUN_CARE_SELF;
  return { tier, monthly: amount.dec, reason };
}
