import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingClock } from '../../src/commands/admin/training-clock.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const REAL = new Date('2026-12-04T02:00:00Z');

/** The training clock of demo mode (issue 11 point 14): an administrator moves the day forward; a real server has none. */
describe(`training clock (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let demo: FastifyInstance;
  let real: FastifyInstance;
  let clock: TrainingClock;
  let admin: Client;
  let worker: Client;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'admin1', 'system_admin', AREAS.city);
    await makeUser(db, 'caseworker1', 'township_caseworker', AREAS.township);
    clock = await new TrainingClock(() => REAL).load(db);
    demo = await testServer(db, undefined, { trainingClock: clock });
    real = await testServer(db);
    admin = await loginAs(demo, 'admin1');
    worker = await loginAs(demo, 'caseworker1');
  });
  afterAll(async () => {
    await demo?.close();
    await real?.close();
    await db?.destroy();
  });

  it('does not exist outside demo mode', async () => {
    const a = await loginAs(real, 'admin1');
    expect((await a.call('GET', '/api/training-clock')).status).toBe(404);
    expect((await a.call('POST', '/api/training-clock', { days: 7 })).status).toBe(404);
    expect((await a.call('GET', '/api/session')).json.trainingDay).toBeUndefined();
  });

  it('an administrator moves the day forward: every page says so, sessions go on, the move is audited and kept', async () => {
    expect((await admin.call('GET', '/api/training-clock')).json).toMatchObject({ today: '2026-12-04', realToday: '2026-12-04', offsetDays: 0 });
    expect((await admin.call('GET', '/api/session')).json.trainingDay).toBeUndefined();
    const moved = await admin.call('POST', '/api/training-clock', { days: 7 });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json).toMatchObject({ today: '2026-12-11', realToday: '2026-12-04', offsetDays: 7 });
    // A week later on the business clock, the sessions (on the real time) still hold.
    expect((await worker.call('GET', '/api/session')).json.trainingDay).toBe('2026-12-11');
    expect((await admin.call('POST', '/api/training-clock', { days: 3 })).json.today).toBe('2026-12-14');
    // Kept: a restart of the demo server is at the same day.
    expect((await new TrainingClock(() => REAL).load(db)).offsetDays).toBe(10);
    const reset = await admin.call('POST', '/api/training-clock', { reset: true });
    expect(reset.json).toMatchObject({ today: '2026-12-04', offsetDays: 0 });
    const events = await db.kysely.selectFrom('audit_event').select(['action', 'at', 'actor_name']).where('action', 'like', 'training_clock.%').orderBy('seq').execute();
    expect(events.map((e) => [e.action, e.at.slice(0, 10), e.actor_name])).toEqual([
      ['training_clock.advance', '2026-12-04', 'admin1'],
      ['training_clock.advance', '2026-12-11', 'admin1'],
      // Recorded on the business clock the class was at.
      ['training_clock.reset', '2026-12-14', 'admin1'],
    ]);
  });

  it('is refused to other roles and out of range, and then changes nothing', async () => {
    const refused = await worker.call('POST', '/api/training-clock', { days: 7 });
    expect(refused.status).toBe(403);
    for (const days of [0, -3, 1.5, 367]) {
      const bad = await admin.call('POST', '/api/training-clock', { days });
      expect(bad.status, `days ${days}`).toBe(400);
      // A fraction is refused by the request's schema, the rest by the command, each on the field.
      expect(bad.json).toMatchObject({ code: days === 1.5 ? 'FIELD_TYPE' : 'TRAINING_DAYS_INVALID', field: 'days' });
    }
    expect(clock.offsetDays).toBe(0);
  });
});
