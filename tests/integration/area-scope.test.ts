import type { FastifyInstance } from 'fastify';
import { openIdNumber } from '../../src/db/personal-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contracts/roles.ts';
import { type Client, householdOfThree, testServer, withClearIds } from '../factories/api.ts';
import { maskIdNumber } from '../../src/kernel/id-number.ts';
import { AREA_ROUTES, type Req, type RouteSpec, type Target } from '../factories/area-routes.ts';
import { request } from 'node:http';
import { buildServer } from '../../src/api/server.ts';
import { CASE_WRITERS, type CaseTarget } from '../factories/case-area-routes.ts';
import { nextId } from '../factories/ids.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { listRoutes, openApiRoutes, routeId } from '../factories/routes.ts';
import { CASE_TABLES, snapshotTables, WATCHED_TABLES } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, type Stop, TestClock } from './cases-flow.ts';

/** A village of a third township of 铁岭县 (平顶堡镇 团山沟村): only county- and city-level users may see it. */
const THIRD_TOWNSHIP_VILLAGE = '211221103200';

/**
 * The users, and — written out here rather than derived from the code under test — which village codes each may
 * see (a prefix) and whether they may write case data. `null`: may not see case data at all.
 */
const USERS: { name: string; role: Role; area: string; sees: string | null; writes: boolean }[] = [
  { name: 'twp_a', role: 'township_caseworker', area: AREAS.township, sees: '211221101', writes: true },
  { name: 'twp_b', role: 'township_caseworker', area: AREAS.siblingTownship, sees: '211221102', writes: true },
  { name: 'vil_a', role: 'village_assistant', area: AREAS.village, sees: AREAS.village, writes: true },
  { name: 'cty_a', role: 'county_admin', area: AREAS.county, sees: '211221', writes: true },
  { name: 'cty_o', role: 'county_admin', area: AREAS.otherCounty, sees: '211223', writes: true },
  { name: 'city_sup', role: 'city_supervisor', area: AREAS.city, sees: '2112', writes: false },
  { name: 'sys_adm', role: 'system_admin', area: AREAS.city, sees: null, writes: false },
];
/** Households registered before the checks: village, who registers it, how many. */
const SEED: [area: string, by: string, count: number][] = [
  [AREAS.village, 'vil_a', 2],
  [AREAS.otherVillage, 'twp_a', 1],
  [AREAS.siblingVillage, 'twp_b', 3],
  [THIRD_TOWNSHIP_VILLAGE, 'cty_a', 1],
  [AREAS.otherCountyVillage, 'cty_o', 2],
];

const sees = (user: string, area: string) => {
  const prefix = USERS.find((u) => u.name === user)!.sees;
  return prefix !== null && area.startsWith(prefix);
};
const secretsOf = (t: Target) => [t.id, ...t.members.flatMap((m) => [m.idNumber, m.name])];
const REFUSED = ['NOT_FOUND', 'MOVE_TARGET_UNKNOWN', 'AREA_FORBIDDEN', 'PERMISSION_DENIED'];

