/**
 * Registry DTOs shared by the API and the web app: households (家庭), persons (家庭成员), income and asset items.
 * Field names are the API's; the database uses snake_case.
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { YuanText } from './money.ts';
import { safeText } from './text.ts';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const;
export const DISABILITY_KINDS = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const;
export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
/** 法定赡养、抚养、扶养义务人: none / has one able to support / has one who cannot. */
export const SUPPORTER_STATUSES = ['none', 'able', 'unable'] as const;
/** 六项日常生活自理能力: eat, dress, get in/out of bed, toilet, walk indoors, bathe. */
export const SELF_CARE_ITEMS = ['eat', 'dress', 'bed', 'toilet', 'walk', 'bathe'] as const;
export const INCOME_KINDS = [
  'wage',
  'business',
  'property',
  'transfer',
  'pension',
  'assistance',
  'special_care',
  'family_planning_award',
  'scholarship',
  'heroism_award',
  'other',
] as const;
export const ASSET_KINDS = ['financial', 'vehicle', 'house', 'other'] as const;
export const HUKOU_TYPES = ['rural', 'urban'] as const;
/** 取暖方式: 集中供暖 central, 分散取暖 dispersed, 无 none (ADR 0042). Not recorded: null. */
export const HEATING_MODES = ['central', 'dispersed', 'none'] as const;
export type HeatingMode = (typeof HEATING_MODES)[number];
/** A plausible heated floor area of a rural home (m²): below or above it the figure is a typing error, not a home. */
export const HEATED_AREA_MIN_M2 = 1;
export const HEATED_AREA_MAX_M2 = 1000;

/** The heating checks' codes (set by the contracts as issue messages) and their words; the field is `heatedAreaM2`. */
export const HEATING_MESSAGES: Record<string, { zh: string; en: string }> = {
  HEATED_AREA_REQUIRED: { zh: '集中供暖须填写供暖面积（平方米）', en: 'Central heating needs the heated area (m²)' },
  HEATED_AREA_RANGE: {
    zh: `供暖面积须在 ${HEATED_AREA_MIN_M2}–${HEATED_AREA_MAX_M2} 平方米之间（超出此范围不合常理，请核实），最多两位小数`,
    en: `The heated area must be ${HEATED_AREA_MIN_M2}–${HEATED_AREA_MAX_M2} m² (anything else is implausible; check it), at most two decimals`,
  },
  HEATED_AREA_NOT_CENTRAL: { zh: '只有集中供暖才填写供暖面积；分散取暖或无取暖请不要填写面积', en: 'Only central heating has a heated area; leave it empty for dispersed heating or none' },
  HEATING_MODE_REQUIRED: { zh: '填写供暖面积时须同时选择取暖方式（集中供暖）', en: 'A heated area needs the heating mode (central)' },
};

/** An area as entered: a number or decimal text of m², at most two decimals, within the plausible range. */
const HeatedArea = z
  .union([z.number(), z.string().trim().min(1)])
  .transform((v, c) => {
    const text = typeof v === 'number' ? String(v) : v;
    const n = Number(text);
    if (!/^\d{1,4}(\.\d{1,2})?$/.test(text) || !(n >= HEATED_AREA_MIN_M2 && n <= HEATED_AREA_MAX_M2)) {
      c.addIssue({ code: 'custom', message: 'HEATED_AREA_RANGE' });
      return z.NEVER;
    }
    return n;
  });

/** The area in hundredths of a m² (how the registry stores it): exact, as the contract allows two decimals at most. */
export const heatedAreaDm2 = (m2: number): number => Math.round(m2 * 100);

/**
 * The heating of a household as a form or import gives it. Left out (undefined): unchanged on an edit, not recorded
 * on a new household. `heatingMode: null`: not recorded (clears it). Central needs the area, the others take none.
 */
const heatingFields = {
  heatingMode: z.enum(HEATING_MODES).nullable().optional(),
  heatedAreaM2: HeatedArea.nullable().optional(),
};
export function checkHeating(v: { heatingMode?: HeatingMode | null; heatedAreaM2?: number | null }, c: z.RefinementCtx): void {
  const area = v.heatedAreaM2 ?? null;
  const issue = (message: string) => c.addIssue({ code: 'custom', message, path: ['heatedAreaM2'] });
  if (v.heatingMode === 'central' && area === null) issue('HEATED_AREA_REQUIRED');
  else if ((v.heatingMode === 'dispersed' || v.heatingMode === 'none') && area !== null) issue('HEATED_AREA_NOT_CENTRAL');
  else if ((v.heatingMode === null || v.heatingMode === undefined) && area !== null) issue('HEATING_MODE_REQUIRED');
}

