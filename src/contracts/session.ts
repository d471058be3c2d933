import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles.ts';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaCode: z.string(),
  areaName: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({ user: SessionUser, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const DivisionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
  parentCode: z.string().nullable(),
});
export type DivisionView = z.infer<typeof DivisionView>;
