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
