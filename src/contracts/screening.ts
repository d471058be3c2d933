/**
 * 集中排查 The screening campaign and its ledger (核查台账), issue 12 point 5, ADR 0035: DTOs shared by the API and the
 * web app. Shapes and sizes only: the commands decide (scope, state, versions, the engine's assessment).
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { YuanAmount } from './money.ts';
import { DeterminationView } from './policy.ts';
import { safeText } from './text.ts';

/** 核查方式: 数据比对, 信息核查, 入户走访. */
export const SCREENING_METHODS = ['data_comparison', 'information_check', 'home_visit'] as const;
export type ScreeningMethod = (typeof SCREENING_METHODS)[number];
/** 处理结论: 已纳入, 符合条件（开案）, 单人保（开案）, 不符合条件, 转介其他救助. */
export const SCREENING_CONCLUSIONS = ['covered', 'eligible', 'single_person', 'not_eligible', 'referred'] as const;
export type ScreeningConclusion = (typeof SCREENING_CONCLUSIONS)[number];
/** 转介 (seed 二(二)三): 临时救助, 医疗救助, 福利保障, 养老服务, 就业帮扶. */
export const SCREENING_REFERRALS = ['temporary_aid', 'medical_aid', 'welfare', 'elderly_care', 'employment'] as const;
export type ScreeningReferral = (typeof SCREENING_REFERRALS)[number];
/** What the engine assesses for a row: dibao for the household, 单人保 for one member, tekun for one member. */
export const SCREENING_OPTION_KINDS = ['dibao_household', 'dibao_individual', 'tekun'] as const;

const DateText = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });
const Version = z.number().int().min(1);
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const County = z.string().regex(/^\d{6}$/);
const Person = z.object({ name: z.string(), at: z.string() });

/** 开展集中排查: a county (or the city, every county) for a year; the deadline a date or so many working days from today. */
export const CampaignOpen = z
  .object({
    county: County.optional(),
    city: z.boolean().default(false),
    year: z.number().int().min(2013).max(2100),
    deadline: DateText.optional(),
    workingDays: z.number().int().min(1).max(250).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.city === (v.county !== undefined)) ctx.addIssue({ code: 'custom', path: ['county'], message: 'SCOPE_ONE_OF' });
    if ((v.deadline === undefined) === (v.workingDays === undefined)) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'DEADLINE_ONE_OF' });
  });
export type CampaignOpen = z.input<typeof CampaignOpen>;

export const Tally = z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() });
export type Tally = z.infer<typeof Tally>;

