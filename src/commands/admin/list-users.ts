import type { Role } from '../../contracts/roles.ts';
import { scopeOf } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  active: boolean;
  locked: boolean;
}

/** 用户列表 The users of the administrator's own area. */
export async function listUsers(ctx: CommandContext): Promise<UserView[]> {
  requirePermission(ctx.actor, 'users.manage');
  const scope = scopeOf(ctx.actor.areaCode);
  const rows = await ctx.db.kysely.selectFrom('app_user').selectAll().where('area_code', 'like', `${scope.prefix}%`).orderBy('username').limit(1000).execute();
  const now = ctx.clock().toISOString();
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    areaCode: u.area_code,
    active: Number(u.active) === 1,
    locked: Boolean(u.locked_until && u.locked_until > now),
  }));
}
