import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { openAccount } from '../../src/db/personal-data.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import type { RollView } from '../../src/contracts/payroll.ts';
import { type Client, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { buildViaApi, downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { amountOf, enrollmentIdOf, enrollPopulation, householdIdOf, membersOf, putTerm } from '../factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { overrideInForce } from '../factories/policy.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor } from './cases-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const N = 40;
const operator = { userId: null, username: 'cli:test', displayName: 'cli:test' };
const individual = (i: number) => i % 7 === 0;
const personsOf = (i: number) => (individual(i) ? 1 : membersOf(i));
const range = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

/**
 * Monthly payment rolls end to end on one database (issue 5): build and its control totals, idempotence, the double-
 * payment key, back-pay and recovery after retroactive changes, maker ≠ checker, the bank file's escaping and totals,
 * the all-or-nothing result import, the closed roll frozen by the database, and the re-issue of failed payments.
 */
describe(`payment rolls (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let maker: Client;
  let checker: Client;
  let checker2: Client;
  let makerRaw: RawSession;
  const rolls: Record<string, string> = {};

  const lines = (rollId: string) =>
    db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', C).where('roll_id', '=', rollId).orderBy('seq').execute();
  const roll = (rollId: string) => db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('id', '=', rollId).executeTakeFirstOrThrow();
  const view = async (c: Client, rollId: string): Promise<RollView> => (await c.call('GET', `/api/payroll/rolls/${C}/${rollId}`)).json;

  /** What the terms say for a month, recomputed by a query of its own (not the build's). */
  async function recompute(month: string) {
    const r = await sql<{ n: number; fen: number; persons: number }>`
      select count(*) as n, coalesce(sum(t.amount_fen), 0) as fen, coalesce(sum(case when e.unit = 'individual' then 1 else h.member_count end), 0) as persons
      from enrollment_term t
      join enrollment e on e.county_code = t.county_code and e.id = t.enrollment_id
      join household h on h.county_code = e.county_code and h.id = e.household_id
      where t.county_code = ${C} and e.program = 'dibao' and t.from_month <= ${month}
        and not exists (select 1 from enrollment_term later where later.county_code = t.county_code and later.enrollment_id = t.enrollment_id
                        and later.from_month > t.from_month and later.from_month <= ${month})
        and t.status in ('active', 'gradual_exit') and t.amount_fen > 0`.execute(db.kysely);
    return { n: Number(r.rows[0].n), fen: Number(r.rows[0].fen), persons: Number(r.rows[0].persons) };
  }

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'pay_m', 'county_admin', AREAS.county);
    await makeUser(db, 'pay_a', 'county_approver', AREAS.county);
    await makeUser(db, 'pay_a2', 'county_approver', AREAS.county);
    app = await testServer(db);
    [maker, checker, checker2] = await Promise.all(['pay_m', 'pay_a', 'pay_a2'].map((u) => sessionFor(app, u)));
    makerRaw = await rawLogin(app, 'pay_m');
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.otherVillage, AREAS.siblingVillage], households: N, prefix: 'pa', startMonth: '2019-01', individualEvery: 7 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('builds a roll whose lines and stored control totals agree with the terms; building again returns the same roll', async () => {
    const r = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month: '2019-08', batchSize: 7 });
    rolls.aug = r.rollId;
    const expected = { lines: N, persons: range(N).reduce((s, i) => s + personsOf(i), 0), totalFen: range(N).reduce((s, i) => s + amountOf(i), 0) };
    expect(r).toEqual({ rollId: r.rollId, county: C, program: 'dibao', month: '2019-08', ...expected, held: 0, heldFen: 0, stale: false });
    const independent = await recompute('2019-08');
    expect(independent).toEqual({ n: expected.lines, fen: expected.totalFen, persons: expected.persons });

    const ls = await lines(r.rollId);
    expect(ls.map((l) => l.kind)).toEqual(range(N).map(() => 'regular'));
    expect(ls.map((l) => l.seq)).toEqual(range(N));
    for (const i of range(N)) {
      const l = ls.find((x) => x.enrollment_id === enrollmentIdOf('pa', i))!;
      expect(Number(l.amount_fen), `household ${i}`).toBe(amountOf(i));
      expect(Number(l.person_count)).toBe(personsOf(i));
      expect(l.term_status).toBe(i % 10 === 0 ? 'gradual_exit' : 'active');
      expect(l.unit).toBe(individual(i) ? 'individual' : 'household');
      expect(openAccount(db.keys, l)).toBe(`6230${String(i).padStart(9, '0')}`);
    }
    const stored = await roll(r.rollId);
    expect(stored.status).toBe('built');
    expect([Number(stored.line_count), Number(stored.person_count), Number(stored.total_fen), Number(stored.gradual_exit_count)]).toEqual([N, expected.persons, expected.totalFen, 4]);

    const again = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month: '2019-08', batchSize: 3 });
    expect(again).toEqual(r);
    expect(await lines(r.rollId)).toEqual(ls);
    const count = await db.kysely.selectFrom('payroll_roll').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('pays a payee once per program and month: the database refuses a second regular line or a second roll', async () => {
    const first = (await lines(rolls.aug))[0];
    const at = new Date().toISOString();
    // Another roll still building (so only the double-payment key can refuse the line).
    const other = { ...(await roll(rolls.aug)), id: 'second-roll', kind: 'reissue' as const, round: 1, status: 'building' as const, phase: 'regular' as const, approved_by: null, created_at: at, updated_at: at };
    await db.kysely.insertInto('payroll_roll').values(other).execute();
    await expect(db.kysely.insertInto('payroll_line').values({ ...first, roll_id: 'second-roll', seq: 1 }).execute()).rejects.toThrow(/unique|duplicate/i);
    // The same line as a back-pay is not refused by that key (it is not a second regular payment).
    await db.kysely.insertInto('payroll_line').values({ ...first, roll_id: 'second-roll', seq: 2, kind: 'backpay' }).execute();
    await db.kysely.deleteFrom('payroll_line').where('roll_id', '=', 'second-roll').execute();
    await db.kysely.deleteFrom('payroll_roll').where('id', '=', 'second-roll').execute();
    await expect(db.kysely.insertInto('payroll_roll').values({ ...other, id: 'third-roll', kind: 'regular', round: 0 }).execute()).rejects.toThrow(/unique|duplicate/i);
  });

  it('writes back-pay (补发) after a retroactive raise or approval and recovery (追缴) after a retroactive stop, as separate lines', async () => {
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('pa', 3), from: '2019-08', status: 'active', amountFen: amountOf(3) + 5_000 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('pa', 4), from: '2019-08', status: 'ended', amountFen: 0 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('pa', 5), from: '2019-09', status: 'suspended', amountFen: 0 });
    // Approved late, benefit from August: August is owed.
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 1, prefix: 'pb', startMonth: '2019-08' });
    // Names a spreadsheet would take for formulas (the bank file must defuse them).
    await db.kysely.updateTable('household').set({ head_name: '=HYPERLINK("http://x","y")', bank_name: '@SUM(A1)' }).where('id', '=', householdIdOf('pa', 2)).execute();
    await db.kysely.updateTable('household').set({ head_name: '-2+3' }).where('id', '=', householdIdOf('pa', 6)).execute();
    await db.kysely.updateTable('household').set({ head_name: '+cmd|calc' }).where('id', '=', householdIdOf('pa', 8)).execute();
    await db.kysely.updateTable('household').set({ head_name: '\t制表' }).where('id', '=', householdIdOf('pa', 9)).execute();

    const job = await buildViaApi(checker, { county: C, month: '2019-09' });
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    rolls.sep = job.rollId!;
    const ls = await lines(rolls.sep);
    const adjust = ls.filter((l) => l.kind !== 'regular').map((l) => [l.kind, l.enrollment_id, l.benefit_month, Number(l.amount_fen)]);
    expect(adjust.sort()).toEqual(
      [
        ['backpay', enrollmentIdOf('pa', 3), '2019-08', 5_000],
        ['backpay', enrollmentIdOf('pb', 1), '2019-08', amountOf(1)],
        ['recovery', enrollmentIdOf('pa', 4), '2019-08', -amountOf(4)],
      ].sort(),
    );
    const regular = ls.filter((l) => l.kind === 'regular');
    expect(regular.map((l) => l.enrollment_id).sort()).toEqual(
      [...range(N).filter((i) => i !== 4 && i !== 5).map((i) => enrollmentIdOf('pa', i)), enrollmentIdOf('pb', 1)].sort(),
    );
    expect(Number(regular.find((l) => l.enrollment_id === enrollmentIdOf('pa', 3))!.amount_fen)).toBe(amountOf(3) + 5_000);
    const expectedRegular = await recompute('2019-09');
    const v = await view(checker, rolls.sep);
    expect(v.totals).toMatchObject({
      lines: regular.length + 3,
      payLines: regular.length + 2,
      persons: expectedRegular.persons,
      regularFen: expectedRegular.fen,
      backpayFen: 5_000 + amountOf(1),
      recoveryFen: amountOf(4),
      totalFen: expectedRegular.fen + 5_000 + amountOf(1),
    });
    // August, built before the changes, is what was paid: untouched.
    expect((await lines(rolls.aug)).map((l) => Number(l.amount_fen))).toEqual(range(N).map(amountOf));
    expect(await db.kysely.selectFrom('payroll_change').selectAll().where('from_month', '<', '2019-09').execute()).toEqual([]);
  });

  it('maker ≠ checker: the approver who built a roll cannot approve it; another approver can; the table refuses it too', async () => {
    const v = await view(checker, rolls.sep);
    expect(v.builtByName).toBe('pay_a');
    expect(v.can.approve).toBe(false);
    const own = await checker.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: v.version });
    expect([own.status, own.json.code]).toEqual([403, 'PAYROLL_MAKER_CHECKER']);
    const admin = await maker.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: v.version });
    expect([admin.status, admin.json.code]).toEqual([403, 'PERMISSION_DENIED']);
    expect((await view(checker2, rolls.sep)).can.approve).toBe(true);
    const stale = await checker2.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: v.version + 5 });
    expect([stale.status, stale.json.code]).toEqual([409, 'STALE_VERSION']);
    const ok = await checker2.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: v.version });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect([ok.json.status, ok.json.approvedByName]).toEqual(['approved', 'pay_a2']);
    const twice = await checker2.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: ok.json.version });
    expect([twice.status, twice.json.code]).toEqual([409, 'PAYROLL_ALREADY_APPROVED']);
    const built = await roll(rolls.sep);
    await expect(db.kysely.updateTable('payroll_roll').set({ approved_by: built.built_by }).where('id', '=', rolls.sep).execute()).rejects.toThrow(/check|constraint/i);
    // A building or built roll cannot be exported.
    const early = await makerRaw.inject({ method: 'GET', url: `/api/payroll/rolls/${C}/${rolls.aug}/export?format=csv` });
    expect([early.statusCode, early.json().code]).toEqual([409, 'PAYROLL_NOT_APPROVED']);
  });

  it('exports the bank file as CSV and XLSX with formula-like cells escaped and the control totals last; the export is audited', async () => {
    const v = await view(maker, rolls.sep);
    const auditBefore = await db.kysely.selectFrom('audit_event').select('seq').where('action', '=', 'payroll.export').execute();
    for (const format of ['csv', 'xlsx'] as const) {
      const f = await downloadRows(makerRaw, C, rolls.sep, format);
      expect(f.status).toBe(200);
      expect(String(f.headers['content-disposition'])).toContain(`payroll-${C}-dibao-2019-09.${format}`);
      expect(f.headers['cache-control']).toBe('no-store');
      const [header, ...rest] = f.rows;
      expect(header).toEqual(['批次号', '序号', '类别', '所属月份', '收款人', '开户银行', '银行账号', '人数', '金额(元)', '渐退']);
      const total = rest[rest.length - 1];
      const payments = rest.slice(0, -1);
      expect(payments).toHaveLength(v.totals.payLines);
      expect([total[0], total[1], total[8]]).toEqual(['合计', String(v.totals.payLines), (v.totals.totalFen / 100).toFixed(2)]);
      const sum = payments.reduce((s, r) => s + Math.round(Number(r[8]) * 100), 0);
      expect(sum).toBe(v.totals.totalFen);
      const names = payments.map((r) => r[4]);
      expect(names).toContain(`'=HYPERLINK("http://x","y")`);
      expect(names).toContain(`'-2+3`);
      expect(names).toContain(`'+cmd|calc`);
      // A control character never reaches the bank file (issue 9 point 13): the tab is dropped, not just escaped.
      expect(names).toContain('制表');
      expect(payments.map((r) => r[5])).toContain(`'@SUM(A1)`);
      // Nothing a spreadsheet would evaluate is left anywhere in the file.
      for (const r of f.rows) for (const c of r) expect(/^[=+\-@\t\r]/.test(c), c).toBe(false);
      expect(payments.filter((r) => r[9] === '渐退').length).toBeGreaterThan(0);
      expect(payments.every((r) => r[2] !== '追缴')).toBe(true);
    }
    // The operator's export (`doudi payroll export`, a worker thread of its own) writes the same file.
    const dir = mkdtempSync(join(tmpdir(), 'doudi-payroll-cli-'));
    try {
      const out = join(dir, 'bank.csv');
      const cli = await runDoudi(db, ['payroll', 'export', '--county', C, '--roll', rolls.sep, '--out', out]);
      expect(cli.code, cli.stderr).toBe(0);
      const api = await downloadRows(makerRaw, C, rolls.sep, 'csv');
      expect(parse(readFileSync(out), { bom: true, relax_column_count: true })).toEqual(api.rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const auditAfter = await db.kysely.selectFrom('audit_event').select(['detail', 'actor_name']).where('action', '=', 'payroll.export').execute();
    expect(auditAfter.length - auditBefore.length).toBe(4);
    expect(auditAfter.map((a) => a.actor_name)).toContain(`cli:${process.env.USER ?? 'operator'}`);
    for (const a of auditAfter) expect(a.detail ?? '').not.toMatch(/6230\d{9}/);
    expect((await view(maker, rolls.sep)).exportCount).toBe(4);
  });

  it('refuses a result file with wrong columns or wrong rows, row by row, and changes nothing', async () => {
    const bank = (await downloadRows(makerRaw, C, rolls.sep, 'csv')).rows;
    const before = await snapshotTables(db, ['payroll_line', 'payroll_roll']);
    const noResult = resultCsv(bank)
      .split('\r\n')
      .map((l) => l.replace(/,[^,]*,[^,]*$/, ''))
      .join('\n');
    // A file without the result columns is refused on upload (issue 9 point 13): 400 with a code, no job queued.
    const jobsBefore = await db.kysely.selectFrom('payroll_job').select('id').execute();
    const r1 = await uploadResults(makerRaw, C, rolls.sep, noResult);
    expect([r1.statusCode, r1.json().code, r1.json().message.zh]).toEqual([400, 'UPLOAD_COLUMNS', expect.stringMatching(/缺少列：结果、失败原因/)]);

    const rows = resultCsv(bank).split('\r\n');
    const cells = rows[1].split(',');
    cells[8] = '0.01';
    rows[1] = cells.join(',');
    rows.splice(4, 0, rows[3]);
    const j2 = await waitJob(maker, (await uploadResults(makerRaw, C, rolls.sep, rows.join('\r\n'))).json());
    expect(j2.report!.applied).toBe(false);
    const codes = j2.report!.problems.map((p) => `${p.row}:${p.code}`);
    expect(codes).toEqual(expect.arrayContaining(['2:PAYROLL_RESULT_AMOUNT', '5:PAYROLL_RESULT_DUPLICATE', expect.stringMatching(/PAYROLL_RESULT_CONTROL_(COUNT|AMOUNT)/)]));
    const unreadable = await uploadResults(makerRaw, C, rolls.sep, '批次号,"序号\n1,2,3');
    expect([unreadable.statusCode, unreadable.json().code]).toEqual([400, 'UPLOAD_DAMAGED']);
    expect(await db.kysely.selectFrom('payroll_job').select('id').execute()).toHaveLength(jobsBefore.length + 1);
    expect(await snapshotTables(db, ['payroll_line', 'payroll_roll'])).toBe(before);
    expect((await view(maker, rolls.sep)).status).toBe('approved');
  });

  it('applies a correct result file whole: paid and failed with reasons, the roll closed, failures queued for re-issue', async () => {
    const bank = (await downloadRows(makerRaw, C, rolls.sep, 'csv')).rows;
    const failed = new Map([
      [Number(bank[1][1]), '账户已销户'],
      [Number(bank[5][1]), '户名不符'],
    ]);
    const j = await waitJob(maker, (await uploadResults(makerRaw, C, rolls.sep, resultCsv(bank, failed))).json());
    expect(j.status, JSON.stringify(j.error)).toBe('done');
    expect(j.report).toMatchObject({ applied: true, problemCount: 0, failed: 2, paid: bank.length - 4 });
    const v = await view(maker, rolls.sep);
    expect(v.status).toBe('closed');
    expect(v.bank.failed).toBe(2);
    expect(v.bank.paidFen + v.bank.failedFen).toBe(v.totals.totalFen);
    const q = await maker.call('GET', `/api/payroll/reissue-queue?county=${C}`);
    expect(q.json.total).toBe(2);
    expect(q.json.items.map((x: { seq: number; bankReason: string }) => [x.seq, x.bankReason]).sort()).toEqual([...failed].sort());
    for (const x of q.json.items) expect(x.bankAccount).toMatch(/^\*{4}\d{4}$/);
  });

  it('never changes a closed roll: the repository refuses and the database triggers refuse direct writes', async () => {
    // Refused before the file is even read: no job.
    const again = await uploadResults(makerRaw, C, rolls.sep, 'x');
    expect([again.statusCode, again.json().code]).toEqual([409, 'PAYROLL_ROLL_CLOSED']);
    const approve = await checker2.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/approve`, { version: (await view(checker2, rolls.sep)).version });
    expect(approve.status).toBe(409);
    const before = await snapshotTables(db, ['payroll_line', 'payroll_roll']);
    const k = db.kysely;
    const one = (await lines(rolls.sep))[0];
    const attempts = [
      () => k.updateTable('payroll_line').set({ amount_fen: 1 }).where('roll_id', '=', rolls.sep).where('seq', '=', one.seq).execute(),
      () => k.updateTable('payroll_line').set({ bank_status: 'paid', bank_reason: null }).where('roll_id', '=', rolls.sep).execute(),
      () => k.deleteFrom('payroll_line').where('roll_id', '=', rolls.sep).where('seq', '=', one.seq).execute(),
      () => k.insertInto('payroll_line').values({ ...one, seq: 9_999, kind: 'backpay' }).execute(),
      () => k.updateTable('payroll_roll').set({ total_fen: 0 }).where('id', '=', rolls.sep).execute(),
      () => k.updateTable('payroll_roll').set({ status: 'approved' }).where('id', '=', rolls.sep).execute(),
      () => k.deleteFrom('payroll_roll').where('id', '=', rolls.sep).execute(),
      // A built (not yet closed) roll's amounts are fixed too.
      () => k.updateTable('payroll_line').set({ amount_fen: 1 }).where('roll_id', '=', rolls.aug).execute(),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(/PAYROLL_ROLL_FROZEN/);
    expect(await snapshotTables(db, ['payroll_line', 'payroll_roll'])).toBe(before);
  });

  it('pays the re-issue queue in the next rolls, once, without repeating back-pay or recovery', async () => {
    const oct = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month: '2019-10' });
    const octLines = await lines(oct.rollId);
    expect(octLines.filter((l) => l.kind === 'reissue').map((l) => [l.reissue_of_roll, Number(l.reissue_of_seq)]).sort()).toHaveLength(2);
    expect(octLines.filter((l) => l.kind === 'backpay' || l.kind === 'recovery')).toEqual([]);
    const queue = await maker.call('GET', `/api/payroll/reissue-queue?county=${C}`);
    expect(queue.json.total).toBe(0);
    const failedSeqs = (await lines(rolls.sep)).filter((l) => l.bank_status === 'failed');
    for (const f of failedSeqs) {
      const r = octLines.find((l) => l.kind === 'reissue' && Number(l.reissue_of_seq) === Number(f.seq))!;
      expect([r.benefit_month, Number(r.amount_fen), r.payee_id]).toEqual([f.benefit_month, Number(f.amount_fen), f.payee_id]);
    }
    const nov = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month: '2019-11' });
    expect((await lines(nov.rollId)).every((l) => l.kind === 'regular')).toBe(true);
  });

  it('refuses gaps, months before the first roll, months too far ahead and unknown counties, with coded errors', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ county: C, month: '2020-01' }, 409, 'PAYROLL_MONTH_GAP'],
      [{ county: C, month: '2019-07' }, 409, 'PAYROLL_MONTH_BEFORE_FIRST'],
      [{ county: C, month: '2099-01' }, 400, 'PAYROLL_MONTH_FUTURE'],
      [{ county: '211223', month: '2019-08' }, 403, 'AREA_FORBIDDEN'],
      [{ county: C, month: '2019-13' }, 400, 'VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await maker.call('POST', '/api/payroll/rolls', { program: 'dibao', ...body });
      if (res.status === 202) {
        const j = await waitJob(maker, res.json);
        expect([j.status, j.error?.code], JSON.stringify(body)).toEqual(['failed', code]);
      } else expect([res.status, res.json.code], JSON.stringify(body)).toEqual([status, code]);
    }
  });

  it('pays as back-pay a raise entered after the month was paid: the enrollments module writes the terms, the roll pays the difference', async () => {
    const X = '211223';
    // Not stamped: the first build's ensureTermsCurrent sets every amount with the policy engine (no income: the standard).
    await enrollPopulation(db, { county: X, villages: [AREAS.otherCountyVillage], households: 3, prefix: 'px', startMonth: '2019-01', current: false });
    const aug = await buildRoll(operatorContext(db, { name: operator.username }), { county: X, program: 'dibao', month: '2019-08' });
    const paid = new Map((await db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', X).where('roll_id', '=', aug.rollId).execute()).map((l) => [l.enrollment_id, Number(l.amount_fen)]));
    // 4,770 yuan a year from 2019-07-01 (POLICY.md §1): 397.50 a month per member.
    for (const i of [1, 2, 3]) expect(paid.get(enrollmentIdOf('px', i))).toBe(39_750 * membersOf(i));
    await overrideInForce(db, { name: 'dibao.standard.rural', area: X, effectiveFrom: '2019-08-01', value: 6000, citation: '测试：追溯提标 retroactive raise (test)' }, new Date());
    const sep = await buildRoll(operatorContext(db, { name: operator.username }), { county: X, program: 'dibao', month: '2019-09' });
    const ls = await db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', X).where('roll_id', '=', sep.rollId).execute();
    for (const i of [1, 2, 3]) {
      const e = enrollmentIdOf('px', i);
      // 6,000 a year: 500.00 a month per member; August owes the difference.
      expect(Number(ls.find((l) => l.enrollment_id === e && l.kind === 'regular')!.amount_fen)).toBe(50_000 * membersOf(i));
      const back = ls.filter((l) => l.enrollment_id === e && l.kind === 'backpay');
      expect(back.map((l) => [l.benefit_month, Number(l.amount_fen)])).toEqual([['2019-08', (50_000 - 39_750) * membersOf(i)]]);
    }
  });
});
