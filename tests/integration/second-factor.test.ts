import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD, STEP_SESSION_MS } from '../../src/commands/auth/sessions.ts';
import { RECOVERY_CODE_COUNT } from '../../src/commands/auth/second-factor.ts';
import { isSealed } from '../../src/kernel/sealing.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD, testTotpSecret, totpCode } from '../factories/users.ts';

/**
 * Issue 9 point 18 (ADR 0014): administrators and approvers sign in with a TOTP code. An account without one sets it up
 * at its first login (QR code, a first code, recovery codes shown once); a code is accepted once; a recovery code once;
 * the secret is stored sealed; a session at a login step reaches nothing else.
 */
describe(`second factor (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let now = Date.parse('2026-03-02T01:00:00.000Z');
  const at = () => new Date(now);
  /** What the first test's enrolment showed (the app's secret, the recovery codes). */
  let enrolled = { secret: '', recoveryCodes: [] as string[] };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'newadm', 'county_admin', AREAS.county, { secondFactor: false });
    await makeUser(db, 'appr', 'county_approver', AREAS.county);
    await makeUser(db, 'appr2', 'county_approver', AREAS.county);
    await makeUser(db, 'clerk', 'township_caseworker', AREAS.township);
    app = await testServer(db, at);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const cookieOf = (r: LightMyRequestResponse) => `doudi_session=${r.cookies.find((c) => c.name === 'doudi_session')?.value}`;
  const login = (username: string, password = TEST_PASSWORD) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const post = (s: { cookie: string; csrf: string }, url: string, payload?: object) => app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload ? { payload } : {}) });
  const get = (s: { cookie: string }, url: string) => app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const half = async (username: string) => {
    const r = await login(username);
    expect(r.statusCode, r.body).toBe(200);
    return { cookie: cookieOf(r), csrf: r.json().csrfToken as string, step: r.json().step as string, body: r.json() };
  };

  it('an administrator without an authenticator enrols at the first login: QR code, a first code, recovery codes once; the secret is sealed', async () => {
    const s = await half('newadm');
    expect(s.step).toBe('enrol');
    expect(s.body.user.permissions).toEqual([]);
    // Nothing but the login steps is reachable yet.
    const blocked = await get(s, '/api/users');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().code).toBe('AUTH_STEP_REQUIRED');
    const start = await post(s, '/api/auth/second-factor/enrolment');
    expect(start.statusCode, start.body).toBe(200);
    const { secret, uri, qrCode } = start.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*newadm\?.*secret=/);
    expect(Buffer.from(qrCode.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString()).toMatch(/^<svg/);
    const wrong = await post(s, '/api/auth/second-factor/enrolment/confirm', { code: totpCode(secret, new Date(now + 10 * 60_000)) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('TOTP_INVALID');
    const done = await post(s, '/api/auth/second-factor/enrolment/confirm', { code: totpCode(secret, at()) });
    expect(done.statusCode, done.body).toBe(200);
    const { recoveryCodes, session } = done.json();
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    // The account must still change its password? Not this one (made by the operator): signed in.
    expect(session.step).toBe('done');
    expect(session.user.secondFactor).toBe(true);
    // The session moved on under a new cookie: the one the steps were taken with is dead.
    expect((await get(s, '/api/session')).statusCode).toBe(401);
    const next = { cookie: cookieOf(done), csrf: session.csrfToken };
    expect((await get(next, '/api/users')).statusCode).toBe(200);
    const row = await db.kysely.selectFrom('app_user').select(['totp_secret']).where('username', '=', 'newadm').executeTakeFirstOrThrow();
    expect(isSealed(row.totp_secret ?? '')).toBe(true);
    expect(row.totp_secret).not.toContain(secret);
    const codes = await db.kysely.selectFrom('recovery_code').select(['code_hash']).execute();
    for (const c of recoveryCodes) expect(JSON.stringify(codes)).not.toContain(c);
    enrolled = { secret, recoveryCodes };
  });

  it('later logins ask for a code; a code is accepted once (replay refused), a recovery code once', async () => {
    const { secret, recoveryCodes } = enrolled;
    now += 60_000;
    const a = await half('newadm');
    expect(a.step).toBe('totp');
    const code = totpCode(secret, at());
    const ok = await post(a, '/api/auth/second-factor', { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().step).toBe('done');
    const b = await half('newadm');
    const replay = await post(b, '/api/auth/second-factor', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('TOTP_REPLAYED');
    // The previous step's code is older than the one used: refused too.
    expect((await post(b, '/api/auth/second-factor', { code: totpCode(secret, new Date(now - 30_000)) })).json().code).toBe('TOTP_REPLAYED');
    const rc = await post(b, '/api/auth/second-factor', { recoveryCode: recoveryCodes[0].toLowerCase().replace('-', ' ') });
    expect(rc.statusCode, rc.body).toBe(200);
    const c = await half('newadm');
    const reused = await post(c, '/api/auth/second-factor', { recoveryCode: recoveryCodes[0] });
    expect(reused.json().code).toBe('RECOVERY_CODE_INVALID');
    now += 30_000;
    expect((await post(c, '/api/auth/second-factor', { code: totpCode(secret, at()) })).statusCode).toBe(200);
    const used = await db.kysely.selectFrom('audit_event').select(['detail']).where('action', '=', 'auth.login').where('actor_name', '=', 'newadm').execute();
    expect(used.map((u) => JSON.parse(u.detail ?? '{}').secondFactor)).toEqual(['totp', 'recovery_code', 'totp']);
  });

  it('wrong codes count with wrong passwords: the name locks and the half-open session ends', async () => {
    const s = await half('appr');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const r = await post(s, '/api/auth/second-factor', { code: String(100000 + i) });
      expect(r.json().code).toBe('TOTP_INVALID');
    }
    expect((await get(s, '/api/session')).statusCode).toBe(401);
    expect((await login('appr')).statusCode).toBe(423);
  });

  it('a session at a login step lasts STEP_SESSION_MS; a code from another account’s secret does not pass', async () => {
    const s = await half('appr2');
    expect((await post(s, '/api/auth/second-factor', { code: totpCode(testTotpSecret('appr'), at()) })).json().code).toBe('TOTP_INVALID');
    now += STEP_SESSION_MS + 1000;
    expect((await post(s, '/api/auth/second-factor', { code: totpCode(testTotpSecret('appr2'), at()) })).statusCode).toBe(401);
    expect((await get(s, '/api/session')).statusCode).toBe(401);
  });

  it('a caseworker signs in with the password alone, and may set up an authenticator of their own accord', async () => {
    const s = await half('clerk');
    expect(s.step).toBe('done');
    expect(s.body.user).toMatchObject({ secondFactor: false, secondFactorRequired: false });
    const { secret } = (await post(s, '/api/auth/second-factor/enrolment')).json();
    const done = await post(s, '/api/auth/second-factor/enrolment/confirm', { code: totpCode(secret, at()) });
    expect(done.statusCode).toBe(200);
    expect(done.json().session.step).toBe('done');
    now += 60_000;
    expect((await half('clerk')).step).toBe('totp');
  });

  it('the operator resets a lost authenticator (doudi user reset-2fa): the user enrols anew', async () => {
    const r = await runDoudi(db, ['user', 'reset-2fa', 'newadm']);
    expect(r.code, r.stderr).toBe(0);
    expect((await half('newadm')).step).toBe('enrol');
    expect(await db.kysely.selectFrom('recovery_code').select('code_hash').innerJoin('app_user', 'app_user.id', 'recovery_code.user_id').where('app_user.username', '=', 'newadm').execute()).toEqual([]);
  }, 60_000);
});
