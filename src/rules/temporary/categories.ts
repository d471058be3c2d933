/**
 * 临时救助的对象类别 (seed 二(三)；民发〔2018〕23号): the codes used everywhere (database, contracts, parameters), the type
 * each belongs to, and the segment of its parameters' names (`temporary.standard.<segment>.…`: parameter names are
 * letters and digits, so `traffic_accident` → `trafficAccident`).
 */
export const EMERGENCY_CATEGORIES = ['fire', 'traffic_accident', 'sudden_illness', 'natural_disaster', 'other_emergency'] as const;
export const EXPENDITURE_CATEGORIES = ['medical', 'education', 'basic_living'] as const;
export const TEMPORARY_CATEGORIES = [...EMERGENCY_CATEGORIES, ...EXPENDITURE_CATEGORIES] as const;
export type TemporaryCategory = (typeof TEMPORARY_CATEGORIES)[number];
export type TemporaryType = 'emergency' | 'expenditure';

/** The need bands of a tier table, lowest first: 轻度 up to `mild.upTo`, 中度 up to `moderate.upTo`, 重度 above. */
export const TEMPORARY_TIERS = ['mild', 'moderate', 'severe'] as const;
export type TemporaryTier = (typeof TEMPORARY_TIERS)[number];

export function categoryType(c: TemporaryCategory): TemporaryType {
  return (EMERGENCY_CATEGORIES as readonly string[]).includes(c) ? 'emergency' : 'expenditure';
}

export function isTemporaryCategory(c: string): c is TemporaryCategory {
  return (TEMPORARY_CATEGORIES as readonly string[]).includes(c);
}

/** `traffic_accident` → `trafficAccident`. */
export function categorySegment(c: TemporaryCategory): string {
  return c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());
}

/** The parameters of a category's standard. */
export function standardParams(c: TemporaryCategory) {
  const p = `temporary.standard.${categorySegment(c)}`;
  return {
    mildUpTo: `${p}.mild.upTo`,
    moderateUpTo: `${p}.moderate.upTo`,
    multiple: { mild: `${p}.mild.multiple`, moderate: `${p}.moderate.multiple`, severe: `${p}.severe.multiple` } as Record<TemporaryTier, string>,
    amount: `${p}.amount`,
  };
}

export const OFFERED_PARAM = 'temporary.categories.offered';
export const FIXED_AMOUNT_PARAM = 'temporary.categories.fixedAmount';
export const SAME_EVENT_WINDOW_PARAM = 'temporary.sameEventWindowDays';
