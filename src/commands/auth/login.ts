import type { Db } from '../../db/connect.ts';
import { AccountRepo } from '../../db/account-repo.ts';
import { appendAudit } from '../../db/audit.ts';
import { loginLockedUntil } from '../../db/session-repo.ts';
import type { AppUserTable } from '../../db/schema.ts';
import type { SessionInfo } from '../../contracts/session.ts';
import { AppError } from '../../kernel/errors.ts';
import type { BaseContext } from '../context.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { openSession, sessionInfo, stageAfterPassword } from './sessions.ts';
import { clearAttempts, countAttempt, isLocked, LOCKOUT_THRESHOLD, lockedError, lockName, nameDigest, nameKey, pruneAttempts } from './throttle.ts';

export const INVALID_LOGIN = (): AppError => new AppError('AUTH_INVALID', { zh: '用户名或密码错误', en: 'Wrong user name or password' }, { status: 401 });

/** The account named (case-insensitively: user names are unique whatever their case). */
export async function userByName(db: Db, username: string): Promise<AppUserTable | undefined> {
  return new AccountRepo(db.kysely, null).byName(nameKey(username));
}

/**
 * 登录 The password step. Every name — an account's or not — is treated alike (issue 9 points 1 and 6): the attempt
 * is counted first, in one statement, under the normalised name; a name with LOCKOUT_THRESHOLD failures is locked for
 * LOCKOUT_MS (423 for every name); the password is verified against the account's hash or, for an unknown or
 * deactivated name, against a dummy made with the same argon2 parameters; a failure is audited either way. A right
 * password opens a session at the login's next step (second factor, forced password change, or signed in).
 */
export async function login(ctx: BaseContext, props: { username: string; password: string }): Promise<{ token: string; info: SessionInfo }> {
  const { db } = ctx;
  const now = ctx.clock();
  const key = nameKey(props.username);
  const at = now.toISOString();
  const attempt = await countAttempt(db, key, now);
  if (isLocked(attempt, now)) throw lockedError(attempt.lockedUntil as string);
  const u = await userByName(db, props.username);
  const usable = u !== undefined && Number(u.active) === 1;
  if (attempt.n > LOCKOUT_THRESHOLD) {
    // Parallel attempts beyond the threshold: no password is checked; the lock is set (once) and they are refused.
    await db.kysely.transaction().execute(async (trx) => {
      if (await lockName(trx, key, now)) await auditLockout(trx, key, usable ? u : null, attempt.n, at);
    });
    throw lockedError((await lockedUntilOf(db, key)) ?? at);
  }
  const ok = (await verifyPassword(props.password, usable ? u.password_hash : await dummyHash())) && usable;
  if (!ok) {
    await db.kysely.transaction().execute(async (trx) => {
      const locked = attempt.n >= LOCKOUT_THRESHOLD && (await lockName(trx, key, now));
      await appendAudit(
        trx,
        { userId: usable ? u.id : null, username: usable ? u.username : 'anonymous' },
        { chain: 'city', action: 'auth.login_failed', entityType: 'user', entityId: usable ? u.id : null, detail: { failed: attempt.n, ...(usable ? {} : { name: nameDigest(key) }) } },
        at,
      );
      if (locked) await auditLockout(trx, key, usable ? u : null, attempt.n, at);
    });
    if (Math.random() < 0.01) await pruneAttempts(db, now);
    throw INVALID_LOGIN();
  }
  if (!(await clearAttempts(db, key, now))) {
    throw lockedError((await lockedUntilOf(db, key)) ?? at);
  }
  if (Number(u.role_confirmed) !== 1) {
    throw new AppError(
      'ACCOUNT_PENDING',
      { zh: '此账号的角色尚待另一名管理员确认，确认后才能登录', en: 'This account’s role awaits a second administrator’s confirmation; you can sign in once it is confirmed' },
      { status: 403 },
    );
  }
  const stage = stageAfterPassword(u);
  const session = await db.kysely.transaction().execute(async (trx) => {
    const s = await openSession(trx, u, stage, at);
    await appendAudit(
      trx,
      { userId: u.id, username: u.username },
      { chain: 'city', action: stage === 'full' ? 'auth.login' : 'auth.password_ok', entityType: 'user', entityId: u.id, detail: { step: stage, ...(s.dropped ? { sessionsEnded: s.dropped } : {}) } },
      at,
    );
    return s;
  });
  return { token: session.token, info: await sessionInfo(ctx, { user: u, csrfToken: session.csrf, stage }) };
}

const lockedUntilOf = (db: Db, key: string) => loginLockedUntil(db.kysely, key);

async function auditLockout(trx: Parameters<typeof appendAudit>[0], key: string, u: AppUserTable | null, n: number, at: string): Promise<void> {
  await appendAudit(
    trx,
    { userId: u?.id ?? null, username: u?.username ?? 'anonymous' },
    { chain: 'city', action: 'auth.lockout', entityType: 'user', entityId: u?.id ?? null, detail: { failed: n, ...(u ? {} : { name: nameDigest(key) }) } },
    at,
  );
}
