import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { applyBody, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * 外出走访 (issue 17 point 4, ADR 0051) through the API, on both databases: the assigned visits are exactly the
 * investigations due in the user's area (checked against SQL written here, not the command's query), with no ID
 * numbers; a visit synced keeps both times; the same visit sent twice is recorded once; a visit whose case moved on is
 * refused 409 and changes nothing; another township's user finds nothing and writes nothing.
 */
describe(`field visits (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let va: Client;
  let cw: Client;
  let cwB: Client;
  const clock = new TestClock('2027-03-01');
  const day = '2027-03-01';
  const cases: Record<string, { countyCode: string; id: string; version: number; state: string }> = {};
  const idNumbers: string[] = [];

  async function accepted(area: string, tag: string, filer: Client, acceptor: Client) {
    const h = await newHousehold(filer, area, tag);
    idNumbers.push(...h.members.map((m) => m.idNumber));
    const c = await ok(filer, 'POST', '/api/cases', applyBody(h));
    return ok(acceptor, 'POST', url(c, 'accept'), { version: c.version });
  }
  const visit = (c: { version: number; state: string }, over: Record<string, unknown> = {}) => ({
    ...investigationBody(c.version, day),
    visitId: crypto.randomUUID(),
    recordedAt: '2027-03-01T01:30:00.000Z',
    baseState: c.state,
    ...over,
  });
  /** What a refused sync must leave as it was: the case rows, the investigations and the audit trail. */
  const snapshot = async () => {
    const caseRows = await sql<{ id: string; version: number | string; state: string }>`select id, version, state from assistance_case order by id`.execute(db.kysely);
    const inv = await sql<{ n: number | string }>`select count(*) as n from case_investigation`.execute(db.kysely);
    const ev = await sql<{ n: number | string }>`select count(*) as n from audit_event where action <> 'field_visit.download' and action not like '%.read' and action not like 'auth.%' and action not like 'session.%' and action <> 'access.refused'`.execute(db.kysely);
    return { cases: caseRows.rows.map((x) => `${x.id}:${Number(x.version)}:${x.state}`), investigations: Number(inv.rows[0].n), events: Number(ev.rows[0].n) };
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fv_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'fv_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'fv_cwb', 'township_caseworker', AREAS.siblingTownship);
    app = await testServer(db, clock.fn);
    va = await sessionFor(app, 'fv_va');
    cw = await sessionFor(app, 'fv_cw');
    cwB = await sessionFor(app, 'fv_cwb');
    cases.a = await accepted(AREAS.village, '走访甲', va, cw);
    cases.c = await accepted(AREAS.otherVillage, '走访丙', cw, cw);
    cases.d = await accepted(AREAS.village, '走访丁', va, cw);
    cases.s = await accepted(AREAS.siblingVillage, '走访邻', cwB, cwB);
    cases.e = await accepted(AREAS.village, '走访戊', va, cw);
    // Applied but not accepted: no home visit is due yet.
    const h = await newHousehold(va, AREAS.village, '走访未受理');
    cases.applied = await ok(va, 'POST', '/api/cases', applyBody(h));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('lists exactly the investigations due in the user’s area, with the household and its members but no ID numbers', async () => {
    const expected = async (prefix: string) =>
      (await sql<{ id: string }>`select id from assistance_case where state = 'accepted' and kind in ('dibao_household', 'dibao_individual', 'tekun') and area_code like ${`${prefix}%`} order by id`.execute(db.kysely)).rows.map((r) => r.id);
    const mine = await ok(cw, 'GET', '/api/field-visits');
    expect(mine.items.map((v: { caseId: string }) => v.caseId).sort()).toEqual(await expected('211221101'));
    expect(mine.items.map((v: { caseId: string }) => v.caseId)).toEqual(expect.arrayContaining([cases.a.id, cases.c.id, cases.d.id]));
    expect(mine.items.map((v: { caseId: string }) => v.caseId)).not.toContain(cases.s.id);
    expect(mine.items.map((v: { caseId: string }) => v.caseId)).not.toContain(cases.applied.id);
    const a = mine.items.find((v: { caseId: string }) => v.caseId === cases.a.id);
    expect(a.base).toEqual({ version: cases.a.version, state: 'accepted' });
    expect(a.household.members.length).toBe(3);
    const sealedAddress = await sql<{ address: string }>`select address from household where id = ${a.household.id}`.execute(db.kysely);
    expect(a.household.address).toBe(sealedAddress.rows[0].address);
    const text = JSON.stringify(mine);
    for (const n of idNumbers) expect(text).not.toContain(n);

    const theirs = await ok(cwB, 'GET', '/api/field-visits');
    expect(theirs.items.map((v: { caseId: string }) => v.caseId)).toEqual(await expected('211221102'));
    expect(theirs.items.map((v: { caseId: string }) => v.caseId)).toEqual([cases.s.id]);
    // The download is an audited bulk read, with counts only.
    const ev = await sql<{ detail: string }>`select detail from audit_event where action = 'field_visit.download'`.execute(db.kysely);
    expect(ev.rows.map((r) => JSON.parse(r.detail))).toEqual(expect.arrayContaining([expect.objectContaining({ returned: mine.items.length, more: false })]));
    // A village assistant does not take the investigation: nothing listed.
    expect((await ok(va, 'GET', '/api/field-visits')).items).toEqual([]);
  });

  it('records a synced visit with the time it was recorded in the home and the time it arrived; sent again, records it once', async () => {
    const body = visit(cases.a);
    const first = await cw.call('POST', url(cases.a, 'field-visit'), body);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.duplicate).toBe(false);
    expect(first.json.case.state).toBe('investigated');
    const rows = await sql<{ recorded_at: string; created_at: string; case_id: string }>`select recorded_at, created_at, case_id from case_investigation where visit_id = ${body.visitId}`.execute(db.kysely);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ recorded_at: '2027-03-01T01:30:00.000Z', created_at: clock.now.toISOString(), case_id: cases.a.id });
    const shown = first.json.case.records.investigations[0];
    expect(shown).toMatchObject({ recordedAt: '2027-03-01T01:30:00.000Z', receivedAt: clock.now.toISOString(), visitId: body.visitId });

    // The answer was lost and the phone sends the same visit again, later: the same record, nothing more.
    const before = await snapshot();
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await cw.call('POST', url(cases.a, 'field-visit'), body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(again.json.case.version).toBe(first.json.case.version);
    const after = await snapshot();
    expect(after.cases).toEqual(before.cases);
    expect(after.investigations).toBe(before.investigations);
    const n = await sql<{ n: number | string }>`select count(*) as n from case_investigation where visit_id = ${body.visitId}`.execute(db.kysely);
    expect(Number(n.rows[0].n)).toBe(1);
  });

  it('two sends of the same visit at once record it once, and both are answered as accepted', async () => {
    const body = visit(cases.e);
    const [x, y] = await Promise.all([cw.call('POST', url(cases.e, 'field-visit'), body), cw.call('POST', url(cases.e, 'field-visit'), body)]);
    expect([x.status, y.status], JSON.stringify([x.json, y.json])).toEqual([200, 200]);
    expect([x.json.duplicate, y.json.duplicate].sort()).toEqual([false, true]);
    const n = await sql<{ n: number | string }>`select count(*) as n from case_investigation where visit_id = ${body.visitId}`.execute(db.kysely);
    expect(Number(n.rows[0].n)).toBe(1);
    const c = await sql<{ version: number | string }>`select version from assistance_case where id = ${cases.e.id}`.execute(db.kysely);
    expect(Number(c.rows[0].version)).toBe(cases.e.version + 1);
  });

  it('refuses with 409 a visit whose case moved on since it was downloaded, changing nothing', async () => {
    // Another user recorded the investigation at the office while the phone was offline.
    await ok(cw, 'POST', url(cases.c, 'investigation'), investigationBody(cases.c.version, day));
    const before = await snapshot();
    const res = await cw.call('POST', url(cases.c, 'field-visit'), visit(cases.c));
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('FIELD_VISIT_CONFLICT');
    expect(res.json.message.zh).toContain(`第${cases.c.version}版`);
    expect(res.json.message.zh).toContain('仍保留在手机上');
    expect(res.json.message.en).toContain(`version ${cases.c.version}`);
    expect(await snapshot()).toEqual(before);
  });

  it('another township finds nothing, a role without the step and a visit dated ahead are refused; nothing written', async () => {
    const before = await snapshot();
    const out = await cwB.call('POST', url(cases.d, 'field-visit'), visit(cases.d));
    expect(out.status).toBe(404);
    const role = await va.call('POST', url(cases.d, 'field-visit'), visit(cases.d));
    expect(role.status).toBe(403);
    const ahead = await cw.call('POST', url(cases.d, 'field-visit'), visit(cases.d, { recordedAt: '2027-03-02T02:00:00.000Z' }));
    expect(ahead.status).toBe(422);
    expect(ahead.json.code).toBe('FIELD_VISIT_RECORDED_LATER');
    // The office form's validation is the sync's: one investigator is refused as at the office.
    const one = await cw.call('POST', url(cases.d, 'field-visit'), visit(cases.d, { investigators: [{ name: '王调查' }] }));
    expect(one.status).toBeGreaterThanOrEqual(400);
    expect(one.status).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });
});
