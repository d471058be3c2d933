import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCandidates } from '../../src/db/supervision-repo.ts';
import { type Client, testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { runDoudi } from '../factories/cli.ts';
import { aimRectificationRoutes, RECTIFICATION_AREA_ROUTES } from '../factories/rectification-area-routes.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const A = AREAS.county.slice(0, 6);
const B = AREAS.otherCounty.slice(0, 6);

interface Plant {
  county: string;
  id: string;
  area: string;
  dueOn: string;
  foundAt: string;
  rule?: string;
}

/** A finding as the run leaves it (open, history `found`), written directly: the rules are not what is tested here. */
async function plant(db: TestDb, p: Plant): Promise<void> {
  const township = p.area.slice(6, 12) === '000000' ? null : `${p.area.slice(0, 9)}000`;
  const village = p.area.slice(9, 12) === '000' ? null : p.area;
  await db.kysely
    .insertInto('finding')
    .values({
      county_code: p.county, id: p.id, rule: p.rule ?? 'DECEASED_PAID', fingerprint: `fp-${p.id}`, area_code: p.area, township_code: township, village_code: village,
      household_id: null, person_id: null, enrollment_id: null, case_id: null, roll_id: null, line_seq: null, facts: '{"diedOn":"2019-06-01"}', status: 'open',
      first_found_at: p.foundAt, last_found_at: p.foundAt, last_run_id: 'run-planted', seen_in_last_run: 1, reopened_count: 0, due_on: p.dueOn, campaign_id: null,
      answer_action: null, answer_evidence: null, answered_by: null, answered_by_name: null, answered_at: null, sent_back_count: 0, closed_by: null, closed_by_name: null,
      closed_at: null, close_note: null, version: 1, created_at: p.foundAt, updated_at: p.foundAt,
    })
    .execute();
  await db.kysely.insertInto('finding_history').values({ county_code: p.county, finding_id: p.id, seq: 1, at: p.foundAt, event: 'found', run_id: 'run-planted', actor_id: null, actor_name: 'system', record: '{}' }).execute();
}

const auditCount = async (db: TestDb, id: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from audit_event where entity_id = ${id}`.execute(db.kysely)).rows[0].n);

/**
 * 整改 The findings' rectification through the API (issue 16 points 2, 3 and 9; ADR 0048): answered by the township,
 * sent back and answered again, closed by the county (stale versions refused), reopened by a later run; the overdue
 * list over the National Day holiday; accountability records hidden from caseworkers; a campaign's grouping and
 * progress per county counted in SQL; every route held to the area and the roles.
 */
describe(`rectification through the API (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-09-27');
  const c: Record<string, Client> = {};
  const F1 = { county: A, id: 'f-town-1' };
  const F2 = { county: A, id: 'f-sibling-1' };
  const F3 = { county: B, id: 'f-other-1' };
  const url = (f: { county: string; id: string }, rest = '') => `/api/findings/${f.county}/${f.id}${rest}`;

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['tw1', 'township_caseworker', AREAS.township],
      ['tw2', 'township_caseworker', AREAS.siblingTownship],
      ['ap', 'county_approver', AREAS.county],
      ['adm', 'county_admin', AREAS.county],
      ['adm_other', 'county_admin', AREAS.otherCounty],
      ['sup', 'city_supervisor', AREAS.city],
      ['aud', 'auditor', AREAS.city],
      ['va', 'village_assistant', AREAS.village],
    ] as const) {
      await makeUser(db, `re_${name}`, role, area);
    }
    await plant(db, { ...F1, area: AREAS.village, dueOn: '2019-10-25', foundAt: '2019-09-02T01:00:00.000Z' });
    await plant(db, { ...F2, area: AREAS.siblingVillage, dueOn: '2019-09-30', foundAt: '2019-09-03T01:00:00.000Z', rule: 'REVIEW_OVERDUE' });
    await plant(db, { ...F3, area: AREAS.otherCountyVillage, dueOn: '2019-09-30', foundAt: '2019-09-04T01:00:00.000Z' });
    app = await testServer(db, clock.fn);
    for (const n of ['tw1', 'tw2', 'ap', 'adm', 'adm_other', 'sup', 'aud', 'va']) c[n] = await sessionFor(app, `re_${n}`);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('shows a township its own finding, another township and another county not at all', async () => {
    const d = await ok(c.tw1, 'GET', url(F1));
    expect([d.status, d.version, d.can.answer, d.can.verify, d.can.accountability, d.history.map((h: { event: string }) => h.event)]).toEqual(['open', 1, true, false, false, ['found']]);
    const village = await db.kysely.selectFrom('division').select('name').where('code', '=', AREAS.village).executeTakeFirstOrThrow();
    expect(d.areaName).toBe(village.name);
    for (const [who, path] of [['tw2', url(F1)], ['tw1', url(F2)], ['adm_other', url(F1)], ['ap', url(F3)]] as const) {
      const r = await c[who].call('GET', path);
      expect([r.status, r.json.code], `${who} ${path}`).toEqual([404, 'NOT_FOUND']);
    }
    const r = await c.tw2.call('POST', url(F1, '/answer'), { action: '已停保', evidence: '停保决定书', version: 1 });
    expect([r.status, r.json.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('takes a finding through answer → send back → answer → close, refusing stale versions and wrong roles', async () => {
    // Wrong roles: the county approver may not answer, the township may not verify, the village assistant neither.
    for (const [who, step, body] of [
      ['ap', '/answer', { action: 'x', evidence: 'y', version: 1 }],
      ['tw1', '/verify', { decision: 'close', note: 'x', version: 1 }],
      ['va', '/answer', { action: 'x', evidence: 'y', version: 1 }],
    ] as const) {
      const r = await c[who].call('POST', url(F1, step), body);
      expect([r.status, r.json.code], `${who} ${step}`).toEqual([403, 'PERMISSION_DENIED']);
    }
    const bad = await c.tw1.call('POST', url(F1, '/answer'), { action: '', evidence: '佐证', version: 1 });
    expect([bad.status, bad.json.code, bad.json.field, typeof bad.json.message.zh]).toEqual([400, 'ANSWER_INVALID', 'action', 'string']);
    // Not answered yet: nothing to verify.
    const early = await c.ap.call('POST', url(F1, '/verify'), { decision: 'close', note: '核实', version: 1 });
    expect([early.status, early.json.code]).toEqual([409, 'FINDING_NOT_ANSWERED']);

    const a1 = await ok(c.tw1, 'POST', url(F1, '/answer'), { action: '已停发待遇', evidence: '停保审批表（2019-09-26）', version: 1 });
    expect([a1.status, a1.version, a1.answerAction, a1.answeredByName]).toEqual(['answered', 2, '已停发待遇', 're_tw1']);
    const stale = await c.tw1.call('POST', url(F1, '/answer'), { action: '再次', evidence: '再次', version: 1 });
    expect([stale.status, stale.json.code]).toEqual([409, 'STALE_VERSION']);

    // Sent back on Friday 27 September 2019: twenty working days from then, over the National Day holiday
    // (1–7 October; Sunday 29 September and Saturday 12 October are make-up working days): 30 October.
    const back = await ok(c.ap, 'POST', url(F1, '/verify'), { decision: 'send_back', note: '佐证不足，请补充停保决定书', version: 2 });
    expect([back.status, back.sentBackCount, back.dueOn, back.version]).toEqual(['open', 1, '2019-10-30', 3]);

    const a2 = await ok(c.tw1, 'POST', url(F1, '/answer'), { action: '已停发待遇并追回', evidence: '停保决定书 铁县民停〔2019〕12号', version: 3 });
    expect(a2.status).toBe('answered');
    const staleClose = await c.ap.call('POST', url(F1, '/verify'), { decision: 'close', note: '核实无误', version: 3 });
    expect([staleClose.status, staleClose.json.code]).toEqual([409, 'STALE_VERSION']);
    const closed = await ok(c.ap, 'POST', url(F1, '/verify'), { decision: 'close', note: '核实无误，予以销号', version: 4 });
    expect([closed.status, closed.closedByName, closed.closeNote, closed.can.answer, closed.can.verify]).toEqual(['closed', 're_ap', '核实无误，予以销号', false, false]);

    // The history and the audit trail, read in SQL: one row and one event per step.
    const hist = await sql<{ event: string; actor_name: string }>`select event, actor_name from finding_history where county_code = ${A} and finding_id = ${F1.id} order by seq`.execute(db.kysely);
    expect(hist.rows.map((h) => `${h.event}:${h.actor_name}`)).toEqual(['found:system', 'answered:re_tw1', 'sent_back:re_ap', 'answered:re_tw1', 'closed:re_ap']);
    expect(closed.history.map((h: { event: string }) => h.event)).toEqual(hist.rows.map((h) => h.event));
    const acts = await sql<{ action: string }>`select action from audit_event where entity_type = 'finding' and entity_id = ${F1.id} order by seq`.execute(db.kysely);
    expect(acts.rows.map((r) => r.action)).toEqual(['finding.answer', 'finding.send_back', 'finding.answer', 'finding.close']);
  });

  it('shows a finding reopened by a later run in its history', async () => {
    const at = '2019-11-04T02:00:00.000Z';
    await db.kysely
      .insertInto('finding_candidate')
      .values({ run_id: 'run-later', county_code: A, rule: 'DECEASED_PAID', fingerprint: `fp-${F1.id}`, area_code: AREAS.village, household_id: null, person_id: null, enrollment_id: null, case_id: null, roll_id: null, line_seq: null, facts: '{"diedOn":"2019-06-01"}' })
      .execute();
    await db.kysely.transaction().execute((trx) => mergeCandidates(trx, { runId: 'run-later', county: A, rules: ['DECEASED_PAID'], at, dueOn: '2019-12-02', actor: { id: null, name: 'system:nightly' }, dialect: db.dialect }));
    const d = await ok(c.tw1, 'GET', url(F1));
    expect([d.status, d.reopenedCount, d.dueOn, d.can.answer]).toEqual(['open', 1, '2019-12-02', true]);
    expect(d.history.map((h: { event: string }) => h.event)).toEqual(['found', 'answered', 'sent_back', 'answered', 'closed', 'reopened']);
  });

  it('lists overdue rectifications past the National Day holiday, counted in working days, for the county and the city', async () => {
    // F2 and F3 are due on Monday 30 September: not overdue that day.
    clock.set('2019-09-30');
    expect((await ok(c.sup, 'GET', '/api/findings/overdue')).total).toBe(0);
    // Tuesday 8 October, the first working day after the holiday: one working day late.
    clock.set('2019-10-08');
    const city = await ok(c.sup, 'GET', '/api/findings/overdue');
    const expected = await sql<{ id: string }>`select id from finding where status = 'open' and due_on < '2019-10-08' order by due_on, county_code, id`.execute(db.kysely);
    expect(city.items.map((f: { id: string }) => f.id)).toEqual(expected.rows.map((r) => r.id));
    expect(city.items.map((f: { id: string; workingDaysOverdue: number; overdue: boolean }) => [f.id, f.workingDaysOverdue, f.overdue])).toEqual([
      [F2.id, 1, true],
      [F3.id, 1, true],
    ]);
    // Monday 14 October: 8, 9, 10, 11, Saturday 12 (make-up) and 14 October.
    clock.set('2019-10-14');
    expect((await ok(c.ap, 'GET', '/api/findings/overdue')).items.map((f: { id: string; workingDaysOverdue: number }) => [f.id, f.workingDaysOverdue])).toEqual([[F2.id, 6]]);
    expect((await ok(c.tw1, 'GET', '/api/findings/overdue')).total).toBe(0);
    expect((await ok(c.tw2, 'GET', '/api/findings/counts'))).toEqual({ open: 1, answered: 0, overdue: 1 });
  });

  it('records accountability from a finding, shown to the city, the auditor and the county approver only', async () => {
    const body = { responsible: ['re_tw2'], failure: '未及时核实死亡信息，继续发放待遇', measure: 'interview', decidedOn: '2019-10-14', decidedByName: '市民政局党组' };
    // Township staff, the county administrator and the auditor may not record (the permission, before the area).
    for (const who of ['tw1', 'tw2', 'adm', 'aud']) {
      const r = await c[who].call('POST', url(F2, '/accountability'), body);
      expect([r.status, r.json.code], who).toEqual([403, 'PERMISSION_DENIED']);
    }
    const unknown = await c.sup.call('POST', url(F2, '/accountability'), { ...body, responsible: ['nobody_here'] });
    expect([unknown.status, unknown.json.code, unknown.json.field]).toEqual([400, 'ACCOUNTABILITY_USER_UNKNOWN', 'responsible']);
    const rec = await c.sup.call('POST', url(F2, '/accountability'), body);
    expect(rec.status, JSON.stringify(rec.json)).toBe(201);
    expect([rec.json.measure, rec.json.responsible.map((u: { username: string }) => u.username), rec.json.recordedByName]).toEqual(['interview', ['re_tw2'], 're_sup']);
    const other = await c.adm_other.call('GET', url(F2, '/accountability'));
    expect(other.status).toBe(403);
    // The city's record: the city and the auditor see it; the county approver sees only what the county recorded.
    for (const who of ['sup', 'aud']) expect((await ok(c[who], 'GET', url(F2, '/accountability'))).items.length, who).toBe(1);
    expect((await ok(c.ap, 'GET', url(F2, '/accountability'))).items).toEqual([]);
    const byCounty = await c.ap.call('POST', url(F2, '/accountability'), { ...body, measure: 'criticism', decidedByName: '铁岭县民政局' });
    expect(byCounty.status, JSON.stringify(byCounty.json)).toBe(201);
    expect((await ok(c.ap, 'GET', url(F2, '/accountability'))).items.map((r: { measure: string }) => r.measure)).toEqual(['criticism']);
    for (const who of ['sup', 'aud']) expect((await ok(c[who], 'GET', url(F2, '/accountability'))).items.map((r: { measure: string }) => r.measure).sort(), who).toEqual(['criticism', 'interview']);
    for (const who of ['tw1', 'tw2', 'va']) {
      const r = await c[who].call('GET', url(F2, '/accountability'));
      expect([r.status, r.json.code], who).toEqual([403, 'PERMISSION_DENIED']);
    }
    // The caseworker's view of the finding says nothing of it.
    const d = await ok(c.tw2, 'GET', url(F2));
    expect(JSON.stringify(d)).not.toContain('未及时核实');
    expect(d.can.accountability).toBe(false);
    expect(await auditCount(db, rec.json.id)).toBe(1);
  });

  it('groups the period’s findings into a campaign, counts its progress per county and closes it only when all are closed', async () => {
    const bad = await c.sup.call('POST', '/api/campaigns', { title: '2019年农村低保专项治理', year: 2019, startsOn: '2019-12-31', endsOn: '2019-01-01' });
    expect([bad.status, bad.json.code, bad.json.field]).toEqual([400, 'CAMPAIGN_INVALID', 'endsOn']);
    const foreign = await c.adm_other.call('POST', '/api/campaigns', { title: '越界', year: 2019, county: A, startsOn: '2019-01-01', endsOn: '2019-12-31' });
    expect([foreign.status, foreign.json.code]).toEqual([403, 'AREA_FORBIDDEN']);
    // The city's campaign of September's findings of every rule: F1, F2 and F3 (first found 2, 3 and 4 September).
    const opened = await c.sup.call('POST', '/api/campaigns', { title: '2019年农村低保专项治理', year: 2019, startsOn: '2019-09-01', endsOn: '2019-09-30' });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    const id = opened.json.id as string;
    const inCampaign = async (county?: string) =>
      (await sql<{ county_code: string; status: string; n: number }>`select county_code, status, count(*) as n from finding where campaign_id = ${id} group by county_code, status order by county_code, status`.execute(db.kysely)).rows
        .filter((r) => !county || r.county_code === county)
        .map((r) => [r.county_code, r.status, Number(r.n)]);
    expect(await inCampaign()).toEqual([[A, 'open', 2], [B, 'open', 1]]);
    expect(opened.json.counts).toEqual({ found: 3, open: 3, answered: 0, closed: 0, overdue: 2 });
    // A finding that comes later within the period is grouped when the campaign is next read; one outside it is not.
    await plant(db, { county: A, id: 'f-late-1', area: AREAS.otherVillage, dueOn: '2019-11-20', foundAt: '2019-09-29T20:00:00.000Z' });
    await plant(db, { county: A, id: 'f-october-1', area: AREAS.otherVillage, dueOn: '2019-11-20', foundAt: '2019-09-30T17:00:00.000Z' });
    const p = await ok(c.sup, 'GET', `/api/campaigns/${id}`);
    expect(p.counties.map((r: { county: string; found: number; open: number; overdue: number }) => [r.county, r.found, r.open, r.overdue])).toEqual([[A, 3, 3, 1], [B, 1, 1, 1]]);
    expect(await inCampaign()).toEqual([[A, 'open', 3], [B, 'open', 1]]);
    expect(p.ledger.map((f: { id: string }) => f.id).sort()).toEqual([F1.id, F2.id, F3.id, 'f-late-1'].sort());
    const hist = await sql<{ n: number }>`select count(*) as n from finding_history where event = 'campaign'`.execute(db.kysely);
    expect(Number(hist.rows[0].n)).toBe(4);
    // The county sees the city's campaign, counted over its own findings only; the township over its own.
    const county = await ok(c.adm, 'GET', '/api/campaigns');
    expect(county.items.map((x: { id: string; counts: { found: number } }) => [x.id, x.counts.found])).toEqual([[id, 3]]);
    // (f-late-1 is in another village of the same township.)
    expect((await ok(c.tw1, 'GET', `/api/campaigns/${id}`)).ledger.map((f: { id: string }) => f.id).sort()).toEqual(['f-late-1', F1.id]);
    // The ledger to XLSX through the list export (ADR 0029): the city's four rows, recorded as a bulk read.
    const xlsx = await c.sup.call('GET', `/api/campaigns/${id}/ledger.xlsx`);
    expect(xlsx.status).toBe(200);
    const exported = await sql<{ detail: string }>`select detail from audit_event where action = 'campaign.export' and entity_id = ${id}`.execute(db.kysely);
    expect(exported.rows.map((r) => JSON.parse(r.detail).rows)).toEqual([4]);
    // Closing: the county cannot close the city's campaign; the city cannot while findings are open.
    expect((await c.adm.call('POST', `/api/campaigns/${id}/close`, { version: 1 })).status).toBe(404);
    const early = await c.sup.call('POST', `/api/campaigns/${id}/close`, { version: 1 });
    expect([early.status, early.json.code]).toEqual([409, 'CAMPAIGN_UNCLOSED']);
    await db.kysely.updateTable('finding').set({ status: 'closed', closed_at: '2019-10-20T00:00:00.000Z' }).where('campaign_id', '=', id).execute();
    const stale = await c.sup.call('POST', `/api/campaigns/${id}/close`, { version: 2 });
    expect([stale.status, stale.json.code]).toEqual([409, 'STALE_VERSION']);
    const done = await ok(c.sup, 'POST', `/api/campaigns/${id}/close`, { version: 1 });
    expect([done.status, done.counts.closed, done.counts.found]).toEqual(['closed', 4, 4]);
  });

  it('holds the area and the roles on every rectification route', async () => {
    aimRectificationRoutes({ county: A, findingId: F2.id, campaignId: (await ok(c.sup, 'GET', '/api/campaigns')).items[0].id });
    const routes = Object.entries(RECTIFICATION_AREA_ROUTES);
    for (const [key] of routes) expect(AREA_ROUTES[key]?.kind, key).toBe('rectification-flow');
    const snapshot = async () =>
      JSON.stringify([
        (await sql`select county_code, id, status, version from finding order by county_code, id`.execute(db.kysely)).rows,
        (await sql`select count(*) as n from accountability_record`.execute(db.kysely)).rows,
        (await sql`select id, status, version from supervision_campaign order by id`.execute(db.kysely)).rows,
      ]);
    const before = await snapshot();
    for (const [name, spec] of routes) {
      for (const variant of spec.variants) {
        const req = variant({} as never);
        for (const who of ['adm_other', 'tw1', 'va']) {
          const r = await c[who].call(req.method as 'GET' | 'POST', req.url, req.body);
          const what = `${name} ${who}: ${r.status} ${JSON.stringify(r.json)}`;
          if (who === 'va') expect([r.status, r.json.code], what).toEqual([403, 'PERMISSION_DENIED']);
          else if (r.status === 200) expect(req.method === 'GET' && !/\/api\/findings\/\d{6}\//.test(req.url), what).toBe(true);
          else expect([403, 404], what).toContain(r.status);
        }
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers, sends back and lists from the command line (`doudi findings`, `doudi campaigns`)', async () => {
    // The command line's clock is the real one: every open finding of 2019 is overdue now.
    const open = await sql<{ id: string; version: number }>`select id, version from finding where status = 'open' order by due_on, county_code, id`.execute(db.kysely);
    const overdue = await runDoudi(db, ['findings', 'overdue', '--json']);
    expect(overdue.code, overdue.stderr).toBe(0);
    expect(JSON.parse(overdue.stdout).items.map((f: { id: string }) => f.id)).toEqual(open.rows.map((r) => r.id));
    const late = open.rows.find((r) => r.id === 'f-october-1');
    expect(late).toBeDefined();
    const answered = await runDoudi(db, ['findings', 'answer', A, 'f-october-1', '--as', 're_tw1', '--action', '已整改', '--evidence', '整改报告', '--version', String(late?.version), '--json']);
    expect(answered.code, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout).status).toBe('answered');
    const stale = await runDoudi(db, ['findings', 'verify', A, 'f-october-1', '--as', 're_ap', '--send-back', '--note', '不实', '--version', String(late?.version), '--json']);
    expect(stale.code).not.toBe(0);
    const back = await runDoudi(db, ['findings', 'verify', A, 'f-october-1', '--as', 're_ap', '--send-back', '--note', '不实', '--version', String(Number(late?.version) + 1), '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect([JSON.parse(back.stdout).status, JSON.parse(back.stdout).sentBackCount]).toEqual(['open', 1]);
    const list = await runDoudi(db, ['campaigns', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).items.map((c: { title: string; status: string }) => [c.title, c.status])).toEqual([['2019年农村低保专项治理', 'closed']]);
  }, 60_000);
});
