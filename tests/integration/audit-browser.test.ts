import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, householdOfThree } from '../factories/api.ts';
import { downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, TestClock } from './cases-flow.ts';

const C = '211221';

interface Ev {
  at: string;
  chain: string;
  seq: number;
  actor: string;
  action: string;
  entityId: string | null;
}

/**
 * The auditor's browser (issue 16 point 4, ADR 0047): a case taken through the whole procedure, enrolled, put on a roll
 * that is built, approved, sent to the bank and reconciled; then the auditor searches the trail (user, household,
 * person, action, time; paged), follows the chain of responsibility, exports a selection and verifies the chain. The
 * figures are checked against SQL written here, not against the command's own reads.
 */
describe(`audit browser (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let checker: Client;
  let aud: Client;
  let raw: RawSession;
  let audRaw: RawSession;
  const clock = new TestClock('2019-03-01');
  let h: Awaited<ReturnType<typeof newHousehold>>;
  let caseId = '';
  let rollId = '';

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ab_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'ab_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ab_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ab_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'ab_ap2', 'county_approver', AREAS.county);
    await makeUser(db, 'ab_aud', 'auditor', AREAS.city);
    await makeUser(db, 'ab_sys', 'system_admin', AREAS.city);
    app = await testServer();
    crew = { va: await sessionFor(app, 'ab_va'), cw: await sessionFor(app, 'ab_cw'), rv: await sessionFor(app, 'ab_rv'), ap: await sessionFor(app, 'ab_ap') };
    checker = await sessionFor(app, 'ab_ap2');
    aud = await sessionFor(app, 'ab_aud');

    h = await newHousehold(crew.cw, AREAS.village, '审责');
    const detail = await ok(crew.cw, 'GET', `/api/households/${C}/${h.id}`);
    const { members: _m, ...rest } = householdOfThree(AREAS.village, ['', '', '']);
    await ok(crew.cw, 'PUT' as 'POST', `/api/households/${C}/${h.id}`, { ...rest, bankName: '农商银行', bankAccount: '6228480012345678', version: detail.version });
    const approved = await drive(crew, clock, h, 'approved', '2019-03-04');
    caseId = approved.id;
    clock.set('2019-05-10');
    const res = await crew.ap.call('POST', '/api/payroll/rolls', { program: 'dibao', county: C, month: '2019-05' });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const job = await waitJob(crew.ap, res.json);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    rollId = job.rollId!;
    const v = await ok(checker, 'GET', `/api/payroll/rolls/${C}/${rollId}`);
    await ok(checker, 'POST', `/api/payroll/rolls/${C}/${rollId}/approve`, { version: v.version });
    raw = await rawLogin(app, 'ab_ap');
    const bank = await downloadRows(raw, C, rollId, 'csv');
    expect(bank.status).toBe(200);
    const done = await waitJob(crew.ap, (await uploadResults(raw, C, rollId, resultCsv(bank.rows))).json());
    expect(done.report?.applied).toBe(true);
    audRaw = await rawLogin(app, 'ab_aud');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  async function testServer() {
    const { testServer: make } = await import('../factories/api.ts');
    return make(db, clock.fn);
  }

  const search = async (body: Record<string, unknown>) => ok(aud, 'POST', '/api/audit/search', body);
  const userId = async (username: string) => (await db.kysely.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('follows the chain of responsibility of a case to the bank', async () => {
    const chain = await ok(aud, 'GET', `/api/audit/cases/${C}/${caseId}/responsibility`);
    const stages: string[] = chain.items.map((i: { stage: string }) => i.stage);
    for (const s of ['applied', 'accepted', 'investigated', 'deliberated', 'reviewed', 'approved', 'enrolled', 'roll_built', 'roll_approved', 'bank_file', 'paid']) expect(stages, s).toContain(s);
    // In time order, the procedure's stages before the payments.
    const at = chain.items.map((i: { at: string }) => i.at);
    expect([...at].sort()).toEqual(at);
    expect(stages.indexOf('accepted')).toBeLessThan(stages.indexOf('approved'));
    expect(stages.lastIndexOf('approved')).toBeLessThan(stages.indexOf('roll_built'));
    const by = (stage: string) => chain.items.find((i: { stage: string }) => i.stage === stage);
    expect(by('accepted')).toMatchObject({ actorName: 'ab_cw', actorRole: 'township_caseworker' });
    expect(by('reviewed')).toMatchObject({ actorName: 'ab_rv', actorRole: 'township_reviewer' });
    expect(chain.items.filter((i: { stage: string; step: string }) => i.step === 'approve')[0]).toMatchObject({ actorName: 'ab_ap', actorRole: 'county_approver' });
    expect(by('roll_built')).toMatchObject({ actorName: 'ab_ap', actorRole: 'county_approver' });
    expect(by('roll_approved')).toMatchObject({ actorName: 'ab_ap2', actorRole: 'county_approver' });
    expect(by('paid').detail.bankStatus).toBe('paid');
    expect(chain.rolls).toEqual([rollId]);
    // Each item's link is the audit event of that record, with the actor's account.
    for (const item of chain.items) {
      expect(item.event, item.step).not.toBeNull();
      const e = await sql<{ action: string; entity_id: string; actor_id: string }>`select action, entity_id, actor_id from audit_event where chain = ${item.event.chain} and seq = ${item.event.seq}`.execute(db.kysely);
      expect(e.rows[0].entity_id).toBe(item.entityId);
      expect([`case.${item.step}`, item.step]).toContain(e.rows[0].action);
    }
    const paid = await sql<{ n: number }>`select count(*) as n from payroll_line l join enrollment e on e.county_code = l.county_code and e.id = l.enrollment_id
      join case_decision d on d.county_code = e.county_code and d.id = e.decision_id where d.case_id = ${caseId} and l.bank_status = 'paid'`.execute(db.kysely);
    expect(Number(paid.rows[0].n)).toBeGreaterThan(0);
  });

  it('searches by user, action, time range and household, paged, as SQL finds them', async () => {
    const rv = await userId('ab_rv');
    const mine = await sql<{ seq: number }>`select seq from audit_event where actor_id = ${rv}`.execute(db.kysely);
    const byUser = await search({ user: 'ab_rv' });
    expect(byUser.items.length).toBe(mine.rows.length);
    expect(byUser.items.every((e: Ev) => e.actor === 'ab_rv')).toBe(true);

    const caseEvents = await sql<{ n: number }>`select count(*) as n from audit_event where action like 'case.%' and at >= '2019-03-05' and at < '2019-03-12'`.execute(db.kysely);
    const ranged = await search({ action: 'case.', from: '2019-03-05T00:00:00Z', to: '2019-03-12T00:00:00Z', limit: 200 });
    expect(ranged.items.length).toBe(Number(caseEvents.rows[0].n));
    expect(ranged.items.length).toBeGreaterThan(0);
    expect(ranged.items.every((e: Ev) => e.action.startsWith('case.') && e.at >= '2019-03-05' && e.at < '2019-03-12')).toBe(true);

    // By household, and by a member's ID number (the same records): pages of 5 walk the whole list without repeats.
    const expected = await sql<{ chain: string; seq: number }>`
      select chain, seq from audit_event where chain = ${C} and entity_id in (
        select ${h.id} union select id from assistance_case where county_code = ${C} and household_id = ${h.id}
        union select id from enrollment where county_code = ${C} and household_id = ${h.id})
      order by at desc, chain desc, seq desc`.execute(db.kysely);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await search({ county: C, householdId: h.id, limit: 5, ...(after ? { after } : {}) });
      seen.push(...page.items.map((e: Ev) => `${e.chain}:${e.seq}`));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(expected.rows.map((r) => `${r.chain}:${Number(r.seq)}`));
    const byPerson = await search({ idNumber: h.members[1].idNumber, limit: 200 });
    expect(byPerson.household).toEqual({ county: C, householdId: h.id });
    expect(byPerson.items.length).toBe(Math.min(200, expected.rows.length));
    // The search is audited, without the ID number.
    const last = await sql<{ detail: string }>`select detail from audit_event where action = 'audit.search' order by at desc, seq desc limit 1`.execute(db.kysely);
    expect(last.rows[0].detail).not.toContain(h.members[1].idNumber);
    expect(last.rows[0].detail).toContain(h.id);
  });

  it('exports a selection through the list export, audited', async () => {
    const rv = await userId('ab_rv');
    const n = Number((await sql<{ n: number }>`select count(*) as n from audit_event where actor_id = ${rv}`.execute(db.kysely)).rows[0].n);
    const res = await audRaw.inject({ method: 'GET', url: '/api/exports/audit-events.xlsx?user=ab_rv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-export-rows']).toBe(String(n));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => cells.push(String((row.values as unknown[])[5] ?? '')));
    expect(cells.filter((c) => c === 'ab_rv').length).toBe(n);
    const e = await sql<{ detail: string }>`select detail from audit_event where action = 'audit.export' order by at desc, seq desc limit 1`.execute(db.kysely);
    expect(JSON.parse(e.rows[0].detail)).toMatchObject({ kind: 'audit-events', rows: n });
  });

  it('verifies the chain on request and shows when it was last verified', async () => {
    expect((await aud.call('GET', '/api/audit/verify/status')).json).toBeNull();
    const run = await ok(aud, 'POST', '/api/audit/verify/run');
    expect(run).toMatchObject({ ok: true, by: 'ab_aud' });
    const status = await ok(aud, 'GET', '/api/audit/verify/status');
    expect(status).toMatchObject({ ok: true, at: run.at, events: run.events });
  });

  it('refuses the browser to caseworkers and the system administrator; an unknown case is not found', async () => {
    for (const c of [crew.cw, crew.ap]) {
      expect((await c.call('POST', '/api/audit/search', { user: 'ab_rv' })).status).toBe(403);
      expect((await c.call('GET', `/api/audit/cases/${C}/${caseId}/responsibility`)).status).toBe(403);
    }
    const sys = await sessionFor(app, 'ab_sys');
    expect((await sys.call('POST', '/api/audit/search', {})).status).toBe(403);
    expect((await raw.inject({ method: 'GET', url: '/api/exports/audit-events.xlsx?user=ab_rv' })).statusCode).toBe(403);
    expect((await aud.call('GET', `/api/audit/cases/${C}/no-such-case/responsibility`)).status).toBe(404);
    expect((await aud.call('GET', `/api/audit/cases/211223/${caseId}/responsibility`)).status).toBe(404);
  });
});
