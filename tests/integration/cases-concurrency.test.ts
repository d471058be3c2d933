import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, testServer } from '../factories/api.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../factories/server-process.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, newHousehold, sessionFor, TestClock, url } from './cases-flow.ts';

const ROUNDS = 4;

/**
 * Two county approvers decide the same case at the same moment through two server processes on one database (on
 * SQLite, two connections inside one process never overlap). Exactly one decision may stand; the other user is told
 * the case changed under them. Cases are brought to the county notice in-process on a 2025 clock, so that the
 * servers' real clock finds every notice over.
 */
describe(`two users deciding one case at once (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let servers: ServerProcess[] = [];
  let first: Client;
  let second: Client;
  const cases: { countyCode: string; id: string; version: number }[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['cc_va', 'village_assistant', AREAS.village],
      ['cc_cw', 'township_caseworker', AREAS.township],
      ['cc_rv', 'township_reviewer', AREAS.township],
      ['cc_ap1', 'county_approver', AREAS.county],
      ['cc_ap2', 'county_approver', AREAS.county],
    ] as const) {
      await makeUser(db, name, role, area);
    }
    const clock = new TestClock('2025-03-03');
    app = await testServer(db, clock.fn);
    const crew: Crew = { va: await sessionFor(app, 'cc_va'), cw: await sessionFor(app, 'cc_cw'), rv: await sessionFor(app, 'cc_rv'), ap: await sessionFor(app, 'cc_ap1') };
    for (let i = 0; i < ROUNDS; i++) {
      const c = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, `并${i}`), 'county_notice', `2025-03-${String(3 + i * 5).padStart(2, '0')}`);
      cases.push({ countyCode: c.countyCode, id: c.id, version: c.version });
    }
    servers = await Promise.all([startServerProcess(db), startServerProcess(db)]);
    [first, second] = await Promise.all([httpLogin(servers[0].baseUrl, 'cc_ap1'), httpLogin(servers[1].baseUrl, 'cc_ap2')]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await app?.close();
    await db?.destroy();
  });

  it('exactly one decision succeeds; the other gets 409 STALE_VERSION and leaves no trace', async () => {
    const winners: string[] = [];
    for (const [round, c] of cases.entries()) {
      // Half the rounds race two approvals, half an approval against a refusal.
      const other = round % 2 === 0 ? { path: 'approve', body: { version: c.version } } : { path: 'refuse', body: { version: c.version, reasons: ['复核不符合条件'] } };
      const [ra, rb] = await Promise.all([first.call('POST', url(c, 'approve'), { version: c.version }), second.call('POST', url(c, other.path), other.body)]);

      expect([ra.status, rb.status].sort(), JSON.stringify([ra.json, rb.json])).toEqual([200, 409]);
      const [winner, loser] = ra.status === 200 ? [ra, rb] : [rb, ra];
      expect(loser.json).toMatchObject({ code: 'STALE_VERSION', field: 'version', message: { zh: expect.stringMatching(/已被其他人修改/), en: expect.any(String) } });
      expect(winner.json.version).toBe(c.version + 1);
      winners.push(winner.json.state);

      const decisions = await db.kysely.selectFrom('case_decision').selectAll().where('case_id', '=', c.id).execute();
      expect(decisions).toHaveLength(1);
      expect(decisions[0].outcome).toBe(winner.json.state);
      expect(decisions[0].decider_name).toBe(ra.status === 200 ? 'cc_ap1' : 'cc_ap2');
      const enrollments = await db.kysely.selectFrom('enrollment').selectAll().where('decision_id', '=', decisions[0].id).execute();
      expect(enrollments).toHaveLength(winner.json.state === 'approved' ? 1 : 0);
      const events = await db.kysely.selectFrom('case_event').select('step').where('case_id', '=', c.id).where('step', 'in', ['approve', 'refuse']).execute();
      expect(events).toHaveLength(1);
      const audits = await db.kysely.selectFrom('audit_event').select('action').where('entity_id', '=', c.id).where('action', 'in', ['case.approve', 'case.refuse']).execute();
      expect(audits).toHaveLength(1);
      const row = await db.kysely.selectFrom('assistance_case').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(Number(row.version)).toBe(c.version + 1);
      expect(row.state).toBe(winner.json.state);
    }
    expect(winners.filter((s) => s === 'approved').length).toBeGreaterThanOrEqual(ROUNDS / 2);
  });
});
