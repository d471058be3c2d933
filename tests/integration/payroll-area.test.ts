import type { FastifyInstance } from 'fastify';
import { rewriteRows } from '../../src/db/batch-rewrite.ts';
import { sealAccount } from '../../src/db/personal-data.ts';
import { openAccount } from '../../src/db/personal-data.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import type { Role } from '../../src/contracts/roles.ts';
import type { JobView } from '../../src/contracts/payroll.ts';
import { type Client, testServer } from '../factories/api.ts';
import { AREA_ROUTES, type Req } from '../factories/area-routes.ts';
import { buildViaApi, downloadRows, resultCsv, waitJob } from '../factories/payroll-api.ts';
import type { PayrollTarget } from '../factories/payroll-area-routes.ts';
import { PAYROLL_WRITERS } from '../factories/payroll-area-routes.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor } from './cases-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const A = '211221';
const O = '211223';
const operator = { userId: null, username: 'cli:test', displayName: 'cli:test' };

/**
 * Which counties' rolls each user may see, and which payroll writes each may make — written out here rather than
 * derived from the code under test. Rolls cover a whole county: township and village staff see none, the system
 * administrator no case data at all.
 */
const USERS: { name: string; role: Role; area: string; sees: string[]; may: string[] }[] = [
  { name: 'pm_a', role: 'county_admin', area: AREAS.county, sees: [A], may: ['build', 'refresh', 'export', 'results'] },
  { name: 'pc_a', role: 'county_approver', area: AREAS.county, sees: [A], may: ['build', 'refresh', 'approve', 'export', 'results'] },
  { name: 'pm_o', role: 'county_admin', area: AREAS.otherCounty, sees: [O], may: ['build', 'refresh', 'export', 'results'] },
  { name: 'pc_o', role: 'county_approver', area: AREAS.otherCounty, sees: [O], may: ['build', 'refresh', 'approve', 'export', 'results'] },
  { name: 'p_sup', role: 'city_supervisor', area: AREAS.city, sees: [A, O], may: [] },
  { name: 'p_aud', role: 'auditor', area: AREAS.city, sees: [A, O], may: [] },
  { name: 'p_sys', role: 'system_admin', area: AREAS.city, sees: [], may: [] },
  { name: 'p_tw', role: 'township_caseworker', area: AREAS.township, sees: [], may: [] },
  { name: 'p_rv', role: 'township_reviewer', area: AREAS.township, sees: [], may: [] },
  { name: 'p_va', role: 'village_assistant', area: AREAS.village, sees: [], may: [] },
];
const WRITE_KIND: Record<string, string> = {
  'POST /api/payroll/rolls/:county/:id/refresh': 'refresh',
  'POST /api/payroll/rolls': 'build',
  'POST /api/payroll/rolls/:county/:id/approve': 'approve',
  'GET /api/payroll/rolls/:county/:id/export': 'export',
  'POST /api/payroll/rolls/:county/:id/results': 'results',
};
const REFUSED = ['NOT_FOUND', 'AREA_FORBIDDEN', 'PERMISSION_DENIED'];
const PAYROLL_TABLES = ['payroll_roll', 'payroll_line', 'payroll_job', 'payroll_horizon', 'payroll_change'] as const;

