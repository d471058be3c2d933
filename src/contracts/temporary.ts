/**
 * 临时救助 Temporary aid DTOs (issue 13, ADR 0037) shared by the API, the CLI and the web app. Shapes and sizes only: the
 * rules (categories a county offers, the levels, one event one aid, the reserve's balance) are the commands'.
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { YuanAmount } from './money.ts';

import {
  EMERGENCY_CATEGORIES,
  EXPENDITURE_CATEGORIES,
  TEMPORARY_CATEGORIES,
  TEMPORARY_CATEGORY_LABELS,
  type TemporaryCategory,
} from '../kernel/temporary-category.ts';

export { EMERGENCY_CATEGORIES, EXPENDITURE_CATEGORIES, TEMPORARY_CATEGORIES, type TemporaryCategory };
/** 急难型 and 支出型 categories in words (the kernel's one list). */
export const CATEGORY_WORDS = TEMPORARY_CATEGORY_LABELS;

export const APPROVAL_LEVELS = ['township', 'county', 'collective'] as const;
export const LEVEL_WORDS: Readonly<Record<(typeof APPROVAL_LEVELS)[number], { zh: string; en: string }>> = {
  township: { zh: '乡镇（街道）审批', en: 'township approves' },
  county: { zh: '县级审批', en: 'county approves' },
  collective: { zh: '一事一议', en: 'collective decision' },
};

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const Text = (max: number) => z.string().trim().min(1).max(max);
const Attachments = z.array(Text(200)).max(50).default([]);

/** 先行救助 An emergency recorded and paid at once from the township's reserve. */
export const EmergencyRecord = z.object({
  household: z.object({ countyCode: z.string().regex(/^\d{6}$/), id: Text(64) }),
  /** The person the event struck (who receives the aid for the household). */
  applicantPersonId: Text(64),
  category: z.enum(EMERGENCY_CATEGORIES),
  eventDate: DateText,
  /** What happened, in a few words (no medical detail: the attachments carry the evidence). */
  eventNote: Text(200),
  /** The need as assessed on the spot. */
  needYuan: YuanAmount,
  /** Paid now from the township's reserve (at most the township's approval ceiling). */
  paidFirstYuan: YuanAmount,
  /** Why it could not wait for the ordinary procedure. */
  reason: Text(200),
  staffRelative: z.boolean().default(false),
  attachments: Attachments,
});
export type EmergencyRecord = z.input<typeof EmergencyRecord>;

/** 申请 An application through the ordinary procedure (支出型, or an emergency not paid first). */
export const TemporaryApplication = z.object({
  household: z.object({ countyCode: z.string().regex(/^\d{6}$/), id: Text(64) }),
  applicantPersonId: Text(64),
  category: z.enum(TEMPORARY_CATEGORIES),
  eventDate: DateText,
  eventNote: Text(200),
  needYuan: YuanAmount,
  staffRelative: z.boolean().default(false),
  onBehalf: z.boolean().default(false),
  attachments: Attachments,
});
export type TemporaryApplication = z.input<typeof TemporaryApplication>;

/** The need (re)assessed during the ordinary steps: the engine's amount and level follow it. */
export const TemporaryNeed = z.object({
  version: z.number().int().min(1),
  needYuan: YuanAmount,
  category: z.enum(TEMPORARY_CATEGORIES).optional(),
});
export type TemporaryNeed = z.input<typeof TemporaryNeed>;

/** 一事一议 The collective decision on an amount above the normal maximum. */
export const CollectiveDecision = z.object({
  version: z.number().int().min(1),
  decidedOn: DateText,
  participants: z.array(z.object({ name: Text(40), post: Text(40) })).min(3).max(30),
  members: z.number().int().min(3).max(30),
  present: z.number().int().min(1).max(30),
  inFavour: z.number().int().min(0).max(30),
  decision: Text(500),
  amountYuan: YuanAmount,
  attachments: Attachments,
});
export type CollectiveDecision = z.input<typeof CollectiveDecision>;

/** 批准 The approval with its payment stages (分次发放); without stages, one stage paid on the decision day. */
export const TemporaryApproval = z.object({
  version: z.number().int().min(1),
  stages: z
    .array(z.object({ payOn: DateText, amountYuan: YuanAmount }))
    .max(12)
    .default([]),
  attachments: Attachments,
});
export type TemporaryApproval = z.input<typeof TemporaryApproval>;