export const CampaignView = z.object({
  id: z.string(),
  /** The scope's code (a county's 12 digits, or the city's) and its first six digits, used in the ledger's address. */
  areaCode: z.string(),
  county: z.string(),
  areaName: z.string(),
  scope: z.enum(['county', 'city']),
  year: z.number().int(),
  deadline: z.string(),
  state: z.enum(['open', 'closed']),
  /** Rows in the reader's area: how many, how many concluded, how many unconcluded past the deadline. */
  tally: Tally,
  rowCount: z.number().int(),
  opened: Person.extend({ by: z.string() }),
  closed: Person.extend({ by: z.string() }).nullable(),
  version: z.number().int(),
  can: z.object({ fill: z.boolean(), close: z.boolean(), export: z.boolean() }),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignList = z.object({ items: z.array(CampaignView), canOpen: z.boolean() });
export type CampaignList = z.infer<typeof CampaignList>;

export const CampaignRef = z.object({ county: County, campaignId: z.string().min(1).max(64) });
export type CampaignRef = z.infer<typeof CampaignRef>;

/** 排查进度 per township and village in the reader's area. */
export const AreaTally = Tally.extend({ code: z.string(), name: z.string() });
export const ProgressView = z.object({
  campaign: CampaignView,
  today: z.string(),
  townships: z.array(AreaTally.extend({ villages: z.array(AreaTally) })),
});
export type ProgressView = z.infer<typeof ProgressView>;

export const RowQuery = z.object({
  village: z.string().regex(/^\d{12}$/).optional(),
  concluded: z.enum(['yes', 'no']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RowQuery = z.infer<typeof RowQuery>;

export const CaseLink = z.object({ countyCode: z.string(), id: z.string() });

export const RowSummary = z.object({
  campaignId: z.string(),
  countyCode: z.string(),
  hhNo: z.string(),
  seq: z.number().int(),
  townshipCode: z.string(),
  townshipName: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string(),
  attribute: z.enum(['general', 'dibao', 'tekun']),
  status: z.enum(['poor', 'out']),
  exitYear: z.number().int().nullable(),
  memberCount: z.number().int(),
  /** Matched to a household of doudi's registry. */
  matched: z.boolean(),
  /** 已享受低保/特困 when the campaign opened: the programs in force. */
  coveredAtOpen: z.array(z.enum(['dibao', 'tekun'])),
  methodsCount: z.number().int(),
  conclusion: z.enum(SCREENING_CONCLUSIONS).nullable(),
  case: CaseLink.nullable(),
  version: z.number().int(),
});
export type RowSummary = z.infer<typeof RowSummary>;

export const RowPage = z.object({ items: z.array(RowSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type RowPage = z.infer<typeof RowPage>;

export const MethodEntry = z.object({
  method: z.enum(SCREENING_METHODS),
  date: DateText,
  staff: z.array(safeText(50)).min(1).max(10),
});
export type MethodEntry = z.infer<typeof MethodEntry>;

const DISABILITY = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'] as const;
const SUPPORTER = ['none', 'able', 'unable', 'tekun', 'dibao_severe', 'missing', 'imprisoned'] as const;

/** A member as found: labour capacity, a disability (kind and grade) and serious illness; for 单人保 and tekun, more. */
export const MemberFinding = z.object({
  personKey: z.string().min(1).max(200),
  /** When the office's record has no valid ID number: the birth date as found. */
  birthDate: DateText.nullable().optional(),
  laborCapacity: z.enum(['full', 'partial', 'none']),
  disability: z.object({ kind: z.enum(DISABILITY), grade: z.number().int().min(1).max(4) }).nullable().default(null),
  seriousIllness: z.boolean().default(false),
  /** The member's own income a year (单人保 counts it alone). */
  ownIncomeAnnual: YuanAmount.optional(),
  supporter: z.enum(SUPPORTER).optional(),
  selfCareFailed: z.number().int().min(0).max(6).optional(),
});

/** 核查发现 income and assets as found, and the members. */
export const Findings = z.object({
  /** 家庭年人均收入 (yuan). */
  incomeAnnualPerCapita: YuanAmount,
  financialAssets: YuanAmount.prefault(0),
  vehicles: z.number().int().min(0).max(100).default(0),
  members: z.array(MemberFinding).max(50).default([]),
  note: z.string().trim().max(1000).default(''),
});
export type FindingsInput = z.input<typeof Findings>;

/** 填写台账: the methods used and the findings (null: none yet). The row's version as read. */
export const RowFill = z.object({
  version: Version,
  methods: z.array(MethodEntry).max(20),
  findings: Findings.nullable(),
});
export type RowFill = z.input<typeof RowFill>;

/** 处理结论. `eligible`: kind (dibao_household or tekun, with the member for tekun); `single_person`: the member. */
export const RowConclude = z.object({
  version: Version,
  conclusion: z.enum(SCREENING_CONCLUSIONS),
  kind: z.enum(['dibao_household', 'tekun']).optional(),
  personKey: z.string().min(1).max(200).optional(),
  reason: z.string().trim().max(500).optional(),
  referrals: z.array(z.enum(SCREENING_REFERRALS)).max(5).optional(),
  /** Opening a case: the household's signed application (收入财产申报) and data-check authorisation, and 近亲属备案. */
  declaration: z.object({ signed: z.boolean(), dataCheckAuthorised: z.boolean(), staffRelative: z.boolean().default(false) }).optional(),
});
export type RowConclude = z.input<typeof RowConclude>;

export const RowMember = z.object({
  personKey: z.string(),
  name: z.string(),
  relation: z.string(),
  birthDate: z.string().nullable(),
  health: z.enum(['healthy', 'chronic', 'serious', 'disabled']),
  disabilityGrade: z.number().int().nullable(),
  laborCapacity: z.string(),
  /** Matched to a person of doudi's registry (in the matched household). */
  matched: z.boolean(),
});

export const AssessmentOption = z.object({
  kind: z.enum(SCREENING_OPTION_KINDS),
  personKey: z.string().nullable(),
  personName: z.string().nullable(),
  eligible: z.boolean(),
  amountFen: z.number().int(),
  amountYuan: z.string(),
  /** The engine's explanation (the one presenter of traces), with its citations. */
  determination: DeterminationView.nullable(),
  /** Why the engine could not assess this option (a member's birth date unknown…). */
  problem: Bilingual.nullable(),
});

export const RowDetail = RowSummary.extend({
  campaignState: z.enum(['open', 'closed']),
  deadline: z.string(),
  members: z.array(RowMember),
  methods: z.array(MethodEntry),
  findings: z
    .object({
      incomeAnnualPerCapitaYuan: z.string(),
      financialAssetsYuan: z.string(),
      vehicles: z.number().int(),
      members: z.array(MemberFinding.extend({ ownIncomeAnnual: z.string().optional() })),
      note: z.string(),
    })
    .nullable(),
  assessment: z.object({ month: z.string(), options: z.array(AssessmentOption) }).nullable(),
  conclusionDetail: z
    .object({ kind: z.string().nullable(), personKey: z.string().nullable(), reason: z.string().nullable(), referrals: z.array(z.enum(SCREENING_REFERRALS)) })
    .nullable(),
  concludedOn: z.string().nullable(),
  updated: z.object({ by: z.string(), at: z.string() }).nullable(),
  /** Where to register the household first when it is not in doudi's registry. */
  registryPath: z.string(),
  can: z.object({ fill: z.boolean() }),
  /** 离线走访 The verification visit recorded on a phone (ADR 0051): its id and when it was recorded in the home; `updated.at` is its arrival. */
  visit: z.object({ visitId: z.string(), recordedAt: z.string() }).nullable().optional(),
});
export type RowDetail = z.infer<typeof RowDetail>;

/** The row a case came from (the case page's link back). */
export const ScreeningOrigin = z.object({ campaignId: z.string(), countyCode: z.string(), campaignCounty: z.string(), hhNo: z.string(), year: z.number().int() });
export type ScreeningOrigin = z.infer<typeof ScreeningOrigin>;