export const PersonInput = z.object({
  idNumber: z.string().trim().min(1).max(20),
  name: safeText(50),
  relation: z.enum(RELATIONS),
  hukouType: z.enum(HUKOU_TYPES).optional(),
  disabilityKind: z.enum(DISABILITY_KINDS).nullable().optional(),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  seriousIllness: z.boolean().default(false),
  laborCapacity: z.enum(LABOR_CAPACITIES),
  selfCareFailed: z.array(z.enum(SELF_CARE_ITEMS)).max(6).default([]),
  supporterStatus: z.enum(SUPPORTER_STATUSES).default('none'),
  inSchool: z.boolean().default(false),
});
export type PersonInput = z.infer<typeof PersonInput>;

/** Amounts come in as yuan (a number or decimal text, src/contracts/money.ts) and go on as canonical text ("397.50"). */
export const IncomeInput = z.object({
  kind: z.enum(INCOME_KINDS),
  annualYuan: YuanText,
  personIndex: z.number().int().min(0).nullable().optional(),
  note: z.string().max(200).nullable().optional(),
});
export type IncomeInput = z.infer<typeof IncomeInput>;

export const AssetInput = z.object({
  kind: z.enum(ASSET_KINDS),
  valueYuan: YuanText,
  quantity: z.number().int().min(0).max(1000).default(1),
  note: z.string().max(200).nullable().optional(),
});
export type AssetInput = z.infer<typeof AssetInput>;

/** A household's heating alone, checked as the form checks it (the heating import's rows). */
export const HeatingInput = z.object(heatingFields).superRefine(checkHeating);
export type HeatingInput = z.infer<typeof HeatingInput>;

const householdFields = {
  areaCode: z.string().regex(/^\d{12}$/, { message: 'DIVISION_CODE_FORMAT' }),
  address: safeText(200),
  hukouType: z.enum(HUKOU_TYPES),
  registeredPoor: z.boolean().default(false),
  bankName: safeText(50, 0).nullable().optional(),
  // On an edit, the masked form the screen showed ("****5678", "139****5678") means "unchanged" (ADR 0012).
  bankAccount: z
    .string()
    .trim()
    .regex(/^(\d{8,30}|\*{4}\d{0,4})$/, { message: 'BANK_ACCOUNT_FORMAT' })
    .nullable()
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- *]{3,20}$/, { message: 'PHONE_FORMAT' })
    .nullable()
    .optional(),
  incomes: z.array(IncomeInput).max(100).default([]),
  assets: z.array(AssetInput).max(100).default([]),
  ...heatingFields,
};

export const HouseholdCreate = z.object({ ...householdFields, members: z.array(PersonInput).min(1).max(30) }).superRefine(checkHeating);
export type HouseholdCreate = z.infer<typeof HouseholdCreate>;

export const HouseholdUpdate = z.object({ ...householdFields, version: z.number().int().min(1) }).superRefine(checkHeating);
export type HouseholdUpdate = z.infer<typeof HouseholdUpdate>;

/** An edit may leave the ID number out, or send back its masked form: the stored number stays (ADR 0012). */
export const PersonUpdate = PersonInput.extend({ idNumber: z.string().trim().min(1).max(20).optional(), version: z.number().int().min(1) });
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const PersonMove = z.object({
  targetHouseholdId: z.string().min(1).max(64),
  relation: z.enum(RELATIONS),
  version: z.number().int().min(1),
});
export type PersonMove = z.infer<typeof PersonMove>;

/** 成员增加的原因 (a member joins the household): birth, marriage in, return (from work, school, army…), other. */
export const MEMBER_JOIN_REASONS = ['birth', 'marriage', 'return', 'other'] as const;
/** 成员减少的原因 (a member leaves the household): death, marriage out, moved away, other. */
export const MEMBER_LEAVE_REASONS = ['death', 'marriage', 'moved', 'other'] as const;

/** 成员减少 A member leaves the household on a day, for a reason; the version is the person's, as the screen read it. */
export const PersonLeave = z.object({
  reason: z.enum(MEMBER_LEAVE_REASONS),
  leftOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' }),
  version: z.number().int().min(1),
});
export type PersonLeave = z.infer<typeof PersonLeave>;