describe(`area scope on every API route (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const sessions = new Map<string, RawSession>();
  /** Every household in the database, by id (the test creates them all, so it knows every expected total). */
  const registered = new Map<string, { countyCode: string; areaCode: string }>();
  const seeded: Target[] = [];

  const as = (user: string) => sessions.get(user)!;
  const send = (user: string, r: Req) => as(user).inject({ method: r.method, url: r.url, ...(r.body === undefined ? {} : { payload: r.body as object }) });
  /** The ID numbers as registered (the API shows them masked, ADR 0012), by person id: targets carry them in clear. */
  const clearIds = new Map<string, string>();
  const withClear = (t: Target): Target => ({ ...t, members: t.members.map((m) => ({ ...m, idNumber: clearIds.get(m.id) ?? m.idNumber })) });
  async function load(ref: { countyCode: string; id: string }): Promise<Target> {
    const res = await as('city_sup').inject({ method: 'GET', url: `/api/households/${ref.countyCode}/${ref.id}` });
    expect(res.statusCode).toBe(200);
    return withClear(res.json());
  }
  async function register(user: string, area: string, tag: string): Promise<Target> {
    const body = householdOfThree(area, [nextId('19600301'), nextId('19650701'), nextId('20050901')], [`户主${tag}`, `配偶${tag}`, `子女${tag}`]);
    const res = await send(user, { method: 'POST', url: '/api/households', body });
    expect(res.statusCode, res.body).toBe(201);
    registered.set(res.json().id, { countyCode: res.json().countyCode, areaCode: area });
    const t = withClearIds(res.json() as Target, body);
    for (const m of t.members) clearIds.set(m.id, m.idNumber);
    return t;
  }
  const ownOf = (user: string) => seeded.find((t) => sees(user, t.areaCode)) ?? seeded[0];
  const routesOf = (kind: RouteSpec['kind']) => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === kind);
  /** Each GET is also exercised as HEAD, the route Fastify adds beside it. */
  const withHead = (r: Req): Req[] => (r.method === 'GET' ? [r, { ...r, method: 'HEAD' }] : [r]);

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of USERS) await makeUser(db, u.name, u.role, u.area);
    app = await testServer(db);
    for (const u of USERS) sessions.set(u.name, await rawLogin(app, u.name));
    for (const [area, by, count] of SEED) for (let i = 1; i <= count; i++) seeded.push(await register(by, area, `${area.slice(6)}-${i}`));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('knows every route the server answers (a new route fails here until it is added to the table)', async () => {
    const served = listRoutes(app);
    const unknown = served.filter((r) => !AREA_ROUTES[routeId(r)] && !(r.method === 'HEAD' && AREA_ROUTES[`GET ${r.url}`]));
    expect(unknown.map(routeId), 'routes without an entry in AREA_ROUTES').toEqual([]);
    const stale = Object.keys(AREA_ROUTES).filter((k) => !served.some((r) => routeId(r) === k));
    expect(stale, 'entries for routes the server no longer has').toEqual([]);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = openApiRoutes(doc).map(routeId);
    expect(documented.filter((d) => !served.some((r) => routeId(r) === d))).toEqual([]);
    for (const [key, spec] of Object.entries(AREA_ROUTES)) expect(spec.variants.length, key).toBeGreaterThan(0);
  });

  it('search totals and pages hold exactly the households of the user’s area', async () => {
    for (const u of USERS) {
      const res = await send(u.name, { method: 'GET', url: '/api/households?pageSize=100' });
      if (u.sees === null) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('PERMISSION_DENIED');
        continue;
      }
      const expected = [...registered].filter(([, h]) => sees(u.name, h.areaCode)).map(([id]) => id).sort();
      expect(res.statusCode).toBe(200);
      expect(res.json().total, u.name).toBe(expected.length);
      expect(res.json().items.map((h: { id: string }) => h.id).sort(), u.name).toEqual(expected);
      // Paging never reaches past the area either.
      const ids: string[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / 2) + 1; page++) {
        const p = await send(u.name, { method: 'GET', url: `/api/households?pageSize=2&page=${page}` });
        expect(p.json().total).toBe(expected.length);
        ids.push(...p.json().items.map((h: { id: string }) => h.id));
      }
      expect(ids.sort()).toEqual(expected);
    }
    expect(new Set(USERS.filter((u) => u.sees).map((u) => [...registered.values()].filter((h) => sees(u.name, h.areaCode)).length)).size).toBeGreaterThan(2);
  });

  it('reads: inside the area the household is found; outside nothing about it is revealed', async () => {
    let inside = 0;
    let outside = 0;
    for (const u of USERS) {
      for (const t of seeded) {
        const visible = sees(u.name, t.areaCode);
        for (const [key, spec] of routesOf('case-read')) {
          for (const variant of spec.variants) {
            let getStatus = 0;
            for (const r of withHead(variant({ t, own: ownOf(u.name), me: u.name }))) {
              const res = await send(u.name, r);
              const what = `${u.name} ${r.method} ${r.url} (${key})`;
              // HEAD has no body to inspect: it must answer exactly as its GET did.
              if (r.method === 'GET') getStatus = res.statusCode;
              else if (r.method === 'HEAD') expect(res.statusCode, what).toBe(getStatus);
              if (visible) {
                expect(res.statusCode, what).toBe(200);
                if (r.method === 'GET') expect(res.body, what).toContain(t.id);
                inside++;
              } else {
                for (const s of secretsOf(t)) expect(res.body, what).not.toContain(s);
                if (res.statusCode === 200) {
                  if (r.method === 'GET') expect(res.json().total, what).toBe(0);
                } else expect([403, 404], what).toContain(res.statusCode);
                if (r.method === 'GET' && res.statusCode !== 200) expect(REFUSED, what).toContain(res.json().code);
                outside++;
              }
            }
          }
        }
      }
    }
    expect(inside).toBeGreaterThan(20);
    expect(outside).toBeGreaterThan(20);
  });

  it('writes: no write outside the area succeeds (403/404), none by a read-only role, and the data is unchanged', async () => {
    const before = await snapshotTables(db, CASE_TABLES);
    let tried = 0;
    for (const u of USERS) {
      for (const t of seeded) {
        if (u.writes && sees(u.name, t.areaCode)) continue;
        for (const [key, spec] of routesOf('case-write')) {
          for (const variant of spec.variants) {
            const r = variant({ t, own: ownOf(u.name), me: u.name });
            const res = await send(u.name, r);
            const what = `${u.name} ${r.method} ${r.url} → ${t.areaCode} (${key})`;
            expect([403, 404], `${what}: ${res.body}`).toContain(res.statusCode);
            expect(REFUSED, what).toContain(res.json().code);
            if (!u.writes) expect(res.json().code, what).toBe('PERMISSION_DENIED');
            for (const s of secretsOf(t)) expect(res.body, what).not.toContain(s);
            tried++;
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(await snapshotTables(db, CASE_TABLES)).toBe(before);
  });

  it('a system administrator reads no case data; a city supervisor reads every county but writes nothing', async () => {
    for (const t of seeded) {
      const sys = await send('sys_adm', { method: 'GET', url: `/api/households/${t.countyCode}/${t.id}` });
      expect(sys.statusCode).toBe(403);
      expect(sys.json().code).toBe('PERMISSION_DENIED');
      const sup = await send('city_sup', { method: 'GET', url: `/api/households/${t.countyCode}/${t.id}` });
      expect(sup.statusCode).toBe(200);
      // Every ID number masked for the supervisor (ADR 0012), and the masked number is the registered one's.
      expect(sup.json().members.map((m: { idNumber: string }) => m.idNumber)).toEqual(t.members.map((m) => maskIdNumber(m.idNumber)));
    }
    const write = await send('city_sup', AREA_ROUTES['PUT /api/households/:county/:id'].variants[0]({ t: seeded[0], own: seeded[0], me: 'city_sup' }));
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('PERMISSION_DENIED');
  });

  it('user administration stays inside the administrator’s area', async () => {
    for (const [key, spec] of routesOf('users')) {
      for (const u of USERS) {
        for (const t of seeded) {
          for (const variant of spec.variants) {
            const r = variant({ t, own: ownOf(u.name), me: u.name });
            const res = await send(u.name, r);
            const what = `${u.name} ${r.method} ${r.url} (${key})`;
            const admin = u.role === 'county_admin' || u.role === 'system_admin';
            if (!admin) {
              expect(res.statusCode, what).toBe(403);
              expect(res.json().code, what).toBe('PERMISSION_DENIED');
            } else if (r.method === 'GET') {
              expect(res.statusCode, what).toBe(200);
              const areas = res.json().map((x: { areaCode: string }) => x.areaCode) as string[];
              const prefix = u.role === 'system_admin' ? '2112' : u.area.slice(0, 6);
              expect(areas.length, what).toBeGreaterThan(0);
              expect(areas.filter((a) => !a.startsWith(prefix)), what).toEqual([]);
            } else {
              const inArea = u.role === 'system_admin' || t.areaCode.startsWith(u.area.slice(0, 6));
              expect(res.statusCode, `${what}: ${res.body}`).toBe(inArea ? 201 : 403);
              if (!inArea) expect(res.json().code).toBe('AREA_FORBIDDEN');
            }
          }
        }
      }
    }
  });

  it('routes that serve no case data reveal none, to anyone', async () => {
    const secrets = seeded.flatMap(secretsOf);
    for (const u of USERS) {
      for (const [key, spec] of routesOf('no-case-data')) {
        for (const variant of spec.variants) {
          for (const r of withHead(variant({ t: seeded[0], own: ownOf(u.name), me: u.name }))) {
            const res = await send(u.name, r);
            expect(res.statusCode, `${u.name} ${r.method} ${r.url} (${key})`).toBeLessThan(500);
            for (const s of secrets) expect(res.body, `${u.name} ${r.method} ${r.url}`).not.toContain(s);
            if (key === 'POST /api/auth/logout') sessions.set(u.name, await rawLogin(app, u.name));
          }
        }
      }
    }
  });

  it('inside their area, users who may write can do every write (so the refusals above are about the area)', async () => {
    let done = 0;
    for (const u of USERS.filter((x) => x.writes)) {
      for (const area of [...new Set(SEED.map(([a]) => a))].filter((a) => sees(u.name, a))) {
        const [p, q] = [await register(u.name, area, `${u.name}-p`), await register(u.name, area, `${u.name}-q`)];
        for (const [key, spec] of [...routesOf('case-read'), ...routesOf('case-write')]) {
          for (const variant of spec.variants) {
            const r = variant({ t: await load(p), own: await load(q), me: u.name });
            const res = await send(u.name, r);
            expect([200, 201], `${u.name} ${r.method} ${r.url} in ${area} (${key}): ${res.body}`).toContain(res.statusCode);
            if (r.method === 'POST' && r.url === '/api/households') registered.set(res.json().id, { countyCode: res.json().countyCode, areaCode: area });
            done++;
          }
        }
      }
    }
    expect(done).toBeGreaterThan(50);
  });
});

/**
 * Case routes (issue 4). Cases are prepared in one village (so that every case write would succeed there for the
 * right user) and one case in another county; then every case route is tried by users of the same township, a
 * sibling township, the county, another county and the city, as in the registry checks above.
 */
describe(`area scope on every case route (${TEST_DIALECT})`, () => {
  const OTHER_TOWNSHIP = '211223100000';
  /** Which village codes each user may see (null: no case data), written out independently of the code. */
  const CASE_USERS: { name: string; role: Role; area: string; sees: string | null }[] = [
    { name: 'va_a', role: 'village_assistant', area: AREAS.village, sees: AREAS.village },
    { name: 'cw_a', role: 'township_caseworker', area: AREAS.township, sees: '211221101' },
    { name: 'rv_a', role: 'township_reviewer', area: AREAS.township, sees: '211221101' },
    { name: 'ap_a', role: 'county_approver', area: AREAS.county, sees: '211221' },
    { name: 'va_b', role: 'village_assistant', area: AREAS.siblingVillage, sees: AREAS.siblingVillage },
    { name: 'cw_b', role: 'township_caseworker', area: AREAS.siblingTownship, sees: '211221102' },
    { name: 'rv_b', role: 'township_reviewer', area: AREAS.siblingTownship, sees: '211221102' },
    { name: 'cw_o', role: 'township_caseworker', area: OTHER_TOWNSHIP, sees: '211223100' },
    { name: 'ap_o', role: 'county_approver', area: AREAS.otherCounty, sees: '211223' },
    { name: 'adm_a', role: 'county_admin', area: AREAS.county, sees: '211221' },
    { name: 'sup', role: 'city_supervisor', area: AREAS.city, sees: '2112' },
    { name: 'sys', role: 'system_admin', area: AREAS.city, sees: null },
  ];
  const CASE_DATA_TABLES = [
    'assistance_case', 'case_event', 'case_investigation', 'case_deliberation', 'case_opinion', 'case_notice', 'case_objection',
    'spot_check', 'spot_check_item', 'case_decision', 'enrollment', 'household', 'person', 'case_deliberation_stage', 'case_disclosure',
  ] as const;
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-07-01');
  const clients = new Map<string, Client>();
  let a: CaseTarget;
  let o: CaseTarget;
  let secretsA: string[] = [];
  let secretsO: string[] = [];

  const user = (name: string) => CASE_USERS.find((u) => u.name === name)!;
  const seesArea = (name: string, area: string) => {
    const p = user(name).sees;
    return p !== null && area.startsWith(p);
  };
  const caseRoutes = () => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'case-flow');
  const isRead = (key: string) => key.startsWith('GET ');
  const send = (name: string, r: Req) => clients.get(name)!.call(r.method as 'GET', r.url, r.body);

  async function prepare(crew: Crew, village: string, township: string): Promise<CaseTarget> {
    const byRoute: Record<string, { countyCode: string; id: string; version: number }> = {};
    const h = () => newHousehold(crew.cw, village, `${Object.keys(byRoute).length}`);
    const at = async (key: string, stop: Stop, over: Record<string, unknown> = {}) => {
      const c = await drive(crew, clock, await h(), stop, '2019-07-01', over);
      byRoute[key] = { countyCode: c.countyCode, id: c.id, version: c.version };
      return c;
    };
    const S = (p: string) => `POST /api/cases/:county/:id/${p}`;
    // The approval's case first: its county notice is drawn and posted alone.
    await at(S('approve'), 'county_notice');
    for (const p of ['accept', 'request-missing', 'withdraw', 'resubmit']) await at(S(p), 'applied');
    const r = byRoute[S('resubmit')];
    await ok(crew.cw, 'POST', `/api/cases/${r.countyCode}/${r.id}/request-missing`, { version: r.version, missing: ['收入证明'] });
    await at(S('investigation'), 'accepted');
    await at(S('tekun-care'), 'accepted', { kind: 'tekun' });
    await at(S('deliberation'), 'investigated');
    await at(S('deliberation-stages'), 'accepted');
    // 决议公开 follows a recorded resolution: the four stages first (applied 1 July, accepted 2 July).
    const d = await at(S('disclosures'), 'accepted');
    for (const [stage, extra] of [['proposal', {}], ['consultation', {}], ['party_meeting', { inFavour: 5 }], ['resolution', { meeting: 'representatives', inFavour: 5 }]] as const) {
      await ok(crew.va, 'POST', `/api/cases/${d.countyCode}/${d.id}/deliberation-stages`, { stage, heldOn: '2019-07-02', present: 6, entitled: 8, outcome: 'agreed', ...extra });
    }
    await at(S('township-review'), 'deliberated');
    await at(S('return'), 'deliberated');
    await at(S('objections'), 'village_notice');
    await at(S('close-village-notice'), 'village_notice');
    await at(S('spot-visit'), 'county_review', { staffRelative: true });
    await at(S('county-opinion'), 'county_review');
    await at(S('refuse'), 'county_review');
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { area: township, seed: 99 });
    const opinion = byRoute[S('county-opinion')];
    const oc = await ok(crew.ap, 'GET', `/api/cases/${opinion.countyCode}/${opinion.id}`);
    if (oc.spotCheck === 'sampled') await ok(crew.ap, 'POST', `/api/cases/${oc.countyCode}/${oc.id}/spot-visit`, { version: oc.version, visitedOn: '2019-07-02', visitors: ['抽查员'], finding: 'consistent' });
    await at('POST /api/spot-checks', 'county_review');
    const fresh = await h();
    for (const [key, c] of Object.entries(byRoute)) byRoute[key] = { ...c, version: (await ok(crew.cw, 'GET', `/api/cases/${c.countyCode}/${c.id}`)).version };
    return {
      areaCode: village,
      township,
      byRoute,
      any: byRoute[S('accept')],
      household: { countyCode: fresh.countyCode, id: fresh.id, applicantId: fresh.members[0].id },
      spotCheck: { countyCode: draw.countyCode, id: draw.id },
    };
  }

  async function secretsOf(t: CaseTarget): Promise<string[]> {
    const cases = await db.kysely.selectFrom('assistance_case').select(['id', 'household_id']).where('area_code', '=', t.areaCode).execute();
    const people = await db.kysely.selectFrom('person').select(['name', 'id_number_sealed']).where('area_code', '=', t.areaCode).execute();
    return [...cases.flatMap((c) => [c.id, c.household_id]), ...people.flatMap((p) => [p.name, openIdNumber(db.keys, p)])];
  }

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of CASE_USERS) await makeUser(db, u.name, u.role, u.area);
    app = await testServer(db, clock.fn);
    for (const u of CASE_USERS) clients.set(u.name, await sessionFor(app, u.name));
    const crew = (x: string) => ({ va: clients.get(`va_${x}`)!, cw: clients.get(`cw_${x}`)!, rv: clients.get(`rv_${x}`)!, ap: clients.get(`ap_${x}`)! });
    a = await prepare(crew('a'), AREAS.village, AREAS.township);
    const cwO = clients.get('cw_o')!;
    const hO = await newHousehold(cwO, AREAS.otherCountyVillage, 'O');
    const cO = await drive({ va: cwO, cw: cwO, rv: cwO, ap: clients.get('ap_o')! }, clock, hO, 'applied', '2019-07-01');
    const anyO = { countyCode: cO.countyCode, id: cO.id, version: cO.version };
    o = { areaCode: AREAS.otherCountyVillage, township: OTHER_TOWNSHIP, byRoute: {}, any: anyO, household: { countyCode: hO.countyCode, id: hO.id, applicantId: hO.members[0].id }, spotCheck: a.spotCheck };
    clock.set('2019-07-25');
    secretsA = await secretsOf(a);
    secretsO = await secretsOf(o);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('reads: a case is found inside the area and nothing about it is revealed outside', async () => {
    let inside = 0;
    let outside = 0;
    for (const u of CASE_USERS) {
      for (const [k, secrets] of [[a, secretsA], [o, secretsO]] as const) {
        for (const [key, spec] of caseRoutes().filter(([key]) => isRead(key))) {
          if (key === 'GET /api/spot-checks/:county/:id' && k === o) continue;
          // A spot-check batch drawn over a township is seen by users whose area covers the whole township.
          const visible = key === 'GET /api/spot-checks/:county/:id' ? k.township.startsWith(user(u.name).sees ?? '-') : seesArea(u.name, k.areaCode);
          for (const variant of spec.variants) {
            const r = variant({ t: undefined as never, own: undefined as never, me: u.name, k });
            const res = await send(u.name, r);
            const what = `${u.name} ${r.method} ${r.url} (${key})`;
            if (user(u.name).sees === null) {
              expect(res.status, what).toBe(403);
              expect(res.json.code, what).toBe('PERMISSION_DENIED');
              continue;
            }
            const body = JSON.stringify(res.json);
            if (visible) {
              expect(res.status, `${what}: ${body}`).toBe(200);
              if (key === 'GET /api/cases/:county/:id' || key === 'GET /api/cases') expect(body, what).toContain(k.any.id);
              if (key === 'GET /api/public-notices' && k === a) expect(body, what).toContain(k.byRoute['POST /api/cases/:county/:id/objections'].id);
              if (key === 'GET /api/spot-checks/:county/:id') expect(body, what).toContain(k.byRoute['POST /api/cases/:county/:id/spot-visit'].id);
              inside++;
            } else {
              for (const s of secrets) expect(body, what).not.toContain(s);
              if (res.status !== 200) {
                expect([403, 404], what).toContain(res.status);
                expect(REFUSED, what).toContain(res.json.code);
              }
              outside++;
            }
          }
        }
      }
    }
    expect(inside).toBeGreaterThan(20);
    expect(outside).toBeGreaterThan(20);
  });

  it('worklists hold the area’s cases the role can act on, and none from elsewhere', async () => {
    const ids = async (name: string) => (await ok(clients.get(name)!, 'GET', '/api/worklist?pageSize=100')).items.map((i: { id: string }) => i.id) as string[];
    expect(await ids('cw_a')).toContain(a.byRoute['POST /api/cases/:county/:id/accept'].id);
    expect(await ids('ap_a')).toContain(a.byRoute['POST /api/cases/:county/:id/refuse'].id);
    expect(await ids('rv_a')).toContain(a.byRoute['POST /api/cases/:county/:id/return'].id);
    expect(await ids('va_a')).toContain(a.byRoute['POST /api/cases/:county/:id/deliberation'].id);
    expect(await ids('cw_o')).toEqual([o.any.id]);
    for (const name of ['cw_b', 'rv_b', 'va_b', 'ap_o']) expect(await ids(name), name).toEqual([]);
  });

  it('writes: no case write outside the area, or by a role without the step, succeeds, and nothing changes', async () => {
    const before = await snapshotTables(db, CASE_DATA_TABLES);
    let tried = 0;
    for (const u of CASE_USERS) {
      const insideWriter = seesArea(u.name, a.areaCode) && ['va_a', 'cw_a', 'rv_a', 'ap_a'].includes(u.name);
      if (insideWriter) continue;
      for (const [key, spec] of caseRoutes().filter(([key]) => !isRead(key))) {
        for (const variant of spec.variants) {
          const r = variant({ t: undefined as never, own: undefined as never, me: u.name, k: a });
          const res = await send(u.name, r);
          const what = `${u.name} ${r.method} ${r.url} (${key})`;
          expect([403, 404], `${what}: ${JSON.stringify(res.json)}`).toContain(res.status);
          expect(REFUSED, what).toContain(res.json.code);
          if (!seesArea(u.name, a.areaCode) && user(u.name).sees !== null && !['adm_a', 'sup'].includes(u.name)) {
            expect(['NOT_FOUND', 'AREA_FORBIDDEN', 'PERMISSION_DENIED'], what).toContain(res.json.code);
          }
          for (const s of secretsA) expect(JSON.stringify(res.json), what).not.toContain(s);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(await snapshotTables(db, CASE_DATA_TABLES)).toBe(before);
  });

  it('inside the area, the right user can take every case step (so the refusals above are about the area)', async () => {
    for (const [key, spec] of caseRoutes().filter(([key]) => !isRead(key))) {
      const who = `${CASE_WRITERS[key]}_a`;
      const r = spec.variants[0]({ t: undefined as never, own: undefined as never, me: who, k: a });
      const res = await send(who, r);
      expect([200, 201], `${who} ${r.method} ${r.url} (${key}): ${JSON.stringify(res.json)}`).toContain(res.status);
    }
  });
});

/**
 * Issue 9 point 3: `POST /%61pi/households` with a session cookie and no CSRF token was accepted, and
 * `/%61pi/documents/formats` answered without a session — the check read the raw URL, the router decoded it. For every
 * route the server answers, each way of writing its path that the router (or a proxy) might take for /api is refused
 * like the route itself would be, before any handler runs: 401 without a session (public routes included: a variant is
 * never public), 403 for an unsafe method without the CSRF token, and 404 with both.
 */
describe(`encoded and mixed-case API paths on every route (${TEST_DIALECT})`, () => {
  const VARIANTS: [string, (path: string) => string][] = [
    ['%61pi', (p) => p.replace(/^\/api\//, '/%61pi/')],
    ['%2561pi', (p) => p.replace(/^\/api\//, '/%2561pi/')],
    ['//api', (p) => `/${p}`],
    ['/api/./', (p) => p.replace(/^\/api\//, '/api/./')],
    ['/api/x/../', (p) => p.replace(/^\/api\//, '/api/x/../')],
    ['/API/', (p) => p.replace(/^\/api\//, '/API/')],
    ['/Api/', (p) => p.replace(/^\/api\//, '/Api/')],
    ['%2F', (p) => p.replace(/^\/api\//, '/api%2F')],
  ];
  const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  const concrete = (url: string) => url.replace(/:county\b/, '211221').replace(/:code\b/, AREAS.county).replace(/:day\b/, '2031-01-01').replace(/:year\b/, '2031').replace(/:month\b/, '1').replace(/:\w+/g, 'x');
  let db: TestDb;
  let app: FastifyInstance;
  let port = 0;
  let session: RawSession;
  /** Every route a request reached the handler stage of (a preHandler hook sees it just before the handler). */
  const reached: string[] = [];
  let routes: { method: string; url: string; path: string }[] = [];

  /**
   * Over real HTTP with the path sent byte for byte: `inject` (like fetch) parses the URL and would resolve `./` and
   * `../` before the server saw them.
   */
  function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, unknown>; json: () => any }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: () => JSON.parse(text) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'enc_cw', 'township_caseworker', AREAS.township);
    app = await buildServer({ db, rateLimit: { login: false, api: false } });
    app.addHook('preHandler', async (req) => {
      reached.push(`${req.method} ${req.url}`);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    session = await rawLogin(app, 'enc_cw', TEST_PASSWORD);
    routes = listRoutes(app).map((r) => ({ ...r, path: concrete(r.url) }));
    reached.length = 0;
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const variantsOf = (r: { method: string; path: string }) => VARIANTS.map(([name, f]) => ({ name, method: r.method, url: f(r.path) }));
  const bodyFor = (method: string) => (UNSAFE.has(method) ? '{}' : undefined);

  it('without a session every variant of every route is refused with 401, public routes included', async () => {
    let n = 0;
    for (const r of routes) {
      for (const v of variantsOf(r)) {
        const res = await send(v.method, v.url, {}, bodyFor(v.method));
        const what = `${v.method} ${v.url} (${r.method} ${r.url})`;
        expect(res.status, what).toBe(401);
        if (v.method !== 'HEAD') expect(res.json().code, what).toBe('AUTH_REQUIRED');
        expect(res.headers['cache-control'], what).toBe('no-store');
        n++;
      }
    }
    expect(n).toBeGreaterThan(100 * VARIANTS.length);
    expect(reached, 'requests that reached a handler').toEqual([]);
  });

  it('with a session but no CSRF token every unsafe variant is refused with 403, and nothing changes', async () => {
    const before = await snapshotTables(db, WATCHED_TABLES);
    let n = 0;
    for (const r of routes.filter((x) => UNSAFE.has(x.method))) {
      for (const v of variantsOf(r)) {
        const res = await send(v.method, v.url, { cookie: session.cookie }, '{}');
        expect(res.status, `${v.method} ${v.url}`).toBe(403);
        expect(res.json().code).toBe('CSRF_INVALID');
        n++;
      }
    }
    expect(n).toBeGreaterThan(40 * VARIANTS.length);
    expect(reached).toEqual([]);
    expect(await snapshotTables(db, WATCHED_TABLES)).toBe(before);
  });

  it('with a session and the CSRF token a variant still reaches no handler: 404', async () => {
    const before = await snapshotTables(db, WATCHED_TABLES);
    for (const r of routes) {
      for (const v of variantsOf(r)) {
        const res = await send(v.method, v.url, { cookie: session.cookie, 'x-csrf-token': session.csrf }, bodyFor(v.method));
        expect(res.status, `${v.method} ${v.url}`).toBe(404);
        if (v.method !== 'HEAD') expect(res.json().code).toBe('NOT_FOUND');
      }
    }
    expect(reached).toEqual([]);
    expect(await snapshotTables(db, WATCHED_TABLES)).toBe(before);
  });

  it('the canonical paths still reach their handlers (so the refusals above are about the path)', async () => {
    expect((await send('GET', '/api/documents/formats', { cookie: session.cookie })).status).toBe(200);
    expect((await send('GET', '/api/health')).status).toBe(200);
    expect(reached).toEqual(['GET /api/documents/formats', 'GET /api/health']);
    // The defects as reported: the encoded POST with a cookie and no token, the encoded GET without a session.
    expect((await send('POST', '/%61pi/households', { cookie: session.cookie }, '{}')).status).toBe(403);
    expect((await send('GET', '/%61pi/documents/formats')).status).toBe(401);
  });
});
