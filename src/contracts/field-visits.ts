/**
 * 外出走访 The field visits a caseworker or village assistant downloads to a phone and records offline (issue 17
 * point 4, ADR 0051): what is assigned to the user (investigations due in their area, with what the visit form needs),
 * and the sync of a visit recorded in the home — the office's own investigation body (`CaseInvestigation`, the same
 * fields and validation), plus the visit's id, the time it was recorded and the base it was recorded against.
 */
import { z } from 'zod';
import { CASE_KIND_VALUES, CASE_STATE_VALUES, CaseDetail, CaseInvestigation, SpotVisit } from './cases.ts';
import { REVIEW_STATE_VALUES, ReviewDetail, ReviewInvestigation } from './enrollments.ts';
import { RowDetail } from './screening.ts';

/** The case as it stood when the visit was downloaded: a sync against another version is a conflict. */
export const VisitBase = z.object({ version: z.number().int().min(1), state: z.enum(CASE_STATE_VALUES) });
export type VisitBase = z.infer<typeof VisitBase>;

export const VisitMember = z.object({
  id: z.string(),
  name: z.string(),
  relation: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  disabilityGrade: z.number().int().nullable(),
  laborCapacity: z.enum(['full', 'partial', 'none']),
  seriousIllness: z.boolean(),
});

/** 入户调查任务 One assigned visit: an investigation due (the case at the step where the home visit is recorded). */
export const AssignedVisit = z.object({
  kind: z.literal('investigation'),
  countyCode: z.string(),
  caseId: z.string(),
  caseKind: z.enum(CASE_KIND_VALUES),
  base: VisitBase,
  appliedOn: z.string(),
  dueDate: z.string().nullable(),
  applicantName: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  household: z.object({ id: z.string(), address: z.string(), headName: z.string(), members: z.array(VisitMember) }),
});
export type AssignedVisit = z.infer<typeof AssignedVisit>;

/** 县级入户抽查任务 A sampled case waiting for the county's spot visit (the spot-check step of the case at the county). */
export const AssignedSpotVisit = AssignedVisit.extend({ kind: z.literal('spot_check'), spotCheckId: z.string() });
export type AssignedSpotVisit = z.infer<typeof AssignedSpotVisit>;

/** The household a visit goes to: its address, head and members (never ID numbers, phone or account). */
const VisitHousehold = AssignedVisit.shape.household;

/** The review as it stood when the visit was downloaded. */
export const ReviewVisitBase = z.object({ version: z.number().int().min(1), state: z.enum(REVIEW_STATE_VALUES) });
export type ReviewVisitBase = z.infer<typeof ReviewVisitBase>;

/** 复核入户调查任务 A periodic review opened and waiting for its investigation (the review drawer's investigation step). */
export const AssignedReviewVisit = z.object({
  kind: z.literal('review'),
  countyCode: z.string(),
  reviewId: z.string(),
  enrollmentId: z.string(),
  program: z.enum(['dibao', 'tekun']),
  trigger: z.enum(['scheduled', 'reported_change']),
  reportedChange: z.string().nullable(),
  base: ReviewVisitBase,
  openedOn: z.string(),
  dueDate: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string(),
  household: VisitHousehold,
});
export type AssignedReviewVisit = z.infer<typeof AssignedReviewVisit>;

/**
 * Where a screening ledger row stands, for a visit's base: `open` (no findings yet: the verification visit is due),
 * `verified` (findings recorded), `concluded` (the row has its conclusion).
 */
export const SCREENING_VISIT_STATES = ['open', 'verified', 'concluded'] as const;
export const SCREENING_VISIT_STATE_LABELS: Record<(typeof SCREENING_VISIT_STATES)[number], { zh: string; en: string }> = {
  open: { zh: '待核查', en: 'waiting for its check' },
  verified: { zh: '已核查', en: 'checked' },
  concluded: { zh: '已作处理结论', en: 'concluded' },
};
export const ScreeningVisitBase = z.object({ version: z.number().int().min(1), state: z.enum(SCREENING_VISIT_STATES) });

/** A person of the office's (扶贫办) record of the household, as the ledger row holds them: never an ID number. */
export const ScreeningVisitMember = z.object({
  personKey: z.string(),
  name: z.string(),
  relation: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  health: z.string().nullable(),
  disabilityGrade: z.number().int().nullable(),
  laborCapacity: z.string().nullable(),
});