export const HouseholdSearch = z.object({
  q: z.string().trim().max(50).optional(),
  area: z
    .string()
    .regex(/^\d{6}(\d{6})?$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type HouseholdSearch = z.infer<typeof HouseholdSearch>;

export const PersonView = z.object({
  id: z.string(),
  householdId: z.string(),
  countyCode: z.string(),
  idNumber: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  relation: z.enum(RELATIONS),
  hukouType: z.enum(HUKOU_TYPES),
  disabilityKind: z.enum(DISABILITY_KINDS).nullable(),
  disabilityGrade: z.number().int().nullable(),
  seriousIllness: z.boolean(),
  laborCapacity: z.enum(LABOR_CAPACITIES),
  selfCareFailed: z.array(z.enum(SELF_CARE_ITEMS)),
  supporterStatus: z.enum(SUPPORTER_STATUSES),
  inSchool: z.boolean(),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof PersonView>;

export const HouseholdSummary = z.object({
  id: z.string(),
  countyCode: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  headName: z.string(),
  memberCount: z.number().int(),
  hukouType: z.enum(HUKOU_TYPES),
  registeredPoor: z.boolean(),
  synthetic: z.boolean(),
  version: z.number().int(),
});
export type HouseholdSummary = z.infer<typeof HouseholdSummary>;

export const HouseholdDetail = HouseholdSummary.extend({
  address: z.string(),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(),
  phone: z.string().nullable(),
  /** 取暖方式 and 供暖面积 (m², two decimals at most): null = not recorded. */
  heatingMode: z.enum(HEATING_MODES).nullable(),
  heatedAreaM2: z.number().nullable(),
  members: z.array(PersonView),
  incomes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(INCOME_KINDS),
      annualYuan: z.string(),
      personId: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  assets: z.array(
    z.object({ id: z.string(), kind: z.enum(ASSET_KINDS), valueYuan: z.string(), quantity: z.number(), note: z.string().nullable() }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

/**
 * `total` is exact up to a bound that always covers this page and the next ten; past it, `total` is the bound and
 * `totalCapped` is true (there are more). See docs/decisions/0010-capped-page-totals.md.
 */
export const HouseholdPage = z.object({
  items: z.array(HouseholdSummary),
  total: z.number().int(),
  totalCapped: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type HouseholdPage = z.infer<typeof HouseholdPage>;

/**
 * 查看完整信息 What a user asks to see in full (ADR 0012): a member's ID number, the household's bank account, its
 * phone. Each request is audited; screens otherwise show these masked.
 */
export const RevealField = z.union([
  z.object({ field: z.literal('idNumber'), personId: z.string().min(1).max(64) }),
  z.object({ field: z.enum(['bankAccount', 'phone']) }),
]);
export type RevealField = z.infer<typeof RevealField>;
export const RevealRequest = z.object({ fields: z.array(RevealField).min(1).max(31) });
export type RevealRequest = z.infer<typeof RevealRequest>;
export const RevealResult = z.object({
  idNumbers: z.record(z.string(), z.string()),
  bankAccount: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});
export type RevealResult = z.infer<typeof RevealResult>;

export const ApiError = z.object({
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  field: z.string().optional(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** 取暖信息缺失名单 The enrolled households whose heating is missing, per area (ADR 0042). */
export const HeatingMissingQuery = z.object({
  area: z
    .string()
    .regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' })
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type HeatingMissingQuery = z.infer<typeof HeatingMissingQuery>;

export const HeatingMissingItem = z.object({
  householdId: z.string(),
  countyCode: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  headName: z.string(),
  memberCount: z.number().int(),
  /** The programmes the household is enrolled in (an active dibao enrollment, a member's active tekun enrollment). */
  programs: z.array(z.enum(['dibao', 'tekun'])),
  heatingMode: z.enum(HEATING_MODES).nullable(),
  /** What is missing: the mode (not recorded), or the area of central heating. */
  missing: z.enum(['mode', 'area']),
  version: z.number().int(),
});
export type HeatingMissingItem = z.infer<typeof HeatingMissingItem>;

export const HeatingMissingPage = z.object({
  items: z.array(HeatingMissingItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The area listed (the user's, or the part of it asked for). */
  areaCode: z.string(),
});
export type HeatingMissingPage = z.infer<typeof HeatingMissingPage>;
