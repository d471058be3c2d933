import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { operatorContext } from '../../src/commands/context.ts';
import type { LineView, RollView } from '../../src/contracts/payroll.ts';
import { openAccount, sealAccount } from '../../src/db/personal-data.ts';
import { type Client, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { buildViaApi, downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { amountOf, enrollPopulation, householdIdOf } from '../factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor } from './cases-flow.ts';

const C = '211221';
const N = 10;
const HELD = 'no_account';

/**
 * Issue 11 point 2: a household without a bank account is never sent to the bank. Its line stays in the roll as held
 * (暂缓发放：缺少银行账号), is listed for the township to fix, is left out of the bank file and its control totals
 * (roll total = exported + held), waits in the re-issue queue, and is paid by the next roll once an account exists.
 */
describe(`lines held for a missing bank account (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let maker: Client;
  let checker: Client;
  let makerRaw: RawSession;
  const rolls: Record<string, string> = {};

  const lines = (rollId: string) =>
    db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', C).where('roll_id', '=', rollId).orderBy('seq').execute();
  const view = async (c: Client, rollId: string): Promise<RollView> => (await c.call('GET', `/api/payroll/rolls/${C}/${rollId}`)).json;
  const setAccount = (i: number, account: string | null) =>
    db.kysely.updateTable('household').set(sealAccount(db.keys, account)).where('county_code', '=', C).where('id', '=', householdIdOf('ha', i)).execute();
  const approve = async (rollId: string) => {
    const r = await checker.call('POST', `/api/payroll/rolls/${C}/${rollId}/approve`, { version: (await view(checker, rollId)).version });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  };
  const queue = async () => (await maker.call('GET', `/api/payroll/reissue-queue?county=${C}`)).json;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'hd_m', 'county_admin', AREAS.county);
    await makeUser(db, 'hd_a', 'county_approver', AREAS.county);
    app = await testServer(db);
    [maker, checker] = await Promise.all(['hd_m', 'hd_a'].map((u) => sessionFor(app, u)));
    makerRaw = await rawLogin(app, 'hd_m');
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: N, prefix: 'ha', startMonth: '2019-01' });
    // Two households were registered without a bank account.
    await setAccount(2, null);
    await setAccount(5, null);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('builds the lines of households without an account as held, lists them for the township, and totals reconcile: total = bank + held', async () => {
    const job = await buildViaApi(maker, { county: C, month: '2019-08' });
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    rolls.aug = job.rollId!;
    expect(job.build).toMatchObject({ lines: N, held: 2, heldFen: amountOf(2) + amountOf(5) });
    const ls = await lines(rolls.aug);
    expect(ls.filter((l) => l.hold_reason !== null).map((l) => l.household_id).sort()).toEqual([householdIdOf('ha', 2), householdIdOf('ha', 5)]);
    for (const l of ls) expect(l.hold_reason === null, l.household_id).toBe(l.bank_account_hash !== null);

    const v = await view(maker, rolls.aug);
    const all = ls.reduce((s, l) => s + Number(l.amount_fen), 0);
    expect(v.totals).toMatchObject({ payLines: N, totalFen: all, held: 2, heldFen: amountOf(2) + amountOf(5), bankLines: N - 2, bankFen: all - amountOf(2) - amountOf(5) });
    expect(v.totals.bankFen + v.totals.heldFen).toBe(v.totals.totalFen);

    const held = await maker.call('GET', `/api/payroll/rolls/${C}/${rolls.aug}/lines?held=true`);
    expect(held.status, JSON.stringify(held.json)).toBe(200);
    expect(held.json.total).toBe(2);
    const items: LineView[] = held.json.items;
    expect(items.map((l) => [l.householdId, l.held, l.holdReason, l.bankAccount])).toEqual([
      [householdIdOf('ha', 2), true, HELD, null],
      [householdIdOf('ha', 5), true, HELD, null],
    ]);
    // Where the township must fix it: the village and its township by name.
    for (const l of items) expect(l.areaName).toMatch(/镇|乡|街道/);
    const payable = await maker.call('GET', `/api/payroll/rolls/${C}/${rolls.aug}/lines?held=false`);
    expect(payable.json.total).toBe(N - 2);
    expect(payable.json.items.every((l: LineView) => !l.held && l.bankAccount !== null)).toBe(true);
  });

  it('`doudi payroll held` lists the held lines of a roll for the townships (masked, audited)', async () => {
    const text = await runDoudi(db, ['payroll', 'held', '--county', C, '--roll', rolls.aug]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(householdIdOf('ha', 2));
    expect(text.stdout).toContain(householdIdOf('ha', 5));
    expect(text.stdout).toContain('缺少银行账号');
    const json = await runDoudi(db, ['payroll', 'held', '--county', C, '--roll', rolls.aug, '--json']);
    expect(JSON.parse(json.stdout).map((l: LineView) => l.householdId)).toEqual([householdIdOf('ha', 2), householdIdOf('ha', 5)]);
    const reads = await db.kysely.selectFrom('audit_event').select('actor_name').where('action', '=', 'payroll.lines.read').where('entity_id', '=', rolls.aug).execute();
    expect(reads.map((r) => r.actor_name)).toContain(`cli:${process.env.USER ?? 'operator'}`);
  });

  it('the bank file leaves the held lines out: no empty account anywhere, control totals are those of the exported lines', async () => {
    await approve(rolls.aug);
    const v = await view(maker, rolls.aug);
    for (const format of ['csv', 'xlsx'] as const) {
      const f = await downloadRows(makerRaw, C, rolls.aug, format);
      expect(f.status).toBe(200);
      const payments = f.rows.slice(1, -1);
      const total = f.rows[f.rows.length - 1];
      expect(payments).toHaveLength(N - 2);
      for (const r of payments) expect(r[6], JSON.stringify(r)).toMatch(/^6230\d{9}$/);
      expect(payments.map((r) => r[4])).not.toContain('户主2');
      expect([total[0], total[1], total[8]]).toEqual(['合计', String(v.totals.bankLines), (v.totals.bankFen / 100).toFixed(2)]);
      expect(payments.reduce((s, r) => s + Math.round(Number(r[8]) * 100), 0)).toBe(v.totals.bankFen);
    }
    const audit = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'payroll.export').where('entity_id', '=', rolls.aug).execute();
    expect(JSON.parse(audit[0].detail ?? '{}')).toMatchObject({ payments: N - 2, totalFen: v.totals.bankFen, held: 2, heldFen: v.totals.heldFen });
  });

  it('the result file of the exported lines closes the roll; held lines and failures wait in the queue, marked when the account is missing', async () => {
    const bank = (await downloadRows(makerRaw, C, rolls.aug, 'csv')).rows;
    const failedRow = bank.find((r) => r[4] === '户主7')!;
    // A held line is not the bank's: a result row for it is refused, and nothing is applied.
    const heldSeq = (await lines(rolls.aug)).find((l) => l.household_id === householdIdOf('ha', 2))!.seq;
    const withHeld = [...bank.slice(0, -1), [rolls.aug, String(heldSeq), '正常发放', '2019-08', '户主2', '铁岭农商银行', '6230000000002', '3', (amountOf(2) / 100).toFixed(2), ''], bank[bank.length - 1]];
    const refused = await waitJob(maker, (await uploadResults(makerRaw, C, rolls.aug, resultCsv(withHeld))).json());
    expect(refused.report?.applied).toBe(false);
    expect(refused.report?.problems.map((p) => p.code)).toContain('PAYROLL_RESULT_HELD');
    const j = await waitJob(maker, (await uploadResults(makerRaw, C, rolls.aug, resultCsv(bank, new Map([[Number(failedRow[1]), '账户已销户']])))).json());
    expect(j.report, JSON.stringify(j.report?.problems)).toMatchObject({ applied: true, failed: 1, paid: N - 3 });
    const v = await view(maker, rolls.aug);
    expect(v.status).toBe('closed');
    expect(v.bank.paidFen + v.bank.failedFen).toBe(v.totals.bankFen);
    // The household of the failed payment has no account any more either (closed by the bank, not yet re-entered).
    await setAccount(7, null);
    const q = await queue();
    expect(q.total).toBe(3);
    const items = new Map(q.items.map((x: { householdId: string }) => [x.householdId, x]));
    expect(items.get(householdIdOf('ha', 2))).toMatchObject({ reason: 'held', holdReason: HELD, accountPresent: false, amountFen: amountOf(2), benefitMonth: '2019-08' });
    expect(items.get(householdIdOf('ha', 5))).toMatchObject({ reason: 'held', accountPresent: false });
    expect(items.get(householdIdOf('ha', 7))).toMatchObject({ reason: 'failed', bankReason: '账户已销户', accountPresent: false });
  });

  it('the next roll pays a held or failed payment only once the household has an account again; the others stay queued and are held again', async () => {
    await setAccount(2, '6230000000902');
    const sep = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-09' });
    rolls.sep = sep.rollId;
    const ls = await lines(rolls.sep);
    const reissues = ls.filter((l) => l.kind === 'reissue');
    expect(reissues.map((l) => [l.household_id, l.benefit_month, Number(l.amount_fen), l.hold_reason, openAccount(db.keys, l)])).toEqual([
      [householdIdOf('ha', 2), '2019-08', amountOf(2), null, '6230000000902'],
    ]);
    const regular = (i: number) => ls.find((l) => l.kind === 'regular' && l.household_id === householdIdOf('ha', i))!;
    expect([regular(2).hold_reason, regular(5).hold_reason, regular(7).hold_reason]).toEqual([null, HELD, HELD]);
    expect((await queue()).items.map((x: { householdId: string }) => x.householdId).sort()).toEqual([householdIdOf('ha', 5), householdIdOf('ha', 7)]);
    expect(sep.held).toBe(2);
  });

  it('an account entered before approval is taken in by a refresh: the held line becomes payable and the queued payment is added', async () => {
    await setAccount(5, '6230000000905');
    const before = await view(maker, rolls.sep);
    expect(before.freshness).toMatchObject({ stale: false, accountsEntered: 1 });
    // Not a reason to refuse approval: the approver may approve as it is (the account then waits for the next roll).
    expect((await view(checker, rolls.sep)).can.approve).toBe(true);
    const res = await maker.call('POST', `/api/payroll/rolls/${C}/${rolls.sep}/refresh`, { version: before.version });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const diff = res.json.items.filter((d: { householdId: string }) => d.householdId === householdIdOf('ha', 5));
    expect(diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'changed', kind: 'regular', before: { amountFen: amountOf(5), held: true }, after: { amountFen: amountOf(5), held: false } }),
        expect.objectContaining({ change: 'added', kind: 'reissue', benefitMonth: '2019-08', before: null, after: { amountFen: amountOf(5), held: false } }),
      ]),
    );
    const ls = await lines(rolls.sep);
    const five = ls.filter((l) => l.household_id === householdIdOf('ha', 5));
    expect(five.map((l) => [l.kind, l.hold_reason, openAccount(db.keys, l)]).sort()).toEqual([
      ['regular', null, '6230000000905'],
      ['reissue', null, '6230000000905'],
    ]);
    const v = await view(maker, rolls.sep);
    expect(v.totals).toMatchObject({ held: 1, heldFen: amountOf(7) });
    expect(v.totals.bankFen + v.totals.heldFen).toBe(v.totals.totalFen);
    expect(v.freshness).toMatchObject({ accountsEntered: 0 });
    await approve(rolls.sep);
    const f = await downloadRows(makerRaw, C, rolls.sep, 'csv');
    for (const r of f.rows.slice(1, -1)) expect(r[6]).not.toBe('');
    expect(f.rows.length - 2).toBe(v.totals.bankLines);
    expect((await queue()).items.map((x: { householdId: string; benefitMonth: string }) => `${x.householdId} ${x.benefitMonth}`).sort()).toEqual([
      `${householdIdOf('ha', 7)} 2019-08`,
      `${householdIdOf('ha', 7)} 2019-09`,
    ]);
  });
});