/** 集中排查核查任务 A screening ledger row waiting for its verification visit (ADR 0035): the row's own household. */
export const AssignedScreeningVisit = z.object({
  kind: z.literal('screening'),
  countyCode: z.string(),
  campaignId: z.string(),
  hhNo: z.string(),
  headName: z.string(),
  attribute: z.enum(['general', 'dibao', 'tekun']),
  status: z.enum(['poor', 'out']),
  base: ScreeningVisitBase,
  dueDate: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string(),
  members: z.array(ScreeningVisitMember),
});
export type AssignedScreeningVisit = z.infer<typeof AssignedScreeningVisit>;

/** 走访任务 Any visit assigned, told apart by `kind` (one list, one device store, one sync mechanism). */
export const AnyAssignedVisit = z.discriminatedUnion('kind', [AssignedVisit, AssignedReviewVisit, AssignedScreeningVisit, AssignedSpotVisit]);
export type AnyAssignedVisit = z.infer<typeof AnyAssignedVisit>;
export type VisitKind = AnyAssignedVisit['kind'];

export const AssignedVisitList = z.object({
  items: z.array(AnyAssignedVisit),
  /** The server's time of the download (shown on the device beside each task). */
  downloadedAt: z.string(),
  /** Listed up to this many, soonest due first; `more` when there were more. */
  limit: z.number().int(),
  more: z.boolean(),
});
export type AssignedVisitList = z.infer<typeof AssignedVisitList>;

/**
 * 同步入户调查 A visit recorded on the device: the investigation as the office form sends it (`version` is the base's
 * version), the visit's client-generated id (the idempotency key), when it was recorded in the home, and the state
 * of the base. The photos and signatures were uploaded before, as case files of the investigate step.
 */
/** 同步入户抽查 The second case sync body: the county's spot visit as the office form sends it, with the visit's fields. */
export const SpotVisitSync = SpotVisit.extend({
  visitId: z.uuid(),
  recordedAt: z.iso.datetime({ offset: true }),
  baseState: z.enum(CASE_STATE_VALUES),
});
export type SpotVisitSync = z.infer<typeof SpotVisitSync>;

export const FieldVisitSync = CaseInvestigation.extend({
  visitId: z.uuid(),
  recordedAt: z.iso.datetime({ offset: true }),
  baseState: z.enum(CASE_STATE_VALUES),
});
export type FieldVisitSync = z.infer<typeof FieldVisitSync>;

/** The answer of a sync: the case as it now stands, and whether this visit had already arrived (sent again). */
export const FieldVisitSynced = z.object({ duplicate: z.boolean(), case: CaseDetail });
export type FieldVisitSynced = z.infer<typeof FieldVisitSynced>;

/**
 * 同步复核入户调查 A review's home visit recorded on the device: the review investigation as the drawer sends it
 * (`version` is the base's), the visit's id, when it was recorded in the home, and the state of the base.
 */
export const ReviewVisitSync = ReviewInvestigation.extend({
  visitId: z.uuid(),
  recordedAt: z.iso.datetime({ offset: true }),
  baseState: z.enum(REVIEW_STATE_VALUES),
});
export type ReviewVisitSync = z.infer<typeof ReviewVisitSync>;

export const ReviewVisitSynced = z.object({ duplicate: z.boolean(), review: ReviewDetail });
export type ReviewVisitSynced = z.infer<typeof ReviewVisitSynced>;

/**
 * 同步核查走访 A screening row's verification visit recorded on the device: the row's fill (`RowFill` of
 * contracts/screening.ts: methods and findings, read by the fill command itself), plus the visit's id, when it was
 * recorded in the home, and the state of the base.
 */
export const ScreeningVisitMeta = z.object({
  /** The row's version in the base (the fill's own `version`). */
  version: z.number().int().min(1),
  visitId: z.uuid(),
  recordedAt: z.iso.datetime({ offset: true }),
  baseState: z.enum(SCREENING_VISIT_STATES),
});
export const ScreeningVisitSynced = z.object({ duplicate: z.boolean(), row: RowDetail });
export type ScreeningVisitSynced = z.infer<typeof ScreeningVisitSynced>;
