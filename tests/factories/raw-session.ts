import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { TEST_PASSWORD } from './users.ts';

export interface RawSession {
  cookie: string;
  csrf: string;
  /** `inject` with this session's cookie and (unless `csrf: false`) its CSRF header; headers given win. */
  inject(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

/**
 * A logged-in session for tests that must shape the request themselves (raw bodies, missing or foreign CSRF
 * tokens, HEAD requests), where `loginAs`'s JSON client would get in the way.
 */
export async function rawLogin(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<RawSession> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const token = res.cookies.find((c) => c.name === 'doudi_session')?.value;
  if (!token) throw new Error('login set no session cookie');
  const cookie = `doudi_session=${token}`;
  const csrf = res.json().csrfToken as string;
  return {
    cookie,
    csrf,
    inject({ csrf: withCsrf = true, headers, ...opts }) {
      return app.inject({ ...opts, headers: { cookie, ...(withCsrf ? { 'x-csrf-token': csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
    },
  };
}
