import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/enrollments/ensure-terms-current.ts';
import { operatorContext } from '../../src/commands/context.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, reviewUrl, workedExample } from './enrollments-flow.ts';

const COUNTY = '211221';

/**
 * 外出走访 — the periodic review's home visit (issue 17 point 4, ADR 0051 amended) through the API, on both databases:
 * the assigned visits hold exactly the reviews opened and waiting for their investigation in the user's area (checked
 * against SQL written here), beside the case investigations, told apart by `kind`; a review visit synced keeps both
 * times on the review's investigate step; the same visit sent twice is recorded once; a visit whose review moved on
 * is refused 409 and changes nothing; another township finds nothing and writes nothing.
 */
describe(`field visits: reviews (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let cw: Client;
  let cwB: Client;
  let va: Client;
  let rv: Client;
  const clock = new TestClock('2019-09-02');
  const day = '2019-09-02';
  const reviews: Record<string, { countyCode: string; id: string; version: number; state: string }> = {};

  const open = async (client: Client, area: string, tag: string) => {
    const e = await enrollDirect(db, await workedExample(client, area, tag), { startMonth: '2019-06' });
    return ok(client, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e.id }, trigger: 'scheduled' });
  };
  const visit = (r: { version: number; state: string }, over: Record<string, unknown> = {}) => ({
    version: r.version,
    investigators: ['王调查', '赵调查'],
    investigatedOn: day,
    homeVisitOn: day,
    findings: '入户核实，家庭情况无变化',
    visitId: crypto.randomUUID(),
    recordedAt: '2019-09-02T01:30:00.000Z',
    baseState: r.state,
    ...over,
  });
  const snapshot = async () => {
    const rows = await sql<{ id: string; version: number | string; state: string }>`select id, version, state from review_case order by id`.execute(db.kysely);
    const ev = await sql<{ n: number | string }>`select count(*) as n from review_event`.execute(db.kysely);
    const audit = await sql<{ n: number | string }>`select count(*) as n from audit_event where action like 'review.%' and action not like '%.read' and action <> 'review.list'`.execute(db.kysely);
    return { reviews: rows.rows.map((x) => `${x.id}:${Number(x.version)}:${x.state}`), events: Number(ev.rows[0].n), audit: Number(audit.rows[0].n) };
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fvr_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'fvr_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'fvr_cwb', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'fvr_rv', 'township_reviewer', AREAS.township);
    app = await testServer(db, clock.fn);
    cw = await sessionFor(app, 'fvr_cw');
    cwB = await sessionFor(app, 'fvr_cwb');
    va = await sessionFor(app, 'fvr_va');
    rv = await sessionFor(app, 'fvr_rv');
    reviews.a = await open(cw, AREAS.village, '复核甲');
    reviews.b = await open(cw, AREAS.otherVillage, '复核乙');
    reviews.c = await open(cw, AREAS.village, '复核丙');
    reviews.d = await open(cw, AREAS.village, '复核丁');
    reviews.s = await open(cwB, AREAS.siblingVillage, '复核邻');
    // Investigated already: no home visit waits for it.
    const done = await open(cw, AREAS.village, '复核已调查');
    reviews.done = await ok(cw, 'POST', reviewUrl(COUNTY, done.id, 'investigation'), { version: done.version, investigators: ['王调查', '赵调查'], investigatedOn: day, findings: '已核实' });
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-09' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('lists exactly the reviews waiting for their investigation in the user’s area, as kind review, with the household', async () => {
    const expected = async (prefix: string) =>
      (
        await sql<{ id: string }>`select r.id from review_case r join household h on h.county_code = r.county_code and h.id = r.household_id
          where r.state = 'opened' and h.area_code like ${`${prefix}%`} order by r.id`.execute(db.kysely)
      ).rows.map((r) => r.id);
    type V = { kind: string; reviewId?: string };
    const ids = (l: { items: V[] }) => l.items.filter((v) => v.kind === 'review').map((v) => v.reviewId as string);
    const mine = await ok(cw, 'GET', '/api/field-visits');
    expect(ids(mine).sort()).toEqual(await expected('211221101'));
    expect(ids(mine)).toEqual(expect.arrayContaining([reviews.a.id, reviews.b.id, reviews.c.id, reviews.d.id]));
    expect(ids(mine)).not.toContain(reviews.s.id);
    expect(ids(mine)).not.toContain(reviews.done.id);
    const a = mine.items.find((v: V) => v.reviewId === reviews.a.id);
    expect(a).toMatchObject({ kind: 'review', countyCode: COUNTY, program: 'dibao', trigger: 'scheduled', base: { version: reviews.a.version, state: 'opened' } });
    expect(a.household.members.length).toBeGreaterThan(0);
    // No ID number (18 characters, GB 11643) anywhere in what goes to the phone.
    expect(JSON.stringify(mine)).not.toMatch(/\d{17}[\dX]/);
    expect(ids(await ok(cwB, 'GET', '/api/field-visits'))).toEqual(await expected('211221102'));
    expect(await expected('211221102')).toEqual([reviews.s.id]);
    const ev = await sql<{ detail: string }>`select detail from audit_event where action = 'field_visit.download'`.execute(db.kysely);
    expect(ev.rows.map((r) => JSON.parse(r.detail))).toEqual(expect.arrayContaining([expect.objectContaining({ returned: mine.items.length, kinds: expect.objectContaining({ review: ids(mine).length }) })]));
  });

  it('records a synced review visit with the time it was recorded in the home and the time it arrived; sent again, records it once', async () => {
    const body = visit(reviews.a);
    const first = await cw.call('POST', reviewUrl(COUNTY, reviews.a.id, 'field-visit'), body);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.duplicate).toBe(false);
    expect(first.json.review.state).toBe('investigated');
    const rows = await sql<{ recorded_at: string; at: string; review_id: string; step: string }>`select recorded_at, at, review_id, step from review_event where visit_id = ${body.visitId}`.execute(db.kysely);
    expect(rows.rows).toEqual([{ recorded_at: '2019-09-02T01:30:00.000Z', at: clock.now.toISOString(), review_id: reviews.a.id, step: 'investigate' }]);
    const step = first.json.review.timeline.find((t: { step: string }) => t.step === 'investigate');
    expect(step).toMatchObject({ visitId: body.visitId, recordedAt: '2019-09-02T01:30:00.000Z', at: clock.now.toISOString() });
    expect(step.record).toMatchObject({ investigators: ['王调查', '赵调查'], findings: '入户核实，家庭情况无变化' });

    const before = await snapshot();
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await cw.call('POST', reviewUrl(COUNTY, reviews.a.id, 'field-visit'), body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(again.json.review.version).toBe(first.json.review.version);
    expect(await snapshot()).toEqual(before);
    // The visit id is the review's: sent for another review, it is refused.
    const taken = await cw.call('POST', reviewUrl(COUNTY, reviews.d.id, 'field-visit'), visit(reviews.d, { visitId: body.visitId }));
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('FIELD_VISIT_ID_TAKEN');
    expect(await snapshot()).toEqual(before);
  });

  it('two sends of the same review visit at once record it once', async () => {
    const body = visit(reviews.c);
    const [x, y] = await Promise.all([cw.call('POST', reviewUrl(COUNTY, reviews.c.id, 'field-visit'), body), cw.call('POST', reviewUrl(COUNTY, reviews.c.id, 'field-visit'), body)]);
    expect([x.status, y.status], JSON.stringify([x.json, y.json])).toEqual([200, 200]);
    expect([x.json.duplicate, y.json.duplicate].sort()).toEqual([false, true]);
    const n = await sql<{ n: number | string }>`select count(*) as n from review_event where visit_id = ${body.visitId}`.execute(db.kysely);
    expect(Number(n.rows[0].n)).toBe(1);
  });

  it('refuses with 409 a visit whose review moved on since it was downloaded, changing nothing', async () => {
    // The investigation was recorded at the office, then the township reviewer sent it back: the review is at 'opened' again, one version on.
    const inv = await ok(cw, 'POST', reviewUrl(COUNTY, reviews.b.id, 'investigation'), { version: reviews.b.version, investigators: ['王调查', '赵调查'], investigatedOn: day, findings: '办公室录入' });
    const back = await ok(rv, 'POST', reviewUrl(COUNTY, reviews.b.id, 'return'), { version: inv.version, reasons: ['补充入户'] });
    expect(back.state).toBe('opened');
    const before = await snapshot();
    const res = await cw.call('POST', reviewUrl(COUNTY, reviews.b.id, 'field-visit'), visit(reviews.b));
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.code).toBe('FIELD_VISIT_CONFLICT');
    expect(res.json.message.zh).toContain(`复核在下载走访任务后已有变化：走访基于第${reviews.b.version}版`);
    expect(res.json.message.zh).toContain(`现为第${back.version}版`);
    expect(res.json.message.en).toContain('review');
    expect(await snapshot()).toEqual(before);
  });

  it('another township finds nothing, a role without the step and a visit dated ahead are refused; nothing written', async () => {
    const before = await snapshot();
    expect((await cwB.call('POST', reviewUrl(COUNTY, reviews.d.id, 'field-visit'), visit(reviews.d))).status).toBe(404);
    expect((await va.call('POST', reviewUrl(COUNTY, reviews.d.id, 'field-visit'), visit(reviews.d))).status).toBe(403);
    const ahead = await cw.call('POST', reviewUrl(COUNTY, reviews.d.id, 'field-visit'), visit(reviews.d, { recordedAt: '2019-09-03T02:00:00.000Z' }));
    expect(ahead.status).toBe(422);
    expect(ahead.json.code).toBe('FIELD_VISIT_RECORDED_LATER');
    // The drawer's own validation applies: one investigator is refused as at the office.
    const one = await cw.call('POST', reviewUrl(COUNTY, reviews.d.id, 'field-visit'), visit(reviews.d, { investigators: ['王调查'] }));
    expect(one.json.code).toBe('INVESTIGATORS_TOO_FEW');
    expect(await snapshot()).toEqual(before);
  });
});
