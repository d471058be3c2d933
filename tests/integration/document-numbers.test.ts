import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../src/commands/context.ts';
import { issueDocument } from '../../src/commands/shared/issue-document.ts';
import { parseDocumentNumber } from '../../src/kernel/document-number.ts';
import type { PlainDate } from '../../src/kernel/plain-date.ts';
import { testServer } from '../factories/api.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';
import { enrollDirect, enrollmentUrl, workedExample } from './enrollments-flow.ts';

/**
 * Official document numbers and the family notices (issue 11 point 9, ADR 0030): per county, kind and year, given in
 * the transaction of the event that issues the document, never colliding nor skipping under concurrency (rolled-back
 * events give their number back), the same on every reprint; the stop, suspension and change notices and the
 * refusal signed by the approving authority with the complaint telephone; the forms blank or pre-filled.
 */
describe(`document numbers and family notices (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  const clock = new TestClock('2019-08-01');

  const raw = async (username: string, path: string) => (await rawLogin(app, username, TEST_PASSWORD)).inject({ method: 'GET', url: path });
  const issued = (county: string, kind: string, year: number) =>
    db.kysely.selectFrom('issued_document').selectAll().where('county_code', '=', county).where('kind', '=', kind).where('year', '=', year).orderBy('seq').execute();

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'nva', 'village_assistant', AREAS.village);
    await makeUser(db, 'ncw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'nrv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'nap', 'county_approver', AREAS.county);
    // Outside the area of the enrollments: a caseworker of the sibling township and an approver of another county.
    await makeUser(db, 'ncw_b', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'nap_o', 'county_approver', AREAS.otherCounty);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'nva'), cw: await sessionFor(app, 'ncw'), rv: await sessionFor(app, 'nrv'), ap: await sessionFor(app, 'nap') };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('parallel allocations never collide or skip: 24 at once, every fifth rolled back after taking its number', async () => {
    const actor = operatorActor({ areaCode: AREAS.city });
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        db.kysely.transaction().execute(async (trx) => {
          const d = await issueDocument(trx, actor, { countyCode: '211224', kind: 'change', issuer: 'county', today: '2030-03-01' as PlainDate, at: new Date().toISOString() });
          if (i % 5 === 0) throw new Error('rolled back on purpose');
          return d.number;
        }),
      ),
    );
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(numbers).toHaveLength(19);
    const seqs = numbers.map((n) => parseDocumentNumber(n)?.seq ?? 0).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(new Set(numbers.map((n) => parseDocumentNumber(n)?.prefix))).toEqual(new Set(['昌县民变']));
    expect((await issued('211224', 'change', 2030)).map((r) => Number(r.seq))).toEqual(seqs);
    const counter = await db.kysely.selectFrom('document_counter').selectAll().where('county_code', '=', '211224').where('kind', '=', 'change').executeTakeFirstOrThrow();
    expect(Number(counter.last_seq)).toBe(19);
  });

  it('concurrent refusals get 铁县民驳〔2019〕1–3号 without gaps (a stale one gives its number back); a reprint shows the same number, signed by the bureau, with the complaint phone', async () => {
    const cases = [];
    for (const [i, day] of ['2019-08-01', '2019-08-05', '2019-08-12'].entries()) cases.push(await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, `号${i}`), 'county_review', day));
    const accepted = await issued('211221', 'acceptance', 2019);
    expect(accepted.map((r) => r.number)).toEqual(['铁县民受〔2019〕1号', '铁县民受〔2019〕2号', '铁县民受〔2019〕3号']);

    // One session before the race (a login per request at once would replay the second factor's code).
    await ok(crew.ap, 'GET', url(cases[0]));
    const refuse = (c: { countyCode: string; id: string; version: number }) => crew.ap.call('POST', url(c, 'refuse'), { version: c.version, reasons: ['家庭人均收入高于当地低保标准'] });
    const res = await Promise.all([refuse(cases[0]), refuse(cases[1]), refuse(cases[0]), refuse(cases[2])]);
    expect(res.map((r) => r.status).sort()).toEqual([200, 200, 200, 409]);
    const refusals = await issued('211221', 'refusal', 2019);
    expect(refusals.map((r) => r.number)).toEqual(['铁县民驳〔2019〕1号', '铁县民驳〔2019〕2号', '铁县民驳〔2019〕3号']);
    expect(new Set(refusals.map((r) => r.case_id))).toEqual(new Set(cases.map((c) => c.id)));

    const c = cases[0];
    const mine = refusals.find((r) => r.case_id === c.id);
    const first = await raw('nap', `/api/cases/${c.countyCode}/${c.id}/documents/refusal?format=html`);
    const again = await raw('ncw', `/api/cases/${c.countyCode}/${c.id}/documents/refusal?format=html`);
    expect(first.statusCode, first.body).toBe(200);
    for (const html of [first.body, again.body]) {
      expect(html).toContain(mine?.number);
      expect(html).toContain('审批机关：铁岭县民政局（盖章）');
      expect(html).toContain('监督投诉电话：12345');
      expect(html).toContain('六十日内向铁岭县人民政府申请行政复议');
      expect(html).toContain('《中华人民共和国行政诉讼法》第四十六条第一款');
      expect(html).not.toContain('决定人');
    }
    const detail = await ok(crew.ap, 'GET', url(c));
    expect(first.body).not.toContain(detail.decision.deciderName);
    // The record sheet (internal) keeps the decider and shows the decision's number.
    const sheet = await raw('nap', `/api/cases/${c.countyCode}/${c.id}/documents/record?format=html`);
    expect(sheet.body).toContain(`决定文号：${mine?.number}`);
    expect(sheet.body).toContain(detail.decision.deciderName);
  }, 180_000);

  it('suspension, resumption and stop each issue a numbered notice to the family: the decision, the reasons, the months, the amounts, the remedies, the bureau and the phone', async () => {
    const h = await workedExample(crew.cw, AREAS.village, '通');
    const e0 = await enrollDirect(db, h, { startMonth: '2019-08' });
    clock.set('2019-08-05');
    let e = await ok(crew.ap, 'GET', enrollmentUrl(h.countyCode, e0.id));
    expect(e.familyNotices).toEqual([]);
    e = await ok(crew.ap, 'POST', enrollmentUrl(h.countyCode, e0.id, 'suspend'), { version: e.version, reasons: ['户主长期外出，暂停核实'] });
    clock.set('2019-09-05');
    e = await ok(crew.ap, 'POST', enrollmentUrl(h.countyCode, e0.id, 'resume'), { version: e.version, reasons: ['已返乡，核实无变化'] });
    clock.set('2019-10-08');
    e = await ok(crew.ap, 'POST', enrollmentUrl(h.countyCode, e0.id, 'stop'), { version: e.version, reasons: ['家庭人均收入高于当地低保标准'] });
    expect(e.familyNotices.map((n: { kind: string; number: string }) => [n.kind, n.number])).toEqual([
      ['suspension', '铁县民停〔2019〕1号'],
      ['change', '铁县民变〔2019〕1号'],
      ['termination', '铁县民终〔2019〕1号'],
    ]);
    const print = async (n: { id: string }) => {
      const r = await raw('nap', `/api/enrollments/${h.countyCode}/${e0.id}/notices/${n.id}?format=html`);
      expect(r.statusCode, r.body).toBe(200);
      return r.body;
    };
    const [suspension, change, termination] = [await print(e.familyNotices[0]), await print(e.familyNotices[1]), await print(e.familyNotices[2])];
    expect(suspension).toContain('暂停救助通知书');
    expect(suspension).toContain('自2019年9月起暂停发放');
    expect(suspension).toContain('户主长期外出，暂停核实');
    expect(change).toContain('变更救助通知书');
    expect(change).toContain('自2019年10月起恢复发放');
    expect(change).toContain(`${(e0.amountFen / 100).toFixed(2)} 元`);
    expect(termination).toContain('终止救助通知书');
    expect(termination).toContain('自2019年11月起终止最低生活保障');
    expect(termination).toContain('家庭人均收入高于当地低保标准');
    for (const [html, n] of [suspension, change, termination].map((x, i) => [x, e.familyNotices[i]] as const)) {
      expect(html).toContain(n.number);
      expect(html).toContain('铁岭县民政局（盖章）');
      expect(html).toContain('监督投诉电话：12345');
      expect(html).toContain('六个月内依法向人民法院提起行政诉讼');
      expect(html).not.toContain('nap');
    }
    // Printing again shows the same; the print is audited; a notice of another enrollment is not found.
    expect(await print(e.familyNotices[2])).toBe(termination);
    const audits = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'enrollment.notice_document').execute();
    expect(audits.length).toBe(4);
    const other = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, '他'), { startMonth: '2019-11' });
    expect((await raw('nap', `/api/enrollments/${h.countyCode}/${other.id}/notices/${e.familyNotices[0].id}?format=html`)).statusCode).toBe(404);
    // Area scope: the same notice is not found for anyone outside the enrollment's area (nothing of it in the answer).
    for (const who of ['ncw_b', 'nap_o']) {
      const r = await raw(who, `/api/enrollments/${h.countyCode}/${e0.id}/notices/${e.familyNotices[2].id}?format=html`);
      expect([403, 404], who).toContain(r.statusCode);
      expect(r.body, who).not.toContain(e.familyNotices[2].number);
    }
  }, 120_000);

  it('the home-visit form and the deliberation record: blank, or pre-filled with the case’s household', async () => {
    const blank = await raw('ncw', '/api/documents/forms/home_visit?format=html');
    expect(blank.statusCode).toBe(200);
    for (const w of ['入户调查表', '家庭成员', '家庭收入', '家庭财产', '住房情况', '调查人员（签字）', '申请人（签字）']) expect(blank.body, w).toContain(w);
    const record = await raw('ncw', '/api/documents/forms/deliberation?format=html');
    for (const w of ['村（居）民主评议记录', '评议日期', '评议地点', '参加人数', '表决情况', '评议意见', '主持人（签字）']) expect(record.body, w).toContain(w);
    expect((await raw('ncw', '/api/documents/forms/other?format=html')).statusCode).toBe(400);

    clock.set('2019-11-04');
    const h = await newHousehold(crew.cw, AREAS.village, '表');
    const c = await drive(crew, clock, h, 'accepted', '2019-11-04');
    const filled = await raw('ncw', `/api/cases/${c.countyCode}/${c.id}/documents/home_visit?format=html`);
    expect(filled.statusCode, filled.body).toBe(200);
    for (const m of h.members) {
      expect(filled.body).toContain(m.name);
      expect(filled.body).not.toContain(m.idNumber);
    }
    const deliberation = await raw('ncw', `/api/cases/${c.countyCode}/${c.id}/documents/deliberation?format=html`);
    expect(deliberation.body).toContain(h.members.find((m) => m.relation === 'head')?.name);
  }, 120_000);
});
