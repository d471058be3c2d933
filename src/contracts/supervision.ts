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
