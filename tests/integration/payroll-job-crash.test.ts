import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/payroll/terms-current.ts';
import { loginAs, testServer } from '../factories/api.ts';
import { waitJob } from '../factories/payroll-api.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../factories/server-process.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const HOUSEHOLDS = 6_000;
const body = { program: 'dibao', county: C, month: '2019-01' };

/**
 * A crashed API payroll build (issue 9, point 12): the server running a build is killed with SIGKILL mid-way. Another
 * server sees at once that the job's process is gone — the job shows `interrupted`, and a new build starts at once and
 * completes the roll — instead of joining the dead job for up to two minutes. While the first server still ran the
 * job, the other saw it `running`.
 */
describe(`payroll build job whose server crashed (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let server: ServerProcess | undefined;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'job_admin', 'county_admin', AREAS.county);
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.otherVillage], households: HOUSEHOLDS, prefix: 'jc', startMonth: '2019-01', headsOnly: true });
    await ensureTermsCurrent(operatorContext(db), { county: C, month: '2019-01' });
    app = await testServer(db);
  }, 180_000);
  afterAll(async () => {
    await server?.close().catch(() => {});
    await app?.close();
    await db?.destroy();
  });

  const jobRow = (id: string) => db.kysely.selectFrom('payroll_job').selectAll().where('county_code', '=', C).where('id', '=', id).executeTakeFirstOrThrow();

  it('is seen interrupted at once, and a new build starts at once and completes the roll', async () => {
    server = await startServerProcess(db, { DOUDI_PAYROLL_BATCH: '100' });
    const remote = await httpLogin(server.baseUrl, 'job_admin');
    const local = await loginAs(app, 'job_admin');
    const started = await remote.call('POST', '/api/payroll/rolls', body);
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const first = started.json;
    // Wait until the build is under way (a batch committed), then crash its server.
    for (;;) {
      const row = await jobRow(first.id);
      expect(row.status, 'the build ended before it could be interrupted: make it longer').toBe('running');
      if (Number(row.done) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const seenRunning = await local.call('GET', `/api/payroll/jobs/${C}/${first.id}`);
    expect(seenRunning.json.status).toBe('running');
    await server.kill();
    server = undefined;
    const killedAt = Date.now();
    expect((await jobRow(first.id)).status).toBe('running');

    const seen = await local.call('GET', `/api/payroll/jobs/${C}/${first.id}`);
    expect(seen.json.status).toBe('interrupted');
    const again = await local.call('POST', '/api/payroll/rolls', body);
    expect(again.status, JSON.stringify(again.json)).toBe(202);
    expect(again.json.id).not.toBe(first.id);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const done = await waitJob(local, again.json, 120_000);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.build).toMatchObject({ county: C, month: '2019-01', lines: HOUSEHOLDS });
    const roll = await db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('month', '=', '2019-01').execute();
    expect(roll.map((r) => [r.id, r.status, Number(r.line_count)])).toEqual([[done.rollId, 'built', HOUSEHOLDS]]);
    // The dead job stays recorded as interrupted.
    expect((await local.call('GET', `/api/payroll/jobs/${C}/${first.id}`)).json).toMatchObject({ status: 'interrupted', error: { code: 'PAYROLL_JOB_INTERRUPTED' } });
  }, 300_000);
});
