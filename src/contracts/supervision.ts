/**
 * 监督检查 Anomaly rules, their runs and findings (issue 16, ADR 0046): DTOs shared by the API and the web app.
 * Shapes and sizes only: the commands decide (permissions, area, which rules).
 */
import { z } from 'zod';
const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** The anomaly rules, by code (each a module of src/commands/supervision/rules). */
export const RULE_CODES = [
  'DECEASED_PAID',
  'DOUBLE_PAID',
  'TWO_COUNTIES',
  'REGISTRY_MISMATCH',
  'STAFF_RELATIVE_UNVISITED',
  'REVIEW_OVERDUE',
  'EMERGENCY_PAPERWORK_OVERDUE',
  'TEKUN_BELOW_FLOOR',
  'SHARED_ACCOUNT',
  'ENROLLMENT_WITHOUT_DECISION',
  'PAID_AFTER_STOP',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** Each rule's name in both languages (the rules' modules, the findings' views, the dashboard's list of findings). */
export const RULE_NAMES: Readonly<Record<RuleCode, { zh: string; en: string }>> = {
  DECEASED_PAID: { zh: '死亡人员仍领取待遇', en: 'Benefit paid after a death' },
  DOUBLE_PAID: { zh: '同一人员同月重复领取', en: 'One person paid twice in a month' },
  TWO_COUNTIES: { zh: '跨县（市）区重复纳入', en: 'Enrolled in two counties' },
  REGISTRY_MISMATCH: { zh: '登记信息测算与在保待遇不符', en: 'Registry data no longer matches the benefit' },
  STAFF_RELATIVE_UNVISITED: { zh: '近亲属备案案件未经县级入户核查', en: 'Staff-relative case without a county home visit' },
  REVIEW_OVERDUE: { zh: '定期复核逾期', en: 'Periodic review overdue' },
  EMERGENCY_PAPERWORK_OVERDUE: { zh: '先行救助逾期未补办手续', en: 'Emergency aid paperwork overdue' },
  TEKUN_BELOW_FLOOR: { zh: '特困人员基本生活标准低于低保标准1.3倍', en: 'Tekun standard below 1.3 × the dibao standard' },
  SHARED_ACCOUNT: { zh: '同一账户为多户收款', en: 'One account paid for several households' },
  ENROLLMENT_WITHOUT_DECISION: { zh: '保障对象无审批决定', en: 'Enrollment without an approval' },
  PAID_AFTER_STOP: { zh: '停保后继续发放', en: 'Paid after the benefit stopped' },
};

export const FINDING_STATUSES = ['open', 'answered', 'closed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

const County = z.string().regex(/^\d{6}$/, 'county must be a 6-digit division code 县区应为 6 位区划代码');

export const RunRequest = z.strictObject({
  county: County.optional(),
  rules: z.array(z.enum(RULE_CODES)).min(1).max(RULE_CODES.length).optional(),
});
export type RunRequest = z.infer<typeof RunRequest>;

export const RuleCountsView = z.object({ new: z.number().int(), open: z.number().int(), reopened: z.number().int(), notSeen: z.number().int() });

export const RuleView = z.object({ code: z.enum(RULE_CODES), name: Bilingual, citation: z.string(), why: Bilingual });
export type RuleView = z.infer<typeof RuleView>;

export const RunResult = z.object({
  runId: z.string(),
  day: z.string(),
  counties: z.array(z.string()),
  rules: z.array(RuleView.extend({ counts: RuleCountsView })),
});
export type RunResult = z.infer<typeof RunResult>;

export const RunView = z.object({
  id: z.string(),
  area: z.string(),
  trigger: z.enum(['manual', 'nightly']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  done: z.number().int(),
  total: z.number().int(),
  result: RunResult.nullable(),
  error: z.object({ code: z.string(), message: Bilingual }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunView = z.infer<typeof RunView>;

export const FindingQuery = z.strictObject({
  rule: z.enum(RULE_CODES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  area: z.string().regex(/^(\d{6}|\d{12})$/, 'area must be a 6- or 12-digit division code 区划应为 6 或 12 位代码').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional(),
});
export type FindingQuery = z.infer<typeof FindingQuery>;

export const FindingView = z.object({
  county: z.string(),
  id: z.string(),
  rule: z.enum(RULE_CODES),
  ruleName: Bilingual,
  why: Bilingual,
  citation: z.string(),
  area: z.string(),
  township: z.string().nullable(),
  village: z.string().nullable(),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  enrollmentId: z.string().nullable(),
  caseId: z.string().nullable(),
  rollId: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()),
  status: z.enum(FINDING_STATUSES),
  firstFoundAt: z.string(),
  lastFoundAt: z.string(),
  seenInLastRun: z.boolean(),
  reopenedCount: z.number().int(),
  dueOn: z.string(),
  overdue: z.boolean(),
});
export type FindingView = z.infer<typeof FindingView>;

export const FindingPage = z.object({ items: z.array(FindingView), total: z.number().int(), next: z.string().nullable() });
export type FindingPage = z.infer<typeof FindingPage>;

/** One problem of a refused death-record import: the row, the column, the code and the message in both languages. */
export const DeathImportProblem = z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: Bilingual });
export type DeathImportProblem = z.infer<typeof DeathImportProblem>;

/** 死亡信息导入 The report of a death-record import: all or nothing. */
export const DeathImportReport = z.object({
  applied: z.boolean(),
  importId: z.string().nullable(),
  rows: z.number().int(),
  /** Records new to doudi, and records whose date of death the file changed. */
  added: z.number().int(),
  changed: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(DeathImportProblem).max(500),
});
export type DeathImportReport = z.infer<typeof DeathImportReport>;
