/**
 * Enrollment, review and follow-up DTOs (POLICY.md §4, §6) shared by the API and the web app. Business rules (which
 * change applies to which status, the gradual-exit bound, the 7-day notice) are enforced by the workflow so every
 * caller meets the same coded refusal; these schemas check shapes and sizes only.
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { YuanText } from './money.ts';
import { DeterminationView, ExplainedReasonView } from './policy.ts';
import { INCOME_KINDS, MEMBER_JOIN_REASONS, MEMBER_LEAVE_REASONS, PersonInput, PersonLeave, PersonUpdate, RELATIONS } from './registry.ts';
import { EnrollmentTekunCare } from './tekun-care.ts';

export const TERM_STATUS_VALUES = ['active', 'gradual_exit', 'suspended', 'ended'] as const;
export const DIRECT_CHANGES = ['suspend', 'resume', 'increase', 'reduce', 'stop'] as const;
export type DirectChange = (typeof DIRECT_CHANGES)[number];
export const ENROLLMENT_ACTIONS = [...DIRECT_CHANGES, 'termination_notice', 'termination_confirm', 'termination_withdraw', 'open_review'] as const;
export type EnrollmentAction = (typeof ENROLLMENT_ACTIONS)[number];
/** 特困终止情形 (nat-2016): death, regained labour capacity, income or assets above the limits, imprisonment, an able supporter, the person's wish. */
export const TERMINATION_GROUNDS = ['death', 'labor_capacity', 'income_above', 'imprisoned', 'supporter_able', 'voluntary', 'other'] as const;
export const REVIEW_STATE_VALUES = ['opened', 'investigated', 'township_reviewed', 'decided', 'cancelled'] as const;
export const REVIEW_STEP_VALUES = ['open', 'investigate', 'township_review', 'return_for_investigation', 'county_return', 'decide', 'cancel'] as const;
export const REVIEW_OUTCOME_VALUES = ['keep', 'change', 'stop', 'gradual_exit'] as const;
export const FOLLOW_UP_OUTCOMES = ['referred_dibao', 'referred_temporary', 'referred_other', 'no_need'] as const;

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const Text = (max: number) => z.string().trim().min(1).max(max);
const Version = z.number().int().min(1);
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const AreaCode = z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' });
/** Written reasons (书面理由): required for every change. */
const Reasons = z.array(Text(500)).min(1).max(20);
const Attachments = z.array(Text(200)).max(50).default([]);
const Refusal = z.object({ code: z.string(), message: Bilingual }).nullable();

export const EnrollmentChange = z.object({ version: Version, reasons: Reasons, attachments: Attachments });
export type EnrollmentChange = z.infer<typeof EnrollmentChange>;

export const TerminationNoticeInput = z.object({ version: Version, ground: z.enum(TERMINATION_GROUNDS), reasons: Reasons });
export type TerminationNoticeInput = z.infer<typeof TerminationNoticeInput>;

export const TerminationClose = z.object({ version: Version, reasons: z.array(Text(500)).max(20).default([]) });
export type TerminationClose = z.infer<typeof TerminationClose>;

export const TermView = z.object({
  fromMonth: z.string(),
  status: z.enum(TERM_STATUS_VALUES),
  amountFen: z.number().int(),
  amountYuan: z.string(),
  basis: z.string(),
  basisLabel: Bilingual,
  /** The reasons as written when the term was (engine codes, recalculation notes, people's written reasons). */
  reasons: z.array(z.string()),
  /** The same reasons as people read them: codes as words, citations to real documents. */
  reasonLines: z.array(ExplainedReasonView),
  /** The policy engine's result and trace that gave the amount (frozen when the term was written), exactly as stored. */
  determination: z.unknown().nullable(),
  /** That determination explained (labels, amounts to the fen, real citations); null when the term has none. */
  explanation: DeterminationView.nullable(),
  actorName: z.string(),
  createdAt: z.string(),
});
export type TermView = z.infer<typeof TermView>;

