import type { Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { appendAudit } from '../../db/audit.ts';
import type { AppUserTable, Database } from '../../db/schema.ts';
import { endSessions, loginLockedUntil } from '../../db/session-repo.ts';
import type { ResolvedSession } from './sessions.ts';
import { clearAttempts, countAttempt, isLocked, LOCKOUT_THRESHOLD, lockedError, lockName, nameKey } from './throttle.ts';

/**
 * Runs a check of a secret (a second-factor code, the current password) counted with the user name's login attempts: a name locked meanwhile (wrong passwords or codes)
 * refuses the check and ends the session it came in (it could be a stolen one); a failure is audited, and the one that reaches the threshold locks.
 */
export async function countedCheck<T>(db: Db, s: ResolvedSession, now: Date, check: () => T | Promise<T>, failAction = 'auth.second_factor_failed'): Promise<T> {
  const key = nameKey(s.user.username);
  const at = now.toISOString();
  const attempt = await countAttempt(db, key, now);
  if (isLocked(attempt, now) || attempt.n > LOCKOUT_THRESHOLD) {
    await db.kysely.transaction().execute(async (trx) => {
      await endSessions(trx, [s.tokenHash]);
      if (await lockName(trx, key, now)) await auditFailure(trx, s.user, attempt.n, at, 'auth.lockout');
    });
    throw lockedError((await loginLockedUntil(db.kysely, key)) ?? at);
  }
  try {
    const r = await check();
    await clearAttempts(db, key, now);
    return r;
  } catch (e) {
    await db.kysely.transaction().execute(async (trx) => {
      await auditFailure(trx, s.user, attempt.n, at, failAction);
      if (attempt.n >= LOCKOUT_THRESHOLD && (await lockName(trx, key, now))) {
        await endSessions(trx, [s.tokenHash]);
        await auditFailure(trx, s.user, attempt.n, at, 'auth.lockout');
      }
    });
    throw e;
  }
}

async function auditFailure(trx: Transaction<Database>, u: AppUserTable, n: number, at: string, action: string): Promise<void> {
  await appendAudit(trx, { userId: u.id, username: u.username }, { chain: 'city', action, entityType: 'user', entityId: u.id, detail: { failed: n } }, at);
}