/** A county approver's reason why an event is a new one (one event, one aid). */
export const NewEventAuthorisation = z.object({
  household: z.object({ countyCode: z.string().regex(/^\d{6}$/), id: Text(64) }),
  category: z.enum(TEMPORARY_CATEGORIES),
  eventDate: DateText,
  reason: Text(300),
});
export type NewEventAuthorisation = z.input<typeof NewEventAuthorisation>;

/** 转介 Other help a household may be referred to (民发〔2018〕23号: 医疗救助、教育救助、慈善、福利、养老、就业). */
export const REFERRAL_TARGETS = ['medical_aid', 'education_aid', 'charity', 'welfare', 'elderly_care', 'employment', 'other'] as const;
export const REFERRAL_OUTCOMES = ['pending', 'helped', 'declined', 'not_eligible'] as const;

export const TemporaryReferralInput = z.object({
  target: z.enum(REFERRAL_TARGETS),
  note: Text(300),
  referredOn: DateText,
});
export type TemporaryReferralInput = z.input<typeof TemporaryReferralInput>;

export const TemporaryReferralOutcome = z.object({
  outcome: z.enum(['helped', 'declined', 'not_eligible']),
  note: z.string().trim().max(300).default(''),
  on: DateText,
});
export type TemporaryReferralOutcome = z.input<typeof TemporaryReferralOutcome>;

export const TemporaryStageView = z.object({ n: z.number(), payOn: z.string(), amountYuan: z.string(), status: z.enum(['planned', 'paid_first', 'in_batch', 'held', 'paid', 'failed']) });

export const TemporaryAidView = z.object({
  caseId: z.string(),
  countyCode: z.string(),
  category: z.enum(TEMPORARY_CATEGORIES),
  categoryLabel: z.object({ zh: z.string(), en: z.string() }),
  eventDate: z.string(),
  eventNote: z.string(),
  needYuan: z.string(),
  registeredPoor: z.boolean(),
  approvalLevel: z.enum(APPROVAL_LEVELS).nullable(),
  proposedYuan: z.string().nullable(),
  maximumYuan: z.string().nullable(),
  assistedFirst: z.boolean(),
  paidFirstYuan: z.string(),
  paidFirstOn: z.string().nullable(),
  paidFirstByName: z.string().nullable(),
  paidFirstReason: z.string().nullable(),
  paperworkDue: z.string().nullable(),
  paperworkDoneOn: z.string().nullable(),
  paperworkOverdue: z.boolean(),
  approvedYuan: z.string().nullable(),
  recoveryYuan: z.string(),
  outcome: z.enum(['approved', 'refused', 'ineligible', 'withdrawn']).nullable(),
  collectiveDecisions: z.array(
    z.object({ seq: z.number(), decidedOn: z.string(), members: z.number(), present: z.number(), inFavour: z.number(), decision: z.string(), amountYuan: z.string(), maximumYuan: z.string(), recordedByName: z.string() }),
  ),
  stages: z.array(TemporaryStageView),
  referrals: z.array(
    z.object({
      seq: z.number(),
      target: z.enum(REFERRAL_TARGETS),
      note: z.string(),
      referredOn: z.string(),
      referredByName: z.string(),
      outcome: z.enum(REFERRAL_OUTCOMES),
      outcomeNote: z.string().nullable(),
      outcomeOn: z.string().nullable(),
      outcomeByName: z.string().nullable(),
    }),
  ),
});
export type TemporaryAidView = z.infer<typeof TemporaryAidView>;

export const OverduePaperworkView = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      countyCode: z.string(),
      areaCode: z.string(),
      applicantName: z.string(),
      category: z.enum(TEMPORARY_CATEGORIES),
      eventDate: z.string(),
      paidFirstYuan: z.string(),
      paidFirstOn: z.string().nullable(),
      paidFirstByName: z.string().nullable(),
      paperworkDue: z.string(),
      workingDaysOverdue: z.number(),
      registeredPoor: z.boolean(),
    }),
  ),
  truncated: z.boolean(),
});
export type OverduePaperworkView = z.infer<typeof OverduePaperworkView>;

