import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { enrollDemo } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import type { RunView } from '../../src/contracts/supervision.ts';
import { type Client, testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { openIdNumber } from '../../src/db/personal-data.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { runDoudi } from '../factories/cli.ts';
import { aimSupervisionRoutes, SUPERVISION_AREA_ROUTES } from '../factories/supervision-area-routes.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const A = '211221';

/**
 * The anomaly rules through the API (issue 16 points 3, 5 and 8; ADR 0046): the city supervisor starts a run (a job,
 * polled to its end); every enrolled household of county A has an overdue review, so every one is a finding of its
 * township; each township's caseworker lists exactly its own (counted here in SQL of the households' villages), another
 * county's administrator none of them and cannot run the rules for county A, and roles without the permission are
 * refused on every supervision route.
 */
describe(`anomaly rules through the API (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2026-12-04');
  let sup: Client;
  let townships: string[];
  let run: RunView;
  const raws = new Map<string, RawSession>();
  const rawOf = (name: string) => {
    const r = raws.get(name);
    if (!r) throw new Error(`no raw session for ${name}`);
    return r;
  };

  async function waitRun(client: Client, id: string): Promise<RunView> {
    for (let i = 0; i < 400; i++) {
      const r: RunView = await ok(client, 'GET', `/api/anomalies/runs/${id}`);
      if (r.status !== 'running') return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`run ${id} did not finish`);
  }

  beforeAll(async () => {
    db = await createTestDb();
    const ctx = operatorContext(db, { name: 'cli:test', clock: clock.fn });
    await generateDemo(ctx, { households: 300, seed: 'anomalies-api', county: A });
    await enrollDemo(ctx);
    // Every review of county A overdue (the threshold is 30 days; the run's day 2026-12-04).
    await db.kysely.updateTable('review_schedule').set({ next_due: '2026-09-01' }).where('county_code', '=', A).execute();
    const rows = await sql<{ t: string }>`select distinct substr(h.area_code, 1, 9) || '000' as t from enrollment e
      join household h on h.county_code = e.county_code and h.id = e.household_id where e.county_code = ${A} and e.status <> 'ended' order by t`.execute(db.kysely);
    townships = rows.rows.map((r) => r.t);
    expect(townships.length).toBeGreaterThan(1);
    for (const [name, role, area] of [
      ['sup', 'city_supervisor', AREAS.city],
      ['aud', 'auditor', AREAS.city],
      ['adm', 'county_admin', AREAS.county],
      ['adm_other', 'county_admin', AREAS.otherCounty],
      ['tw1', 'township_caseworker', townships[0]],
      ['tw2', 'township_caseworker', townships[1]],
      ['va', 'village_assistant', AREAS.village],
    ] as const) {
      await makeUser(db, `an_${name}`, role, area);
    }
    app = await testServer(db, clock.fn);
    sup = await sessionFor(app, 'an_sup');
    for (const n of ['an_adm_other', 'an_tw2', 'an_va']) raws.set(n, await rawLogin(app, n));
    const started = await sup.call('POST', '/api/anomalies/runs', {});
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    run = await waitRun(sup, started.json.id);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const expectedIn = async (prefix: string) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from enrollment e join household h on h.county_code = e.county_code and h.id = e.household_id
          where e.county_code = ${A} and e.status <> 'ended' and h.area_code like ${`${prefix}%`}`.execute(db.kysely)
      ).rows[0].n,
    );

  it('runs as a job to its end, with the counts per rule', async () => {
    expect([run.status, run.error, run.area, run.trigger]).toEqual(['done', null, AREAS.city, 'manual']);
    expect(run.done).toBe(run.total);
    const overdue = run.result?.rules.find((r) => r.code === 'REVIEW_OVERDUE');
    expect(overdue?.counts).toEqual({ new: await expectedIn(A), open: 0, reopened: 0, notSeen: 0 });
    expect(overdue?.name.zh).toBe('定期复核逾期');
  });

  it('shows each township its own findings, the city and the auditor all, another county none', async () => {
    const all = await ok(sup, 'GET', '/api/findings?rule=REVIEW_OVERDUE&limit=200');
    expect(all.total).toBe(await expectedIn(A));
    const aud = await ok(await sessionFor(app, 'an_aud'), 'GET', '/api/findings?limit=1');
    expect(aud.total).toBe(all.total);
    for (const [name, t] of [['an_tw1', townships[0]], ['an_tw2', townships[1]]] as const) {
      const page = await ok(await sessionFor(app, name), 'GET', '/api/findings?limit=200');
      expect(page.total, name).toBe(await expectedIn(t.slice(0, 9)));
      expect(page.items.every((f: { township: string }) => f.township === t), name).toBe(true);
      expect(page.items[0].ruleName.zh).toBe('定期复核逾期');
    }
    const other = await ok(await sessionFor(app, 'an_adm_other'), 'GET', '/api/findings');
    expect([other.total, other.items]).toEqual([0, []]);
    // Paging: two pages of one county's findings, in key order, each once.
    const adm = await sessionFor(app, 'an_adm');
    const p1 = await ok(adm, 'GET', '/api/findings?limit=5');
    const p2 = await ok(adm, 'GET', `/api/findings?limit=5&after=${p1.next}`);
    const ids = [...p1.items, ...p2.items].map((f: { id: string }) => f.id);
    expect(new Set(ids).size).toBe(10);
  });

  it('holds the area and the roles on every supervision route', async () => {
    const person = await db.kysely.selectFrom('person').select(['id_number_sealed']).where('county_code', '=', A).limit(1).executeTakeFirstOrThrow();
    aimSupervisionRoutes({ county: A, runId: run.id, deathCsv: `身份证号码,死亡日期\n${openIdNumber(db.keys, person)},2026-09-10\n` });
    const routes = Object.entries(SUPERVISION_AREA_ROUTES);
    expect(routes.length).toBe(5);
    for (const [key] of routes) expect(AREA_ROUTES[key]?.kind, key).toBe('supervision-flow');
    const before = await db.kysely.selectFrom('finding').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const [admOther, tw2, va] = await Promise.all(['an_adm_other', 'an_tw2', 'an_va'].map((n) => sessionFor(app, n)));
    for (const [name, spec] of routes) {
      for (const variant of spec.variants) {
        const req = variant({} as never);
        for (const client of [admOther, tw2, va]) {
          const r = req.headers
            ? await rawOf(client.username)
                .inject({ method: req.method, url: req.url, payload: req.body as string, headers: req.headers })
                .then((x) => ({ status: x.statusCode, json: x.json() }))
            : await client.call(req.method as 'GET' | 'POST', req.url, req.body);
          if (req.url.startsWith('/api/deaths')) {
            const what = `${name} ${client.username}: ${r.status}`;
            if (client !== admOther) expect([r.status, r.json.code], what).toEqual([403, 'PERMISSION_DENIED']);
            else if (req.method === 'GET') expect(r.status, what).toBe(200);
            // Another county's administrator: county A's person is not found, nothing is written.
            else expect([r.status, r.json.applied, r.json.problems.map((p: { code: string }) => p.code)], what).toEqual([200, false, ['DEATH_PERSON_UNKNOWN']]);
            continue;
          }
          const what = `${name} ${req.url} ${client.username}: ${JSON.stringify(r.json)}`;
          if (client === va || (client === tw2 && req.method === 'POST')) {
            // No findings.read (village), no supervision.run (township): refused whatever the area.
            expect([r.status, r.json.code], what).toEqual([403, 'PERMISSION_DENIED']);
          } else if (req.url === '/api/findings' || (client === tw2 && req.url.startsWith('/api/findings'))) {
            // The whole list, or the county's asked by one of its townships: the reader's own area only.
            expect(r.status, what).toBe(200);
            if (client === admOther) expect(r.json.total, what).toBe(0);
            else expect([r.json.total, r.json.items.every((f: { township: string }) => f.township === townships[1])], what).toEqual([await expectedIn(townships[1].slice(0, 9)), true]);
          } else {
            // Another county (or a township) asking for county A's run or findings, or to run them: not found / out of area.
            expect([403, 404], what).toContain(r.status);
            expect(r.json.code, what).toMatch(/AREA_FORBIDDEN|NOT_FOUND/);
          }
        }
      }
    }
    const after = await db.kysely.selectFrom('finding').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await db.kysely.selectFrom('death_record').selectAll().execute()).toEqual([]);
  });

  it('runs from the command line for one county and one rule: one JSON document, the open findings found again; a bad rule is a usage error', async () => {
    const r = await runDoudi(db, ['anomalies', 'run', '--county', A, '--rule', 'review_overdue', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.counties).toEqual([A]);
    expect(doc.rules.map((x: { code: string; counts: unknown }) => [x.code, x.counts])).toEqual([['REVIEW_OVERDUE', { new: 0, open: await expectedIn(A), reopened: 0, notSeen: 0 }]]);
    const bad = await runDoudi(db, ['anomalies', 'run', '--rule', 'NO_SUCH_RULE', '--json']);
    expect([bad.code, JSON.parse(bad.stdout).error.code]).toEqual([2, 'ANOMALY_RULE_UNKNOWN']);
  }, 60_000);
});
