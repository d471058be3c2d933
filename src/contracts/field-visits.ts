/**
 * 外出走访 The field visits a caseworker or village assistant downloads to a phone and records offline (issue 17
 * point 4, ADR 0051): what is assigned to the user (investigations due in their area, with what the visit form needs),
 * and the sync of a visit recorded in the home — the office's own investigation body (`CaseInvestigation`, the same
 * fields and validation), plus the visit's id, the time it was recorded and the base it was recorded against.
 */
import { z } from 'zod';
import { CASE_KIND_VALUES, CASE_STATE_VALUES, CaseDetail, CaseInvestigation } from './cases.ts';
import { REVIEW_STATE_VALUES, ReviewDetail, ReviewInvestigation } from './enrollments.ts';

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

/** 走访任务 Any visit assigned, told apart by `kind` (one list, one device store, one sync mechanism). */
export const AnyAssignedVisit = z.discriminatedUnion('kind', [AssignedVisit, AssignedReviewVisit]);
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
