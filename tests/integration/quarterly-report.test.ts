import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { enrollmentIdOf, enrollPopulation, putTerm } from '../factories/payroll-population.ts';
import { aimReportRoutes, REPORT_AREA_ROUTES } from '../factories/report-area-routes.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { injectLogin } from '../factories/raw-session.ts';
import { pdfAvailable } from '../../src/commands/documents/render-pdf.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const C = AREAS.county.slice(0, 6);
const OTHER = AREAS.otherCounty.slice(0, 6);
const N = 12;
const Q3 = `/api/reports/quarterly/${C}/2019Q3`;
const Q4 = `/api/reports/quarterly/${C}/2019Q4`;

async function okPut(client: Client, path: string, body: unknown): Promise<any> {
  const r = await client.call('PUT', path, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

/**
 * 季度报告流程 through the API on both databases (issue 15 points 2, 3 and 7; ADR 0045): the county administrator drafts
 * the 2019Q3 report, the county approver submits it (the figures frozen, their digest in the audit event); an
 * enrollment ended afterwards leaves the submitted report as it was and appears as a correction in 2019Q4, which needs
 * the county's reason; deadlines in working days after the quarter (the official calendar's National Day holiday);
 * the city receives, compares and issues the bulletin; a county sees only its own reports and the bulletin once issued.
 * Figures are checked against SQL written here, not against the report's code.
 */
describe(`quarterly report workflow (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-10-15');
  let adm: Client;
  let apr: Client;
  let sup: Client;
  let admOther: Client;

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['adm', 'county_admin', AREAS.county],
      ['apr', 'county_approver', AREAS.county],
      ['sup', 'city_supervisor', AREAS.city],
      ['aud', 'auditor', AREAS.city],
      ['adm_other', 'county_admin', AREAS.otherCounty],
      ['apr_other', 'county_approver', AREAS.otherCounty],
      ['twp', 'township_caseworker', AREAS.township],
      ['va', 'village_assistant', AREAS.village],
    ] as const) {
      await makeUser(db, `qr_${name}`, role, area);
    }
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: N, prefix: 'qr', startMonth: '2019-06' });
    app = await testServer(db, clock.fn);
    [adm, apr, sup, admOther] = await Promise.all(['adm', 'apr', 'sup', 'adm_other'].map((n) => sessionFor(app, `qr_${n}`)));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** Dibao household units in force in `month` (the latest term by then active or in gradual exit), written independently. */
  const dibaoHouseholds = async (month: string) => {
    const r = await sql<{ n: number }>`
      select count(distinct e.household_id) as n from enrollment e
      where e.county_code = ${C} and e.program = 'dibao' and e.unit = 'household'
        and (select t.status from enrollment_term t where t.county_code = e.county_code and t.enrollment_id = e.id and t.from_month <= ${month}
             order by t.from_month desc limit 1) in ('active', 'gradual_exit')`.execute(db.kysely);
    return Number(r.rows[0].n);
  };
  const ruralPersons = async (county: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from person where county_code = ${county} and hukou_type = 'rural'`.execute(db.kysely)).rows[0].n);
  const stored = async () =>
    JSON.stringify({
      reports: await db.kysely.selectFrom('quarterly_report').selectAll().orderBy('county_code').orderBy('quarter').execute(),
      corrections: await db.kysely.selectFrom('report_correction').selectAll().execute(),
      bulletins: await db.kysely.selectFrom('report_bulletin').selectAll().execute(),
    });

  it('shows a quarter not drafted yet with its figures computed now and its deadline: ten working days after the quarter, past the National Day holiday', async () => {
    const v = await ok(adm, 'GET', Q3);
    expect(v).toMatchObject({ county: C, quarter: '2019Q3', status: 'none', source: 'computed', figuresDigest: null, version: 0, corrections: [] });
    expect(v.countyName).toMatch(/[\u4e00-\u9fff]/);
    expect(v.figures.programs.dibao.households).toBe(await dibaoHouseholds('2019-09'));
    expect(v.figures.programs.dibao.households).toBe(N);
    expect(v.registeredRuralPersons).toBe(await ruralPersons(C));
    // 1–7 October are holidays, Saturday 12 October a make-up working day: the tenth working day after 30 September is the 18th.
    expect(v.deadline).toMatchObject({ due: '2019-10-18', workingDays: 10, illustrative: true, overdue: false });
    expect(v.deadline.citation).toContain('示例值');
    const bad = await adm.call('GET', `/api/reports/quarterly/${C}/2019Q5`);
    expect([bad.status, bad.json.code, bad.json.field]).toEqual([400, 'QUARTER_FORMAT', 'quarter']);
    expect(bad.json.message.zh).toContain('2019Q3');
    const future = await adm.call('GET', `/api/reports/quarterly/${C}/2020Q1`);
    expect([future.status, future.json.code]).toEqual([400, 'REPORT_QUARTER_FUTURE']);
  });

  it('drafts (county administrator) and submits (county approver): the figures frozen, their SHA-256 in the audit event of the submit', async () => {
    const none = await apr.call('POST', `${Q3}/submit`, { version: 1 });
    expect([none.status, none.json.code]).toEqual([409, 'REPORT_NO_DRAFT']);
    const d1 = await okPut(adm, `${Q3}/text`, { progress: '本季度完成低保动态复核。', problems: '部分村资料不全。', nextSteps: '开展集中排查。' });
    expect(d1).toMatchObject({ status: 'draft', version: 1, text: { progress: '本季度完成低保动态复核。' } });
    const stale = await adm.call('PUT', `${Q3}/text`, { progress: '另一稿', version: 7 });
    expect([stale.status, stale.json.code]).toEqual([409, 'STALE_VERSION']);
    const d2 = await okPut(adm, `${Q3}/text`, { progress: '本季度完成低保动态复核，新增对象均已公示。', problems: '部分村资料不全。', nextSteps: '开展集中排查。', version: 1 });
    expect(d2.version).toBe(2);
    // The administrator drafts, the county's head submits.
    const admSubmit = await adm.call('POST', `${Q3}/submit`, { version: 2 });
    expect([admSubmit.status, admSubmit.json.code]).toEqual([403, 'PERMISSION_DENIED']);
    const aprDraft = await apr.call('PUT', `${Q3}/text`, { progress: 'x', version: 2 });
    expect([aprDraft.status, aprDraft.json.code]).toEqual([403, 'PERMISSION_DENIED']);
    const s = await ok(apr, 'POST', `${Q3}/submit`, { version: 2 });
    expect(s).toMatchObject({ status: 'submitted', source: 'snapshot', submittedBy: expect.any(String), deadline: { overdue: false } });
    const row = await db.kysely.selectFrom('quarterly_report').selectAll().where('county_code', '=', C).where('quarter', '=', '2019Q3').executeTakeFirstOrThrow();
    const sha = createHash('sha256').update(row.figures!).digest('hex');
    expect(row.figures_digest).toBe(sha);
    expect(s.figuresDigest).toBe(sha);
    const events = await db.kysely.selectFrom('audit_event').select(['action', 'detail', 'chain']).where('action', '=', 'report.submit').execute();
    expect(events).toHaveLength(1);
    expect(events[0].chain).toBe(C);
    expect(JSON.parse(events[0].detail!)).toMatchObject({ quarter: '2019Q3', figuresDigest: sha, corrections: 0 });
    expect(JSON.parse(row.figures!).figures.programs.dibao.households).toBe(N);
    // The quarter still running cannot be submitted.
    await okPut(adm, `${Q4}/text`, { progress: '第四季度草稿' });
    const open = await apr.call('POST', `${Q4}/submit`, { version: 1 });
    expect([open.status, open.json.code]).toEqual([409, 'REPORT_QUARTER_OPEN']);
  });

  it('never changes a submitted quarter: an enrollment ended afterwards leaves its figures, the text is refused, the database refuses a write', async () => {
    const before = await ok(adm, 'GET', Q3);
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('qr', 1), from: '2019-09', status: 'ended', amountFen: 0 });
    expect(await dibaoHouseholds('2019-09')).toBe(N - 1);
    const after = await ok(adm, 'GET', Q3);
    expect(after.figures).toEqual(before.figures);
    expect(after.figuresDigest).toBe(before.figuresDigest);
    const again = await adm.call('PUT', `${Q3}/text`, { progress: '改写', version: after.version });
    expect([again.status, again.json.code]).toEqual([409, 'REPORT_SUBMITTED']);
    const twice = await apr.call('POST', `${Q3}/submit`, { version: after.version });
    expect([twice.status, twice.json.code]).toEqual([409, 'REPORT_SUBMITTED']);
    // The list behind the figure is today's (N − 1 households) beside the figure as submitted (N).
    const list = await ok(adm, 'GET', `${Q3}/rows?program=dibao&figure=households&limit=5`);
    expect(list).toMatchObject({ kind: 'enrolled', measure: 'rows', reported: N, frozen: true, total: { rows: N - 1 } });
    expect(list.rows).toHaveLength(5);
    expect(list.next).toBe(list.rows[4].key);
    for (const write of [
      () => db.kysely.updateTable('quarterly_report').set({ figures: '{}' }).where('county_code', '=', C).where('quarter', '=', '2019Q3').execute(),
      () => db.kysely.updateTable('quarterly_report').set({ progress_text: '改写' }).where('county_code', '=', C).where('quarter', '=', '2019Q3').execute(),
      () => db.kysely.deleteFrom('quarterly_report').where('county_code', '=', C).where('quarter', '=', '2019Q3').execute(),
    ]) {
      await expect(write()).rejects.toThrow(/REPORT_FROZEN/);
    }
  });

  it('lists the changed figures of the submitted quarter as corrections of the next report, which needs the county’s reason', async () => {
    clock.set('2020-01-10');
    const draft = await ok(adm, 'GET', Q4);
    expect(draft.correctionsOf).toBe('2019Q3');
    const households = draft.corrections.find((c: { program: string; figure: string }) => c.program === 'dibao' && c.figure === 'households');
    expect(households).toEqual({ ofQuarter: '2019Q3', program: 'dibao', figure: 'households', was: N, now: N - 1, reason: null });
    expect(draft.corrections.find((c: { figure: string; program: string }) => c.program === 'dibao' && c.figure === 'exits')).toMatchObject({ was: 0, now: 1 });
    const noReason = await apr.call('POST', `${Q4}/submit`, { version: draft.version });
    expect([noReason.status, noReason.json.code, noReason.json.field]).toEqual([422, 'REPORT_CORRECTION_REASON', 'correctionReason']);
    expect(noReason.json.message.zh).toContain('2019Q3');
    const s = await ok(apr, 'POST', `${Q4}/submit`, { version: draft.version, correctionReason: '9 月一户退出保障，复核结果录入滞后。' });
    expect(s.status).toBe('submitted');
    expect(s.corrections.length).toBe(draft.corrections.length);
    expect(s.corrections.every((c: { reason: string }) => c.reason === '9 月一户退出保障，复核结果录入滞后。')).toBe(true);
    expect(s.figures.programs.dibao.households).toBe(await dibaoHouseholds('2019-12'));
    const rows = await db.kysely.selectFrom('report_correction').selectAll().where('quarter', '=', '2019Q4').execute();
    expect(rows.map((r) => `${r.program}.${r.figure}`)).toContain('dibao.households');
    await expect(db.kysely.deleteFrom('report_correction').execute()).rejects.toThrow(/REPORT_FROZEN/);
    // The Q3 report itself is still as submitted.
    expect((await ok(adm, 'GET', Q3)).figures.programs.dibao.households).toBe(N);
    const ev = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'report.submit').where('entity_id', '=', '2019Q4').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.detail!)).toMatchObject({ correctionsOf: '2019Q3', corrections: rows.length });
  });

  it('lists the reports overdue for the city: every county’s ended quarter not submitted by its working-day deadline', async () => {
    const overdue = await ok(sup, 'GET', '/api/reports/quarterly/overdue');
    const keys = overdue.map((o: { county: string; quarter: string }) => `${o.county}/${o.quarter}`);
    expect(keys).not.toContain(`${C}/2019Q3`);
    expect(keys).not.toContain(`${C}/2019Q4`);
    expect(keys).toContain(`${OTHER}/2019Q3`);
    expect(keys).toContain(`${C}/2019Q2`);
    // 2019Q4 is due ten working days after 31 December: not overdue on 10 January.
    expect(keys.filter((k: string) => k.endsWith('2019Q4'))).toEqual([]);
    const q3 = overdue.find((o: { county: string; quarter: string }) => o.county === OTHER && o.quarter === '2019Q3');
    // Working days from 18 October 2019 to 10 January 2020, counted here: weekdays, less 1 January, no make-up day then.
    let n = 0;
    for (let d = new Date('2019-10-19T00:00:00Z'); d <= new Date('2020-01-10T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.getUTCDay();
      if (day !== 0 && day !== 6 && d.toISOString().slice(0, 10) !== '2020-01-01') n++;
    }
    expect(q3).toMatchObject({ due: '2019-10-18', status: 'none', workingDaysOverdue: n });
    // A county sees its own only.
    const own = await ok(admOther, 'GET', '/api/reports/quarterly/overdue');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o: { county: string }) => o.county === OTHER)).toBe(true);
  });

  it('holds the area and the roles on every report route before the bulletin is issued; nothing changes', async () => {
    aimReportRoutes({ county: C, quarter: '2019Q3' });
    const routes = Object.entries(REPORT_AREA_ROUTES);
    expect(routes.length).toBe(14);
    for (const [key] of routes) expect(AREA_ROUTES[key]?.kind, key).toBe('reports-flow');
    const before = await stored();
    const outsiders = await Promise.all(['adm_other', 'apr_other', 'twp', 'va'].map((n) => sessionFor(app, `qr_${n}`)));
    let tried = 0;
    for (const [name, spec] of routes) {
      for (const variant of spec.variants) {
        for (const client of outsiders) {
          const req = variant({} as never);
          const r = await client.call(req.method as 'GET' | 'POST' | 'PUT', req.url, req.body);
          const what = `${name} ${req.url} ${client.username}: ${JSON.stringify(r.json)}`;
          tried++;
          if (client.username === 'qr_twp' || client.username === 'qr_va') {
            // No reports.read: refused whatever the area.
            expect([r.status, r.json.code], what).toEqual([403, 'PERMISSION_DENIED']);
            continue;
          }
          if (r.status === 200) {
            // Lists of their own county: never a report of this county.
            expect(req.method, what).toBe('GET');
            expect(JSON.stringify(r.json), what).not.toContain(`"county":"${C}"`);
            continue;
          }
          expect([403, 404], what).toContain(r.status);
          expect(r.json.code, what).toMatch(/AREA_FORBIDDEN|NOT_FOUND|PERMISSION_DENIED|REPORT_CITY_ONLY/);
        }
      }
    }
    expect(tried).toBe(4 * 14);
    expect(await stored()).toBe(before);
    // A county does not read the comparison; the auditor (city) does, and writes nothing.
    const cmp = await adm.call('GET', '/api/reports/comparison/2019Q3');
    expect([cmp.status, cmp.json.code]).toEqual([403, 'REPORT_CITY_ONLY']);
    const aud = await sessionFor(app, 'qr_aud');
    expect((await aud.call('GET', '/api/reports/comparison/2019Q3')).status).toBe(200);
    expect((await aud.call('PUT', '/api/reports/bulletins/2019Q3', { title: 'x' })).json.code).toBe('PERMISSION_DENIED');
  });

  it('the city receives the report once, compares the counties and issues the bulletin, which every county then reads', async () => {
    const admReceive = await adm.call('POST', `${Q3}/receive`);
    expect([admReceive.status, admReceive.json.code]).toEqual([403, 'PERMISSION_DENIED']);
    const r = await ok(sup, 'POST', `${Q3}/receive`);
    expect(r.receivedBy).toBeTruthy();
    const twice = await sup.call('POST', `${Q3}/receive`);
    expect([twice.status, twice.json.code]).toEqual([409, 'REPORT_RECEIVED']);

    const cmp = await ok(sup, 'GET', '/api/reports/comparison/2019Q3');
    expect(cmp.counties.length).toBe(7);
    const mine = cmp.counties.find((c: { county: string }) => c.county === C);
    expect(mine).toMatchObject({ source: 'snapshot', onTime: true });
    // The snapshot's figures (N households when submitted) and the denominator frozen with them.
    const snap = JSON.parse((await db.kysely.selectFrom('quarterly_report').select('figures').where('county_code', '=', C).where('quarter', '=', '2019Q3').executeTakeFirstOrThrow()).figures!);
    expect(mine.coverage.denominator).toBe(snap.registeredRuralPersons);
    expect(mine.coverage.denominator).toBe(await ruralPersons(C));
    expect(mine.coverage.value).toBeCloseTo(mine.coverage.numerator / mine.coverage.denominator, 12);
    expect(cmp.counties.find((c: { county: string }) => c.county === OTHER)).toMatchObject({ source: 'computed', onTime: null });
    expect(mine.ranks.coverage).toBe(1);
    expect(cmp.trends.find((t: { county: string }) => t.county === C).points.map((p: { quarter: string }) => p.quarter)).toEqual(['2019Q3']);

    const draft = await okPut(sup, '/api/reports/bulletins/2019Q3', { title: '关于2019年第三季度兜底保障工作情况的通报', body: '各县（市）区：现将第三季度情况通报如下。' });
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect((await adm.call('GET', '/api/reports/bulletins/2019Q3')).status).toBe(404);
    expect(await ok(adm, 'GET', '/api/reports/bulletins')).toEqual([]);
    const issued = await ok(sup, 'POST', '/api/reports/bulletins/2019Q3/issue', { version: 1 });
    expect(issued).toMatchObject({ status: 'issued', issuedBy: expect.any(String) });
    const row = await db.kysely.selectFrom('report_bulletin').selectAll().executeTakeFirstOrThrow();
    expect(row.snapshot_digest).toBe(createHash('sha256').update(row.snapshot!).digest('hex'));
    const ev = await db.kysely.selectFrom('audit_event').select(['detail', 'chain']).where('action', '=', 'bulletin.issue').executeTakeFirstOrThrow();
    expect(ev.chain).toBe('city');
    expect(JSON.parse(ev.detail!)).toMatchObject({ quarter: '2019Q3', snapshotDigest: row.snapshot_digest, counties: 7 });
    for (const client of [adm, admOther]) {
      const b = await ok(client, 'GET', '/api/reports/bulletins/2019Q3');
      expect(b.comparison.counties.find((c: { county: string }) => c.county === C).coverage).toEqual(mine.coverage);
      expect((await ok(client, 'GET', '/api/reports/bulletins')).map((x: { quarter: string }) => x.quarter)).toEqual(['2019Q3']);
    }
    const change = await sup.call('PUT', '/api/reports/bulletins/2019Q3', { title: '改', version: issued.version });
    expect([change.status, change.json.code]).toEqual([409, 'BULLETIN_ISSUED']);
    await expect(db.kysely.updateTable('report_bulletin').set({ body: '改' }).execute()).rejects.toThrow(/REPORT_FROZEN/);
    // Still: another county's report stays out of reach after the bulletin.
    expect((await admOther.call('GET', Q3)).status).toBe(403);
  });

  it('exports the submitted report in the statistics layout (xlsx) and as a PDF, and the bulletin likewise', async () => {
    const { token } = await injectLogin(app, 'qr_adm', TEST_PASSWORD);
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: `doudi_session=${token}` } });
    const x = await get(`${Q3}/export?format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain(`quarterly-report-${C}-2019Q3.xlsx`);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.getWorksheet('报表')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const head = rows.find((r) => r[0] === '指标')!;
    expect(head.slice(1, 3)).toEqual(['农村低保', '单人保']);
    // The frozen figure, not today's (one enrollment ended since): N households of dibao.
    expect(rows.find((r) => r[0] === '户数（户）')![1]).toBe(N);
    expect(String(rows[0][0])).toContain('2019年第三季度');
    const texts: unknown[][] = [];
    wb.getWorksheet('文字')!.eachRow((r) => texts.push((r.values as unknown[]).slice(1)));
    expect(texts[0]).toEqual(['工作进展', '本季度完成低保动态复核，新增对象均已公示。']);
    const bad = await get(`${Q3}/export?format=doc`);
    expect(bad.statusCode).toBe(400);
    // The print view (a browser's "print to PDF" where the server has no Chinese font): the same document.
    const html = await get(`${Q3}/export?format=html`);
    expect([html.statusCode, html.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(html.body).toContain('铁岭县2019年第三季度社会救助兜底保障工作报告');
    expect(html.body).toContain('本季度完成低保动态复核，新增对象均已公示。');
    const b = await get('/api/reports/bulletins/2019Q3/export?format=xlsx');
    expect(b.statusCode).toBe(200);
    if (pdfAvailable()) {
      const p = await get(`${Q3}/export?format=pdf`);
      expect([p.statusCode, p.headers['content-type']]).toEqual([200, 'application/pdf']);
      expect(p.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const bp = await get('/api/reports/bulletins/2019Q3/export?format=pdf');
      expect(bp.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});
