import type { Kysely, Transaction } from 'kysely';
import type { AppUserTable, Database, SessionTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 会话与登录尝试 Sessions (by the hash of their cookie token) and failed-login counts (by normalised user name): the
 * data of signing in, before anyone acts in an area — no area scope (ADRs 0004, 0014; the policy is in
 * commands/auth). The one place `session` and `login_attempt` are read and written.
 */

/** A user's sessions, newest first (the cap per user drops the oldest). */
export async function sessionHashesOf(q: Q, userId: string): Promise<string[]> {
  return (await q.selectFrom('session').select('token_hash').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('token_hash').execute()).map((s) => s.token_hash);
}

export async function insertSession(q: Q, row: SessionTable): Promise<void> {
  await q.insertInto('session').values(row).execute();
}

/** Moves a session to a new token (and stage); false when it is gone. */
export async function moveSession(q: Q, tokenHash: string, next: Pick<SessionTable, 'token_hash' | 'csrf_token' | 'stage' | 'last_seen_at'>): Promise<boolean> {
  const r = await q.updateTable('session').set(next).where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The session of a token with its user, as one row (`s_…`: the session's columns). */
export async function sessionWithUser(q: Q, tokenHash: string): Promise<(AppUserTable & { csrf_token: string; s_created: string; s_seen: string; s_stage: string }) | undefined> {
  return q
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select(['session.csrf_token', 'session.created_at as s_created', 'session.last_seen_at as s_seen', 'session.stage as s_stage'])
    .where('session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(q: Q, tokenHash: string, at: string): Promise<void> {
  await q.updateTable('session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Ends the sessions of the given tokens. */
export async function endSessions(q: Q, tokenHashes: readonly string[]): Promise<void> {
  if (tokenHashes.length > 0) await q.deleteFrom('session').where('token_hash', 'in', [...tokenHashes]).execute();
}

/** Ends every session of a user (but `except`, the one the request came with); how many ended. */
export async function endSessionsOf(q: Q, userId: string, o: { except?: string } = {}): Promise<number> {
  let d = q.deleteFrom('session').where('user_id', '=', userId);
  if (o.except) d = d.where('token_hash', '!=', o.except);
  return Number((await d.executeTakeFirst()).numDeletedRows);
}

/**
 * Counts an attempt under `key` in one statement (parallel attempts cannot read the same count): the count starts
 * again after a lock ran out, or after a quiet period without attempts (`quietSince`).
 */
export async function countLoginAttempt(q: Q, key: string, at: string, quietSince: string): Promise<{ failed: number; locked_until: string | null }> {
  return q
    .insertInto('login_attempt')
    .values({ name_key: key, failed: 1, locked_until: null, last_at: at })
    .onConflict((oc) =>
      oc.column('name_key').doUpdateSet((eb) => ({
        failed: eb
          .case()
          .when(eb.and([eb('login_attempt.locked_until', 'is not', null), eb('login_attempt.locked_until', '<=', at)]))
          .then(1)
          .when(eb.and([eb('login_attempt.locked_until', 'is', null), eb('login_attempt.last_at', '<', quietSince)]))
          .then(1)
          .else(eb('login_attempt.failed', '+', 1))
          .end(),
        locked_until: eb.case().when('login_attempt.locked_until', '<=', at).then(null).else(eb.ref('login_attempt.locked_until')).end(),
        last_at: at,
      })),
    )
    .returning(['failed', 'locked_until'])
    .executeTakeFirstOrThrow();
}

/** Locks the name until `until` unless it is locked at `at` already; true when this call set the lock. */
export async function lockLoginName(q: Q, key: string, at: string, until: string): Promise<boolean> {
  const r = await q
    .updateTable('login_attempt')
    .set({ locked_until: until })
    .where('name_key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The count starts again, unless the name is locked at `at`; false then. */
export async function clearLoginAttempts(q: Q, key: string, at: string): Promise<boolean> {
  const r = await q
    .updateTable('login_attempt')
    .set({ failed: 0 })
    .where('name_key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function dropLoginAttempts(q: Q, key: string): Promise<void> {
  await q.deleteFrom('login_attempt').where('name_key', '=', key).execute();
}

/** Drops the counts of names nobody tried since `before`. */
export async function pruneLoginAttempts(q: Q, before: string): Promise<void> {
  await q.deleteFrom('login_attempt').where('last_at', '<', before).execute();
}

export async function loginLockedUntil(q: Q, key: string): Promise<string | null> {
  return (await q.selectFrom('login_attempt').select('locked_until').where('name_key', '=', key).executeTakeFirst())?.locked_until ?? null;
}

/** The names locked after `at`. */
export async function lockedLoginNames(q: Q, at: string): Promise<Set<string>> {
  return new Set((await q.selectFrom('login_attempt').select('name_key').where('locked_until', '>', at).execute()).map((l) => l.name_key));
}