const MonthState = z.object({ month: z.string(), status: z.enum(TERM_STATUS_VALUES), amountYuan: z.string() }).nullable();

export const ReviewSummary = z.object({
  id: z.string(),
  countyCode: z.string(),
  enrollmentId: z.string(),
  householdId: z.string(),
  headName: z.string(),
  areaCode: z.string(),
  program: z.enum(['dibao', 'tekun']),
  trigger: z.enum(['scheduled', 'reported_change']),
  state: z.enum(REVIEW_STATE_VALUES),
  stateLabel: Bilingual,
  version: z.number().int(),
  openedOn: z.string(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  outcome: z.enum(REVIEW_OUTCOME_VALUES).nullable(),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

/** 终止 / 暂停 / 变更救助通知书: a notice the county issued to the family for a decided change (ADR 0030). */
export const FAMILY_NOTICE_KINDS = ['termination', 'suspension', 'change'] as const;
export type FamilyNoticeKind = (typeof FAMILY_NOTICE_KINDS)[number];
export const FamilyNoticeView = z.object({ id: z.string(), kind: z.enum(FAMILY_NOTICE_KINDS), number: z.string(), issuedOn: z.string() });
export type FamilyNoticeView = z.infer<typeof FamilyNoticeView>;

export const EnrollmentDetail = z.object({
  id: z.string(),
  countyCode: z.string(),
  program: z.enum(['dibao', 'tekun']),
  unit: z.enum(['household', 'individual']),
  householdId: z.string(),
  headName: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  areaCode: z.string(),
  registeredPoor: z.boolean(),
  decisionId: z.string(),
  startMonth: z.string(),
  endMonth: z.string().nullable(),
  status: z.enum(['active', 'suspended', 'ended']),
  version: z.number().int(),
  /** In force this month, and next month (where decided changes take effect). */
  current: MonthState,
  next: MonthState,
  terms: z.array(TermView),
  schedule: z
    .object({ reviewClass: z.enum(['fixed', 'stable', 'irregular']), intervalMonths: z.number().int(), countedFrom: z.string(), nextDue: z.string(), overdue: z.boolean() })
    .nullable(),
  reviews: z.array(ReviewSummary),
  terminationNotice: z
    .object({ id: z.string(), ground: z.enum(TERMINATION_GROUNDS), reasons: z.array(z.string()), notifiedOn: z.string(), endsOn: z.string(), state: z.enum(['running', 'confirmed', 'withdrawn']), effectiveMonth: z.string().nullable() })
    .nullable(),
  followUp: z.object({ id: z.string(), state: z.enum(['open', 'done']), exitMonth: z.string() }).nullable(),
  actions: z.array(z.object({ action: z.enum(ENROLLMENT_ACTIONS), canTake: z.boolean(), refusal: Refusal })),
  /** The notices issued to the family for its changes, oldest first. */
  familyNotices: z.array(FamilyNoticeView),
  /** 供养方式与护理等级 (tekun only; null for dibao). */
  tekunCare: EnrollmentTekunCare.nullable(),
});
export type EnrollmentDetail = z.infer<typeof EnrollmentDetail>;

export const HouseholdEnrollments = z.object({ items: z.array(EnrollmentDetail), today: z.string() });
export type HouseholdEnrollments = z.infer<typeof HouseholdEnrollments>;

export const ReviewOpen = z
  .object({
    enrollment: z.object({ countyCode: z.string().regex(/^\d{6}$/), id: Text(64) }),
    trigger: z.enum(['scheduled', 'reported_change']),
    /** 家庭变化申报: what the household reported (required when it opens the review). */
    reportedChange: z.string().trim().max(2000).optional(),
  })
  .refine((o) => o.trigger !== 'reported_change' || Boolean(o.reportedChange), { message: 'FIELD_REQUIRED', path: ['reportedChange'] });
export type ReviewOpen = z.infer<typeof ReviewOpen>;

/**
 * 复核中的家庭变化 (issue 11 point 10) What the review's investigation found changed in the household, written to the
 * registry by the registry's own commands in the step's transaction: members' circumstances (`updated`, the whole
 * member as the registry edits it), members who left (with the day and the reason) or joined, and — when given — the
 * household's incomes as they now are (replacing them; each owned by a member by id, or by the household).
 * `householdVersion` is the household's version as the page read it: an edit made elsewhere since is a 409.
 */
export const ReviewIncome = z.object({
  kind: z.enum(INCOME_KINDS),
  annualYuan: YuanText,
  personId: z.string().min(1).max(64).nullable().optional(),
  note: z.string().max(200).nullable().optional(),
});
export type ReviewIncome = z.infer<typeof ReviewIncome>;
export const ReviewRegistryChanges = z.object({
  householdVersion: Version,
  incomes: z.array(ReviewIncome).max(100).optional(),
  updated: z.array(PersonUpdate.extend({ id: Text(64) })).max(30).default([]),
  added: z.array(PersonInput.extend({ reason: z.enum(MEMBER_JOIN_REASONS) })).max(10).default([]),
  left: z.array(PersonLeave.extend({ id: Text(64) })).max(30).default([]),
});
export type ReviewRegistryChanges = z.infer<typeof ReviewRegistryChanges>;

/** A member's circumstance a review may find changed (the fields the engine reads, and the relation). */
export const MEMBER_CHANGE_FIELDS = ['relation', 'laborCapacity', 'disability', 'seriousIllness', 'selfCare', 'supporterStatus', 'inSchool'] as const;

/**
 * One change the investigation wrote to the registry, before → after, as the review page shows it. Values are the
 * registry's codes (a disability is `kind:grade` or `none`, yes/no circumstances `yes`/`no`, self-care the number of
 * items failed); the page says them in words.
 */
export const RegistryChangeView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('income'), incomeKind: z.enum(INCOME_KINDS), personName: z.string().nullable(), beforeYuan: z.string().nullable(), afterYuan: z.string().nullable() }),
  z.object({ type: z.literal('member_added'), name: z.string(), relation: z.enum(RELATIONS), reason: z.enum(MEMBER_JOIN_REASONS) }),
  z.object({ type: z.literal('member_left'), name: z.string(), relation: z.enum(RELATIONS), reason: z.enum(MEMBER_LEAVE_REASONS), leftOn: z.string() }),
  z.object({ type: z.literal('member_changed'), name: z.string(), field: z.enum(MEMBER_CHANGE_FIELDS), before: z.string(), after: z.string() }),
]);
export type RegistryChangeView = z.infer<typeof RegistryChangeView>;

