import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { appendAudit } from '../../db/audit.ts';
import { getDivision } from '../../db/division-repo.ts';
import { endSessions, insertSession, moveSession, sessionHashesOf, sessionWithUser, touchSession } from '../../db/session-repo.ts';
import type { AppUserTable, Database } from '../../db/schema.ts';
import type { LoginStep, SessionInfo } from '../../contracts/session.ts';
import { type Role, ROLE_PERMISSIONS, SECOND_FACTOR_ROLES } from '../../contracts/roles.ts';
import type { Actor, BaseContext } from '../context.ts';
import { isStorageFull } from '../../kernel/storage-full.ts';

export { LOCKOUT_MS, LOCKOUT_THRESHOLD } from './throttle.ts';

/** Session policy (ADRs 0004, 0014): idle and absolute timeouts, a shorter life for a login not yet finished, a cap per user. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** A session still at a login step (second factor, forced password change) lasts this long from the password. */
export const STEP_SESSION_MS = 10 * 60_000;
/** Sessions one user may hold at once; a new login drops the oldest beyond it. */
export const MAX_SESSIONS_PER_USER = 5;

/** How far a session's login has come (`full`: signed in). */
export type SessionStage = 'totp' | 'enrol' | 'password' | 'full';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function actorOf(u: AppUserTable): Actor {
  return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, areaCode: u.area_code };
}

/** The role must sign in with a second factor, or the user set one up of their own accord. */
export function secondFactorRequired(u: Pick<AppUserTable, 'role'>): boolean {
  return SECOND_FACTOR_ROLES.includes(u.role as Role);
}

/** Where a login goes once the password was right: second factor (or its enrolment), then a forced password change. */
export function stageAfterPassword(u: AppUserTable): SessionStage {
  if (u.totp_secret) return 'totp';
  if (secondFactorRequired(u)) return 'enrol';
  return stageAfterSecondFactor(u);
}

export function stageAfterSecondFactor(u: Pick<AppUserTable, 'must_change_password'>): SessionStage {
  return Number(u.must_change_password) === 1 ? 'password' : 'full';
}

export const stepOf = (stage: SessionStage): LoginStep => (stage === 'full' ? 'done' : stage);

/** What the web app is told of a session at a login step (or signed in). */
export async function sessionInfo(ctx: BaseContext, s: { user: AppUserTable; csrfToken: string; stage: SessionStage }): Promise<SessionInfo> {
  const { user: u, csrfToken, stage } = s;
  const area = await getDivision(ctx.db.kysely, u.area_code);
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as Role,
      areaCode: u.area_code,
      areaName: area?.name ?? u.area_code,
      permissions: stage === 'full' ? [...ROLE_PERMISSIONS[u.role as Role]] : [],
      secondFactor: u.totp_secret !== null,
      secondFactorRequired: secondFactorRequired(u),
    },
    csrfToken,
    step: stepOf(stage),
  };
}

/**
 * Opens a session at `stage` inside the login's transaction; the user's oldest sessions beyond MAX_SESSIONS_PER_USER
 * (this one counted) are ended. Returns the cookie's token (only its hash is stored) and the CSRF token.
 */
export async function openSession(trx: Transaction<Database>, u: AppUserTable, stage: SessionStage, at: string): Promise<{ token: string; csrf: string; dropped: number }> {
  const drop = (await sessionHashesOf(trx, u.id)).slice(MAX_SESSIONS_PER_USER - 1);
  await endSessions(trx, drop);
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await insertSession(trx, { token_hash: hashToken(token), user_id: u.id, csrf_token: csrf, created_at: at, last_seen_at: at, stage });
  return { token, csrf, dropped: drop.length };
}

/**
 * Moves a session to its next login step under a new token and CSRF token (the cookie a step was taken with is dead
 * afterwards: no fixation across steps). Its creation time stays: the absolute timeout counts from the password.
 */
export async function advanceSession(trx: Transaction<Database>, tokenHash: string, stage: SessionStage, at: string): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  if (!(await moveSession(trx, tokenHash, { token_hash: hashToken(token), csrf_token: csrf, stage, last_seen_at: at }))) throw new Error('advanceSession: the session is gone');
  return { token, csrf };
}

export interface ResolvedSession {
  user: AppUserTable;
  csrfToken: string;
  tokenHash: string;
  stage: SessionStage;
}

/**
 * Resolves a session cookie to its user, enforcing idle and absolute timeouts (and the short life of a login not yet
 * finished); touches last-seen at most once a minute. An account deactivated, or awaiting confirmation, has no session.
 */
/** The server's session hook (not a use case: it makes the actor of one). */
export async function resolveSession(db: Db, token: string, now: Date): Promise<ResolvedSession | null> {
  const th = hashToken(token);
  const row = await sessionWithUser(db.kysely, th);
  if (!row) return null;
  const t = now.getTime();
  const stage = row.s_stage as SessionStage;
  const absolute = stage === 'full' ? SESSION_ABSOLUTE_MS : STEP_SESSION_MS;
  if (Number(row.active) !== 1 || Number(row.role_confirmed) !== 1 || t - Date.parse(row.s_seen) > SESSION_IDLE_MS || t - Date.parse(row.s_created) > absolute) {
    await endSessions(db.kysely, [th]);
    return null;
  }
  if (t - Date.parse(row.s_seen) > 60_000) {
    // A full disk must not end every session: the touch is skipped (the idle clock runs from the last one) and reads
    // go on (issue 9, point 10).
    await touchSession(db.kysely, th, now.toISOString()).catch((e) => {
        if (!isStorageFull(e)) throw e;
      });
  }
  const { csrf_token, s_created: _c, s_seen: _s, s_stage: _st, ...user } = row;
  return { user: user as AppUserTable, csrfToken: csrf_token, tokenHash: th, stage };
}

/** Ends the session the request came with, at whatever login step it is. */
export async function logout(ctx: BaseContext, o: { token: string; actor: Pick<Actor, 'userId' | 'username'> }): Promise<void> {
  const { actor } = o;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await endSessions(trx, [hashToken(o.token)]);
    await appendAudit(trx, { userId: actor.userId, username: actor.username }, { chain: 'city', action: 'auth.logout', entityType: 'user', entityId: actor.userId }, ctx.clock().toISOString());
  });
}
