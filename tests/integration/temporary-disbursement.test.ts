import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { householdOfThree, testServer, withClearIds } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { investigationBody, ok, sessionFor, TestClock, url } from './cases-flow.ts';

const T = AREAS.township;
const C = T.slice(0, 6);

/**
 * 临时救助发放批次 (issue 13 point 6, ADR 0040) through the API and the CLI on both databases: two assist-first cases
 * approved with stages, one household without a bank account; a county's batch of the stages due (the held one kept out
 * of the bank file), maker ≠ checker, the bank file, the bank's result settling the stages, a failed stage paid again by
 * the next batch with the next stage, never a stage twice (the database's key), the batch reconciled against the
 * township reserve, and the area and roles held.
 */
describe(`temporary-aid disbursement batches (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-09-30');
  let cw: Client;
  let rv: Client;
  let ap: Client;
  let maker: Client;
  let va: Client;
  let withAccount: { countyCode: string; id: string };
  let withoutAccount: { countyCode: string; id: string };
  const stagesOf = async (c: { countyCode: string; id: string }) =>
    db.kysely.selectFrom('temporary_stage').select(['n', 'status', 'roll_id', 'amount_fen']).where('county_code', '=', c.countyCode).where('case_id', '=', c.id).orderBy('n').execute();

  async function household(tag: string, account: boolean) {
    const body = { ...householdOfThree(AREAS.village, [nextId('19700501'), nextId('19720301'), nextId('20050901')], [`付建国${tag}`, `付秀英${tag}`, `付小明${tag}`]), assets: [] };
    const res = await va.call('POST', '/api/households', account ? { ...body, bankName: '铁岭农商银行', bankAccount: `62305200${tag === '甲' ? '1' : '2'}2345678901` } : body);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return withClearIds(res.json, body);
  }

  /** An emergency paid first, its paperwork and investigation, approved by the township in the stages given (after the 500 paid first). */
  async function approvedCase(h: Awaited<ReturnType<typeof household>>, category: string, stages: (rest: number) => { payOn: string; amountYuan: string }[]) {
    clock.set('2019-09-30');
    let c = await ok(cw, 'POST', '/api/temporary/emergencies', {
      household: { countyCode: h.countyCode, id: h.id },
      applicantPersonId: h.members.find((m: { relation: string }) => m.relation === 'head')!.id,
      category,
      eventDate: '2019-09-29',
      eventNote: '突发事件，生活暂时困难',
      needYuan: '800',
      paidFirstYuan: '500',
      reason: '急需救助',
    });
    const ref = { countyCode: c.countyCode, id: c.id };
    clock.set('2019-10-08');
    c = await ok(cw, 'POST', url(ref, 'accept'), { version: c.version, attachments: ['临时救助申请书.pdf'] });
    c = await ok(cw, 'POST', `/api/temporary/cases/${ref.countyCode}/${ref.id}/investigation`, { ...investigationBody(c.version, '2019-10-08'), needYuan: '800' });
    expect(c.temporary.approvalLevel).toBe('township');
    const rest = Math.round(Number(c.temporary.proposedYuan) * 100) - 50_000;
    c = await ok(rv, 'POST', `/api/temporary/cases/${ref.countyCode}/${ref.id}/approve`, { version: c.version, stages: stages(rest) });
    expect(c.state).toBe('approved');
    return ref;
  }

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['cw', 'township_caseworker', T],
      ['rv', 'township_reviewer', T],
      ['ap', 'county_approver', AREAS.county],
      ['mk', 'county_approver', AREAS.county],
      ['va', 'village_assistant', AREAS.village],
      ['ap_other', 'county_approver', AREAS.otherCounty],
      ['aud', 'auditor', AREAS.city],
    ] as const) {
      await makeUser(db, `tdb_${name}`, role, area);
    }
    app = await testServer(db, clock.fn);
    [cw, rv, ap, maker, va] = await Promise.all(['cw', 'rv', 'ap', 'mk', 'va'].map((n) => sessionFor(app, `tdb_${n}`)));
    await ok(ap, 'POST', `/api/temporary/reserves/${T}/top-ups`, { amount: '5000', note: '年初拨付' });
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    // 甲 has an account: the rest in two stages, on 14 October and 15 November. 乙 has none: the rest on 14 October.
    withAccount = await approvedCase(await household('甲', true), 'fire', (rest) => [
      { payOn: '2019-10-14', amountYuan: yuan(Math.floor(rest / 2)) },
      { payOn: '2019-11-15', amountYuan: yuan(rest - Math.floor(rest / 2)) },
    ]);
    withoutAccount = await approvedCase(await household('乙', false), 'traffic_accident', (rest) => [{ payOn: '2019-10-14', amountYuan: yuan(rest) }]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const refused = async (client: Client, method: 'POST' | 'GET', path: string, body: unknown, code: string, status: number) => {
    const r = await client.call(method, path, body);
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    expect(r.json.code).toBe(code);
    expect(r.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
  };
  const rolls = async () => Number((await db.kysely.selectFrom('payroll_roll').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let first: { id: string; version: number };

  it('builds a county’s batch of the stages due: the one without an account held out of the bank file, nothing before its day', async () => {
    clock.set('2019-10-11');
    await refused(maker, 'POST', '/api/temporary/disbursements', { county: C }, 'TEMPORARY_BATCH_EMPTY', 409);
    await refused(maker, 'POST', '/api/temporary/disbursements', { county: C, upTo: '2019-10-14' }, 'TEMPORARY_BATCH_FUTURE', 400);
    expect(await rolls()).toBe(0);
    clock.set('2019-10-14');
    const due = await ok(maker, 'GET', `/api/temporary/disbursements/due?county=${C}`);
    expect(due).toMatchObject({ county: C, upTo: '2019-10-14', stages: 2, withoutAccount: 1, reissues: 0 });
    const r = await maker.call('POST', '/api/temporary/disbursements', { county: C });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const roll = r.json;
    first = { id: roll.id, version: roll.version };
    expect(roll).toMatchObject({ program: 'temporary', kind: 'disbursement', round: 1, month: '2019-10', status: 'built' });
    expect(roll.totals).toMatchObject({ lines: 2, payLines: 2, held: 1, bankLines: 1, totalFen: due.stagesFen });
    expect(roll.totals.bankFen + roll.totals.heldFen).toBe(roll.totals.totalFen);
    expect((await stagesOf(withAccount)).map((s) => [Number(s.n), s.status])).toEqual([[1, 'paid_first'], [2, 'in_batch'], [3, 'planned']]);
    expect((await stagesOf(withoutAccount)).map((s) => [Number(s.n), s.status])).toEqual([[1, 'paid_first'], [2, 'held']]);
    const lines = await ok(maker, 'GET', `/api/payroll/rolls/${C}/${roll.id}/lines`);
    expect(lines.items.map((l: { kind: string; stage: { caseId: string; n: number }; held: boolean }) => [l.kind, l.stage, l.held])).toEqual(
      expect.arrayContaining([
        ['stage', { caseId: withAccount.id, n: 2 }, false],
        ['stage', { caseId: withoutAccount.id, n: 2 }, true],
      ]),
    );
    // Nothing more is due: a second build writes nothing.
    await refused(maker, 'POST', '/api/temporary/disbursements', { county: C }, 'TEMPORARY_BATCH_EMPTY', 409);
    expect(await rolls()).toBe(1);
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'detail']).where('entity_id', '=', roll.id).execute();
    // The build, and the read of its lines (accounts, masked, are personal data).
    expect(audit.map((a) => a.action).sort()).toEqual(['payroll.build', 'payroll.lines.read']);
  });

  it('reconciles the batch against the township reserve: paid first + stages = approved, case by case', async () => {
    const r = await ok(maker, 'GET', `/api/temporary/disbursements/${C}/${first.id}/reconciliation`);
    expect(r.totals).toMatchObject({ cases: 2, reservePaidFen: 100_000, problems: 0 });
    expect(r.townships).toHaveLength(1);
    expect(r.townships[0]).toMatchObject({ townshipCode: T, cases: 2, reservePaidFen: 100_000 });
    for (const c of r.cases) {
      expect(c.paidFirstFen).toBe(50_000);
      expect(c.reservePaidFen).toBe(50_000);
      expect(c.paidFirstFen + c.thisBatchFen + c.paidBeforeFen + c.laterFen).toBe(c.approvedFen);
    }
    // The auditor (city) reads it too; a township's staff do not read payment rolls.
    const aud = await sessionFor(app, 'tdb_aud');
    expect((await ok(aud, 'GET', `/api/temporary/disbursements/${C}/${first.id}/reconciliation`)).totals.cases).toBe(2);
    await refused(cw, 'GET', `/api/temporary/disbursements/${C}/${first.id}/reconciliation`, undefined, 'PERMISSION_DENIED', 403);
    // A monthly roll is not a batch.
    await refused(maker, 'GET', `/api/temporary/disbursements/${C}/no-such-roll/reconciliation`, undefined, 'NOT_FOUND', 404);
  });

  it('holds maker ≠ checker, the area and the roles', async () => {
    await refused(maker, 'POST', `/api/payroll/rolls/${C}/${first.id}/approve`, { version: first.version }, 'PAYROLL_MAKER_CHECKER', 403);
    await refused(cw, 'POST', '/api/temporary/disbursements', { county: C }, 'PERMISSION_DENIED', 403);
    const other = await sessionFor(app, 'tdb_ap_other');
    await refused(other, 'POST', '/api/temporary/disbursements', { county: C }, 'AREA_FORBIDDEN', 403);
    await refused(other, 'GET', `/api/temporary/disbursements/${C}/${first.id}/reconciliation`, undefined, 'NOT_FOUND', 404);
    await refused(maker, 'POST', `/api/payroll/rolls/${C}/${first.id}/refresh`, { version: first.version }, 'PAYROLL_REFRESH_BATCH', 409);
    const approved = await ok(ap, 'POST', `/api/payroll/rolls/${C}/${first.id}/approve`, { version: first.version });
    expect(approved.status).toBe('approved');
  });

  it('the bank’s result settles the stages; a failed stage is paid again by the next batch, with the next stage due', async () => {
    const s = await rawLogin(app, 'tdb_ap');
    const file = await downloadRows(s, C, first.id, 'csv');
    expect(file.status).toBe(200);
    // One payment (the held one is not sent) and the control row.
    expect(file.rows).toHaveLength(3);
    expect(file.rows[1]).toContain('临时救助');
    const res = await uploadResults(s, C, first.id, resultCsv(file.rows, new Map([[Number(file.rows[1][1]), '账户冻结']])));
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitJob(ap, res.json());
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect((await stagesOf(withAccount)).map((x) => x.status)).toEqual(['paid_first', 'failed', 'planned']);

    clock.set('2019-11-15');
    const due = await ok(maker, 'GET', `/api/temporary/disbursements/due?county=${C}`);
    expect(due).toMatchObject({ stages: 1, reissues: 1, withoutAccount: 0 });
    // From the CLI this time (the operator builds; one JSON document).
    const cli = await runDoudi(db, ['temporary', 'batch', 'build', '--county', C, '--up-to', '2019-11-15', '--as', 'tdb_mk', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const second = JSON.parse(cli.stdout);
    expect(second).toMatchObject({ program: 'temporary', kind: 'disbursement', status: 'built' });
    expect(second.totals).toMatchObject({ lines: 2, held: 0 });
    const stages = await stagesOf(withAccount);
    expect(stages.map((x) => [x.status, x.roll_id])).toEqual([['paid_first', null], ['in_batch', second.id], ['in_batch', second.id]]);
    const kinds = await db.kysely.selectFrom('payroll_line').select(['kind', 'stage_n']).where('roll_id', '=', second.id).orderBy('seq').execute();
    expect(kinds.map((k) => [k.kind, Number(k.stage_n)])).toEqual([['stage', 3], ['reissue', 2]]);
    // The CLI reconciles it, one JSON document.
    const rec = await runDoudi(db, ['temporary', 'batch', 'reconcile', '--county', C, '--roll', second.id, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout).totals).toMatchObject({ cases: 1, problems: 0 });
    const bad = await runDoudi(db, ['temporary', 'batch', 'build', '--county', '2112', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'TEMPORARY_OPTION', field: 'county' });
  });

  it('never pays a stage twice: the database refuses a second stage line for it, in any batch', async () => {
    const line = await db.kysely.selectFrom('payroll_line').selectAll().where('kind', '=', 'stage').where('case_id', '=', withAccount.id).where('stage_n', '=', 3).executeTakeFirstOrThrow();
    const extra = await db.kysely.selectFrom('payroll_roll').selectAll().where('id', '=', line.roll_id).executeTakeFirstOrThrow();
    // Reopened for the test only (a roll takes lines only while building), the key still holds.
    await sql`update payroll_roll set status = 'building' where county_code = ${C} and id = ${extra.id}`.execute(db.kysely);
    try {
      await expect(db.kysely.insertInto('payroll_line').values({ ...line, seq: 99 }).execute()).rejects.toThrow(/UNIQUE|unique|duplicate/);
    } finally {
      await sql`update payroll_roll set status = 'built' where county_code = ${C} and id = ${extra.id}`.execute(db.kysely);
    }
  });
});
