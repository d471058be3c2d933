import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, LOCKOUT_THRESHOLD } from '../../src/commands/auth/sessions.ts';
import { testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

/**
 * Issue 9 point 1 (lockout races) and point 6 (user enumeration, login part): failures are counted in one statement
 * per attempt, so bursts of parallel wrong passwords lock the account and a right password inside a later burst does
 * not get in; an unknown user name gets exactly the answers a known one gets, lockout included.
 */
describe(`lockout under parallel attempts (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let now = Date.parse('2026-03-02T01:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of ['racer', 'sprinter', 'walker']) await makeUser(db, u, 'township_caseworker', AREAS.township);
    app = await testServer(db, () => new Date(now));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const burst = (username: string, n: number, tag: string) => Array.from({ length: n }, (_, i) => login(username, `Wrong-guess-${tag}-${i}`));

  it('3 bursts of 30 parallel wrong passwords lock the account; the right password inside the third burst is refused (423) and opens no session', async () => {
    const sessionsBefore = await db.kysely.selectFrom('session').select('token_hash').execute();
    const first = await Promise.all(burst('racer', 30, 'a'));
    const second = await Promise.all(burst('racer', 30, 'b'));
    const third = burst('racer', 15, 'c');
    const right = login('racer', TEST_PASSWORD);
    const rest = burst('racer', 15, 'd');
    const [thirdDone, rightDone, restDone] = await Promise.all([Promise.all(third), right, Promise.all(rest)]);
    const all = [...first, ...second, ...thirdDone, ...restDone];
    // Every wrong password was refused, as a wrong password (401) or because the account was locked by then (423).
    for (const r of all) expect([401, 423]).toContain(r.statusCode);
    // No more passwords were checked than the threshold allows: the rest were refused as locked.
    expect(all.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(LOCKOUT_THRESHOLD);
    expect(rightDone.statusCode, rightDone.body).toBe(423);
    expect(rightDone.json()).toMatchObject({ code: 'AUTH_LOCKED', message: { zh: expect.stringMatching(/锁定/), en: expect.stringMatching(/locked/) } });
    expect(rightDone.cookies).toHaveLength(0);
    expect(await db.kysely.selectFrom('session').select('token_hash').execute()).toHaveLength(sessionsBefore.length);
    // The lockout is audited once, with the account.
    const lockouts = await db.kysely.selectFrom('audit_event').select(['entity_id']).where('action', '=', 'auth.lockout').execute();
    expect(lockouts).toHaveLength(1);
    // And it lasts LOCKOUT_MS from the moment it was set, then the right password works.
    now += LOCKOUT_MS - 60_000;
    expect((await login('racer', TEST_PASSWORD)).statusCode).toBe(423);
    now += 61_000;
    expect((await login('racer', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('exactly LOCKOUT_THRESHOLD parallel wrong passwords (and no more) lock the account', async () => {
    const r = await Promise.all(burst('sprinter', LOCKOUT_THRESHOLD, 'x'));
    expect(r.map((x) => x.statusCode)).toEqual(Array(LOCKOUT_THRESHOLD).fill(401));
    expect((await login('sprinter', TEST_PASSWORD)).statusCode).toBe(423);
  });

  it('an unknown user name gets the same answers as a known one: AUTH_INVALID, then AUTH_LOCKED (423) after the same number of failures', async () => {
    const known: { status: number; body: unknown }[] = [];
    const unknown: { status: number; body: unknown }[] = [];
    for (let i = 0; i < LOCKOUT_THRESHOLD + 2; i++) {
      const k = await login('walker', `Wrong-guess-k-${i}`);
      const u = await login('nobody-at-all', `Wrong-guess-k-${i}`);
      known.push({ status: k.statusCode, body: k.json() });
      unknown.push({ status: u.statusCode, body: u.json() });
    }
    expect(unknown).toEqual(known);
    expect(known.map((k) => k.status)).toEqual([...Array(LOCKOUT_THRESHOLD).fill(401), 423, 423]);
    // The name is counted however it is written: case and surrounding spaces do not start a new count.
    expect((await login(' NOBODY-at-ALL ', 'Wrong-guess')).statusCode).toBe(423);
    expect((await login('WALKER', TEST_PASSWORD)).statusCode).toBe(423);
  });

  it('user names are matched without regard to case at login', async () => {
    now += LOCKOUT_MS + 1000;
    const r = await login('Walker', TEST_PASSWORD);
    expect(r.statusCode).toBe(200);
    expect(r.json().user.username).toBe('walker');
  });
});
