import type { TemporaryCategory, TemporaryTier } from '../kernel/temporary-category.ts';

/**
 * The names of the temporary-aid parameters by category (policy/tieling/temporary/, ADR 0038). Parameter names are letters
 * and digits, so a category's segment is its code in camel case: `traffic_accident` → `temporary.standard.trafficAccident.…`.
 */
export const OFFERED_PARAM = 'temporary.categories.offered';
export const FIXED_AMOUNT_PARAM = 'temporary.categories.fixedAmount';
export const SAME_EVENT_WINDOW_PARAM = 'temporary.sameEventWindowDays';

export function categorySegment(c: TemporaryCategory): string {
  return c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());
}

/** The parameters of a category's standard: the two band limits (yuan), the three bands' multiples, the fixed amount. */
export function standardParams(c: TemporaryCategory): { mildUpTo: string; moderateUpTo: string; multiple: Record<TemporaryTier, string>; amount: string } {
  const p = `temporary.standard.${categorySegment(c)}`;
  return {
    mildUpTo: `${p}.mild.upTo`,
    moderateUpTo: `${p}.moderate.upTo`,
    multiple: { mild: `${p}.mild.multiple`, moderate: `${p}.moderate.multiple`, severe: `${p}.severe.multiple` },
    amount: `${p}.amount`,
  };
}
