import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { clearLoginAttempts, countLoginAttempt, dropLoginAttempts, lockLoginName, pruneLoginAttempts } from '../../db/session-repo.ts';
import { AppError } from '../../kernel/errors.ts';

/** Lockout policy: LOCKOUT_THRESHOLD failed attempts within LOCKOUT_MS of each other lock the name for LOCKOUT_MS. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

/**
 * The key failed logins are counted under: the user name as typed, trimmed, NFKC-normalised and lower-cased — the same
 * whether an account has that name or not, so that lockout answers alike for every name (issue 9 point 6).
 */
export function nameKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}

/** A short digest of a typed user name for the audit trail (what was typed may be a password typed in the wrong box). */
export const nameDigest = (key: string) => createHash('sha256').update(`login-name\u0000${key}`).digest('hex').slice(0, 16);

export interface Attempt {
  /** How many attempts, this one included, since the count last started (success, expired lock, quiet period). */
  n: number;
  lockedUntil: string | null;
}

/**
 * Counts an attempt BEFORE its password (or code) is checked, in one statement (issue 9 point 1: parallel failures
 * read the same count and overwrote each other, so 90 wrong passwords never locked the account). Counting first means
 * that of any number of parallel attempts at most LOCKOUT_THRESHOLD are ever checked; the others are refused as locked.
 * The count starts again after a lock has run out, or after LOCKOUT_MS without attempts.
 */
export async function countAttempt(db: Db, key: string, now: Date): Promise<Attempt> {
  const row = await countLoginAttempt(db.kysely, key, now.toISOString(), new Date(now.getTime() - LOCKOUT_MS).toISOString());
  return { n: Number(row.failed), lockedUntil: row.locked_until };
}

export const isLocked = (a: { lockedUntil: string | null }, now: Date) => a.lockedUntil !== null && a.lockedUntil > now.toISOString();

/** Locks the name unless it is locked already; true when this call set the lock (so it is audited once). */
export async function lockName(trx: Kysely<Database> | Transaction<Database>, key: string, now: Date): Promise<boolean> {
  return lockLoginName(trx, key, now.toISOString(), new Date(now.getTime() + LOCKOUT_MS).toISOString());
}

/**
 * After a correct password or code: the count starts again — unless the name was locked meanwhile by parallel failures,
 * in which case the success does not count (false).
 */
export async function clearAttempts(db: Db | Transaction<Database>, key: string, now: Date): Promise<boolean> {
  return clearLoginAttempts('kysely' in db ? db.kysely : db, key, now.toISOString());
}

/** An administrator's reset or reactivation lifts a lock. */
export async function liftLock(trx: Kysely<Database> | Transaction<Database>, key: string): Promise<void> {
  await dropLoginAttempts(trx, key);
}

/** Rows of names nobody tried for a day are dropped now and then, so a spray of invented names leaves no lasting trace. */
export async function pruneAttempts(db: Db, now: Date): Promise<void> {
  await pruneLoginAttempts(db.kysely, new Date(now.getTime() - 24 * 3_600_000).toISOString());
}

export function lockedError(lockedUntil: string): AppError {
  return new AppError(
    'AUTH_LOCKED',
    {
      zh: `登录失败次数过多，账号已锁定至 ${formatLocal(lockedUntil)}`,
      en: `Too many failed logins: the account is locked until ${formatLocal(lockedUntil)}`,
    },
    { status: 423, details: { lockedUntil } },
  );
}

function formatLocal(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