export const ReviewInvestigation = z.object({
  version: Version,
  investigators: z.array(Text(50)).min(1).max(20),
  investigatedOn: DateText,
  homeVisitOn: DateText.nullable().optional(),
  findings: Text(2000),
  attachments: Attachments,
  registry: ReviewRegistryChanges.optional(),
});
export type ReviewInvestigation = z.infer<typeof ReviewInvestigation>;

export const ReviewOpinion = z.object({ version: Version, opinion: Text(2000) });
export type ReviewOpinion = z.infer<typeof ReviewOpinion>;

export const ReviewReasons = z.object({ version: Version, reasons: Reasons });
export type ReviewReasons = z.infer<typeof ReviewReasons>;

export const ReviewDecision = z.object({
  version: Version,
  outcome: z.enum(REVIEW_OUTCOME_VALUES),
  reasons: Reasons,
  /** 渐退期 in months, chosen by the county within the bound (24 for registered-poor households). */
  gradualExitMonths: z.number().int().min(0).max(1000).optional(),
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewDetail = ReviewSummary.extend({
  reportedChange: z.string().nullable(),
  stateSince: z.string(),
  decidedOn: z.string().nullable(),
  deciderName: z.string().nullable(),
  decisionReasons: z.array(z.string()),
  /** The decision's reasons as people read them. */
  decisionReasonLines: z.array(ExplainedReasonView),
  amountYuan: z.string().nullable(),
  /** The monthly amount before the decision (when decided), or in force now (while the review is open). */
  amountBeforeYuan: z.string().nullable(),
  /** What the investigations wrote to the registry, in the order they did it (issue 11 point 10). */
  registryChanges: z.array(RegistryChangeView),
  effectiveMonth: z.string().nullable(),
  gradualMonths: z.number().int().nullable(),
  /** The longest 渐退期 the county may choose for this household now (its dated parameter); null when none applies. */
  gradualExitMaxMonths: z.number().int().nullable(),
  timeline: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actorName: z.string(),
      actorRole: z.string(),
      step: z.enum(REVIEW_STEP_VALUES),
      stepLabel: Bilingual,
      fromState: z.enum(REVIEW_STATE_VALUES).nullable(),
      toState: z.enum(REVIEW_STATE_VALUES),
      record: z.record(z.string(), z.unknown()),
      /** 离线走访 A home visit recorded on a phone (ADR 0051): its id and when it was recorded in the home; `at` is its arrival. */
      visitId: z.string().nullable().optional(),
      recordedAt: z.string().nullable().optional(),
    }),
  ),
  nextSteps: z.array(z.object({ step: z.enum(REVIEW_STEP_VALUES), label: Bilingual, canTake: z.boolean(), refusal: Refusal })),
});
export type ReviewDetail = z.infer<typeof ReviewDetail>;

