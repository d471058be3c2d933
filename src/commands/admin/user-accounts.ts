import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { endSessionsOf } from '../../db/session-repo.ts';
import type { AppUserTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { liftLock, nameKey } from '../auth/throttle.ts';
import type { CommandContext } from '../context.ts';
import { accountsOf, adminContextOf, manageableUser } from './admin-context.ts';

/**
 * 账号生命周期 What an administrator does to an account inside their area (and the operator to any): deactivate and
 * reactivate, set a new password that must be changed at the next login, end the user's sessions. Each ends the
 * user's sessions where it matters and is audited.
 */

export async function setUserActive(command: CommandContext, o: { userId: string; active: boolean }): Promise<void> {
  const ctx = adminContextOf(command);
  const { active } = o;
  const u = await manageableUser(ctx, o.userId);
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await accountsOf(ctx, trx).changeUser(u.id, { active: active ? 1 : 0, updated_at: at });
    const ended = active ? 0 : await endSessionsOf(trx, u.id);
    await appendAudit(trx, ctx.audit, { chain: 'city', action: active ? 'user.activated' : 'user.deactivated', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { sessionsEnded: ended, via: ctx.admin ? 'api' : 'operator' } }, at);
  });
}

/**
 * 重置密码 The administrator sets a password the user must change at their next login; the user's sessions end and a
 * lockout is lifted. The second factor stays: a password alone does not reach an account that has one.
 */
export async function resetPassword(command: CommandContext, o: { userId: string; password: string }): Promise<void> {
  const ctx = adminContextOf(command);
  const { password } = o;
  const u = await manageableUser(ctx, o.userId);
  const weak = passwordProblem(password, { username: u.username, displayName: u.display_name });
  if (weak) throw new AppError('PASSWORD_WEAK', weak, { field: 'password' });
  const hash = await hashPassword(password);
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await accountsOf(ctx, trx).changeUser(u.id, { password_hash: hash, must_change_password: 1, password_changed_at: at, updated_at: at });
    const ended = await endSessionsOf(trx, u.id);
    await liftLock(trx, nameKey(u.username));
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.password_reset', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { sessionsEnded: ended, via: ctx.admin ? 'api' : 'operator' } }, at);
  });
}

/** 强制下线 Ends every session of the user (a lost laptop, a suspicion). */
export async function revokeSessions(command: CommandContext, o: { userId: string }): Promise<{ ended: number }> {
  const ctx = adminContextOf(command);
  const u: AppUserTable = await manageableUser(ctx, o.userId);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const ended = await endSessionsOf(trx, u.id);
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.sessions_revoked', entityType: 'user', entityId: u.id, detail: { sessionsEnded: ended, via: ctx.admin ? 'api' : 'operator' } }, at);
    return { ended };
  });
}
