import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { appendAudit } from '../../db/audit.ts';
import { getDivision } from '../../db/division-repo.ts';
import type { Actor } from '../context.ts';
import type { AppUserTable } from '../../db/schema.ts';
import type { SessionInfo } from '../../contracts/session.ts';
import { type Role, ROLE_PERMISSIONS } from '../../contracts/roles.ts';
import { AppError } from '../../kernel/errors.ts';
import { isStorageFull } from '../../kernel/storage-full.ts';
import { verifyPassword } from './password.ts';

/** Session policy: idle and absolute timeouts; lockout after repeated failures. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const INVALID = new AppError(
  'AUTH_INVALID',
  { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  { status: 401 },
);

export function actorOf(u: AppUserTable): Actor {
  return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, areaCode: u.area_code };
}

export async function sessionInfo(db: Db, u: AppUserTable, csrfToken: string): Promise<SessionInfo> {
  const area = await getDivision(db.kysely, u.area_code);
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as Role,
      areaCode: u.area_code,
      areaName: area?.name ?? u.area_code,
      permissions: [...ROLE_PERMISSIONS[u.role as Role]],
    },
    csrfToken,
  };
}

/**
 * 登录 Checks the password (argon2id) and opens a server-side session. Unknown users and wrong passwords get the
 * same answer; after LOCKOUT_THRESHOLD failures the account is locked for LOCKOUT_MS. Both outcomes are audited.
 */
export async function login(
  db: Db,
  props: { username: string; password: string; now: Date },
): Promise<{ token: string; info: SessionInfo }> {
  const u = await db.kysely.selectFrom('app_user').selectAll().where('username', '=', props.username).executeTakeFirst();
  const at = props.now.toISOString();
  if (!u || Number(u.active) !== 1) {
    await verifyPassword(props.password, '$argon2id$v=19$m=1024,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    throw INVALID;
  }
  if (u.locked_until && u.locked_until > at) {
    throw new AppError(
      'AUTH_LOCKED',
      {
        zh: `登录失败次数过多，账号已锁定至 ${formatLocal(u.locked_until)}`,
        en: `Too many failed logins: the account is locked until ${formatLocal(u.locked_until)}`,
      },
      { status: 423, details: { lockedUntil: u.locked_until } },
    );
  }
  const ok = await verifyPassword(props.password, u.password_hash);
  if (!ok) {
    const failed = Number(u.failed_logins) + 1;
    const lock = failed >= LOCKOUT_THRESHOLD;
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? new Date(props.now.getTime() + LOCKOUT_MS).toISOString() : u.locked_until })
        .where('id', '=', u.id)
        .execute();
      await appendAudit(trx, { userId: u.id, username: u.username }, { chain: 'city', action: lock ? 'auth.lockout' : 'auth.login_failed', entityType: 'user', entityId: u.id, detail: { failed } }, at);
    });
    throw INVALID;
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', u.id).execute();
    await trx.insertInto('session').values({ token_hash: hashToken(token), user_id: u.id, csrf_token: csrf, created_at: at, last_seen_at: at }).execute();
    await appendAudit(trx, { userId: u.id, username: u.username }, { chain: 'city', action: 'auth.login', entityType: 'user', entityId: u.id }, at);
  });
  return { token, info: await sessionInfo(db, u, csrf) };
}

function formatLocal(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** Resolves a session cookie to its user, enforcing idle and absolute timeouts; touches last-seen at most once a minute. */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
): Promise<{ user: AppUserTable; csrfToken: string; tokenHash: string } | null> {
  const th = hashToken(token);
  const row = await db.kysely
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select(['session.csrf_token', 'session.created_at as s_created', 'session.last_seen_at as s_seen'])
    .where('session.token_hash', '=', th)
    .executeTakeFirst();
  if (!row) return null;
  const t = now.getTime();
  if (Number(row.active) !== 1 || t - Date.parse(row.s_seen) > SESSION_IDLE_MS || t - Date.parse(row.s_created) > SESSION_ABSOLUTE_MS) {
    await db.kysely.deleteFrom('session').where('token_hash', '=', th).execute();
    return null;
  }
  if (t - Date.parse(row.s_seen) > 60_000) {
    // A full disk must not end every session: the touch is skipped (the idle clock runs from the last one) and reads
    // go on (issue 9, point 10).
    await db.kysely
      .updateTable('session')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', th)
      .execute()
      .catch((e) => {
        if (!isStorageFull(e)) throw e;
      });
  }
  const { csrf_token, s_created: _c, s_seen: _s, ...user } = row;
  return { user: user as AppUserTable, csrfToken: csrf_token, tokenHash: th };
}

export async function logout(db: Db, token: string, actor: Actor, now: Date): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('session').where('token_hash', '=', hashToken(token)).execute();
    await appendAudit(trx, { userId: actor.userId, username: actor.username }, { chain: 'city', action: 'auth.logout', entityType: 'user', entityId: actor.userId }, now.toISOString());
  });
}
