/**
 * 整改 Rectification of the anomaly rules' findings, 专项治理 campaigns and 责任追究 accountability records (issue 16
 * points 2 and 3, ADR 0048): DTOs shared by the API and the web app. Shapes and sizes only: the commands decide
 * (permissions, area, status).
 */
import { z } from 'zod';
import { FindingView, RULE_CODES } from './supervision.ts';

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD 日期格式应为 YYYY-MM-DD');
const Text = (max: number) => z.string().trim().min(1, 'required 必填').max(max, `at most ${max} characters 最多 ${max} 字`);
const Version = z.number().int().min(1);

/** The finding's key in a route: its county and id. */
export const FindingParams = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });

/** 整改回复 The township's answer: the action taken and the evidence (a note; files come with issue 17). */
export const AnswerBody = z.strictObject({ action: Text(2000), evidence: Text(2000), version: Version });
export type AnswerBody = z.infer<typeof AnswerBody>;

/** 核查 The county's or city's verification: close it (a note) or send it back (the reason). */
export const VerifyBody = z.strictObject({ decision: z.enum(['close', 'send_back']), note: Text(2000), version: Version });
export type VerifyBody = z.infer<typeof VerifyBody>;

export const FINDING_EVENTS = ['found', 'reopened', 'answered', 'sent_back', 'closed', 'campaign'] as const;

export const FindingHistoryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  event: z.enum(FINDING_EVENTS),
  actorName: z.string(),
  runId: z.string().nullable(),
  record: z.record(z.string(), z.unknown()),
});
export type FindingHistoryView = z.infer<typeof FindingHistoryView>;

/** A finding with its rectification and history (and what the reader may do with it). */
export const FindingDetail = FindingView.extend({
  /** The finding's area by name (village, township or county). */
  areaName: z.string(),
  version: z.number().int(),
  answerAction: z.string().nullable(),
  answerEvidence: z.string().nullable(),
  answeredByName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  sentBackCount: z.number().int(),
  closedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  campaignId: z.string().nullable(),
  history: z.array(FindingHistoryView),
  can: z.object({ answer: z.boolean(), verify: z.boolean(), accountability: z.boolean(), recordAccountability: z.boolean() }),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const OverdueQuery = z.strictObject({
  area: z.string().regex(/^(\d{6}|\d{12})$/, 'area must be a 6- or 12-digit division code 区划应为 6 或 12 位代码').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type OverdueQuery = z.infer<typeof OverdueQuery>;

export const OverdueList = z.object({
  today: z.string(),
  items: z.array(FindingView.extend({ workingDaysOverdue: z.number().int(), areaName: z.string() })),
  total: z.number().int(),
});
export type OverdueList = z.infer<typeof OverdueList>;

/* ── Campaigns ── */

export const CampaignBody = z
  .strictObject({
    title: Text(100),
    year: z.number().int().min(2000).max(2100),
    /** A county of one's own (6 digits); none: the actor's area (the city). */
    county: z.string().regex(/^\d{6}$/).optional(),
    startsOn: Day,
    endsOn: Day,
    /** The rules whose findings it groups; empty: every rule. */
    rules: z.array(z.enum(RULE_CODES)).max(RULE_CODES.length).default([]),
  })
  .refine((b) => b.startsOn <= b.endsOn, { message: 'the period ends before it starts 结束日期早于开始日期', path: ['endsOn'] });
export type CampaignBody = z.infer<typeof CampaignBody>;

export const CampaignParams = z.object({ id: z.string().min(1).max(64) });
export const CampaignCloseBody = z.strictObject({ version: Version });

/** The figures of a campaign or one of its counties: found, answered (awaiting verification), closed, overdue. */
export const CampaignCounts = z.object({ found: z.number().int(), open: z.number().int(), answered: z.number().int(), closed: z.number().int(), overdue: z.number().int() });
export type CampaignCounts = z.infer<typeof CampaignCounts>;

export const CampaignView = z.object({
  id: z.string(),
  area: z.string(),
  year: z.number().int(),
  title: z.string(),
  rules: z.array(z.enum(RULE_CODES)),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['open', 'closed']),
  createdByName: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
  counts: CampaignCounts,
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignList = z.object({ items: z.array(CampaignView) });

export const CampaignProgress = CampaignView.extend({
  counties: z.array(CampaignCounts.extend({ county: z.string(), name: Bilingual })),
  ledger: z.array(FindingView.extend({ areaName: z.string() })),
  ledgerTotal: z.number().int(),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

/* ── Accountability ── */

export const ACCOUNTABILITY_MEASURES = ['interview', 'criticism', 'admonition', 'discipline_referral', 'other'] as const;
export type AccountabilityMeasure = (typeof ACCOUNTABILITY_MEASURES)[number];

export const AccountabilityBody = z.strictObject({
  /** The responsible staff: user names of doudi's accounts. */
  responsible: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
  failure: Text(2000),
  measure: z.enum(ACCOUNTABILITY_MEASURES),
  measureNote: z.string().trim().max(2000).optional(),
  decidedOn: Day,
  decidedByName: Text(100),
});
export type AccountabilityBody = z.infer<typeof AccountabilityBody>;

export const AccountabilityView = z.object({
  id: z.string(),
  county: z.string(),
  findingId: z.string(),
  responsible: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string() })),
  failure: z.string(),
  measure: z.enum(ACCOUNTABILITY_MEASURES),
  measureNote: z.string().nullable(),
  decidedOn: z.string(),
  decidedByName: z.string(),
  recordedByName: z.string(),
  recordedAt: z.string(),
});
export type AccountabilityView = z.infer<typeof AccountabilityView>;
export const AccountabilityList = z.object({ items: z.array(AccountabilityView) });
