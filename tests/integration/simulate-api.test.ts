import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSimulationSlot } from '../../src/commands/simulate/simulate-policy.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { simulateRegistry } from '../../src/commands/simulate/simulate-registry.ts';
import { simulationThreads } from '../../src/commands/simulate/run-simulation.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { buildSimulationRegistry, EXPECTED_6000 } from '../factories/simulation-registry.ts';
import { CASE_TABLES, countRows, snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const RAISE = { changes: [{ name: 'dibao.standard.rural', value: 6000 }], from: '2019-08' };

describe(`POST /api/policy/simulate (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const as = new Map<string, Client>();

  beforeAll(async () => {
    db = await createTestDb();
    await buildSimulationRegistry(db);
    await makeUser(db, 'sup', 'city_supervisor', AREAS.city);
    await makeUser(db, 'cadm', 'county_admin', AREAS.county);
    await makeUser(db, 'sys', 'system_admin', AREAS.city);
    await makeUser(db, 'aud', 'auditor', AREAS.city);
    app = await testServer(db);
    for (const u of ['sup', 'cadm', 'sys', 'aud']) as.set(u, await loginAs(app, u));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('gives a city supervisor the figures of doudi simulate, computed off the request loop, and changes no case data', async () => {
    // A SQLite file is read by a worker thread with its own connection; PostgreSQL's driver is asynchronous.
    expect(simulationThreads(db, 1)).toBe(TEST_DIALECT === 'sqlite' ? 1 : 0);
    const cases = await snapshotTables(db, CASE_TABLES);
    const res = await as.get('sup')!.call('POST', '/api/policy/simulate', RAISE);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    for (const [code, expected] of Object.entries(EXPECTED_6000)) {
      const { county: _c, name: _n, ...figures } = res.json.counties.find((c: { county: string }) => c.county === code);
      expect(figures).toEqual(expected);
    }
    const { seconds: _s, ...api } = res.json;
    const { seconds: _t, ...cli } = await simulateRegistry(operatorContext(db), { ...RAISE, changes: [{ name: 'dibao.standard.rural', value: '6000' }] }, { threads: 0 });
    expect(api).toEqual(cli);
    expect(await snapshotTables(db, CASE_TABLES)).toBe(cases);
  });

  it('records the run in the audit trail: who, the month, the parameters changed and how many households — no person', async () => {
    const before = await countRows(db, 'audit_event');
    const res = await as.get('sup')!.call('POST', '/api/policy/simulate', { ...RAISE, county: '211223' });
    expect(res.status).toBe(200);
    expect(res.json.counties.map((c: { county: string }) => c.county)).toEqual(['211223']);
    expect(await countRows(db, 'audit_event')).toBe(before + 1);
    const e = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'policy.simulate').orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(e.actor_name).toBe('sup');
    expect(JSON.parse(e.detail ?? '{}')).toEqual({ area: AREAS.city, from: '2019-08', changes: ['dibao.standard.rural'], households: 2 });
  });

  it('is refused to everyone but city supervisors', async () => {
    for (const u of ['cadm', 'sys', 'aud']) {
      const res = await as.get(u)!.call('POST', '/api/policy/simulate', RAISE);
      expect(res.status, u).toBe(403);
      expect(res.json.code, u).toBe('PERMISSION_DENIED');
    }
  });

  it('answers bad input with 400, the code and the field', async () => {
    const sup = as.get('sup')!;
    const cases: [unknown, string, string][] = [
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rurl', value: 6000 }] }, 'SIMULATE_PARAM_UNKNOWN', 'changes.0.name'],
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rural', value: -5 }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [{ name: 'dibao.income.excludedKinds', value: ['lottery'] }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, from: '2018-12' }, 'SIMULATE_MONTH_NO_VALUES', 'from'],
      [{ ...RAISE, county: '211299' }, 'SIMULATE_COUNTY_UNKNOWN', 'county'],
      [{ changes: RAISE.changes }, 'FIELD_REQUIRED', 'from'],
      [{ ...RAISE, changes: [] }, 'FIELD_TOO_SMALL', 'changes'],
    ];
    for (const [body, code, field] of cases) {
      const res = await sup.call('POST', '/api/policy/simulate', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json, JSON.stringify(body)).toMatchObject({ code, field });
      expect(res.json.message.zh).toBeTruthy();
    }
  });

  it('runs one simulation at a time: while another holds the slot, a request is told to wait (429)', async () => {
    const sup = as.get('sup')!;
    let release = () => {};
    const held = inSimulationSlot(() => new Promise<void>((r) => (release = r)));
    const busy = await sup.call('POST', '/api/policy/simulate', RAISE);
    expect(busy.status).toBe(429);
    expect(busy.json.code).toBe('SIMULATE_BUSY');
    release();
    await held;
    expect((await sup.call('POST', '/api/policy/simulate', RAISE)).status).toBe(200);
  });
});
