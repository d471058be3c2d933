import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { operatorContext } from '../../src/commands/context.ts';
import type { RefreshResult, RollView } from '../../src/contracts/payroll.ts';
import { type Client, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { buildViaApi } from '../factories/payroll-api.ts';
import { amountOf, enrollmentIdOf, enrollPopulation, householdIdOf, putTerm } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor } from './cases-flow.ts';

const C = '211221';
const N = 10;

/**
 * Issue 11 point 1: a roll built before later approvals (or stops, or changes) must not silently miss them. The
 * change marks of the enrollment terms tell that an unapproved roll is stale; approval refuses it (PAYROLL_STALE);
 * the maker refreshes it in one audited transaction and is shown the difference; a roll that is no longer the latest
 * is settled by the next roll (back-pay / recovery) instead.
 */
describe(`stale rolls and their refresh (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let maker: Client;
  let checker: Client;
  let checker2: Client;
  const rolls: Record<string, string> = {};

  const lines = (rollId: string) =>
    db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', C).where('roll_id', '=', rollId).orderBy('seq').execute();
  const view = async (c: Client, rollId: string): Promise<RollView> => {
    const r = await c.call('GET', `/api/payroll/rolls/${C}/${rollId}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json;
  };
  const refresh = async (c: Client, rollId: string) => c.call('POST', `/api/payroll/rolls/${C}/${rollId}/refresh`, { version: (await view(c, rollId)).version });
  const approve = async (c: Client, rollId: string) => c.call('POST', `/api/payroll/rolls/${C}/${rollId}/approve`, { version: (await view(c, rollId)).version });

  /** What the terms say for a month, by a query of its own: payable enrollments and their sum. */
  async function due(month: string) {
    const r = await sql<{ n: number; fen: number }>`
      select count(*) as n, coalesce(sum(t.amount_fen), 0) as fen
      from enrollment_term t join enrollment e on e.county_code = t.county_code and e.id = t.enrollment_id
      where t.county_code = ${C} and e.program = 'dibao' and t.from_month <= ${month}
        and not exists (select 1 from enrollment_term later where later.county_code = t.county_code and later.enrollment_id = t.enrollment_id
                        and later.from_month > t.from_month and later.from_month <= ${month})
        and t.status in ('active', 'gradual_exit') and t.amount_fen > 0`.execute(db.kysely);
    return { n: Number(r.rows[0].n), fen: Number(r.rows[0].fen) };
  }

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'st_m', 'county_admin', AREAS.county);
    await makeUser(db, 'st_a', 'county_approver', AREAS.county);
    await makeUser(db, 'st_a2', 'county_approver', AREAS.county);
    app = await testServer(db);
    [maker, checker, checker2] = await Promise.all(['st_m', 'st_a', 'st_a2'].map((u) => sessionFor(app, u)));
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: N, prefix: 'sa', startMonth: '2019-01' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('a roll built before a later approval, stop or change is stale: the page says why, approval is refused with PAYROLL_STALE, building again does not hide it', async () => {
    const job = await buildViaApi(maker, { county: C, month: '2019-08' });
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    rolls.aug = job.rollId!;
    const fresh = await view(checker, rolls.aug);
    expect(fresh.freshness).toMatchObject({ latest: true, stale: false, changedEnrollments: 0 });
    expect([fresh.can.approve, fresh.approveBlockedBy]).toEqual([true, null]);

    // After the build: a case approved with benefit from August, a household stopped from August, a raise from August.
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 1, prefix: 'sl', startMonth: '2019-08' });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('sa', 4), from: '2019-08', status: 'ended', amountFen: 0 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('sa', 3), from: '2019-08', status: 'active', amountFen: amountOf(3) + 5_000 });

    const stale = await view(checker, rolls.aug);
    expect(stale.freshness).toMatchObject({ latest: true, stale: true, changedEnrollments: 3 });
    expect([stale.can.approve, stale.approveBlockedBy]).toEqual([false, 'stale']);
    expect((await view(maker, rolls.aug)).can.refresh).toBe(true);

    const refused = await approve(checker, rolls.aug);
    expect([refused.status, refused.json.code]).toEqual([409, 'PAYROLL_STALE']);
    expect(refused.json.message.zh).toMatch(/刷新/);
    expect(refused.json.message.en).toMatch(/refresh/i);
    // The CLI's approval is refused the same way (the check is the command's, not the page's).
    const cli = await runDoudi(db, ['payroll', 'approve', '--county', C, '--id', rolls.aug, '--as', 'st_a2']);
    expect([cli.code, cli.stderr.split(':')[0]], cli.stderr).toEqual([1, 'PAYROLL_STALE']);

    // Building again returns the same roll, unchanged, and says it is stale.
    const again = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-08' });
    expect([again.rollId, again.lines, again.stale]).toEqual([rolls.aug, N, true]);
    expect((await lines(rolls.aug)).map((l) => l.enrollment_id)).not.toContain(enrollmentIdOf('sl', 1));
    expect((await db.kysely.selectFrom('payroll_roll').select('status').where('id', '=', rolls.aug).executeTakeFirstOrThrow()).status).toBe('built');
  });

  it('the maker refreshes the roll: lines added, removed and changed are rebuilt in one audited transaction and the difference comes back', async () => {
    const before = await lines(rolls.aug);
    const res = await refresh(maker, rolls.aug);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r: RefreshResult = res.json;
    expect(r.changed).toBe(true);
    expect(r.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    const byHousehold = new Map(r.items.map((d) => [d.householdId, d]));
    expect(byHousehold.get(householdIdOf('sl', 1))).toMatchObject({ change: 'added', kind: 'regular', benefitMonth: '2019-08', before: null, after: { amountFen: amountOf(1), held: false } });
    expect(byHousehold.get(householdIdOf('sa', 4))).toMatchObject({ change: 'removed', before: { amountFen: amountOf(4) }, after: null });
    expect(byHousehold.get(householdIdOf('sa', 3))).toMatchObject({ change: 'changed', before: { amountFen: amountOf(3) }, after: { amountFen: amountOf(3) + 5_000 } });
    for (const d of r.items) expect(d.payeeName).toMatch(/^户主/);
    expect(r.totalsBefore.totalFen).toBe(before.reduce((s, l) => s + Number(l.amount_fen), 0));

    // The lines now are what the terms say; untouched lines kept their numbers; the stored totals follow the lines.
    const after = await lines(rolls.aug);
    const expected = await due('2019-08');
    expect([after.length, after.reduce((s, l) => s + Number(l.amount_fen), 0)]).toEqual([expected.n, expected.fen]);
    const untouched = before.filter((l) => ![enrollmentIdOf('sa', 3), enrollmentIdOf('sa', 4)].includes(l.enrollment_id ?? ''));
    for (const l of untouched) expect(after.find((x) => x.enrollment_id === l.enrollment_id)?.seq).toBe(l.seq);
    const v = await view(checker, rolls.aug);
    expect(v.totals).toMatchObject({ lines: expected.n, payLines: expected.n, totalFen: expected.fen, regularFen: expected.fen });
    expect(r.roll.totals).toEqual(v.totals);
    expect(v.freshness).toMatchObject({ stale: false, changedEnrollments: 0 });
    expect([v.status, v.refreshedByName, v.can.approve]).toEqual(['built', 'st_m', true]);
    expect(v.version).toBeGreaterThan(1);
    expect(await db.kysely.selectFrom('payroll_change').selectAll().where('county_code', '=', C).execute()).toEqual([]);

    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'payroll.refresh').where('entity_id', '=', rolls.aug).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_name: 'st_m', chain: C });
    expect(JSON.parse(audit[0].detail ?? '{}')).toMatchObject({ added: 1, removed: 1, changed: 1, totalFenBefore: r.totalsBefore.totalFen, totalFenAfter: expected.fen });

    // Nothing changed since: a second refresh changes nothing and writes nothing.
    const idle = await refresh(maker, rolls.aug);
    expect([idle.status, idle.json.changed, idle.json.items]).toEqual([200, false, []]);
    expect((await view(maker, rolls.aug)).version).toBe(v.version);
  });

  it('whoever refreshed a roll is one of its makers: that approver cannot approve it, another can', async () => {
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('sa', 6), from: '2019-08', status: 'active', amountFen: amountOf(6) + 1_000 });
    const res = await refresh(checker, rolls.aug);
    expect([res.status, res.json.counts]).toEqual([200, { added: 0, removed: 0, changed: 1 }]);
    const own = await approve(checker, rolls.aug);
    expect([own.status, own.json.code]).toEqual([403, 'PAYROLL_MAKER_CHECKER']);
    expect((await view(checker, rolls.aug)).approveBlockedBy).toBe('maker');
    const ok = await approve(checker2, rolls.aug);
    expect([ok.status, ok.json.status], JSON.stringify(ok.json)).toEqual([200, 'approved']);
  });

  it('an approved roll is never refreshed: a later change is paid by the next roll as back-pay', async () => {
    const refused = await refresh(maker, rolls.aug);
    expect([refused.status, refused.json.code]).toEqual([409, 'PAYROLL_ALREADY_APPROVED']);
    expect((await view(maker, rolls.aug)).can.refresh).toBe(false);
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 1, prefix: 'sm', startMonth: '2019-08' });
    // Only a roll awaiting approval can be stale: an approved one is what was decided.
    expect((await view(checker2, rolls.aug)).freshness).toBeNull();
    const sep = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-09' });
    rolls.sep = sep.rollId;
    const ls = await lines(rolls.sep);
    expect(ls.filter((l) => l.enrollment_id === enrollmentIdOf('sm', 1)).map((l) => [l.kind, l.benefit_month, Number(l.amount_fen)]).sort()).toEqual([
      ['backpay', '2019-08', amountOf(1)],
      ['regular', '2019-09', amountOf(1)],
    ]);
  });

  it('a roll that is no longer the latest is settled by the next one: its refresh is refused, its approval is not, the change is back-pay there', async () => {
    // September (built, not approved) misses a raise for September; October is built after it.
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('sa', 7), from: '2019-09', status: 'active', amountFen: amountOf(7) + 2_000 });
    expect((await view(maker, rolls.sep)).freshness).toMatchObject({ latest: true, stale: true, changedEnrollments: 1 });
    const oct = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-10' });
    const octLines = await lines(oct.rollId);
    expect(octLines.filter((l) => l.enrollment_id === enrollmentIdOf('sa', 7)).map((l) => [l.kind, l.benefit_month, Number(l.amount_fen)]).sort()).toEqual([
      ['backpay', '2019-09', 2_000],
      ['regular', '2019-10', amountOf(7) + 2_000],
    ]);
    const sepView = await view(maker, rolls.sep);
    expect(sepView.freshness).toMatchObject({ latest: false, stale: false });
    expect(sepView.can.refresh).toBe(false);
    const refused = await refresh(maker, rolls.sep);
    expect([refused.status, refused.json.code]).toEqual([409, 'PAYROLL_REFRESH_NOT_LATEST']);
    expect(refused.json.message.zh).toContain('2019-10');
    const ok = await approve(checker2, rolls.sep);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
  });

  it('a term written while the roll is being built (between its batches) is in the roll when the build ends: a fresh roll is never stale', async () => {
    let written = false;
    const nov = await buildRoll(operatorContext(db, { name: 'cli:test' }), {
      county: C,
      program: 'dibao',
      month: '2019-11',
      batchSize: 3,
      onProgress: async (done) => {
        // After the first batch (which holds sa…01–03): household 2's benefit stops from November.
        if (written || done < 3) return;
        written = true;
        await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('sa', 2), from: '2019-11', status: 'suspended', amountFen: 0 });
      },
    });
    expect(written).toBe(true);
    expect(nov.stale).toBe(false);
    expect((await lines(nov.rollId)).map((l) => l.enrollment_id)).not.toContain(enrollmentIdOf('sa', 2));
    expect((await view(checker2, nov.rollId)).freshness).toMatchObject({ stale: false, changedEnrollments: 0 });
  });

  it('`doudi payroll refresh` refreshes as the operator and prints the difference; an unknown roll is refused', async () => {
    const dec = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-12' });
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 1, prefix: 'sn', startMonth: '2019-12' });
    const text = await runDoudi(db, ['payroll', 'refresh', '--county', C, '--roll', dec.rollId]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('新增 added');
    expect(text.stdout).toContain(householdIdOf('sn', 1));
    const json = await runDoudi(db, ['payroll', 'refresh', '--county', C, '--roll', dec.rollId, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ changed: false, counts: { added: 0, removed: 0, changed: 0 } });
    const unknown = await runDoudi(db, ['payroll', 'refresh', '--county', C, '--roll', 'no-such-roll']);
    expect([unknown.code, unknown.stderr.split(':')[0]]).toEqual([1, 'NOT_FOUND']);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'payroll.refresh').where('entity_id', '=', dec.rollId).execute();
    expect(audit.map((a) => a.actor_name)).toEqual([`cli:${process.env.USER ?? 'operator'}`]);
  });
});
