import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SESSIONS_PER_USER } from '../../src/commands/auth/sessions.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { AREA_ROUTES, type UserAdminTarget } from '../factories/area-routes.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

const TEMP = 'Temporary-pass-4417';
const MINE = 'Lantern-by-the-river-3';

/**
 * Issue 9 point 19: deactivate, change own password, administrator reset (a change forced at the next login), revoke
 * sessions, a cap on sessions per user — each audited, and each only by an administrator whose area holds the user.
 */
describe(`account lifecycle (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const c: Record<string, Client> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ladm', 'county_admin', AREAS.county);
    await makeUser(db, 'ladm_o', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'lsys', 'system_admin', AREAS.city);
    for (const u of ['lw1', 'lw2', 'lw3', 'lw4']) await makeUser(db, u, 'township_caseworker', AREAS.township);
    await makeUser(db, 'low', 'township_caseworker', '211223100000');
    app = await testServer(db);
    for (const u of ['ladm', 'ladm_o', 'lsys']) c[u] = await loginAs(app, u);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const login = (username: string, password = TEST_PASSWORD) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const idOf = async (username: string) => (await db.kysely.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const actions = async (id: string) => (await db.kysely.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('seq').execute()).map((a) => a.action);

  it('deactivating ends the user’s sessions and refuses their login like a wrong password; reactivating lets them in again', async () => {
    const s = await rawLogin(app, 'lw1');
    const id = await idOf('lw1');
    expect((await c.ladm.call('POST', `/api/users/${id}/deactivate`)).status).toBe(200);
    expect((await s.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect((await login('lw1')).json().code).toBe('AUTH_INVALID');
    expect((await c.ladm.call('POST', `/api/users/${id}/activate`)).status).toBe(200);
    expect((await login('lw1')).statusCode).toBe(200);
    expect(await actions(id)).toEqual(expect.arrayContaining(['user.deactivated', 'user.activated']));
  });

  it('a reset password must be changed at the next login; until then only the change is reachable', async () => {
    const id = await idOf('lw2');
    const old = await rawLogin(app, 'lw2');
    expect((await c.ladm.call('POST', `/api/users/${id}/reset-password`, { password: 'password1234' })).json.code).toBe('PASSWORD_WEAK');
    expect((await c.ladm.call('POST', `/api/users/${id}/reset-password`, { password: TEMP })).status).toBe(200);
    expect((await old.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    const r = await login('lw2', TEMP);
    expect(r.json().step).toBe('password');
    const s = { cookie: `doudi_session=${r.cookies.find((x) => x.name === 'doudi_session')?.value}`, csrf: r.json().csrfToken };
    const h = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const blocked = await app.inject({ method: 'GET', url: '/api/households', headers: h });
    expect(blocked.json().code).toBe('AUTH_STEP_REQUIRED');
    const same = await app.inject({ method: 'POST', url: '/api/account/password', headers: h, payload: { currentPassword: TEMP, newPassword: TEMP } });
    expect(same.json().code).toBe('PASSWORD_UNCHANGED');
    const weak = await app.inject({ method: 'POST', url: '/api/account/password', headers: h, payload: { currentPassword: TEMP, newPassword: 'Demo-2019-doudi' } });
    expect(weak.json().code).toBe('PASSWORD_WEAK');
    const done = await app.inject({ method: 'POST', url: '/api/account/password', headers: h, payload: { currentPassword: TEMP, newPassword: MINE } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().step).toBe('done');
    expect((await login('lw2', TEMP)).json().code).toBe('AUTH_INVALID');
    expect((await login('lw2', MINE)).json().step).toBe('done');
    expect(await actions(id)).toEqual(expect.arrayContaining(['user.password_reset', 'user.password_changed']));
  });

  it('changing one’s own password needs the current one and ends one’s other sessions', async () => {
    const a = await rawLogin(app, 'lw3');
    const b = await rawLogin(app, 'lw3');
    const wrong = await a.inject({ method: 'POST', url: '/api/account/password', payload: { currentPassword: 'Not-my-password-1', newPassword: MINE } });
    expect(wrong.json()).toMatchObject({ code: 'PASSWORD_CURRENT_WRONG', field: 'currentPassword' });
    const ok = await a.inject({ method: 'POST', url: '/api/account/password', payload: { currentPassword: TEST_PASSWORD, newPassword: MINE } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    expect((await b.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it(`a user holds at most ${MAX_SESSIONS_PER_USER} sessions: a new login ends the oldest; revoking ends them all`, async () => {
    const sessions: RawSession[] = [];
    for (let i = 0; i <= MAX_SESSIONS_PER_USER; i++) sessions.push(await rawLogin(app, 'lw4'));
    const alive = async () => Promise.all(sessions.map(async (s) => (await s.inject({ method: 'GET', url: '/api/session' })).statusCode));
    expect(await alive()).toEqual([401, ...Array(MAX_SESSIONS_PER_USER).fill(200)]);
    const id = await idOf('lw4');
    expect((await c.ladm.call('POST', `/api/users/${id}/revoke-sessions`)).json).toEqual({ ended: MAX_SESSIONS_PER_USER });
    expect(await alive()).toEqual(Array(MAX_SESSIONS_PER_USER + 1).fill(401));
    expect(await actions(id)).toContain('user.sessions_revoked');
  });

  it('every account route acts only inside the administrator’s area, never on themselves or on a peer administrator, and not for other roles', async () => {
    const routes = Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'user-admin' && !s.variants[0]({ a: { userId: 'u', grantId: 'g' } } as never).url.includes('user-grants'));
    expect(routes.length).toBe(5);
    const worker = await loginAs(app, 'lw1');
    const cases: [who: string, target: string, status: number, code?: string][] = [
      ['ladm_o', 'lw1', 404, 'USER_NOT_FOUND'],
      ['ladm', 'low', 404, 'USER_NOT_FOUND'],
      ['ladm', 'ladm', 403, 'USER_SELF'],
      ['lsys', 'lsys', 403, 'USER_SELF'],
      ['lw1', 'lw3', 403, 'PERMISSION_DENIED'],
    ];
    for (const [key, spec] of routes) {
      for (const [who, target, status, code] of cases) {
        const a: UserAdminTarget = { userId: await idOf(target), grantId: '' };
        const r = spec.variants[0]({ a } as never);
        const client = who === 'lw1' ? worker : c[who];
        const res = await client.call(r.method as 'POST', r.url, r.body);
        expect(res.status, `${who} ${key} on ${target}: ${JSON.stringify(res.json)}`).toBe(status);
        if (code) expect(res.json.code).toBe(code);
      }
    }
    // A peer administrator: refused to a county administrator of the same county, allowed to the system administrator.
    await makeUser(db, 'ladm2', 'county_admin', AREAS.county);
    const peer = await idOf('ladm2');
    expect((await c.ladm.call('POST', `/api/users/${peer}/revoke-sessions`)).json.code).toBe('USER_PEER_ADMIN');
    expect((await c.lsys.call('POST', `/api/users/${peer}/revoke-sessions`)).status).toBe(200);
    // Inside the area, every one of these routes works for the county administrator.
    for (const [key, spec] of routes) {
      const a: UserAdminTarget = { userId: await idOf('lw3'), grantId: '' };
      const r = spec.variants[0]({ a } as never);
      const res = await c.ladm.call(r.method as 'POST', r.url, r.body);
      expect(res.status, `${key}: ${JSON.stringify(res.json)}`).toBe(200);
    }
  });
});
