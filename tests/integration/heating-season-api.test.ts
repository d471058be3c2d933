import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { aimHeatingRoutes, HEATING_AREA_ROUTES } from '../factories/heating-area-routes.ts';
import { enrollPopulation, householdIdOf } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const C = AREAS.county.slice(0, 6);
const SEASON = '2019-2020';
const N = 20;
const base = `/api/heating/seasons/${C}/${SEASON}`;

/**
 * 取暖救助采暖季 through the API (issue 14 point 5, ADR 0043) on both databases: a county administrator opens the
 * 2019–2020 season (a malformed one refused on its field, in Chinese), builds its roll — twice, the same roll — and reads
 * the season (figures by mode and township, exceptions by kind) and its exceptions; the roll is approved through the
 * payroll routes by another; the supplementary roll pays a household recorded since. Another county's staff find
 * nothing, roles without the rolls' permission are refused, and the refusals change nothing.
 */
describe(`heating season API (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-10-20');
  let adm: Client;
  let apr: Client;
  let sup: Client;
  const h = (i: number) => householdIdOf('ha', i);

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['adm', 'county_admin', AREAS.county],
      ['apr', 'county_approver', AREAS.county],
      ['sup', 'city_supervisor', AREAS.city],
      ['adm_other', 'county_admin', AREAS.otherCounty],
      ['apr_other', 'county_approver', AREAS.otherCounty],
      ['twp', 'township_caseworker', AREAS.township],
      ['va', 'village_assistant', AREAS.village],
    ] as const) {
      await makeUser(db, `ha_${name}`, role, area);
    }
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: N, prefix: 'ha', startMonth: '2019-06', headsOnly: true });
    // Heating: i % 4 = 0 not recorded; 1 dispersed; 2 central 45.5 m²; 3 none.
    const mode = sql.raw(`case cast(substr(id, 4) as integer) % 4 when 1 then 'dispersed' when 2 then 'central' when 3 then 'none' end`);
    const area = sql.raw(`case cast(substr(id, 4) as integer) % 4 when 2 then 4550 end`);
    await sql`update household set heating_mode = ${mode}, heated_area_dm2 = ${area} where county_code = ${C} and id like 'ha%'`.execute(db.kysely);
    app = await testServer(db, clock.fn);
    [adm, apr, sup] = await Promise.all(['adm', 'apr', 'sup'].map((n) => sessionFor(app, `ha_${n}`)));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const digest = async () =>
    JSON.stringify({
      seasons: await db.kysely.selectFrom('heating_season').selectAll().orderBy('county_code').orderBy('id').execute(),
      rolls: await db.kysely.selectFrom('payroll_roll').select(['id', 'status', 'version', 'line_count', 'total_fen']).orderBy('id').execute(),
      lines: await db.kysely.selectFrom('payroll_line').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst(),
    });

  it('opens the season: 201 with its dates and the parameters it fixed; a malformed season is refused on its field; twice is a conflict', async () => {
    const bad = await adm.call('POST', '/api/heating/seasons', { county: C, season: '2019-2021' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'HEATING_SEASON_FORMAT', field: 'season' });
    expect(bad.json.message.zh).toContain('2019-2020');
    const badDay = await adm.call('POST', '/api/heating/seasons', { county: C, season: SEASON, referenceDay: '2020-05-01' });
    expect(badDay.json).toMatchObject({ code: 'HEATING_REFERENCE_DAY', field: 'referenceDay' });
    expect(await db.kysely.selectFrom('heating_season').selectAll().execute()).toEqual([]);

    const s = await ok(adm, 'POST', '/api/heating/seasons', { county: C, season: SEASON });
    expect(s).toMatchObject({ county: C, season: SEASON, firstMonth: '2019-11', lastMonth: '2020-03', referenceDay: '2019-11-01', status: 'open', rolls: [] });
    expect(s.countyName).toMatch(/[\u4e00-\u9fff]/);
    expect(s.params.find((p: { name: string }) => p.name === 'heating.dispersed.annual')).toMatchObject({ value: '200', citation: expect.stringContaining('铁市民发〔2019〕45号') });
    expect(s.figures).toMatchObject({ households: 0, fen: 0, exceptions: { missing: N / 4, none: N / 4 } });
    const again = await adm.call('POST', '/api/heating/seasons', { county: C, season: SEASON });
    expect([again.status, again.json.code]).toEqual([409, 'HEATING_SEASON_EXISTS']);
    const list = await ok(sup, 'GET', '/api/heating/seasons');
    expect(list).toEqual([expect.objectContaining({ county: C, season: SEASON, rolls: 0, households: 0 })]);
  });

  it('builds the season roll (201); a second build gives the same roll; the season shows its figures by mode and township', async () => {
    const r = await adm.call('POST', `${base}/rolls`, {});
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    // Dispersed (i % 4 = 1) and central (i % 4 = 2): half the households; 200 yuan and 45.5 m² × 24 = 1,092 yuan.
    expect(r.json).toMatchObject({ county: C, season: SEASON, round: 0, households: N / 2, lines: N / 2, totalFen: (N / 4) * (20_000 + 109_200) });
    const second = await adm.call('POST', `${base}/rolls`, { supplementary: false });
    expect(second.status).toBe(201);
    expect(second.json).toEqual(r.json);

    const s = await ok(sup, 'GET', base);
    expect(s.rolls.map((x: { id: string; program: string; kind: string; round: number }) => [x.id, x.program, x.kind, x.round])).toEqual([[r.json.rollId, 'heating', 'season', 0]]);
    expect(s.figures).toMatchObject({
      households: N / 2, fen: r.json.totalFen, central: N / 4, centralFen: (N / 4) * 109_200, dispersed: N / 4, dispersedFen: (N / 4) * 20_000, paid: 0,
      exceptions: { missing: N / 4, none: N / 4, institution: 0, changed: 0 },
    });
    expect(s.figures.townships.map((t: { township: string; households: number }) => [t.township, t.households])).toEqual([
      [AREAS.township.slice(0, 9), N / 4],
      [AREAS.siblingTownship.slice(0, 9), N / 4],
    ]);
    expect(s.figures.townships.every((t: { townshipName: string }) => /[\u4e00-\u9fff]/.test(t.townshipName))).toBe(true);
  });

  it('lists the exceptions by kind and area, a page at a time, each with its household', async () => {
    const all = await ok(adm, 'GET', `${base}/exceptions`);
    expect(all.total).toBe(N / 2);
    expect(all.counts).toEqual({ missing: N / 4, none: N / 4, institution: 0, changed: 0 });
    const missing = await ok(adm, 'GET', `${base}/exceptions?kind=missing&pageSize=3&page=1`);
    expect(missing.total).toBe(N / 4);
    expect(missing.rows).toHaveLength(3);
    expect(missing.rows.every((x: { kind: string; householdId: string }) => x.kind === 'missing' && Number(x.householdId.slice(3)) % 4 === 0)).toBe(true);
    const inVillage = await ok(adm, 'GET', `${base}/exceptions?kind=missing&area=${AREAS.village}&pageSize=50`);
    expect(inVillage.rows.length).toBeGreaterThan(0);
    expect(inVillage.rows.every((x: { areaCode: string }) => x.areaCode === AREAS.village)).toBe(true);
    const badKind = await adm.call('GET', `${base}/exceptions?kind=whatever`);
    expect(badKind.status).toBe(400);
    const badArea = await adm.call('GET', `${base}/exceptions?area=${AREAS.otherCountyVillage}`);
    expect([badArea.status, badArea.json.field]).toEqual([400, 'area']);
    const notOpen = await adm.call('GET', `/api/heating/seasons/${C}/2018-2019`);
    expect([notOpen.status, notOpen.json.code]).toEqual([404, 'HEATING_SEASON_NOT_OPEN']);
    const malformed = await adm.call('GET', `/api/heating/seasons/${C}/2019`);
    expect([malformed.status, malformed.json.code, malformed.json.field]).toEqual([400, 'HEATING_SEASON_FORMAT', 'season']);
  });

  it('approves through the payroll routes (not by its maker); then the supplementary roll pays a household recorded since', async () => {
    const [roll] = (await ok(adm, 'GET', base)).rolls;
    const self = await adm.call('POST', `/api/payroll/rolls/${C}/${roll.id}/approve`, { version: roll.version });
    expect(self.status).toBe(403);
    const approved = await ok(apr, 'POST', `/api/payroll/rolls/${C}/${roll.id}/approve`, { version: roll.version });
    expect(approved.status).toBe('approved');
    // Nobody due yet: refused, nothing kept.
    const empty = await adm.call('POST', `${base}/rolls`, { supplementary: true });
    expect([empty.status, empty.json.code]).toEqual([409, 'HEATING_SUPPLEMENTARY_EMPTY']);
    // Household 4 (heating missing) is recorded as dispersed: the next supplementary roll pays it.
    await sql`update household set heating_mode = 'dispersed' where county_code = ${C} and id = ${h(4)}`.execute(db.kysely);
    clock.set('2019-12-10');
    const sup1 = await ok(adm, 'POST', `${base}/rolls`, { supplementary: true });
    expect(sup1).toMatchObject({ round: 1, households: 1, totalFen: 20_000 });
    const s = await ok(adm, 'GET', base);
    expect(s.rolls.map((x: { round: number; status: string }) => [x.round, x.status])).toEqual([
      [0, 'approved'],
      [1, 'built'],
    ]);
    expect(s.figures).toMatchObject({ households: N / 2 + 1, exceptions: { missing: N / 4 - 1 } });
    const listed = await ok(adm, 'GET', '/api/heating/seasons');
    expect(listed[0]).toMatchObject({ rolls: 2, households: N / 2 + 1 });
    clock.set('2019-10-20');
  });

  it('holds the area and the roles on every heating route: another county finds nothing, roles without the permission are refused, nothing changes', async () => {
    aimHeatingRoutes({ county: C, season: SEASON });
    const routes = Object.entries(HEATING_AREA_ROUTES);
    expect(routes.length).toBe(5);
    for (const [key] of routes) expect(AREA_ROUTES[key]?.kind, key).toBe('heating-flow');
    const before = await digest();
    const outsiders = await Promise.all(['adm_other', 'apr_other', 'twp', 'va'].map((n) => sessionFor(app, `ha_${n}`)));
    let tried = 0;
    for (const [name, spec] of routes) {
      for (const variant of spec.variants) {
        for (const client of outsiders) {
          const req = variant({} as never);
          const r = await client.call(req.method as 'GET' | 'POST', req.url, req.body);
          const what = `${name} ${req.url} ${client.username}: ${JSON.stringify(r.json)}`;
          const noRolls = client.username === 'ha_twp' || client.username === 'ha_va';
          if (noRolls) {
            // No payroll.read / payroll.build: refused whatever the area.
            expect([r.status, r.json.code], what).toEqual([403, 'PERMISSION_DENIED']);
          } else if (req.method === 'GET' && req.url === '/api/heating/seasons') {
            // Another county's staff: their own county's seasons (none), never this one.
            expect(r.status, what).toBe(200);
            expect(r.json, what).toEqual([]);
          } else {
            expect([403, 404], what).toContain(r.status);
            expect(r.json.code, what).toMatch(/AREA_FORBIDDEN|NOT_FOUND|PERMISSION_DENIED|PAYROLL_COUNTY/);
          }
          tried++;
        }
      }
    }
    expect(tried).toBe(4 * 8);
    // The city supervisor reads every county, and builds nothing.
    expect((await sup.call('GET', `${base}/exceptions?kind=none`)).status).toBe(200);
    const supBuild = await sup.call('POST', `${base}/rolls`, {});
    expect([supBuild.status, supBuild.json.code]).toEqual([403, 'PERMISSION_DENIED']);
    const supOpen = await sup.call('POST', '/api/heating/seasons', { county: C, season: '2020-2021' });
    expect(supOpen.status).toBe(403);
    expect(await digest()).toBe(before);
  });
});
