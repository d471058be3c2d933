import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AuditActor } from '../../db/audit.ts';
import type { AppUserTable } from '../../db/schema.ts';
import { inScope, scopeOf } from '../../db/scope.ts';
import { ADMIN_ROLES, type Role } from '../../contracts/roles.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Actor, auditActor, operatorActor, requirePermission } from '../context.ts';

/**
 * Who manages accounts: an administrator through the API (`admin`: their role and area apply), or the server's
 * operator on the command line (`admin: null`: no area, no second administrator — ADR 0013 says why).
 */
export interface AdminContext {
  db: Db;
  clock: () => Date;
  admin: Actor | null;
  audit: AuditActor;
}

export const adminContextOf = (ctx: { db: Db; actor: Actor; clock: () => Date }): AdminContext => ({
  db: ctx.db,
  clock: ctx.clock,
  admin: ctx.actor,
  audit: auditActor(ctx.actor),
});

export const operatorContext = (db: Db, username: string, clock: () => Date = () => new Date()): AdminContext => ({ db, clock, admin: null, audit: auditActor(operatorActor({ name: username })) });

export const isAdminRole = (role: string) => (ADMIN_ROLES as readonly string[]).includes(role);

/** `inner` lies strictly inside `outer` (a county inside the city), not merely within it. */
export const strictlyInside = (outer: string, inner: string) => outer !== inner && inScope(scopeOf(outer), inner);

export const userNotFound = () => new AppError('USER_NOT_FOUND', { zh: '用户不存在', en: 'No such user' }, { status: 404 });

/**
 * The account an administrator may act on: inside their area (outside it: not found, as for case data), not their own
 * account (their account page does that), and not an administrator of their own level or above (a peer could
 * otherwise take over another administrator's account; the operator's CLI does that).
 */
export async function manageableUser(ctx: AdminContext, userId: string): Promise<AppUserTable> {
  if (ctx.admin) requirePermission(ctx.admin, 'users.manage');
  const u = await ctx.db.kysely.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) throw userNotFound();
  if (!ctx.admin) return u;
  if (!inScope(scopeOf(ctx.admin.areaCode), u.area_code)) throw userNotFound();
  if (u.id === ctx.admin.userId) {
    throw new AppError('USER_SELF', { zh: '不能对自己的账号执行此操作（请在“我的账号”中修改）', en: 'Not on your own account (use “My account”)' }, { status: 403 });
  }
  if (isAdminRole(u.role) && !strictlyInside(ctx.admin.areaCode, u.area_code)) {
    throw new AppError('USER_PEER_ADMIN', { zh: '同级或上级管理员的账号只能由上级管理员或运维人员处理', en: 'An administrator of your level or above is handled by a higher administrator or the operator' }, { status: 403 });
  }
  return u;
}

/** The account named, for the operator's CLI (any case of the name). */
export async function userNamed(db: Db, username: string): Promise<AppUserTable> {
  const u = await db.kysely.selectFrom('app_user').selectAll().where(sql<string>`lower(username)`, '=', username.trim().toLowerCase()).executeTakeFirst();
  if (!u) throw new AppError('USER_UNKNOWN', { zh: `没有名为 ${username} 的账号`, en: `No user named ${username}` }, { status: 404, field: 'username' });
  return u;
}

/** Display names as stored: NFC, trimmed, inner white space collapsed. */
export const normaliseDisplayName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

export type { Role };
