import { z } from 'zod';

/**
 * 比对复核 The review queue of suggested matches between the poverty office's snapshot and doudi's registry (issue 12
 * point 2, ADR 0033): both sides, the confidence and its reasons; a caseworker confirms or rejects a suggestion.
 */

export const MATCH_REASON_CODES = [
  'name_exact',
  'name_homophone',
  'name_transposed',
  'name_typo',
  'name_different',
  'birth_equal',
  'birth_near',
  'birth_unknown',
  'birth_differs',
  'village_same',
  'township_same',
  'county_moved',
  'place_differs',
  'sex_equal',
  'sex_unknown',
  'sex_differs',
] as const;
export const MatchReasonCode = z.enum(MATCH_REASON_CODES);
export type MatchReasonCode = z.infer<typeof MatchReasonCode>;

export const MatchQueueQuery = z.object({
  area: z
    .string()
    .regex(/^\d{6}(\d{6})?$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type MatchQueueQuery = z.infer<typeof MatchQueueQuery>;

const Sex = z.enum(['M', 'F']).nullable();

export const MatchQueueItem = z.object({
  snapshotId: z.string(),
  personKey: z.string(),
  confidence: z.number().int(),
  reasons: z.array(z.object({ code: MatchReasonCode, points: z.number().int() })),
  /** The poverty office's person: ID number masked ('' when the file gave no valid number). */
  snapshot: z.object({
    name: z.string(),
    idNumber: z.string(),
    idForm: z.enum(['18', '15', 'invalid']),
    birthDate: z.string().nullable(),
    sex: Sex,
    villageCode: z.string(),
    villageName: z.string(),
    hhNo: z.string(),
    attribute: z.enum(['general', 'dibao', 'tekun']),
    status: z.enum(['poor', 'out']),
  }),
  /** doudi's person the suggestion points to: ID number masked. */
  registry: z.object({
    countyCode: z.string(),
    personId: z.string(),
    name: z.string(),
    idNumber: z.string(),
    birthDate: z.string(),
    sex: z.enum(['M', 'F']),
    villageCode: z.string(),
    villageName: z.string(),
    householdId: z.string(),
    headName: z.string(),
  }),
});
export type MatchQueueItem = z.infer<typeof MatchQueueItem>;

export const MatchQueuePage = z.object({
  items: z.array(MatchQueueItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MatchQueuePage = z.infer<typeof MatchQueuePage>;

/** A decision names the suggestion as it was shown: if the row has changed since, it is refused (409). */
export const MatchDecisionInput = z.object({
  snapshotId: z.string().min(1).max(64),
  personKey: z.string().min(1).max(200),
  countyCode: z.string().regex(/^\d{6}$/, { message: 'COUNTY_CODE_FORMAT' }),
  personId: z.string().min(1).max(64),
  decision: z.enum(['confirmed', 'rejected']),
});
export type MatchDecisionInput = z.infer<typeof MatchDecisionInput>;

export const MatchDecisionResult = z.object({
  snapshotId: z.string(),
  personKey: z.string(),
  decision: z.enum(['confirmed', 'rejected']),
  matchMethod: z.enum(['confirmed']).nullable(),
});
export type MatchDecisionResult = z.infer<typeof MatchDecisionResult>;
