import { z } from 'zod';
import { ROLES } from './roles.ts';

const area = z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' });

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaCode: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  /** The role awaits a second administrator's confirmation (a new account that cannot sign in yet). */
  roleConfirmed: z.boolean(),
  mustChangePassword: z.boolean(),
  secondFactor: z.boolean(),
});
export type UserView = z.infer<typeof UserView>;

export const CreateUserRequest = z.object({
  username: z.string(),
  displayName: z.string().max(50).optional(),
  role: z.enum(ROLES),
  area,
  password: z.string().max(200),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** A new account: `grantId` is set when its role waits for a second administrator (ADR 0013). */
export const CreatedUser = z.object({ id: z.string(), grantId: z.string().nullable() });

export const RoleChangeRequest = z.object({ role: z.enum(ROLES), area: area.optional() });
export type RoleChangeRequest = z.infer<typeof RoleChangeRequest>;

/** A role change takes effect at once (`applied`) or waits for a second administrator (`grantId`). */
export const RoleChangeResult = z.object({ applied: z.boolean(), grantId: z.string().nullable() });
export type RoleChangeResult = z.infer<typeof RoleChangeResult>;

export const ResetPasswordRequest = z.object({ password: z.string().min(1).max(200) });

export const GrantView = z.object({
  id: z.string(),
  kind: z.enum(['create', 'change']),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaCode: z.string(),
  fromRole: z.enum(ROLES).nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** Whether the asking administrator may confirm it (not their own request, not an account they created …). */
  canConfirm: z.boolean(),
});
export type GrantView = z.infer<typeof GrantView>;
