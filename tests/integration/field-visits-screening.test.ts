import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { insertPovertySnapshot } from '../factories/poverty.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const COUNTY = '211221';

/**
 * 外出走访 — a screening ledger row's verification visit (issue 17 point 4; ADR 0035 and 0051 amended) through the API,
 * on both databases: the assigned visits hold exactly the rows of open campaigns with no findings and no conclusion in
 * the user's area (checked against SQL written here) — a village assistant's too, since the screening rules let them
 * fill their village's rows —, with the office's record of the household and no ID numbers; a visit synced is the
 * ledger's own fill, with both times on the row; sent twice, recorded once; a row filled meanwhile is a 409 that
 * changes nothing; another area finds nothing.
 */
describe(`field visits: screening rows (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let va: Client;
  let vaOther: Client;
  let cw: Client;
  let cwB: Client;
  let base: string;
  const clock = new TestClock('2026-03-02');
  const day = '2026-03-02';
  const ids: string[] = [];

  const rowUrl = (hhNo: string, action = '') => `${base}/rows/${COUNTY}/${hhNo}${action ? `/${action}` : ''}`;
  const visit = (version: number, over: Record<string, unknown> = {}) => ({
    version,
    methods: [{ method: 'home_visit', date: day, staff: ['王核查', '赵核查'] }],
    findings: { incomeAnnualPerCapita: '3000', financialAssets: '0', vehicles: 0, members: [], note: '入户核实' },
    visitId: crypto.randomUUID(),
    recordedAt: '2026-03-02T01:30:00.000Z',
    baseState: 'open',
    ...over,
  });
  const snapshot = async () => {
    const rows = await sql<{ hh_no: string; version: number | string; findings: string | null }>`select hh_no, version, findings from screening_row order by hh_no`.execute(db.kysely);
    const audit = await sql<{ n: number | string }>`select count(*) as n from audit_event where action = 'screening.row.fill'`.execute(db.kysely);
    return { rows: rows.rows.map((r) => `${r.hh_no}:${Number(r.version)}:${r.findings === null ? '-' : 'f'}`), fills: Number(audit.rows[0].n) };
  };
  const screeningIds = (l: { items: { kind: string; hhNo?: string }[] }) => l.items.filter((v) => v.kind === 'screening').map((v) => v.hhNo as string).sort();

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fvs_ca', 'county_admin', AREAS.county);
    await makeUser(db, 'fvs_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'fvs_va_o', 'village_assistant', AREAS.otherVillage);
    await makeUser(db, 'fvs_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'fvs_cwb', 'township_caseworker', AREAS.siblingTownship);
    app = await testServer(db, clock.fn);
    const admin = await sessionFor(app, 'fvs_ca');
    va = await sessionFor(app, 'fvs_va');
    vaOther = await sessionFor(app, 'fvs_va_o');
    cw = await sessionFor(app, 'fvs_cw');
    cwB = await sessionFor(app, 'fvs_cwb');
    const person = (name: string, birth: string) => {
      const idNumber = nextId(birth);
      ids.push(idNumber);
      return { name, idNumber };
    };
    await insertPovertySnapshot(db, {
      households: [
        { hhNo: 'V001', villageCode: AREAS.village, attribute: 'general', status: 'out', persons: [person('核查甲', '19600101')] },
        { hhNo: 'V002', villageCode: AREAS.village, attribute: 'general', status: 'poor', persons: [person('核查乙', '19610101'), person('核查乙妻', '19630101')] },
        { hhNo: 'V003', villageCode: AREAS.village, attribute: 'dibao', status: 'out', persons: [person('核查丙', '19620101')] },
        { hhNo: 'V004', villageCode: AREAS.otherVillage, attribute: 'general', status: 'out', persons: [person('核查丁', '19640101')] },
        { hhNo: 'V005', villageCode: AREAS.siblingVillage, attribute: 'general', status: 'out', persons: [person('核查戊', '19650101')] },
        { hhNo: 'V006', villageCode: AREAS.village, attribute: 'general', status: 'out', persons: [person('核查己', '19660101')] },
      ],
    });
    const c = await ok(admin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, workingDays: 10 });
    base = `/api/screening/campaigns/${COUNTY}/${c.id}`;
    // Filled at the office already: no verification visit waits for it.
    await ok(va, 'POST', `${base}/rows/${COUNTY}/V006/fill`, { version: 1, methods: [{ method: 'data_comparison', date: day, staff: ['王核查'] }], findings: { incomeAnnualPerCapita: '9000', members: [] } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('lists exactly the rows waiting for their verification visit in the user’s area, a village assistant’s too, without ID numbers', async () => {
    const expected = async (prefix: string) =>
      (
        await sql<{ hh_no: string }>`select r.hh_no from screening_row r join screening_campaign c on c.id = r.campaign_id
          where c.state = 'open' and r.conclusion is null and r.findings is null and r.area_code like ${`${prefix}%`} order by r.hh_no`.execute(db.kysely)
      ).rows.map((r) => r.hh_no);
    const mine = await ok(va, 'GET', '/api/field-visits');
    expect(screeningIds(mine)).toEqual(await expected(AREAS.village));
    expect(screeningIds(mine)).toEqual(['V001', 'V002', 'V003']);
    // The village assistant takes no investigation or review: only the rows.
    expect(mine.items.every((v: { kind: string }) => v.kind === 'screening')).toBe(true);
    const v2 = mine.items.find((v: { hhNo?: string }) => v.hhNo === 'V002');
    expect(v2).toMatchObject({ kind: 'screening', countyCode: COUNTY, headName: '核查乙', base: { version: 1, state: 'open' }, dueDate: '2026-03-16' });
    expect(v2.members.map((m: { name: string }) => m.name)).toEqual(['核查乙', '核查乙妻']);
    const text = JSON.stringify(mine);
    for (const n of ids) expect(text).not.toContain(n);
    expect(screeningIds(await ok(vaOther, 'GET', '/api/field-visits'))).toEqual(await expected(AREAS.otherVillage));
    expect(screeningIds(await ok(cw, 'GET', '/api/field-visits'))).toEqual(await expected('211221101'));
    expect(screeningIds(await ok(cwB, 'GET', '/api/field-visits'))).toEqual(['V005']);
    const ev = await sql<{ detail: string }>`select detail from audit_event where action = 'field_visit.download'`.execute(db.kysely);
    expect(ev.rows.map((r) => JSON.parse(r.detail))).toEqual(expect.arrayContaining([expect.objectContaining({ returned: 3, kinds: { investigation: 0, review: 0, screening: 3, spot_check: 0 } })]));
  });

  it('records a synced verification visit through the ledger’s own fill, with both times on the row; sent again, records it once', async () => {
    const body = visit(1);
    const first = await va.call('POST', rowUrl('V001', 'field-visit'), body);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.duplicate).toBe(false);
    expect(first.json.row).toMatchObject({ version: 2, visit: { visitId: body.visitId, recordedAt: '2026-03-02T01:30:00.000Z' }, updated: { at: clock.now.toISOString() } });
    expect(first.json.row.assessment).not.toBeNull();
    const stored = await sql<{ visit_id: string; recorded_at: string; updated_at: string; methods: string }>`select visit_id, recorded_at, updated_at, methods from screening_row where hh_no = 'V001'`.execute(db.kysely);
    expect(stored.rows[0]).toMatchObject({ visit_id: body.visitId, recorded_at: '2026-03-02T01:30:00.000Z', updated_at: clock.now.toISOString() });
    expect(JSON.parse(stored.rows[0].methods)).toEqual(body.methods);
    const before = await snapshot();
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await va.call('POST', rowUrl('V001', 'field-visit'), body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(await snapshot()).toEqual(before);
    // Filled now: no longer assigned.
    expect(screeningIds(await ok(va, 'GET', '/api/field-visits'))).toEqual(['V002', 'V003']);
  });

  it('two sends of the same visit at once record it once', async () => {
    const body = visit(1);
    const [x, y] = await Promise.all([va.call('POST', rowUrl('V003', 'field-visit'), body), va.call('POST', rowUrl('V003', 'field-visit'), body)]);
    expect([x.status, y.status], JSON.stringify([x.json, y.json])).toEqual([200, 200]);
    expect([x.json.duplicate, y.json.duplicate].sort()).toEqual([false, true]);
    const n = await sql<{ n: number | string; v: number | string }>`select count(*) as n, max(version) as v from screening_row where visit_id = ${body.visitId}`.execute(db.kysely);
    expect([Number(n.rows[0].n), Number(n.rows[0].v)]).toEqual([1, 2]);
  });

  it('refuses with 409 a visit whose row was filled meanwhile, changing nothing; another area finds nothing; the fill’s own checks apply', async () => {
    await ok(cw, 'POST', rowUrl('V002', 'fill'), { version: 1, methods: [{ method: 'information_check', date: day, staff: ['乡镇核查'] }], findings: { incomeAnnualPerCapita: '8000', members: [] } });
    const before = await snapshot();
    const res = await va.call('POST', rowUrl('V002', 'field-visit'), visit(1));
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.code).toBe('FIELD_VISIT_CONFLICT');
    expect(res.json.message.zh).toContain('台账记录在下载走访任务后已有变化：走访基于第1版（待核查），现为第2版（已核查）');
    expect(await snapshot()).toEqual(before);
    expect((await vaOther.call('POST', rowUrl('V002', 'field-visit'), visit(2, { baseState: 'verified' }))).status).toBe(404);
    expect((await cwB.call('POST', rowUrl('V002', 'field-visit'), visit(2, { baseState: 'verified' }))).status).toBe(404);
    const ahead = await cw.call('POST', rowUrl('V002', 'field-visit'), visit(2, { baseState: 'verified', recordedAt: '2026-03-03T02:00:00.000Z' }));
    expect(ahead.json.code).toBe('FIELD_VISIT_RECORDED_LATER');
    const future = await cw.call('POST', rowUrl('V002', 'field-visit'), visit(2, { baseState: 'verified', methods: [{ method: 'home_visit', date: '2026-03-09', staff: ['王核查'] }] }));
    expect(future.json.code).toBe('METHOD_DATE_FUTURE');
    expect((await cw.call('POST', rowUrl('V002', 'field-visit'), visit(2, { baseState: 'verified', visitId: 'not-a-uuid' }))).status).toBe(400);
    const { version: _v, ...noVersion } = visit(2, { baseState: 'verified' });
    expect((await cw.call('POST', rowUrl('V002', 'field-visit'), noVersion)).json).toMatchObject({ code: 'VALIDATION', field: 'version' });
    expect(await snapshot()).toEqual(before);
  });
});
