import type { Role } from '../../contracts/roles.ts';
import type { UserView } from '../../contracts/users.ts';
import { scopeOf } from '../../db/scope.ts';
import type { AdminContext } from './admin-context.ts';
import { requirePermission } from '../context.ts';

export type { UserView };

/** 用户列表 The users of the administrator's own area (the operator's CLI: every user). */
export async function listUsers(ctx: AdminContext): Promise<UserView[]> {
  if (ctx.admin) requirePermission(ctx.admin, 'users.manage');
  let q = ctx.db.kysely.selectFrom('app_user').selectAll();
  if (ctx.admin) q = q.where('area_code', 'like', `${scopeOf(ctx.admin.areaCode).prefix}%`);
  const rows = await q.orderBy('username').limit(1000).execute();
  const now = ctx.clock().toISOString();
  const locks = await ctx.db.kysely.selectFrom('login_attempt').select(['name_key', 'locked_until']).where('locked_until', '>', now).execute();
  const locked = new Set(locks.map((l) => l.name_key));
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    areaCode: u.area_code,
    active: Number(u.active) === 1,
    locked: locked.has(u.username.toLowerCase()),
    roleConfirmed: Number(u.role_confirmed) === 1,
    mustChangePassword: Number(u.must_change_password) === 1,
    secondFactor: u.totp_secret !== null,
  }));
}
