import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { AppUserTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { liftLock, nameKey } from '../auth/throttle.ts';
import { type AdminContext, manageableUser } from './admin-context.ts';

/**
 * 账号生命周期 What an administrator does to an account inside their area (and the operator to any): deactivate and
 * reactivate, set a new password that must be changed at the next login, end the user's sessions. Each ends the
 * user's sessions where it matters and is audited.
 */

export async function setUserActive(ctx: AdminContext, userId: string, active: boolean): Promise<void> {
  const u = await manageableUser(ctx, userId);
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set((eb) => ({ active: active ? 1 : 0, updated_at: at, version: eb('version', '+', 1) })).where('id', '=', u.id).execute();
    const ended = active ? 0 : Number((await trx.deleteFrom('session').where('user_id', '=', u.id).executeTakeFirst()).numDeletedRows);
    await appendAudit(trx, ctx.audit, { chain: 'city', action: active ? 'user.activated' : 'user.deactivated', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { sessionsEnded: ended, via: ctx.admin ? 'api' : 'operator' } }, at);
  });
}

/**
 * 重置密码 The administrator sets a password the user must change at their next login; the user's sessions end and a
 * lockout is lifted. The second factor stays: a password alone does not reach an account that has one.
 */
export async function resetPassword(ctx: AdminContext, userId: string, password: string): Promise<void> {
  const u = await manageableUser(ctx, userId);
  const weak = passwordProblem(password, { username: u.username, displayName: u.display_name });
  if (weak) throw new AppError('PASSWORD_WEAK', weak, { field: 'password' });
  const hash = await hashPassword(password);
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set((eb) => ({ password_hash: hash, must_change_password: 1, password_changed_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', u.id)
      .execute();
    const ended = await trx.deleteFrom('session').where('user_id', '=', u.id).executeTakeFirst();
    await liftLock(trx, nameKey(u.username));
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.password_reset', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { sessionsEnded: Number(ended.numDeletedRows), via: ctx.admin ? 'api' : 'operator' } }, at);
  });
}

/** 强制下线 Ends every session of the user (a lost laptop, a suspicion). */
export async function revokeSessions(ctx: AdminContext, userId: string): Promise<{ ended: number }> {
  const u: AppUserTable = await manageableUser(ctx, userId);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const ended = Number((await trx.deleteFrom('session').where('user_id', '=', u.id).executeTakeFirst()).numDeletedRows);
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.sessions_revoked', entityType: 'user', entityId: u.id, detail: { sessionsEnded: ended, via: ctx.admin ? 'api' : 'operator' } }, at);
    return { ended };
  });
}
