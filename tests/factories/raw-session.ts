import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { targetOf } from './api.ts';
import { finishLogin } from './login-steps.ts';
import { TEST_PASSWORD } from './users.ts';

export interface RawSession {
  cookie: string;
  csrf: string;
  /** `inject` with this session's cookie and (unless `csrf: false`) its CSRF header; headers given win. */
  inject(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

/**
 * A logged-in session for tests that must shape the request themselves (raw bodies, missing or foreign CSRF
 * tokens, HEAD requests), where `loginAs`'s JSON client would get in the way. Second-factor steps are taken as
 * `loginAs` takes them.
 */
export async function rawLogin(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<RawSession> {
  const { token, info } = await injectLogin(app, username, password);
  const cookie = `doudi_session=${token}`;
  const csrf = info.csrfToken;
  return {
    cookie,
    csrf,
    inject({ csrf: withCsrf = true, headers, ...opts }) {
      return app.inject({ ...opts, headers: { cookie, ...(withCsrf ? { 'x-csrf-token': csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
    },
  };
}

/** POST /api/auth/login through `inject`, then the login's remaining steps. */
export async function injectLogin(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const token = res.cookies.find((c) => c.name === 'doudi_session')?.value;
  if (!token) throw new Error('login set no session cookie');
  return finishLogin(
    async (url, body, s) => {
      const r = await app.inject({ method: 'POST', url, headers: { cookie: `doudi_session=${s.token}`, 'x-csrf-token': s.csrf }, ...(body === undefined ? {} : { payload: body as object }) });
      return { status: r.statusCode, body: r.body, token: r.cookies.find((c) => c.name === 'doudi_session')?.value ?? null };
    },
    targetOf(app),
    username,
    { token, info: res.json() },
  );
}
