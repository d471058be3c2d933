import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * 外出走访 — the county's spot visit of a sampled case (县级入户抽查; issue 17 point 4, ADR 0051 amended) through the API,
 * on both databases: the county approver's assigned visits hold exactly the sampled cases waiting for their visit in
 * the county (checked against SQL written here), as kind spot_check; the second case sync body records it through the
 * office's step with both times on the sampled item; sent twice, recorded once; a visit recorded meanwhile at the office
 * is a 409 that changes nothing; another county finds nothing.
 */
describe(`field visits: spot checks (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let apOther: Client;
  const clock = new TestClock('2019-08-01');
  const sampled: { countyCode: string; id: string; version: number }[] = [];

  const visit = (c: { version: number }, over: Record<string, unknown> = {}) => ({
    version: c.version,
    visitedOn: '2019-08-14',
    visitors: ['县抽查员甲', '县抽查员乙'],
    finding: 'consistent',
    note: '与档案相符',
    visitId: crypto.randomUUID(),
    recordedAt: '2019-08-14T01:30:00.000Z',
    baseState: 'county_review',
    ...over,
  });
  const snapshot = async () => {
    const rows = await sql<{ id: string; version: number | string; spot_check: string | null }>`select id, version, spot_check from assistance_case order by id`.execute(db.kysely);
    const items = await sql<{ n: number | string }>`select count(*) as n from spot_check_item where visited_on is not null`.execute(db.kysely);
    const audit = await sql<{ n: number | string }>`select count(*) as n from audit_event where action = 'case.spot_visit'`.execute(db.kysely);
    return { cases: rows.rows.map((r) => `${r.id}:${Number(r.version)}:${r.spot_check}`), visited: Number(items.rows[0].n), audit: Number(audit.rows[0].n) };
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fsp_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'fsp_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'fsp_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'fsp_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'fsp_ap_o', 'county_approver', AREAS.otherCounty);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'fsp_va'), cw: await sessionFor(app, 'fsp_cw'), rv: await sessionFor(app, 'fsp_rv'), ap: await sessionFor(app, 'fsp_ap') };
    apOther = await sessionFor(app, 'fsp_ap_o');
    // Staff relatives are always sampled: four cases at the county, all in the sample.
    for (let i = 0; i < 4; i++) await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, `抽访${i}`), 'county_review', '2019-08-01', { staffRelative: true });
    clock.set('2019-08-14');
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { area: AREAS.township, seed: 7 });
    for (const i of draw.items.filter((x: { sampled: boolean }) => x.sampled)) {
      const c = await ok(crew.ap, 'GET', url({ countyCode: draw.countyCode, id: i.caseId }));
      sampled.push({ countyCode: c.countyCode, id: c.id, version: c.version });
    }
    expect(sampled).toHaveLength(4);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('lists exactly the sampled cases waiting for their spot visit in the county, as kind spot_check; the township has none', async () => {
    const expected = (await sql<{ id: string }>`select id from assistance_case where spot_check = 'sampled' and state = 'county_review' and county_code = '211221' order by id`.execute(db.kysely)).rows.map((r) => r.id);
    const mine = await ok(crew.ap, 'GET', '/api/field-visits');
    const ids = mine.items.filter((v: { kind: string }) => v.kind === 'spot_check').map((v: { caseId: string }) => v.caseId).sort();
    expect(ids).toEqual(expected);
    expect(ids).toEqual(sampled.map((c) => c.id).sort());
    const one = mine.items.find((v: { caseId: string }) => v.caseId === sampled[0].id);
    expect(one).toMatchObject({ kind: 'spot_check', base: { version: sampled[0].version, state: 'county_review' } });
    expect(one.spotCheckId).toBeTruthy();
    expect((await ok(apOther, 'GET', '/api/field-visits')).items).toEqual([]);
    // The township caseworker does not take the spot visit.
    expect((await ok(crew.cw, 'GET', '/api/field-visits')).items.filter((v: { kind: string }) => v.kind === 'spot_check')).toEqual([]);
  });

  it('records a synced spot visit through the office’s step, with both times; sent again, records it once', async () => {
    const c = sampled[0];
    const body = visit(c);
    const first = await crew.ap.call('POST', url(c, 'spot-visit/field-visit'), body);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.duplicate).toBe(false);
    expect(first.json.case).toMatchObject({ spotCheck: 'visited', version: c.version + 1 });
    expect(first.json.case.records.spotVisits).toEqual([expect.objectContaining({ visitId: body.visitId, recordedAt: '2019-08-14T01:30:00.000Z', finding: 'consistent' })]);
    const item = await sql<{ visit_id: string; recorded_at: string; visited_on: string }>`select visit_id, recorded_at, visited_on from spot_check_item where case_id = ${c.id}`.execute(db.kysely);
    expect(item.rows).toEqual([{ visit_id: body.visitId, recorded_at: '2019-08-14T01:30:00.000Z', visited_on: '2019-08-14' }]);
    const ev = await sql<{ at: string }>`select at from case_event where case_id = ${c.id} and step = 'spot_visit'`.execute(db.kysely);
    expect(ev.rows.map((r) => r.at)).toEqual([clock.now.toISOString()]);
    const before = await snapshot();
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await crew.ap.call('POST', url(c, 'spot-visit/field-visit'), body);
    expect(again.status).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses with 409 a visit whose case moved on (visited at the office meanwhile), changing nothing; another county finds nothing', async () => {
    const c = sampled[1];
    await ok(crew.ap, 'POST', url(c, 'spot-visit'), { version: c.version, visitedOn: '2019-08-14', visitors: ['办公室抽查员'], finding: 'consistent' });
    const before = await snapshot();
    const res = await crew.ap.call('POST', url(c, 'spot-visit/field-visit'), visit(c));
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.code).toBe('FIELD_VISIT_CONFLICT');
    expect(res.json.message.zh).toContain(`走访基于第${c.version}版`);
    expect(await snapshot()).toEqual(before);
    const d = sampled[2];
    expect((await apOther.call('POST', url(d, 'spot-visit/field-visit'), visit(d))).status).toBe(404);
    expect((await crew.cw.call('POST', url(d, 'spot-visit/field-visit'), visit(d))).status).toBe(403);
    expect((await crew.ap.call('POST', url(d, 'spot-visit/field-visit'), visit(d, { visitors: [] }))).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
