import { z } from 'zod';

/**
 * 访问查询 An auditor's question "who looked at this person" (issue 9 point 17): by ID number (sent in the body, never in
 * a URL) or by household.
 */
export const PersonAccessQuery = z
  .object({
    idNumber: z.string().trim().min(15).max(18).optional(),
    county: z.string().regex(/^\d{6}$/).optional(),
    householdId: z.string().min(1).max(64).optional(),
  })
  .refine((q) => q.idNumber !== undefined || (q.county !== undefined && q.householdId !== undefined), {
    message: 'FIELD_REQUIRED',
    path: ['idNumber'],
  });
export type PersonAccessQuery = z.infer<typeof PersonAccessQuery>;

export const PersonAccessItem = z.object({
  at: z.string(),
  chain: z.string(),
  seq: z.number().int(),
  actor: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The text searched for, when the event is a search that found this person (opened for the auditor). */
  searched: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const PersonAccess = z.object({
  county: z.string(),
  householdId: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(PersonAccessItem),
  truncated: z.boolean(),
});
export type PersonAccess = z.infer<typeof PersonAccess>;

/**
 * 审计查询 The auditor's search over the trail (issue 16 point 4, ADR 0047): by user (login name), by person (ID number,
 * sent in the body, never in a URL) or household, by action (exact, or a prefix ending in '.': `case.`) and by time
 * range (ISO instants, `to` exclusive), newest first, paged by `after` (the list cursor of the page before).
 */
export const AuditSearchFilters = z.object({
  user: z.string().trim().min(1).max(64).optional(),
  county: z.string().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' }).optional(),
  householdId: z.string().min(1).max(64).optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_.]*$/, { message: 'AUDIT_ACTION_FORMAT' })
    .max(64)
    .optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});
export type AuditSearchFilters = z.infer<typeof AuditSearchFilters>;

export const AuditSearchQuery = AuditSearchFilters.extend({
  idNumber: z.string().trim().min(15).max(18).optional(),
  after: z.string().max(400).optional(),
  limit: z.number().int().min(1).max(200).optional(),
}).refine((q) => q.householdId === undefined || q.county !== undefined, { message: 'FIELD_REQUIRED', path: ['county'] });
export type AuditSearchQuery = z.infer<typeof AuditSearchQuery>;

export const AuditEventView = z.object({
  at: z.string(),
  chain: z.string(),
  seq: z.number().int(),
  actor: z.string(),
  actorId: z.string().nullable(),
  /** The user's display name and role today (null: the operator's CLI, or an account since removed). */
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditSearchPage = z.object({
  items: z.array(AuditEventView),
  /** The cursor of the next page; null on the last. */
  next: z.string().nullable(),
  /** The household the person filter resolved to (so that the selection can be exported without the ID number). */
  household: z.object({ county: z.string(), householdId: z.string() }).nullable(),
});
export type AuditSearchPage = z.infer<typeof AuditSearchPage>;

/** 责任链 The stages of a decision's chain of responsibility, in procedure order. */
export const RESPONSIBILITY_STAGES = ['applied', 'accepted', 'investigated', 'deliberated', 'reviewed', 'approved', 'enrolled', 'roll_built', 'roll_approved', 'bank_file', 'paid', 'other'] as const;
export type ResponsibilityStage = (typeof RESPONSIBILITY_STAGES)[number];

export const ResponsibilityItem = z.object({
  at: z.string(),
  stage: z.enum(RESPONSIBILITY_STAGES),
  /** The step (case), or the audit action (enrollment, roll). */
  step: z.string(),
  actorName: z.string(),
  actorRole: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  /** The audit event that recorded it ({ chain, seq }); null when none was found. */
  event: z.object({ chain: z.string(), seq: z.number().int() }).nullable(),
  /** What the stage concerned: a roll's month and program, the line's amount and bank result, a decision's outcome. */
  detail: z.record(z.string(), z.unknown()),
});
export type ResponsibilityItem = z.infer<typeof ResponsibilityItem>;

export const ResponsibilityChain = z.object({
  county: z.string(),
  caseId: z.string(),
  kind: z.string(),
  state: z.string(),
  householdId: z.string(),
  enrollments: z.array(z.string()),
  rolls: z.array(z.string()),
  items: z.array(ResponsibilityItem),
});
export type ResponsibilityChain = z.infer<typeof ResponsibilityChain>;

/** The chain's verification as the browser shows it: the last run (by anyone), or null before the first. */
export const AuditVerifyStatus = z.object({
  ok: z.boolean(),
  chains: z.number(),
  events: z.number(),
  firstProblem: z.object({ chain: z.string(), seq: z.number(), problem: z.string() }).nullable(),
  at: z.string(),
  by: z.string(),
});
export type AuditVerifyStatus = z.infer<typeof AuditVerifyStatus>;
