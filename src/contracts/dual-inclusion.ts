/**
 * 双纳入 The dual-inclusion lists and figures (issue 12 point 3) and the exchange with the poverty office (point 4),
 * ADR 0034. What the lists show is what the liaison may see: names, masked ID numbers, villages, the registry's
 * attribute and status, the programme — never an amount, an income, a case or an investigation.
 */
import { z } from 'zod';

const AreaCode = z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' });
const Bilingual = z.object({ zh: z.string(), en: z.string() });

/**
 * The four lists: registered-poor households already on dibao/tekun (`covered`), not on them (`uncovered`, → screening),
 * dibao/tekun households not in the poverty registry (`referral`, → the poverty office), and the discrepancies.
 */
export const DUAL_LISTS = ['covered', 'uncovered', 'referral', 'discrepancies'] as const;
export type DualList = (typeof DUAL_LISTS)[number];

/**
 * Discrepancies: the registry says 低保/特困供养贫困户 without the matching enrollment in force; an enrollment in force
 * but the registry says 一般贫困户; a person's ID number is a 15-digit or invalid one; a matched person lives in another
 * village in doudi's registry; a person of the registry unknown to doudi (no match, or only a suggested one).
 */
export const DISCREPANCY_KINDS = ['attribute_without_enrollment', 'enrolled_but_general', 'id_number', 'village', 'unknown'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const PROGRAMS = ['dibao', 'tekun'] as const;
export const POVERTY_ATTRIBUTES = ['general', 'dibao', 'tekun'] as const;
export const REFERRAL_STATUSES = ['open', 'accepted', 'refused'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DualInclusionQuery = z.object({
  /** The area shown (a part of the user's); the user's own by default. */
  area: AreaCode.optional(),
});
export type DualInclusionQuery = z.infer<typeof DualInclusionQuery>;

/** One area's figures. `rate` = covered / registeredPoor (null when the area has no registered-poor household). */
export const AreaFigures = z.object({
  areaCode: z.string(),
  areaName: z.string(),
  registeredPoor: z.number().int(),
  covered: z.number().int(),
  uncovered: z.number().int(),
  referral: z.number().int(),
  discrepancies: z.number().int(),
  rate: z.number().nullable(),
});
export type AreaFigures = z.infer<typeof AreaFigures>;

export const SnapshotInUse = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  snapshotId: z.string(),
  asOf: z.string(),
  importedAt: z.string(),
});
export type SnapshotInUse = z.infer<typeof SnapshotInUse>;

export const DualInclusionOverview = z.object({
  /** The month whose enrollments count as "in force" (today's). */
  month: z.string(),
  /** The latest snapshot used for each county of the area (empty: none imported yet). */
  snapshots: z.array(SnapshotInUse),
  area: AreaFigures,
  /** From the user's area down to the one shown (the breadcrumbs). */
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  /** The areas one level down (none below a village). */
  children: z.array(AreaFigures),
});
export type DualInclusionOverview = z.infer<typeof DualInclusionOverview>;

export const DualListQuery = z.object({
  area: AreaCode.optional(),
  /** Discrepancies of one kind only. */
  kind: z.enum(DISCREPANCY_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DualListQuery = z.infer<typeof DualListQuery>;
export const DualListExportQuery = DualListQuery.pick({ area: true, kind: true });
export type DualListExportQuery = z.infer<typeof DualListExportQuery>;

const Program = z.enum(PROGRAMS);

/** A household of the poverty registry (lists covered / uncovered). */
export const RegistryHouseholdRow = z.object({
  hhNo: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  headIdMasked: z.string().nullable(),
  memberCount: z.number().int(),
  attribute: z.enum(POVERTY_ATTRIBUTES),
  status: z.enum(['poor', 'out']),
  exitYear: z.number().int().nullable(),
  programs: z.array(Program),
});
export type RegistryHouseholdRow = z.infer<typeof RegistryHouseholdRow>;

export const ReferralInfo = z.object({
  id: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  referredOn: z.string(),
  replyReason: z.string().nullable(),
  replyOn: z.string().nullable(),
});
export type ReferralInfo = z.infer<typeof ReferralInfo>;

/** A dibao/tekun household of doudi's registry not in the poverty registry (the referral list), with its latest referral. */
export const ReferralHouseholdRow = z.object({
  countyCode: z.string(),
  householdId: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  headIdMasked: z.string().nullable(),
  memberCount: z.number().int(),
  programs: z.array(Program),
  referral: ReferralInfo.nullable(),
});
export type ReferralHouseholdRow = z.infer<typeof ReferralHouseholdRow>;

export const DiscrepancyRow = z.object({
  kind: z.enum(DISCREPANCY_KINDS),
  hhNo: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  /** The person concerned (null: the household as a whole). */
  personName: z.string().nullable(),
  idMasked: z.string().nullable(),
  idForm: z.enum(['18', '15', 'invalid']).nullable(),
  attribute: z.enum(POVERTY_ATTRIBUTES),
  programs: z.array(Program),
  /** Kind `village`: the village doudi's registry has the person in. */
  doudiVillageName: z.string().nullable(),
});
export type DiscrepancyRow = z.infer<typeof DiscrepancyRow>;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const RegistryHouseholdPage = page(RegistryHouseholdRow);
export const ReferralHouseholdPage = page(ReferralHouseholdRow);
export const DiscrepancyPage = page(DiscrepancyRow);
export type RegistryHouseholdPage = z.infer<typeof RegistryHouseholdPage>;
export type ReferralHouseholdPage = z.infer<typeof ReferralHouseholdPage>;
export type DiscrepancyPage = z.infer<typeof DiscrepancyPage>;

/** `doudi poverty export` / the rolls for the office: a county (6 or 12 digits) of the user's area, or all of it. */
export const ExchangeExportQuery = z.object({ county: AreaCode.optional() });
export type ExchangeExportQuery = z.infer<typeof ExchangeExportQuery>;

export const ReplyImportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const ReplyProblem = z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: Bilingual });
export type ReplyProblem = z.infer<typeof ReplyProblem>;

/** The office's reply imported: applied whole (every referral named answered), or refused with every problem. */
export const ReplyImportReport = z.object({
  applied: z.boolean(),
  importId: z.string().nullable(),
  rows: z.number().int(),
  accepted: z.number().int(),
  refused: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(ReplyProblem).max(500),
});
export type ReplyImportReport = z.infer<typeof ReplyImportReport>;

/** `doudi poverty lists --json`: the counts and the rate per county of the user's area. */
export const CountyLists = z.object({
  month: z.string(),
  counties: z.array(AreaFigures.extend({ snapshotAsOf: z.string().nullable() })),
  total: AreaFigures,
});
export type CountyLists = z.infer<typeof CountyLists>;
