/**
 * 特困供养：供养方式与护理等级 DTOs (issue 11 point 7, ADR 0027), shared by the API and the web app. The placement
 * (分散供养 at home / 集中供养 in one of the county's institutions) and the care level from the six self-care items,
 * with a level set by hand that needs its reason. Shapes only: the command checks the institution and the rest.
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { SELF_CARE_ITEMS } from './registry.ts';

export const PLACEMENTS = ['home', 'institution'] as const;
export type Placement = (typeof PLACEMENTS)[number];
export const CARE_LEVELS = ['selfCare', 'partial', 'full'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const MonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'not a month (YYYY-MM) 不是有效月份' });
const Text = (max: number) => z.string().trim().min(1).max(max);

const CareFields = z.object({
  placement: z.enum(PLACEMENTS),
  /** The institution (集中供养 only). */
  institutionId: Text(64).nullable().default(null),
  /** The self-care items the person cannot do (of eat, dress, bed, toilet, walk, bathe). */
  selfCareFailed: z.array(z.enum(SELF_CARE_ITEMS)).max(6),
  assessedOn: DateText,
  /** A care level set by hand instead of the one the items give; null: the items decide. */
  levelOverride: z.enum(CARE_LEVELS).nullable().default(null),
  overrideReason: z.string().trim().max(500).nullable().default(null),
});

/** Recorded on a tekun case (investigation, up to the county's approval). */
export const CaseTekunCareInput = CareFields.extend({ reasons: z.array(Text(500)).max(20).default([]) });
export type CaseTekunCareInput = z.infer<typeof CaseTekunCareInput>;

/** A dated change on a tekun enrollment: from a month (default next month), with written reasons. */
export const EnrollmentTekunCareInput = CareFields.extend({
  version: z.number().int().min(1),
  fromMonth: MonthText.optional(),
  reasons: z.array(Text(500)).min(1).max(20),
});
export type EnrollmentTekunCareInput = z.infer<typeof EnrollmentTekunCareInput>;

export const InstitutionView = z.object({ id: z.string(), countyCode: z.string(), name: z.string(), address: z.string(), synthetic: z.boolean(), active: z.boolean() });
export type InstitutionView = z.infer<typeof InstitutionView>;
export const InstitutionInput = z.object({ county: z.string().regex(/^\d{6}$/), name: Text(100), address: Text(200) });
export type InstitutionInput = z.infer<typeof InstitutionInput>;
export const InstitutionList = z.object({ items: z.array(InstitutionView) });
export type InstitutionList = z.infer<typeof InstitutionList>;

export const TekunCareView = z.object({
  fromMonth: z.string(),
  placement: z.enum(PLACEMENTS),
  institution: InstitutionView.nullable(),
  selfCareFailed: z.array(z.enum(SELF_CARE_ITEMS)),
  assessedOn: z.string(),
  /** The level the items give. */
  assessedLevel: z.enum(CARE_LEVELS),
  /** The level in force (the override when set). */
  level: z.enum(CARE_LEVELS),
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
  reasons: z.array(z.string()),
  actorName: z.string(),
  createdAt: z.string(),
});
export type TekunCareView = z.infer<typeof TekunCareView>;

/** A tekun enrollment's care: the record in force now and its dated history (newest first). */
export const EnrollmentTekunCare = z.object({ current: TekunCareView.nullable(), history: z.array(TekunCareView) });
export type EnrollmentTekunCare = z.infer<typeof EnrollmentTekunCare>;

export const PlacementQuery = z.object({
  county: z.string().regex(/^\d{6}$/),
  placement: z.enum(PLACEMENTS).optional(),
  month: MonthText.optional(),
});
export type PlacementQuery = z.infer<typeof PlacementQuery>;

export const PlacementItem = z.object({
  enrollmentId: z.string(),
  countyCode: z.string(),
  householdId: z.string(),
  personName: z.string().nullable(),
  areaCode: z.string(),
  fromMonth: z.string(),
  placement: z.enum(PLACEMENTS),
  institutionName: z.string().nullable(),
  level: z.enum(CARE_LEVELS),
  overridden: z.boolean(),
});
export const PlacementPage = z.object({ month: z.string(), items: z.array(PlacementItem), withoutRecord: z.number().int() });
export type PlacementPage = z.infer<typeof PlacementPage>;
