import type { FastifyInstance } from 'fastify';
import { sealAccount } from '../../src/db/personal-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollDemo } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { ensureTermsCurrent } from '../../src/commands/payroll/terms-current.ts';
import { writeHeadFile } from '../../src/db/audit-checkpoint.ts';
import { type DeepProblem, verifyDeep } from '../../src/db/audit-deep.ts';
import type { Database } from '../../src/db/schema.ts';
import { type Client, householdOfThree, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollmentUrl, reviewUrl } from './enrollments-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const operator = { userId: null, username: 'cli:deep', displayName: 'cli:deep' };

/**
 * `audit verify --deep` (issue 9, point 7): after ordinary work through the commands — households and their members
 * edited, an application approved, an enrollment changed and reviewed, a synthetic population generated and enrolled,
 * payment rolls built, approved, exported and reconciled — every audited entity's stored rows match the after-digest of
 * its latest event; a change made in the tables behind the application's back (an enrollment amount × 10, a bank
 * account, a member, a payroll line, a role…) is reported for that entity, as are rows nobody audited and audited rows
 * that were deleted.
 */
describe(`audit verify --deep (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let checker: Client;
  let raw: RawSession;
  const clock = new TestClock('2019-03-01');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'd_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'd_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'd_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'd_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'd_ap2', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'd_va'), cw: await sessionFor(app, 'd_cw'), rv: await sessionFor(app, 'd_rv'), ap: await sessionFor(app, 'd_ap') };
    checker = await sessionFor(app, 'd_ap2');

    // The registry: a household created, edited, a member edited, one added and one moved to another household.
    const a = (await crew.cw.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')], ['深户主', '深配偶', '深子女']))).json;
    const b = (await crew.cw.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')], ['验户主', '验配偶', '验子女']))).json;
    const { members: _m, ...rest } = householdOfThree(AREAS.village, ['', '', '']);
    const a2 = await ok(crew.cw, 'PUT' as 'POST', `/api/households/${C}/${a.id}`, { ...rest, address: '铁岭县新台子镇懿路村五组 3 号', bankName: '农商银行', bankAccount: '6228480012345678', version: a.version });
    const spouse = a2.members.find((m: { relation: string }) => m.relation === 'spouse');
    await ok(crew.cw, 'PUT' as 'POST', `/api/persons/${C}/${spouse.id}`, { idNumber: spouse.idNumber, name: '深配偶改', relation: 'spouse', laborCapacity: 'partial', version: spouse.version });
    await ok(crew.cw, 'POST', `/api/households/${C}/${a.id}/members`, { idNumber: nextId('20180101'), name: '深新生', relation: 'child', laborCapacity: 'none' });
    const child = b.members.find((m: { relation: string }) => m.relation === 'child');
    await ok(crew.cw, 'POST', `/api/persons/${C}/${child.id}/move`, { targetHouseholdId: a.id, relation: 'grandchild', version: child.version });
    ids.householdA = a.id;
    ids.householdB = b.id;

    // An application along the whole procedure (spot check drawn, notices, approval → enrollment), then a review.
    const h = await newHousehold(crew.cw, AREAS.village, '深');
    const approved = await drive(crew, clock, h, 'approved', '2019-03-04');
    ids.case = approved.id;
    const e = (await ok(crew.cw, 'GET', `/api/households/${C}/${h.id}/enrollments`)).items[0];
    ids.enrollment = e.id;
    clock.set('2019-05-06');
    let r = await ok(crew.cw, 'POST', '/api/reviews', { enrollment: { countyCode: C, id: e.id }, trigger: 'scheduled' });
    r = await ok(crew.cw, 'POST', reviewUrl(C, r.id, 'investigation'), { version: r.version, investigators: ['王调查', '赵调查'], investigatedOn: '2019-05-06', homeVisitOn: '2019-05-06', findings: '入户核实' });
    r = await ok(crew.rv, 'POST', reviewUrl(C, r.id, 'township-review'), { version: r.version, opinion: '同意' });
    r = await ok(crew.ap, 'POST', reviewUrl(C, r.id, 'decision'), { version: r.version, outcome: 'keep', reasons: ['维持'] });
    ids.review = r.id;
    const en = await ok(crew.ap, 'GET', enrollmentUrl(C, e.id));
    await ok(crew.ap, 'POST', enrollmentUrl(C, e.id, 'suspend'), { version: en.version, reasons: ['外出务工'] });

    // A synthetic population, enrolled (with its recalculations), and two payment rolls: one reconciled, one approved.
    const now = new Date('2019-02-10T02:00:00Z');
    await generateDemo(operatorContext(db, { name: operator.username, clock: () => now }), { households: 200, seed: 'deep', county: C });
    await enrollDemo(operatorContext(db, { name: operator.username, clock: () => now }), { county: C, lastStart: '2019-01' as never });
    for (const month of ['2019-01', '2019-02']) {
      await ensureTermsCurrent(operatorContext(db, { clock: () => now }), { county: C, month });
      ids[month] = (await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month })).rollId;
      const v = await ok(checker, 'GET', `/api/payroll/rolls/${C}/${ids[month]}`);
      await ok(checker, 'POST', `/api/payroll/rolls/${C}/${ids[month]}/approve`, { version: v.version });
    }
    raw = await rawLogin(app, 'd_ap');
    const bank = await downloadRows(raw, C, ids['2019-01'], 'csv');
    expect(bank.status).toBe(200);
    const job = await waitJob(crew.ap, (await uploadResults(raw, C, ids['2019-01'], resultCsv(bank.rows, new Map([[1, '账户冻结']])))).json());
    expect(job.report?.applied).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const deep = () => verifyDeep(db.kysely);

  it('finds every audited entity in step with its latest event after ordinary work', async () => {
    const r = await deep();
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    for (const type of ['household', 'enrollment', 'case', 'review', 'user', 'payroll_roll']) expect(r.checked[type], type).toBeGreaterThan(0);
    expect(r.checked.household).toBeGreaterThanOrEqual(203);
    expect(r.checked.payroll_roll).toBe(2);
  });

  const one = async (table: keyof Database, where: Record<string, string>) => {
    let q = db.kysely.selectFrom(table).selectAll() as any;
    for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
    return q.executeTakeFirstOrThrow();
  };
  const update = async (table: keyof Database, where: Record<string, string>, set: Record<string, unknown>) => {
    let q = db.kysely.updateTable(table).set(set as never) as any;
    for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
    const r = await q.executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  };

  type Edit = { name: string; expect: () => Omit<DeepProblem, 'chain'>; edit: () => Promise<() => Promise<void>> };
  /** Changes one column of one row; returns the undo. */
  const change = (table: keyof Database, where: () => Record<string, string>, column: string, to: (v: any) => unknown) => async () => {
    const row = await one(table, where());
    await update(table, where(), { [column]: to(row[column]) });
    return () => update(table, where(), { [column]: row[column] });
  };

  const EDITS: Edit[] = [
    {
      name: 'an enrollment amount multiplied by 10',
      expect: () => ({ entityType: 'enrollment', id: ids.enrollment, problem: 'state_mismatch' }),
      edit: change('enrollment', () => ({ county_code: C, id: ids.enrollment }), 'monthly_amount_fen', (v) => Number(v) * 10),
    },
    {
      name: 'an enrollment term amount multiplied by 10',
      expect: () => ({ entityType: 'enrollment', id: ids.enrollment, problem: 'state_mismatch' }),
      edit: async () => {
        const t = await db.kysely.selectFrom('enrollment_term').selectAll().where('county_code', '=', C).where('enrollment_id', '=', ids.enrollment).orderBy('from_month').executeTakeFirstOrThrow();
        return change('enrollment_term', () => ({ county_code: C, enrollment_id: ids.enrollment, from_month: t.from_month }), 'amount_fen', (v) => Number(v) * 10)();
      },
    },
    {
      name: "a household's bank account redirected",
      expect: () => ({ entityType: 'household', id: ids.householdA, problem: 'state_mismatch' }),
      // Someone with the keys seals another account into the row (the sealed column, ADR 0012).
      edit: change('household', () => ({ county_code: C, id: ids.householdA }), 'bank_account_sealed', () => sealAccount(db.keys, '6228480099999999').bank_account_sealed),
    },
    {
      name: "a member's disability grade",
      expect: () => ({ entityType: 'household', id: ids.householdA, problem: 'state_mismatch' }),
      edit: async () => {
        const p = await db.kysely.selectFrom('person').select('id').where('county_code', '=', C).where('household_id', '=', ids.householdA).where('relation', '=', 'head').executeTakeFirstOrThrow();
        return change('person', () => ({ county_code: C, id: p.id }), 'disability_kind', () => 'physical')();
      },
    },
    {
      name: "an income's amount",
      expect: () => ({ entityType: 'household', id: ids.householdA, problem: 'state_mismatch' }),
      edit: async () => {
        const i = await db.kysely.selectFrom('income_item').select('id').where('county_code', '=', C).where('household_id', '=', ids.householdA).executeTakeFirstOrThrow();
        return change('income_item', () => ({ county_code: C, id: i.id }), 'annual_fen', () => 1)();
      },
    },
    {
      name: "a case's state",
      expect: () => ({ entityType: 'case', id: ids.case, problem: 'state_mismatch' }),
      edit: change('assistance_case', () => ({ county_code: C, id: ids.case }), 'state', () => 'refused'),
    },
    {
      name: "a review's outcome",
      expect: () => ({ entityType: 'review', id: ids.review, problem: 'state_mismatch' }),
      edit: change('review_case', () => ({ county_code: C, id: ids.review }), 'outcome', () => 'stop'),
    },
    {
      name: "a user's role",
      expect: () => ({ entityType: 'user', id: ids.user, problem: 'state_mismatch' }),
      edit: async () => {
        ids.user = (await one('app_user', { username: 'd_va' })).id;
        return change('app_user', () => ({ id: ids.user }), 'role', () => 'county_approver')();
      },
    },
    {
      // The table's triggers freeze amounts and accounts once a roll is built; the payee's name they let through.
      name: "the payee's name on a line of an approved roll",
      expect: () => ({ entityType: 'payroll_roll', id: ids['2019-02'], problem: 'state_mismatch' }),
      edit: change('payroll_line', () => ({ county_code: C, roll_id: ids['2019-02'], seq: '1' }), 'payee_name', () => '冒名顶替'),
    },
    {
      name: 'a household inserted behind the application',
      expect: () => ({ entityType: 'household', id: 'forged-household', problem: 'unaudited' }),
      edit: async () => {
        const h = await one('household', { county_code: C, id: ids.householdB });
        await db.kysely.insertInto('household').values({ ...h, id: 'forged-household' }).execute();
        return async () => void (await db.kysely.deleteFrom('household').where('county_code', '=', C).where('id', '=', 'forged-household').execute());
      },
    },
    {
      name: 'a household deleted behind the application',
      expect: () => ({ entityType: 'household', id: ids.householdB, problem: 'row_missing' }),
      edit: async () => {
        const where = { county: C, id: ids.householdB };
        const saved = {
          household: await db.kysely.selectFrom('household').selectAll().where('county_code', '=', where.county).where('id', '=', where.id).execute(),
          person: await db.kysely.selectFrom('person').selectAll().where('county_code', '=', where.county).where('household_id', '=', where.id).execute(),
          income_item: await db.kysely.selectFrom('income_item').selectAll().where('county_code', '=', where.county).where('household_id', '=', where.id).execute(),
          asset_item: await db.kysely.selectFrom('asset_item').selectAll().where('county_code', '=', where.county).where('household_id', '=', where.id).execute(),
        };
        const index = await db.kysely.selectFrom('person_index').selectAll().where('person_id', 'in', saved.person.map((p) => p.id)).execute();
        await db.kysely.deleteFrom('person_index').where('person_id', 'in', saved.person.map((p) => p.id)).execute();
        for (const t of ['income_item', 'asset_item', 'person'] as const) await db.kysely.deleteFrom(t).where('county_code', '=', where.county).where('household_id', '=', where.id).execute();
        await db.kysely.deleteFrom('household').where('county_code', '=', where.county).where('id', '=', where.id).execute();
        return async () => {
          for (const t of ['household', 'person', 'income_item', 'asset_item'] as const) if (saved[t].length) await db.kysely.insertInto(t).values(saved[t] as never).execute();
          await db.kysely.insertInto('person_index').values(index).execute();
        };
      },
    },
  ];

  it.each(EDITS)('$name: reported for that entity, and in step again once undone', async (t) => {
    const undo = await t.edit();
    try {
      const r = await deep();
      expect(r.ok).toBe(false);
      expect(r.problems.map(({ chain: _c, ...p }) => p)).toEqual([t.expect()]);
    } finally {
      await undo();
    }
    expect((await deep()).problems).toEqual([]);
  }, 60_000);

  it('doudi audit verify --deep: exit 1 naming the enrollment whose amount was multiplied by 10 in the table (read-only, exit 0 once undone)', async () => {
    await writeHeadFile(db);
    const undo = await EDITS[0].edit();
    try {
      const cli = await runDoudi(db, ['audit', 'verify', '--deep']);
      expect(cli.code, cli.stderr).toBe(1);
      expect(cli.stdout).toContain(`enrollment ${C}/${ids.enrollment}: state_mismatch`);
      const json = await runDoudi(db, ['audit', 'verify', '--deep', '--json']);
      const out = JSON.parse(json.stdout);
      expect(out.ok).toBe(false);
      expect(out.deep.problems).toEqual([{ entityType: 'enrollment', chain: C, id: ids.enrollment, problem: 'state_mismatch' }]);
      // The chain itself is intact: nothing else is reported.
      expect(out.firstProblem).toEqual({ chain: C, seq: 0, problem: 'deep:state_mismatch' });
    } finally {
      await undo();
    }
    const again = await runDoudi(db, ['audit', 'verify', '--deep']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/business rows \(household \d+, enrollment \d+, case \d+, review \d+, payroll_roll 2, user \d+\): ok/);
  }, 120_000);
});