export const ListQuery = z.object({
  area: AreaCode.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  after: z.string().max(200).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** The overdue list, and with `dueWithin` also the reviews falling due in that many days from today (0: due today). */
export const OverdueQuery = ListQuery.extend({ dueWithin: z.coerce.number().int().min(0).max(92).optional() });
export type OverdueQuery = z.infer<typeof OverdueQuery>;

export const ReviewPage = z.object({ items: z.array(ReviewSummary), total: z.number().int(), nextCursor: z.string().nullable(), today: z.string() });
export type ReviewPage = z.infer<typeof ReviewPage>;

export const OverdueReview = z.object({
  countyCode: z.string(),
  enrollmentId: z.string(),
  householdId: z.string(),
  headName: z.string(),
  areaCode: z.string(),
  program: z.enum(['dibao', 'tekun']),
  reviewClass: z.enum(['fixed', 'stable', 'irregular']),
  intervalMonths: z.number().int(),
  nextDue: z.string(),
  /** Days past the due day; 0 on the day, negative for a review falling due later (listed with `dueWithin`). */
  daysOverdue: z.number().int(),
  openReviewId: z.string().nullable(),
});
export type OverdueReview = z.infer<typeof OverdueReview>;

export const OverduePage = z.object({ items: z.array(OverdueReview), total: z.number().int(), nextCursor: z.string().nullable(), today: z.string() });
export type OverduePage = z.infer<typeof OverduePage>;

export const FollowUpQuery = ListQuery.extend({ state: z.enum(['open', 'done']).optional() });
export type FollowUpQuery = z.infer<typeof FollowUpQuery>;

export const FollowUpView = z.object({
  id: z.string(),
  countyCode: z.string(),
  enrollmentId: z.string(),
  householdId: z.string(),
  headName: z.string(),
  areaCode: z.string(),
  program: z.enum(['dibao', 'tekun']),
  exitBasis: z.string(),
  exitMonth: z.string(),
  createdOn: z.string(),
  state: z.enum(['open', 'done']),
  outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable(),
  note: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneByName: z.string().nullable(),
});
export type FollowUpView = z.infer<typeof FollowUpView>;

export const FollowUpPage = z.object({ items: z.array(FollowUpView), total: z.number().int(), nextCursor: z.string().nullable() });
export type FollowUpPage = z.infer<typeof FollowUpPage>;

export const FollowUpDone = z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), note: z.string().trim().max(2000).default('') });
export type FollowUpDone = z.infer<typeof FollowUpDone>;
