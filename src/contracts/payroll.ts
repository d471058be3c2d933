/**
 * Payment-roll DTOs (发放花名册, issue 5) shared by the API and the web app (who may do what with rolls: roles.ts).
 * Amounts cross the wire as integer fen; the web app formats them.
 */
import { z } from 'zod';
import { parsePlainMonth } from '../kernel/plain-date.ts';

export const PROGRAM_VALUES = ['dibao', 'tekun'] as const;
export type Program = (typeof PROGRAM_VALUES)[number];
/**
 * What a roll pays: a monthly program, temporary aid (临时救助: disbursement batches of approved stages, ADR 0040) or
 * heating aid (取暖救助: a season's rolls, ADR 0043).
 */
export const ROLL_PROGRAM_VALUES = ['dibao', 'tekun', 'temporary', 'heating'] as const;
export type RollProgram = (typeof ROLL_PROGRAM_VALUES)[number];
/**
 * regular: a month's roll; reissue: (historical) a re-issue roll; disbursement: a temporary-aid batch built on demand;
 * season: a heating season's roll (round 0) or supplementary roll (round 1, 2 …).
 */
export const ROLL_KIND_VALUES = ['regular', 'reissue', 'disbursement', 'season'] as const;
export const ROLL_STATUS_VALUES = ['building', 'built', 'approved', 'closed'] as const;
export type RollStatus = (typeof ROLL_STATUS_VALUES)[number];
/**
 * regular: the month's benefit; backpay 补发 / recovery 追缴: a difference for an earlier month; reissue 重发: a failed
 * payment again; stage 分次发放: one stage of an approved temporary-aid case.
 */
export const LINE_KIND_VALUES = ['regular', 'backpay', 'recovery', 'reissue', 'stage'] as const;
export type LineKind = (typeof LINE_KIND_VALUES)[number];

const MonthText = z
  .string()
  .regex(/^\d{4}-\d{2}$/)
  .refine((s) => parsePlainMonth(s) !== null, { message: 'not a month (YYYY-MM) 不是有效月份' });
const County = z.string().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' });
const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const RollBuildRequest = z.object({ county: County, program: z.enum(PROGRAM_VALUES).default('dibao'), month: MonthText });
export type RollBuildRequest = z.infer<typeof RollBuildRequest>;

export const RollRef = z.object({ county: County, id: z.string().min(1).max(64) });
export type RollRef = z.infer<typeof RollRef>;