/** 临时救助统计 (issue 13 point 10): counts and amounts per county, month, category, level, assist-first and registered poor. */
export const TemporaryFigures = z.object({
  from: z.string(),
  to: z.string(),
  groups: z.array(
    z.object({
      countyCode: z.string(),
      month: z.string(),
      category: z.enum(TEMPORARY_CATEGORIES),
      approvalLevel: z.enum(APPROVAL_LEVELS).nullable(),
      assistedFirst: z.boolean(),
      registeredPoor: z.boolean(),
      outcome: z.enum(['approved', 'refused', 'ineligible', 'withdrawn']).nullable(),
      cases: z.number(),
      approvedYuan: z.string(),
      paidFirstYuan: z.string(),
      recoveryYuan: z.string(),
    }),
  ),
  total: z.object({
    cases: z.number(),
    approved: z.number(),
    registeredPoor: z.number(),
    assistedFirst: z.number(),
    approvedYuan: z.string(),
    paidFirstYuan: z.string(),
    recoveryYuan: z.string(),
  }),
});
export type TemporaryFigures = z.infer<typeof TemporaryFigures>;

/**
 * 临时救助发放批次 A county's disbursement batch (ADR 0040): the stages due by `upTo` (default today) paid through the
 * payment rolls — control totals, maker ≠ checker, bank file, result import — on demand, not monthly.
 */
export const DisbursementBuild = z.object({ county: z.string().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' }), upTo: DateText.optional() });
export type DisbursementBuild = z.infer<typeof DisbursementBuild>;

export const DisbursementDueQuery = DisbursementBuild;

/** What a batch built now would pay: stages due (and of them without an account: held), failed or held payments to pay again. */
export const DisbursementDue = z.object({
  county: z.string(),
  upTo: z.string(),
  stages: z.number().int(),
  stagesFen: z.number().int(),
  /** Stages whose household has no bank account: they go in the batch held, out of the bank file. */
  withoutAccount: z.number().int(),
  /** Stages of earlier batches the bank returned, or held, whose household has an account now: paid again. */
  reissues: z.number().int(),
  reissuesFen: z.number().int(),
});
export type DisbursementDue = z.infer<typeof DisbursementDue>;

export const RECONCILIATION_PROBLEMS = ['reserve_mismatch', 'stages_mismatch', 'recovery_open'] as const;

/** One case of a batch beside the township reserve's movements for it (先行救助) and its other stages. */
export const ReconciledCase = z.object({
  caseId: z.string(),
  payeeName: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  category: z.enum(TEMPORARY_CATEGORIES),
  registeredPoor: z.boolean(),
  approvedFen: z.number().int(),
  /** 先行救助 as the aid records it, and as the township reserve's ledger paid it (payments) and took back (refunds). */
  paidFirstFen: z.number().int(),
  reservePaidFen: z.number().int(),
  reserveRefundedFen: z.number().int(),
  /** This batch's lines for the case (held ones included), the stages paid by earlier batches, the stages still planned. */
  thisBatchFen: z.number().int(),
  paidBeforeFen: z.number().int(),
  laterFen: z.number().int(),
  recoveryFen: z.number().int(),
  problems: z.array(z.enum(RECONCILIATION_PROBLEMS)),
});
export type ReconciledCase = z.infer<typeof ReconciledCase>;

export const ReconciledTownship = z.object({
  townshipCode: z.string(),
  townshipName: z.string(),
  cases: z.number().int(),
  reservePaidFen: z.number().int(),
  reserveRefundedFen: z.number().int(),
  thisBatchFen: z.number().int(),
});

/**
 * 备用金对账 A batch reconciled against the township reserves: for each case, approved = paid first from the reserve
 * (as its ledger shows) + the stages by batches (+ what is still planned), or the difference owed back when less was
 * approved than paid first.
 */
export const DisbursementReconciliation = z.object({
  rollId: z.string(),
  county: z.string(),
  totals: z.object({
    cases: z.number().int(),
    thisBatchFen: z.number().int(),
    reservePaidFen: z.number().int(),
    approvedFen: z.number().int(),
    problems: z.number().int(),
  }),
  townships: z.array(ReconciledTownship),
  cases: z.array(ReconciledCase),
});
export type DisbursementReconciliation = z.infer<typeof DisbursementReconciliation>;
