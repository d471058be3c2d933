import { AccountRepo } from '../../db/account-repo.ts';
import { stateOf } from '../../db/audit-state.ts';
import { endSessionsOf } from '../../db/session-repo.ts';
import { appendAudit } from '../../db/audit.ts';
import type { ChangePasswordRequest } from '../../contracts/session.ts';
import { AppError } from '../../kernel/errors.ts';
import { countedCheck } from './counted-check.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { advanceSession, type ResolvedSession, sessionInfo } from './sessions.ts';
import type { StepResult } from './second-factor.ts';
import type { BaseContext } from '../context.ts';

/**
 * 修改密码 A user changes their own password (also the forced change after an administrator set it). The current
 * password is checked and counted with the login attempts; the new one must pass the password policy. The user's
 * other sessions end; this one continues (signed in, if it was at the forced change).
 */
export async function changeOwnPassword(ctx: BaseContext, o: { session: ResolvedSession; input: ChangePasswordRequest }): Promise<StepResult> {
  const { db } = ctx;
  const { session: s, input: body } = o;
  const now = ctx.clock();
  if (s.stage !== 'password' && s.stage !== 'full') {
    throw new AppError('AUTH_STEP_INVALID', { zh: '请先完成登录验证', en: 'Finish signing in first' }, { status: 409, details: { step: s.stage } });
  }
  const weak = passwordProblem(body.newPassword, { username: s.user.username, displayName: s.user.display_name });
  if (weak) throw new AppError('PASSWORD_WEAK', weak, { field: 'newPassword' });
  if (body.newPassword === body.currentPassword) {
    throw new AppError('PASSWORD_UNCHANGED', { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' }, { field: 'newPassword' });
  }
  await countedCheck(
    db,
    s,
    now,
    async () => {
      if (!(await verifyPassword(body.currentPassword, s.user.password_hash))) {
        throw new AppError('PASSWORD_CURRENT_WRONG', { zh: '当前密码不正确', en: 'The current password is wrong' }, { status: 400, field: 'currentPassword' });
      }
    },
    'user.password_change_failed',
  );
  const hash = await hashPassword(body.newPassword);
  const at = now.toISOString();
  const r = await db.kysely.transaction().execute(async (trx) => {
    await new AccountRepo(trx, null).changeUser(s.user.id, { password_hash: hash, must_change_password: 0, password_changed_at: at, updated_at: at });
    const ended = await endSessionsOf(trx, s.user.id, { except: s.tokenHash });
    await appendAudit(
      trx,
      { userId: s.user.id, username: s.user.username },
      { chain: 'city', action: 'user.password_changed', entityType: 'user', entityId: s.user.id, after: await stateOf(trx, 'user', 'city', s.user.id), detail: { by: 'self', forced: s.stage === 'password', sessionsEnded: ended } },
      at,
    );
    if (s.stage === 'password') return { ...(await advanceSession(trx, s.tokenHash, 'full', at)), stage: 'full' as const };
    return { token: null, csrf: s.csrfToken, stage: s.stage };
  });
  const user = { ...s.user, password_hash: hash, must_change_password: 0, password_changed_at: at };
  return { token: r.token, info: await sessionInfo(ctx, { user, csrfToken: r.csrf, stage: r.stage }) };
}
