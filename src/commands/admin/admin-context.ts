import type { Kysely, Transaction } from 'kysely';
import { AccountRepo } from '../../db/account-repo.ts';
import type { Db } from '../../db/connect.ts';
import type { AuditActor } from '../../db/audit.ts';
import type { AppUserTable, Database } from '../../db/schema.ts';
import { inScope, scopeOf } from '../../db/scope.ts';
import { ADMIN_ROLES, type Role } from '../../contracts/roles.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Actor, type CommandContext, auditActor, requirePermission } from '../context.ts';

/**
 * Who manages accounts, as the account commands read their context: an administrator (`admin`: their role and area
 * apply), or the server's operator (`admin: null`: no area, no second administrator — ADR 0013 says why).
 */
type Q = Kysely<Database> | Transaction<Database>;

export interface AdminContext {
  db: Db;
  clock: () => Date;
  admin: Actor | null;
  audit: AuditActor;
}

export const adminContextOf = (ctx: CommandContext): AdminContext => ({
  db: ctx.db,
  clock: ctx.clock,
  admin: ctx.actor.operator ? null : ctx.actor,
  audit: auditActor(ctx.actor),
});

/** A decision on a grant names its administrator: the operator takes none (the CLI does it `--as` one). */
export function namedAdmin(ctx: CommandContext): AdminContext & { admin: Actor } {
  const a = adminContextOf(ctx);
  if (!a.admin) throw new AppError('AS_REQUIRED', { zh: '请用 --as 指明以哪位管理员的身份确认', en: 'Name the administrator who decides with --as' }, { field: 'as', status: 403 });
  return a as AdminContext & { admin: Actor };
}

/** The accounts an administrator manages (their area), or every account for the operator. */
export const accountsOf = (ctx: AdminContext, db: Q = ctx.db.kysely) => new AccountRepo(db, ctx.admin ? scopeOf(ctx.admin.areaCode) : null);

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
  const u = await accountsOf(ctx).byId(userId);
  if (!u) throw userNotFound();
  if (!ctx.admin) return u;
  if (u.id === ctx.admin.userId) {
    throw new AppError('USER_SELF', { zh: '不能对自己的账号执行此操作（请在“我的账号”中修改）', en: 'Not on your own account (use “My account”)' }, { status: 403 });
  }
  if (isAdminRole(u.role) && !strictlyInside(ctx.admin.areaCode, u.area_code)) {
    throw new AppError('USER_PEER_ADMIN', { zh: '同级或上级管理员的账号只能由上级管理员或运维人员处理', en: 'An administrator of your level or above is handled by a higher administrator or the operator' }, { status: 403 });
  }
  return u;
}

/** The account named, for the operator's CLI (any case of the name). */
export async function userNamed(ctx: CommandContext, o: { username: string }): Promise<AppUserTable> {
  requirePermission(ctx.actor, 'users.manage');
  const u = await new AccountRepo(ctx.db.kysely, null).byName(o.username.trim().toLowerCase());
  if (!u) throw new AppError('USER_UNKNOWN', { zh: `没有名为 ${o.username} 的账号`, en: `No user named ${o.username}` }, { status: 404, field: 'username' });
  return u;
}

/** Display names as stored: NFC, trimmed, inner white space collapsed. */
export const normaliseDisplayName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

export type { Role };