describe(`area scope on every payroll route (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const raw = new Map<string, RawSession>();
  const clients = new Map<string, Client>();
  const targets: Record<string, PayrollTarget> = {};
  const secrets: Record<string, string[]> = {};

  const routes = () => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'payroll-flow');
  const send = (name: string, r: Req) =>
    raw.get(name)!.inject({ method: r.method, url: r.url, ...(r.body === undefined ? {} : { payload: r.body as string }), ...(r.headers ? { headers: r.headers } : {}) });

  /** A county's rolls: August built by the operator, approved and exported; September built through the API (a job). */
  async function prepare(county: string, maker: string, checker: string): Promise<PayrollTarget> {
    const aug = await buildRoll(operatorContext(db, { name: operator.username }), { county, program: 'dibao', month: '2019-08' });
    const approved = await clients.get(checker)!.call('POST', `/api/payroll/rolls/${county}/${aug.rollId}/approve`, { version: 1 });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    const bank = await downloadRows(raw.get(maker)!, county, aug.rollId, 'csv');
    expect(bank.status).toBe(200);
    const job: JobView = await buildViaApi(clients.get(maker)!, { county, month: '2019-09' });
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const sep = (await clients.get(maker)!.call('GET', `/api/payroll/rolls/${county}/${job.rollId}`)).json;
    return { county, built: { id: sep.id, version: sep.version }, approved: { id: aug.rollId, version: approved.json.version }, jobId: job.id, nextMonth: '2019-10', resultCsv: resultCsv(bank.rows) };
  }

  async function secretsOf(county: string): Promise<string[]> {
    const rolls = await db.kysely.selectFrom('payroll_roll').select('id').where('county_code', '=', county).execute();
    const hh = await db.kysely.selectFrom('household').select(['id', 'head_name', 'bank_account_sealed']).where('county_code', '=', county).execute();
    return [...rolls.map((r) => r.id), ...hh.flatMap((h) => [h.id, h.head_name, openAccount(db.keys, h) ?? ''])].filter(Boolean);
  }

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of USERS) await makeUser(db, u.name, u.role, u.area);
    app = await testServer(db);
    for (const u of USERS) {
      raw.set(u.name, await rawLogin(app, u.name));
      clients.set(u.name, await sessionFor(app, u.name));
    }
    await enrollPopulation(db, { county: A, villages: [AREAS.village, AREAS.siblingVillage], households: 12, prefix: 'za', startMonth: '2019-01' });
    await enrollPopulation(db, { county: O, villages: [AREAS.otherCountyVillage], households: 5, prefix: 'zo', startMonth: '2019-01' });
    // Names and accounts unique to each county, so that a leak is recognisable.
    for (const [county, tag, bank] of [[A, 'A', '6221'], [O, 'O', '6223']] as const) {
      await sql`update household set head_name = ${tag} || '户' || substr(id, 4) where county_code = ${county}`.execute(db.kysely);
      await rewriteRows(db.kysely as never, {
        table: 'household',
        key: ['county_code', 'id'],
        read: ['id'],
        filter: sql`county_code = ${county}`,
        write: (h) => sealAccount(db.keys, `${bank}${String(h.id).slice(3)}`),
      });
    }
    targets[A] = await prepare(A, 'pm_a', 'pc_a');
    targets[O] = await prepare(O, 'pm_o', 'pc_o');
    secrets[A] = await secretsOf(A);
    secrets[O] = await secretsOf(O);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('reads: a county’s rolls, lines, jobs and queue are found inside its area; outside, nothing about them is revealed', async () => {
    let inside = 0;
    let outside = 0;
    for (const u of USERS) {
      for (const county of [A, O]) {
        const p = targets[county];
        for (const [key, spec] of routes().filter(([k]) => k.startsWith('GET ') && !WRITE_KIND[k])) {
          for (const variant of spec.variants) {
            const r = variant({ t: undefined as never, own: undefined as never, me: u.name, p });
            const res = await send(u.name, r);
            const what = `${u.name} ${r.method} ${r.url} (${key})`;
            const body = res.body;
            if (u.sees.length === 0) {
              expect([res.statusCode, res.json().code], what).toEqual([403, 'PERMISSION_DENIED']);
              continue;
            }
            // Whatever is asked, nothing of a county outside the user's area comes back.
            for (const s of [A, O].filter((c) => !u.sees.includes(c)).flatMap((c) => secrets[c])) expect(body, what).not.toContain(s);
            if (u.sees.includes(county)) {
              expect(res.statusCode, `${what}: ${body}`).toBe(200);
              if (key.includes(':id')) expect(body, what).toContain(key.includes('jobs') ? p.jobId : key.endsWith('/lines') ? p.approved.id : p.built.id);
              if (key === 'GET /api/payroll/rolls') {
                const counties = new Set(res.json().items.map((x: { county: string }) => x.county));
                expect([...counties].sort(), what).toEqual(r.url.includes('county=') ? [county] : [...u.sees].sort());
              }
              inside++;
            } else {
              if (res.statusCode === 200) expect(res.json().items.every((x: { county: string }) => u.sees.includes(x.county)), what).toBe(true);
              else {
                expect([403, 404], what).toContain(res.statusCode);
                expect(REFUSED, what).toContain(res.json().code);
              }
              outside++;
            }
          }
        }
      }
    }
    expect(inside).toBeGreaterThan(20);
    expect(outside).toBeGreaterThan(10);
  });

  it('writes: outside the county, or without the right, every payroll write is refused and nothing changes', async () => {
    const before = await snapshotTables(db, PAYROLL_TABLES);
    let tried = 0;
    for (const u of USERS) {
      for (const [key, spec] of routes().filter(([k]) => WRITE_KIND[k])) {
        if (u.sees.includes(A) && u.may.includes(WRITE_KIND[key])) continue;
        for (const variant of spec.variants) {
          const r = variant({ t: undefined as never, own: undefined as never, me: u.name, p: targets[A] });
          const res = await send(u.name, r);
          const what = `${u.name} ${r.method} ${r.url} (${key})`;
          expect([403, 404], `${what}: ${res.body}`).toContain(res.statusCode);
          expect(REFUSED, what).toContain(res.json().code);
          for (const s of secrets[A]) expect(res.body, what).not.toContain(s);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(25);
    expect(await snapshotTables(db, PAYROLL_TABLES)).toBe(before);
  });

  it('inside the county, the right user can make every payroll write (so the refusals above are about the area)', async () => {
    for (const [key, spec] of routes().filter(([k]) => WRITE_KIND[k])) {
      const who = `p${PAYROLL_WRITERS[key]}_a`;
      const r = spec.variants[0]({ t: undefined as never, own: undefined as never, me: who, p: targets[A] });
      const res = await send(who, r);
      expect([200, 202], `${who} ${r.method} ${r.url} (${key}): ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 202) {
        const job = await waitJob(clients.get(who)!, res.json());
        expect(job.status, `${key}: ${JSON.stringify(job.error)}`).toBe('done');
        if (job.kind === 'import') expect(job.report?.applied, JSON.stringify(job.report?.problems)).toBe(true);
      }
    }
  });
});
