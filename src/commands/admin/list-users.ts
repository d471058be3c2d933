import type { Role } from '../../contracts/roles.ts';
import type { UserView } from '../../contracts/users.ts';
import { lockedLoginNames } from '../../db/session-repo.ts';
import { accountsOf, adminContextOf } from './admin-context.ts';
import { type CommandContext, requirePermission } from '../context.ts';

export type { UserView };

/** 用户列表 The users of the administrator's own area (the operator's CLI: every user). */
export async function listUsers(command: CommandContext): Promise<UserView[]> {
  const ctx = adminContextOf(command);
  if (ctx.admin) requirePermission(ctx.admin, 'users.manage');
  const rows = await accountsOf(ctx).list(1000);
  const locked = await lockedLoginNames(ctx.db.kysely, ctx.clock().toISOString());
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
