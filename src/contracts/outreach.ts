import { z } from 'zod';
import { DeterminationView } from './policy.ts';

/**
 * 应保尽保 The outreach list (issue 16 point 5, ADR 0047): registry households the engine finds eligible for dibao (the
 * household), single-person dibao (单人保, one member) or tekun (one member), that have no enrollment and no open case —
 * per township, with the engine's monthly amount, so that a caseworker can visit and invite an application.
 */
export const OUTREACH_KINDS = ['dibao_household', 'dibao_individual', 'tekun'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

const Code6 = z.string().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' });
const Code12 = z.string().regex(/^\d{12}$/, { message: 'DIVISION_CODE_FORMAT' });

export const OutreachQuery = z.object({
  county: Code6.optional(),
  /** A township (or village) of the county: its 12-digit code. */
  township: Code12.optional(),
  /** The month assessed (YYYY-MM); the current month by default. */
  month: z.string().regex(/^\d{4}-\d{2}$/, { message: 'MONTH_FORMAT' }).optional(),
});
export type OutreachQuery = z.infer<typeof OutreachQuery>;

/** One programme a household (or one member) qualifies for, with the engine's monthly amount. */
export const OutreachFinding = z.object({
  kind: z.enum(OUTREACH_KINDS),
  /** The member assessed (单人保, tekun); null for the household. */
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  monthlyFen: z.number().int(),
});
export type OutreachFinding = z.infer<typeof OutreachFinding>;

export const OutreachRow = z.object({
  county: z.string(),
  householdId: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  headName: z.string(),
  memberCount: z.number().int(),
  registeredPoor: z.boolean(),
  findings: z.array(OutreachFinding),
});
export type OutreachRow = z.infer<typeof OutreachRow>;

export const OutreachList = z.object({
  month: z.string(),
  areaCode: z.string(),
  /** Households read (in the area), and the time the scan took. */
  scanned: z.number().int(),
  rows: z.array(OutreachRow),
  /** Per township: rows and the engine's monthly total (fen). */
  townships: z.array(z.object({ code: z.string(), name: z.string(), households: z.number().int(), monthlyFen: z.number().int() })),
  computedAt: z.string(),
  seconds: z.number(),
});
export type OutreachList = z.infer<typeof OutreachList>;

/** The engine's explanation of one finding of a row (the one trace presenter, as the calculator shows it). */
export const OutreachExplanation = z.object({
  county: z.string(),
  householdId: z.string(),
  kind: z.enum(OUTREACH_KINDS),
  personId: z.string().nullable(),
  determination: DeterminationView,
});
export type OutreachExplanation = z.infer<typeof OutreachExplanation>;

export const OutreachExplainQuery = z.object({
  kind: z.enum(OUTREACH_KINDS),
  person: z.string().max(64).optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/, { message: 'MONTH_FORMAT' }).optional(),
});

/** Opening a case from a row: the caseworker has visited, the household applies (the declaration and authorisation signed). */
export const OutreachOpenCase = z.object({
  kind: z.enum(OUTREACH_KINDS),
  /** The member (单人保, tekun); the household's head applies for the household. */
  personId: z.string().max(64).optional(),
  signedDeclaration: z.boolean(),
  dataCheckAuthorised: z.boolean(),
  staffRelative: z.boolean().default(false),
  month: z.string().regex(/^\d{4}-\d{2}$/, { message: 'MONTH_FORMAT' }).optional(),
});
export type OutreachOpenCase = z.infer<typeof OutreachOpenCase>;
