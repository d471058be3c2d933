/**
 * Case DTOs (dibao and tekun applications, POLICY.md §5) shared by the API and the web app. Rules such as "at least
 * two investigators" or "villager representatives ≥ 2/3" are enforced by the workflow, not here, so that every
 * caller meets the same coded refusal; these schemas check shapes and sizes only.
 */
import { z } from 'zod';
import { TekunCareView } from './tekun-care.ts';
import { FourDeliberationsView } from './four-deliberations.ts';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { DeterminationView } from './policy.ts';
import { TemporaryAidView } from './temporary.ts';

export const CASE_KIND_VALUES = ['dibao_household', 'dibao_individual', 'tekun', 'temporary_emergency', 'temporary_expenditure'] as const;
export const CASE_STATE_VALUES = [
  'applied', 'incomplete', 'accepted', 'investigated', 'deliberated', 'village_notice',
  'county_review', 'county_notice', 'approved', 'refused', 'closed_ineligible', 'withdrawn', 'paid_first',
] as const;
export const STEP_VALUES = [
  'apply', 'resubmit', 'accept', 'request_missing', 'investigate', 'close_ineligible', 'deliberate', 'township_review',
  'return_for_investigation', 'object_village', 'close_village_notice', 'draw_spot_check', 'spot_visit', 'county_opinion',
  'object_county', 'approve', 'refuse', 'withdraw', 'assist_first', 'collective_decision',
] as const;
/** 民主评议 participants by category: 村委会, 党支部, 村民代表, 乡镇干部, other. */
export const PARTICIPANT_CATEGORIES = ['village_committee', 'party_branch', 'villager_representative', 'township_staff', 'other'] as const;

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const Text = (max: number) => z.string().trim().min(1).max(max);
/** Names or references of scanned documents kept with a step (the files themselves live outside the database). */
const Attachments = z.array(Text(200)).max(50).default([]);
const Version = z.number().int().min(1);
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const AreaCode = z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' });

export const CaseApply = z.object({
  kind: z.enum(CASE_KIND_VALUES),
  household: z.object({ countyCode: z.string().regex(/^\d{6}$/), id: Text(64) }),
  /** The person applying (for 单人保 and tekun: the person assessed). */
  applicantPersonId: Text(64),
  /** 收入财产申报 signed, and 信息核对授权 given. */
  signedDeclaration: z.boolean(),
  dataCheckAuthorised: z.boolean(),
  /** 近亲属备案: the applicant is a close relative of staff or village cadres. */
  staffRelative: z.boolean(),
  staffRelativeNote: z.string().trim().max(200).nullable().optional(),
  /** Filed by the village on the household's behalf (代为申请). */
  onBehalf: z.boolean().default(false),
  attachments: Attachments,
});
export type CaseApply = z.infer<typeof CaseApply>;

export const StepBase = z.object({ version: Version, attachments: Attachments });
export type StepBase = z.infer<typeof StepBase>;

export const CaseRequestMissing = StepBase.extend({ missing: z.array(Text(200)).min(1).max(50) });
export type CaseRequestMissing = z.infer<typeof CaseRequestMissing>;

export const CaseInvestigation = StepBase.extend({
  investigators: z.array(z.object({ name: Text(50), userId: z.string().max(64).nullable().optional() })).min(1).max(20),
  investigatedOn: DateText,
  homeVisitOn: DateText.nullable().optional(),
  neighbourVisits: z.number().int().min(0).max(100).default(0),
  writtenEvidence: z.array(Text(200)).max(50).default([]),
  dataCheck: z.object({ result: z.enum(['eligible', 'ineligible']), checkedOn: DateText, reasons: z.array(Text(500)).max(20).default([]) }),
  findings: z.string().trim().max(2000).default(''),
});
export type CaseInvestigation = z.infer<typeof CaseInvestigation>;

export const CaseDeliberation = StepBase.extend({
  heldOn: DateText,
  participants: z.array(z.object({ name: Text(50), category: z.enum(PARTICIPANT_CATEGORIES) })).min(1).max(200),
  conclusion: z.enum(['agree', 'disagree']),
  conclusionText: z.string().trim().max(2000).default(''),
  signed: z.boolean(),
});
export type CaseDeliberation = z.infer<typeof CaseDeliberation>;

export const CaseOpinion = StepBase.extend({ opinion: Text(2000) });
export type CaseOpinion = z.infer<typeof CaseOpinion>;

export const CaseReasons = StepBase.extend({ reasons: z.array(Text(500)).min(1).max(20) });
export type CaseReasons = z.infer<typeof CaseReasons>;

export const CaseObjection = StepBase.extend({
  receivedOn: DateText,
  summary: Text(2000),
  lodgedBy: z.enum(['villager', 'anonymous', 'other']),
});
export type CaseObjection = z.infer<typeof CaseObjection>;