export const RollSearch = z.object({
  county: County.optional(),
  program: z.enum(ROLL_PROGRAM_VALUES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RollSearch = z.infer<typeof RollSearch>;

export const RollTotals = z.object({
  lines: z.number().int(),
  payLines: z.number().int(),
  persons: z.number().int(),
  totalFen: z.number().int(),
  regularFen: z.number().int(),
  backpayFen: z.number().int(),
  reissueFen: z.number().int(),
  /** Owed back (追缴), as a positive amount; not in the bank file. */
  recoveryFen: z.number().int(),
  gradualExit: z.number().int(),
  /** Payable enrollments left out because their payee already had a regular line for the month. */
  skipped: z.number().int(),
  /** 暂缓发放 Payments kept in the roll but out of the bank file (no bank account): `totalFen` = `bankFen` + `heldFen`. */
  held: z.number().int(),
  heldFen: z.number().int(),
  /** What the bank file carries (payments not held) and its control totals. */
  bankLines: z.number().int(),
  bankFen: z.number().int(),
});
export type RollTotals = z.infer<typeof RollTotals>;

/**
 * Whether a roll awaiting approval still says what the enrollments say (issue 11). `latest`: no later roll of the
 * county and program exists (an earlier roll's differences are settled by the later one, as back-pay or recovery);
 * `changedEnrollments`: enrollments whose terms changed for the roll's month or before since it was built or
 * refreshed; `stale` when there are any (approval is refused until it is refreshed); `accountsEntered`: held lines
 * whose household has an account now (a refresh pays them in this roll; not a reason to refuse approval).
 */
export const RollFreshness = z.object({
  latest: z.boolean(),
  stale: z.boolean(),
  changedEnrollments: z.number().int(),
  accountsEntered: z.number().int(),
});
export type RollFreshness = z.infer<typeof RollFreshness>;

export const RollView = z.object({
  id: z.string(),
  county: z.string(),
  countyName: z.string(),
  program: z.enum(ROLL_PROGRAM_VALUES),
  month: z.string(),
  kind: z.enum(ROLL_KIND_VALUES),
  /** A county's disbursement batches of a month are numbered 1, 2, … (0 for monthly rolls). */
  round: z.number().int(),
  status: z.enum(ROLL_STATUS_VALUES),
  version: z.number().int(),
  totals: RollTotals,
  builtBy: z.string(),
  builtByName: z.string(),
  buildStartedAt: z.string(),
  builtAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  exportCount: z.number().int(),
  exportedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  bank: z.object({ paid: z.number().int(), paidFen: z.number().int(), failed: z.number().int(), failedFen: z.number().int() }),
  /** Who last refreshed the roll before approval (one of its makers: not its checker), and when. */
  refreshedByName: z.string().nullable(),
  refreshedAt: z.string().nullable(),
  /** For a roll awaiting approval, on its own page (null in lists, and once approved). */
  freshness: RollFreshness.nullable(),
  /** What the signed-in user may do with this roll now (the server refuses the rest anyway). */
  can: z.object({ approve: z.boolean(), export: z.boolean(), importResults: z.boolean(), refresh: z.boolean() }),
  /** Why an approver may not approve it now: made or refreshed it (`maker`), or the roll is stale (`stale`). */
  approveBlockedBy: z.enum(['maker', 'stale']).nullable(),
});
export type RollView = z.infer<typeof RollView>;

export const RollPage = z.object({ items: z.array(RollView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type RollPage = z.infer<typeof RollPage>;

export const RollApprove = z.object({ version: z.number().int().min(1) });
export type RollApprove = z.infer<typeof RollApprove>;

/** 刷新花名册 The version of the roll the maker saw (a roll approved or refreshed meanwhile is not refreshed again blindly). */
export const RollRefresh = z.object({ version: z.number().int().min(1) });
export type RollRefresh = z.infer<typeof RollRefresh>;

export const HOLD_REASON_VALUES = ['no_account'] as const;
export type HoldReason = (typeof HOLD_REASON_VALUES)[number];

const LineState = z.object({ amountFen: z.number().int(), held: z.boolean() });
/** One difference a refresh made: a line added, removed, or changed (amount, or held ↔ payable), with its household. */
export const RollChange = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  kind: z.enum(LINE_KIND_VALUES),
  benefitMonth: z.string(),
  householdId: z.string(),
  payeeName: z.string(),
  areaCode: z.string(),
  before: LineState.nullable(),
  after: LineState.nullable(),
});
export type RollChange = z.infer<typeof RollChange>;

export const RollChangeCounts = z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() });

/** What a refresh did: whether anything changed, how much, the first differences (at most 500), the totals before, and the roll now. */
export const RefreshResult = z.object({
  changed: z.boolean(),
  counts: RollChangeCounts,
  items: z.array(RollChange),
  /** More differences than `items` lists (the counts are whole). */
  truncated: z.boolean(),
  totalsBefore: RollTotals,
  roll: RollView,
});
export type RefreshResult = z.infer<typeof RefreshResult>;

export const LineQuery = z.object({
  kind: z.enum(LINE_KIND_VALUES).optional(),
  gradualExit: z.enum(['true', 'false']).optional(),
  bankStatus: z.enum(['paid', 'failed', 'none']).optional(),
  /** true: only the payments held out of the bank file (for the township to fix); false: only those sent to the bank. */
  held: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LineQuery = z.infer<typeof LineQuery>;

export const LineView = z.object({
  rollId: z.string(),
  seq: z.number().int(),
  kind: z.enum(LINE_KIND_VALUES),
  benefitMonth: z.string(),
  payeeName: z.string(),
  areaCode: z.string(),
  unit: z.enum(['household', 'individual']),
  householdId: z.string(),
  /** Masked: the last four digits only (the full number is in the audited bank file). */
  bankAccount: z.string().nullable(),
  bankName: z.string().nullable(),
  persons: z.number().int(),
  amountFen: z.number().int(),
  termStatus: z.string(),
  gradualExit: z.boolean(),
  reissueOf: z.object({ rollId: z.string(), seq: z.number().int() }).nullable(),
  bankStatus: z.enum(['paid', 'failed']).nullable(),
  bankReason: z.string().nullable(),
  /** 暂缓发放 Kept out of the bank file, and why (`no_account`: 缺少银行账号). */
  held: z.boolean(),
  holdReason: z.enum(HOLD_REASON_VALUES).nullable(),
  /** The village and its township by name, where the line's household is registered (on a roll's page). */
  areaName: z.string().optional(),
  /** The temporary-aid case and stage (分次发放) a stage line, or its re-issue, pays. */
  stage: z.object({ caseId: z.string(), n: z.number().int() }).nullable(),
});
export type LineView = z.infer<typeof LineView>;

export const LinePage = z.object({ items: z.array(LineView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type LinePage = z.infer<typeof LinePage>;

export const ReissueQuery = z.object({
  county: County.optional(),
  program: z.enum(ROLL_PROGRAM_VALUES).optional(),
  /** failed: returned by the bank; held: kept out of the bank file for a missing account. */
  reason: z.enum(['failed', 'held']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReissueQuery = z.infer<typeof ReissueQuery>;

/**
 * A payment waiting to be paid again: `failed` by the bank, or `held` out of the bank file for a missing account.
 * `accountPresent`: the household has an account now (the next roll pays it; until then it waits here);
 * `accountChanged`: the account differs from the one the payment had.
 */
export const ReissueItem = LineView.extend({
  county: z.string(),
  program: z.enum(ROLL_PROGRAM_VALUES),
  rollMonth: z.string(),
  reason: z.enum(['failed', 'held']),
  accountPresent: z.boolean(),
  accountChanged: z.boolean(),
});
export const ReissuePage = z.object({ items: z.array(ReissueItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type ReissuePage = z.infer<typeof ReissuePage>;

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
export const ResultQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const ImportProblem = z.object({ row: z.number().int(), seq: z.number().int().nullable(), code: z.string(), message: Bilingual, field: z.string().optional() });
export type ImportProblem = z.infer<typeof ImportProblem>;

/** The row-by-row answer to a bank result file: applied whole (`applied`) or not at all. */
export const ImportReport = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  paid: z.number().int(),
  paidFen: z.number().int(),
  failed: z.number().int(),
  failedFen: z.number().int(),
  problemCount: z.number().int(),
  /** The first problems, in file order (at most 500). */
  problems: z.array(ImportProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const BuildResult = z.object({
  rollId: z.string(),
  county: z.string(),
  program: z.enum(ROLL_PROGRAM_VALUES),
  month: z.string(),
  lines: z.number().int(),
  persons: z.number().int(),
  totalFen: z.number().int(),
  /** Payments held out of the bank file (no account), and their sum (jobs recorded before issue 11 say 0). */
  held: z.number().int().default(0),
  heldFen: z.number().int().default(0),
  /** The roll was there already, awaiting approval, and the enrollments have changed since: refresh it. */
  stale: z.boolean().default(false),
});
export type BuildResult = z.infer<typeof BuildResult>;

export const JobView = z.object({
  id: z.string(),
  county: z.string(),
  kind: z.enum(['build', 'import']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  rollId: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  build: BuildResult.nullable(),
  report: ImportReport.nullable(),
  error: z.object({ code: z.string(), message: Bilingual }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof JobView>;

/**
 * The bank file's columns (代发文件), in order. The bank's result file is the same file with `result` and `reason`
 * added; the last row of both is the control total (合计: number of payments and their sum).
 */
export const BANK_COLUMNS = ['批次号', '序号', '类别', '所属月份', '收款人', '开户银行', '银行账号', '人数', '金额(元)', '渐退'] as const;
export const RESULT_COLUMNS = ['结果', '失败原因'] as const;
export const TOTAL_LABEL = '合计';
export const RESULT_VALUES = { paid: ['成功', 'paid'], failed: ['失败', 'failed'] } as const;
