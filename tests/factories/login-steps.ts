import type { Db } from '../../src/db/connect.ts';
import type { SessionInfo } from '../../src/contracts/session.ts';
import { forgetLastCode, testTotpSecret, totpCode } from './users.ts';

/** One POST with a session's cookie and CSRF token, over whatever transport the factory uses (inject, fetch). */
export type Post = (url: string, body: unknown, session: { token: string; csrf: string }) => Promise<{ status: number; body: string; token: string | null }>;

/** What the factories know of the server a login goes to: its database (for forgetLastCode) and clock. */
export interface LoginTarget {
  db?: Db;
  clock?: () => Date;
}

/** Secrets of accounts that enrolled through the API during the run (accounts the factories did not provision). */
const enrolled = new Map<string, string>();

/**
 * Takes a login from its password step to signed in (ADR 0014): the second factor with a code computed from the
 * user's secret, or the enrolment of one when the account has none. A forced password change is left to the test.
 */
export async function finishLogin(post: Post, target: LoginTarget, username: string, first: { token: string; info: SessionInfo }): Promise<{ token: string; info: SessionInfo }> {
  let { token, info } = first;
  const now = () => (target.clock ?? (() => new Date()))();
  const step = async (url: string, body: unknown) => {
    const r = await post(url, body, { token, csrf: info.csrfToken });
    if (r.status !== 200) throw new Error(`login ${username}: ${url} answered ${r.status} ${r.body}`);
    if (r.token) token = r.token;
    return JSON.parse(r.body);
  };
  for (let i = 0; i < 3 && info.step !== 'done'; i++) {
    if (info.step === 'totp') {
      if (target.db) await forgetLastCode(target.db, username);
      info = await step('/api/auth/second-factor', { code: totpCode(enrolled.get(username) ?? testTotpSecret(username), now()) });
    } else if (info.step === 'enrol') {
      const { secret } = await step('/api/auth/second-factor/enrolment', undefined);
      enrolled.set(username, secret);
      info = (await step('/api/auth/second-factor/enrolment/confirm', { code: totpCode(secret, now()) })).session;
    } else {
      throw new Error(`login ${username}: the account must change its password first (step ${info.step})`);
    }
  }
  return { token, info };
}
