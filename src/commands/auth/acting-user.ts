import type { Db } from '../../db/connect.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Actor, type CommandContext, actorName } from '../context.ts';
import { userByName } from './login.ts';
import { actorOf } from './sessions.ts';

/**
 * The named user an operator acts for on the server's command line (`--as`): a change to a benefit is a decision that
 * names its decider (主体责任), so the CLI never decides as an anonymous operator. The user's own role and area apply,
 * exactly as in the web app; "(CLI)" in the name shows on the terms and the audit trail where the decision came from.
 * Not a use case: what the CLI builds its context from (`contextAs`).
 */
export async function actorForUsername(db: Db, username: string): Promise<Actor> {
  const u = await userByName(db, username);
  // An account whose role awaits a second administrator's confirmation (ADR 0013) acts for nobody yet.
  if (!u || Number(u.active) !== 1 || Number(u.role_confirmed) !== 1) {
    throw new AppError('USER_UNKNOWN', { zh: `没有名为 ${username} 的在用账号`, en: `No active user named ${username}` }, { field: 'as', status: 404 });
  }
  const a = actorOf(u);
  return { ...a, displayName: `${actorName(a)} (CLI)` };
}

/** The context of a CLI command run `--as` a named user: that user acts, on the wall clock. */
export async function contextAs(db: Db, username: string): Promise<CommandContext> {
  return { db, actor: await actorForUsername(db, username), clock: () => new Date() };
}
