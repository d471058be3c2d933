/**
 * 临时救助的对象类别 (seed 二(三)；民发〔2018〕23号): the codes used everywhere (database, contracts, parameters, the web
 * app) and the type each belongs to — 急难型 emergency, 支出型 expenditure.
 */
export const EMERGENCY_CATEGORIES = ['fire', 'traffic_accident', 'sudden_illness', 'natural_disaster', 'other_emergency'] as const;
export const EXPENDITURE_CATEGORIES = ['medical', 'education', 'basic_living'] as const;
export const TEMPORARY_CATEGORIES = [...EMERGENCY_CATEGORIES, ...EXPENDITURE_CATEGORIES] as const;
export type TemporaryCategory = (typeof TEMPORARY_CATEGORIES)[number];
export type TemporaryType = 'emergency' | 'expenditure';

/** The need bands of a category's tier table, lowest first: 轻度 up to `mild.upTo`, 中度 up to `moderate.upTo`, 重度 above. */
export const TEMPORARY_TIERS = ['mild', 'moderate', 'severe'] as const;
export type TemporaryTier = (typeof TEMPORARY_TIERS)[number];

export function categoryType(c: TemporaryCategory): TemporaryType {
  return (EMERGENCY_CATEGORIES as readonly string[]).includes(c) ? 'emergency' : 'expenditure';
}

export function isTemporaryCategory(c: string): c is TemporaryCategory {
  return (TEMPORARY_CATEGORIES as readonly string[]).includes(c);
}

/** The categories in words (what every screen and message shows instead of the code). */
export const TEMPORARY_CATEGORY_LABELS: Readonly<Record<TemporaryCategory, { zh: string; en: string }>> = {
  fire: { zh: '火灾', en: 'fire' },
  traffic_accident: { zh: '交通事故', en: 'traffic accident' },
  sudden_illness: { zh: '突发重大疾病', en: 'sudden serious illness' },
  natural_disaster: { zh: '自然灾害', en: 'natural disaster' },
  other_emergency: { zh: '其他突发事件', en: 'other sudden event' },
  medical: { zh: '医疗支出', en: 'medical expenditure' },
  education: { zh: '教育支出', en: 'education expenditure' },
  basic_living: { zh: '基本生活支出', en: 'basic living expenditure' },
};
