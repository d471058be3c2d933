import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, LOCKOUT_THRESHOLD, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/commands/auth/sessions.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { listRoutes } from '../factories/routes.ts';
import { countRows, snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

const MINUTE = 60_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Any concrete URL for a route pattern: authentication and CSRF are checked before parameters are. */
const concrete = (url: string) => url.replace(/:county\b/, '211221').replace(/:code\b/, AREAS.county).replace(/:day\b/, '2031-01-01').replace(/:year\b/, '2031').replace(/:month\b/, '1').replace(/:\w+/g, 'x');

describe(`authentication and sessions (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let now = Date.parse('2026-03-02T01:00:00.000Z');
  const advance = (ms: number) => (now += ms);

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of ['alice', 'bob', 'carol', 'dave']) await makeUser(db, u, 'township_caseworker', AREAS.township);
    app = await testServer(db, () => new Date(now));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const sessionWith = (cookie: string) => app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

  it('logs in (HttpOnly SameSite=Strict cookie, CSRF token, token stored only hashed) and out (the cookie is dead afterwards)', async () => {
    const res = await login('alice', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'alice', role: 'township_caseworker', areaCode: AREAS.township, permissions: expect.arrayContaining(['registry.write']) } });
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.cookies.find((c) => c.name === 'doudi_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).toMatch(/^[\w-]{40,}$/);
    const stored = await db.kysely.selectFrom('session').select(['token_hash']).execute();
    expect(stored.some((s) => s.token_hash === cookie!.value)).toBe(false);

    const s = await rawLogin(app, 'alice');
    expect((await sessionWith(s.cookie)).json().user.username).toBe('alice');
    const out = await s.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'doudi_session')?.value ?? '').toBe('');
    const after = await sessionWith(s.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('AUTH_REQUIRED');
  });

  it('a wrong password and an unknown user get the same AUTH_INVALID (401), with zh and en messages', async () => {
    const wrong = await login('dave', 'Wrong-pass-2019');
    const unknown = await login('nobody-here', 'Wrong-pass-2019');
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({ code: 'AUTH_INVALID', message: { zh: '用户名或密码错误', en: 'Wrong user name or password' } });
      expect(r.cookies).toHaveLength(0);
    }
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failures: AUTH_LOCKED 423 even with the right password, until the lockout ends`, async () => {
    // A success in between resets the count: four failures, a success, four more failures do not lock.
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) expect((await login('bob', `Bad-pass-${i}-x`)).json().code).toBe('AUTH_INVALID');
    expect((await login('bob', TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) expect((await login('bob', `Bad-pass-${i}-y`)).json().code).toBe('AUTH_INVALID');
    expect((await login('bob', TEST_PASSWORD)).statusCode).toBe(200);

    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) expect((await login('bob', `Bad-pass-${i}-z`)).json().code).toBe('AUTH_INVALID');
    const locked = await login('bob', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'AUTH_LOCKED', message: { zh: expect.stringMatching(/锁定/), en: expect.stringMatching(/locked/) } });
    expect(locked.cookies).toHaveLength(0);
    expect((await login('bob', 'Bad-pass-again')).statusCode).toBe(423);
    expect(await db.kysely.selectFrom('audit_event').select('seq').where('action', '=', 'auth.lockout').execute()).toHaveLength(1);

    advance(LOCKOUT_MS - MINUTE);
    expect((await login('bob', TEST_PASSWORD)).statusCode).toBe(423);
    advance(MINUTE + 1000);
    expect((await login('bob', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a session ends after the idle timeout; activity keeps it alive, but not past the absolute timeout', async () => {
    const idle = await rawLogin(app, 'carol');
    advance(SESSION_IDLE_MS - MINUTE);
    expect((await sessionWith(idle.cookie)).statusCode).toBe(200);
    advance(SESSION_IDLE_MS - MINUTE); // long since login, but only this long since the last request
    expect((await sessionWith(idle.cookie)).statusCode).toBe(200);
    advance(SESSION_IDLE_MS + MINUTE);
    const expired = await sessionWith(idle.cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('AUTH_REQUIRED');
    advance(-SESSION_IDLE_MS); // the session is deleted, not merely refused: going back does not revive it
    expect((await sessionWith(idle.cookie)).statusCode).toBe(401);
    advance(SESSION_IDLE_MS);

    const busy = await rawLogin(app, 'carol');
    const start = now;
    while (now + SESSION_IDLE_MS / 2 < start + SESSION_ABSOLUTE_MS) {
      advance(SESSION_IDLE_MS / 2);
      expect((await sessionWith(busy.cookie)).statusCode).toBe(200);
    }
    advance(start + SESSION_ABSOLUTE_MS + MINUTE - now);
    expect((await sessionWith(busy.cookie)).statusCode).toBe(401);
  });

  it('every protected route refuses a request without a session (401 AUTH_REQUIRED)', async () => {
    const routes = listRoutes(app).filter((r) => r.method !== 'HEAD');
    const protectedRoutes = [];
    for (const r of routes) {
      const res = await app.inject({ method: r.method as 'GET', url: concrete(r.url), ...(UNSAFE.has(r.method) ? { payload: {} } : {}) });
      if (res.statusCode === 401) {
        expect(res.json().code, `${r.method} ${r.url}`).toBe('AUTH_REQUIRED');
        protectedRoutes.push(`${r.method} ${r.url}`);
      } else {
        // Only these may answer without a session.
        expect(['GET /api/health', 'POST /api/auth/login', 'GET /api/openapi.json'], `${r.method} ${r.url} answered ${res.statusCode}`).toContain(`${r.method} ${r.url}`);
      }
    }
    expect(protectedRoutes).toEqual(expect.arrayContaining(['GET /api/households', 'PUT /api/households/:county/:id', 'POST /api/auth/logout', 'GET /api/session']));
  });

  it('every unsafe route needs this session’s CSRF token (403 CSRF_INVALID without it or with another session’s), and nothing changes', async () => {
    const mine = await rawLogin(app, 'dave');
    const theirs = await rawLogin(app, 'alice');
    const unsafe = listRoutes(app).filter((r) => UNSAFE.has(r.method) && r.url !== '/api/auth/login');
    expect(unsafe.length).toBeGreaterThanOrEqual(8);
    const before = await snapshotTables(db);
    for (const r of unsafe) {
      for (const headers of [{}, { 'x-csrf-token': theirs.csrf }, { 'x-csrf-token': '' }, { 'x-csrf-token': `${mine.csrf}x` }]) {
        const res = await mine.inject({ method: r.method as 'POST', url: concrete(r.url), payload: {}, csrf: false, headers });
        expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.json().code).toBe('CSRF_INVALID');
        expect(res.json().message.zh).toMatch(/校验失败/);
      }
    }
    expect(await snapshotTables(db)).toBe(before);
    // The session survived those refusals, safe methods need no token, and with the token logout works.
    expect((await sessionWith(mine.cookie)).statusCode).toBe(200);
    expect((await mine.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
  });

  it('doudi user add creates a user who can log in, and refuses a role/area mismatch, a weak password and other mistakes', async () => {
    const strong = 'Strong-pass-2026';
    const add = (name: string, role: string, area: string, password: string | null) =>
      runDoudi(db, ['user', 'add', name, '--role', role, '--area', area, ...(password === null ? [] : ['--password-stdin'])], { stdin: `${password ?? ''}\n` });

    const ok = await add('cli.worker', 'township_caseworker', AREAS.siblingTownship, strong);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('cli.worker');
    const res = await login('cli.worker', strong);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ role: 'township_caseworker', areaCode: AREAS.siblingTownship });

    const users = await countRows(db, 'app_user');
    const refusals: [code: string, run: () => ReturnType<typeof add>][] = [
      ['ROLE_AREA_LEVEL', () => add('cli.county', 'township_caseworker', AREAS.county, strong)],
      ['ROLE_AREA_LEVEL', () => add('cli.village', 'county_approver', AREAS.village, strong)],
      ['PASSWORD_WEAK', () => add('cli.weak', 'township_caseworker', AREAS.township, 'short1A!')],
      ['PASSWORD_WEAK', () => add('cli.weak2', 'township_caseworker', AREAS.township, 'Password1234')],
      ['PASSWORD_WEAK', () => add('cli.demo', 'township_caseworker', AREAS.township, 'Demo-2019-doudi')],
      ['USERNAME_TAKEN', () => add('CLI.Worker', 'township_caseworker', AREAS.township, strong)],
      ['ROLE_UNKNOWN', () => add('cli.role', 'mayor', AREAS.township, strong)],
      ['DIVISION_UNKNOWN', () => add('cli.area', 'township_caseworker', '211221999000', strong)],
      ['USERNAME_TAKEN', () => add('cli.worker', 'township_caseworker', AREAS.township, strong)],
      ['PASSWORD_STDIN_REQUIRED', () => add('cli.stdin', 'township_caseworker', AREAS.township, null)],
    ];
    // Two at a time: each is a Node process, and CI machines have few cores.
    for (let i = 0; i < refusals.length; i += 2) {
      const batch = refusals.slice(i, i + 2);
      const results = await Promise.all(batch.map(([, run]) => run()));
      for (const [j, r] of results.entries()) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain(batch[j][0]);
      }
    }
    expect(await countRows(db, 'app_user')).toBe(users);
    expect((await login('cli.county', strong)).statusCode).toBe(401);
  }, 120_000);
});