/** 撤回 reasons as codes: the timeline never holds free text about a person. */
export const CaseWithdraw = StepBase.extend({ reason: z.enum(['applicant_request', 'moved_away', 'deceased', 'other']) });
export type CaseWithdraw = z.infer<typeof CaseWithdraw>;

export const SpotVisit = StepBase.extend({
  visitedOn: DateText,
  visitors: z.array(Text(50)).min(1).max(10),
  finding: z.enum(['consistent', 'inconsistent']),
  note: z.string().trim().max(2000).default(''),
});
export type SpotVisit = z.infer<typeof SpotVisit>;

export const SpotCheckDraw = z.object({
  area: AreaCode.optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
});
export type SpotCheckDraw = z.infer<typeof SpotCheckDraw>;

export const CaseSummary = z.object({
  id: z.string(),
  countyCode: z.string(),
  kind: z.enum(CASE_KIND_VALUES),
  program: z.enum(['dibao', 'tekun', 'temporary']),
  state: z.enum(CASE_STATE_VALUES),
  stateLabel: Bilingual,
  version: z.number().int(),
  householdId: z.string(),
  applicantPersonId: z.string(),
  applicantName: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  staffRelative: z.boolean(),
  contested: z.boolean(),
  ruleSet: z.string(),
  /** 适用程序 as users read it: the document the procedure follows, e.g. 民发〔2021〕57号《最低生活保障审核确认办法》. */
  ruleSetCitation: z.string(),
  appliedOn: z.string(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseEventView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  actorRole: z.string(),
  step: z.enum(STEP_VALUES),
  stepLabel: Bilingual,
  fromState: z.enum(CASE_STATE_VALUES).nullable(),
  toState: z.enum(CASE_STATE_VALUES),
  payload: z.record(z.string(), z.unknown()),
  attachments: z.array(z.string()),
});
export type CaseEventView = z.infer<typeof CaseEventView>;

export const NextStep = z.object({
  step: z.enum(STEP_VALUES),
  label: Bilingual,
  roles: z.array(z.string()),
  /** Whether the user asking may take it now; if not, why. */
  canTake: z.boolean(),
  refusal: z.object({ code: z.string(), message: Bilingual }).nullable(),
});

export const DecisionView = z.object({
  id: z.string(),
  outcome: z.enum(['approved', 'refused']),
  decidedOn: z.string(),
  deciderName: z.string(),
  deciderRole: z.string(),
  reasons: z.array(z.string()),
  amountYuan: z.string().nullable(),
  benefitFrom: z.string().nullable(),
  ruleSet: z.string(),
  /** The policy engine's result and trace as they stood at the decision (frozen), exactly as stored. */
  determination: z.unknown().nullable(),
  /** That determination explained (labels, amounts to the fen, real citations); null when there is none. */
  explanation: DeterminationView.nullable(),
});

export const EnrollmentView = z.object({
  id: z.string(),
  program: z.enum(['dibao', 'tekun']),
  unit: z.enum(['household', 'individual']),
  monthlyAmountYuan: z.string(),
  startMonth: z.string(),
  endMonth: z.string().nullable(),
  status: z.string(),
});

export const CaseRecords = z.object({
  missing: z.array(z.object({ requestedOn: z.string(), items: z.array(z.string()) })),
  investigations: z.array(
    z.object({
      id: z.string(),
      investigatedOn: z.string(),
      investigators: z.array(z.string()),
      homeVisitOn: z.string().nullable(),
      neighbourVisits: z.number().int(),
      writtenEvidence: z.array(z.string()),
      dataCheck: z.object({ result: z.enum(['eligible', 'ineligible']), checkedOn: z.string(), reasons: z.array(z.string()) }),
      findings: z.string(),
      /** 离线入户 (ADR 0051): recorded in the home on a phone (the device's clock) and arrived at the server; null when typed at the office. */
      recordedAt: z.string().nullable().optional(),
      receivedAt: z.string().optional(),
      visitId: z.string().nullable().optional(),
    }),
  ),
  deliberations: z.array(
    z.object({
      id: z.string(),
      heldOn: z.string(),
      participants: z.array(z.object({ name: z.string(), category: z.enum(PARTICIPANT_CATEGORIES) })),
      representatives: z.number().int(),
      total: z.number().int(),
      conclusion: z.enum(['agree', 'disagree']),
      conclusionText: z.string(),
    }),
  ),
  opinions: z.array(z.object({ level: z.enum(['township', 'county']), kind: z.string(), text: z.string(), byName: z.string(), on: z.string() })),
  notices: z.array(z.object({ id: z.string(), level: z.enum(['village', 'county']), postedOn: z.string(), endsOn: z.string(), closedOn: z.string().nullable(), outcome: z.string().nullable() })),
  objections: z.array(z.object({ id: z.string(), level: z.enum(['village', 'county']), receivedOn: z.string(), summary: z.string(), lodgedBy: z.string() })),
  spotVisits: z.array(
    z.object({
      visitedOn: z.string(),
      visitors: z.array(z.string()),
      finding: z.string(),
      note: z.string(),
      /** 离线走访 A spot visit recorded on a phone (ADR 0051): its id and when it was recorded in the home. */
      visitId: z.string().nullable().optional(),
      recordedAt: z.string().nullable().optional(),
    }),
  ),
});

export const CaseDetail = CaseSummary.extend({
  stateSince: z.string(),
  acceptedOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  spotCheck: z.enum(['not_sampled', 'sampled', 'visited']).nullable(),
  /** The engine's amount when the case was last assessed (township review, county opinion): what the notices show. */
  proposedAmountYuan: z.string().nullable(),
  memberCount: z.number().int(),
  onBehalf: z.boolean(),
  records: CaseRecords,
  decision: DecisionView.nullable(),
  enrollment: EnrollmentView.nullable(),
  timeline: z.array(CaseEventView),
  nextSteps: z.array(NextStep),
  /** 供养方式与护理等级 as the investigation recorded it (tekun cases; null when not recorded or not tekun). */
  tekunCare: TekunCareView.nullable(),
  /** 四议两公开: the four deliberation stages and the two disclosures (ADR 0036). */
  fourDeliberations: FourDeliberationsView,
  /** 集中排查 The ledger row the case was opened from (origin 'screening', ADR 0035); absent for an application. */
  screening: z.object({ campaignId: z.string(), campaignCounty: z.string(), countyCode: z.string(), hhNo: z.string(), year: z.number().int() }).nullable().optional(),
  /** 应保尽保 The outreach list's row the case was opened from (origin 'outreach', ADR 0047): the month the engine found it eligible and its monthly figure then; absent otherwise. */
  outreach: z.object({ month: z.string(), monthlyYuan: z.string().nullable() }).nullable().optional(),
  /** 临时救助 The aid of a temporary-aid case (ADR 0037); absent for the other programs. */
  temporary: TemporaryAidView.nullable().optional(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

const BoolText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const CaseSearch = z.object({
  state: z.enum(CASE_STATE_VALUES).optional(),
  program: z.enum(['dibao', 'tekun', 'temporary']).optional(),
  area: AreaCode.optional(),
  /** Only open cases past their statutory due day (the dashboard's overdue figure links here). */
  overdue: BoolText.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CaseSearch = z.infer<typeof CaseSearch>;

/** `total` as in HouseholdPage: exact up to a bound covering this page and the next ten, else the bound with `totalCapped`. */
export const CasePage = z.object({
  items: z.array(CaseSummary),
  total: z.number().int(),
  totalCapped: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CasePage = z.infer<typeof CasePage>;

export const WorklistQuery = z.object({
  area: AreaCode.optional(),
  overdue: BoolText.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  after: z.string().max(200).optional(),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;

export const WorklistItem = CaseSummary.extend({
  nextSteps: z.array(z.enum(STEP_VALUES)),
  /** A notice still running: its step can be taken from this day. */
  availableFrom: z.string().nullable(),
});
export type WorklistItem = z.infer<typeof WorklistItem>;

/** `total` is of the whole worklist, exact up to 1,000; past that it is 1,000 with `totalCapped` (there are more). */
export const WorklistPage = z.object({
  items: z.array(WorklistItem),
  total: z.number().int(),
  totalCapped: z.boolean(),
  nextCursor: z.string().nullable(),
  today: z.string(),
});
export type WorklistPage = z.infer<typeof WorklistPage>;

export const PublicNoticeQuery = z.object({ level: z.enum(['village', 'county']), area: AreaCode.optional() });
export type PublicNoticeQuery = z.infer<typeof PublicNoticeQuery>;

/** 公示名单: name, number of members and amount only, the ID number masked; never income, illness or disability. */
export const PublicNoticeList = z.object({
  level: z.enum(['village', 'county']),
  items: z.array(
    z.object({
      caseId: z.string(),
      countyCode: z.string(),
      areaCode: z.string(),
      areaName: z.string(),
      program: z.enum(['dibao', 'tekun', 'temporary']),
      name: z.string(),
      idNumberMasked: z.string(),
      memberCount: z.number().int(),
      amountYuan: z.string().nullable(),
      postedOn: z.string(),
      endsOn: z.string(),
    }),
  ),
});
export type PublicNoticeList = z.infer<typeof PublicNoticeList>;

export const SpotCheckView = z.object({
  id: z.string(),
  countyCode: z.string(),
  areaCode: z.string(),
  drawnAt: z.string(),
  drawnBy: z.string(),
  seed: z.number().int(),
  rate: z.string(),
  batchSize: z.number().int(),
  minimum: z.number().int(),
  items: z.array(z.object({ caseId: z.string(), sampled: z.boolean(), reason: z.string().nullable(), visitedOn: z.string().nullable() })),
});
export type SpotCheckView = z.infer<typeof SpotCheckView>;
