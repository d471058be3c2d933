import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles.ts';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/**
 * How far a login has come (ADR 0014): `totp` — the password was right, a code from the authenticator app is due;
 * `enrol` — the role needs a second factor that is not set up yet; `password` — an administrator set the password,
 * the user must choose a new one; `done` — signed in. Until `done` the session reaches only the routes of these steps.
 */
export const LOGIN_STEPS = ['totp', 'enrol', 'password', 'done'] as const;
export type LoginStep = (typeof LOGIN_STEPS)[number];

export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaCode: z.string(),
  areaName: z.string(),
  /** Empty until the login is done. */
  permissions: z.array(z.enum(PERMISSIONS)),
  /** A second factor (TOTP) is set up for this account. */
  secondFactor: z.boolean(),
  /** The role must sign in with a second factor. */
  secondFactorRequired: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({
  user: SessionUser,
  csrfToken: z.string(),
  step: z.enum(LOGIN_STEPS),
  /** A training server moved ahead of the real day (demo mode only): the day it is at. */
  trainingDay: z.string().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The login's second step: a 6-digit code from the authenticator app, or one of the recovery codes. */
export const SecondFactorRequest = z
  .object({
    code: z.string().trim().regex(/^\d{6}$/, { message: 'TOTP_CODE_FORMAT' }).optional(),
    recoveryCode: z.string().trim().min(1).max(40).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), { message: 'TOTP_CODE_OR_RECOVERY', path: ['code'] });
export type SecondFactorRequest = z.infer<typeof SecondFactorRequest>;

/** A second factor being set up: the secret (for typing in), its otpauth:// URI and the URI as a QR code (SVG data URL). */
export const EnrolmentStart = z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() });
export type EnrolmentStart = z.infer<typeof EnrolmentStart>;

export const EnrolmentConfirm = z.object({ code: z.string().trim().regex(/^\d{6}$/, { message: 'TOTP_CODE_FORMAT' }) });
export type EnrolmentConfirm = z.infer<typeof EnrolmentConfirm>;

/** The recovery codes are shown once, here, and stored only as hashes. */
export const EnrolmentDone = z.object({ recoveryCodes: z.array(z.string()), session: SessionInfo });
export type EnrolmentDone = z.infer<typeof EnrolmentDone>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const DivisionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
  parentCode: z.string().nullable(),
});
export type DivisionView = z.infer<typeof DivisionView>;
