import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs } from '../../src/commands/auth/acting-user.ts';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { confirmOverride, proposeOverride } from '../../src/commands/policy/overrides.ts';
import { isAppError } from '../../src/kernel/errors.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { waitJob } from '../factories/payroll-api.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { legacyOverride } from '../factories/policy.ts';

const C = '211221';
const operator = { userId: null, username: 'cli:test', displayName: 'cli:test' };

/** POLICY.md §3 worked example: Tieling county, rural, a household of 3, annual net income 6,000. */
const workedExample = (month: string) => ({
  program: 'dibao',
  month,
  county: C,
  household: {
    hukou: 'rural',
    members: [
      { birthDate: '1970-03-01', relation: 'head', laborCapacity: 'full' },
      { birthDate: '1972-05-01', relation: 'spouse', laborCapacity: 'full' },
      { birthDate: '2008-09-01', relation: 'child' },
    ],
    incomes: [{ kind: 'wage', annual: 6000 }],
  },
});

/**
 * Policy overrides (issue 9 point 4, issue 11 point 3, ADR 0017): bounded by each parameter's declared range and unit,
 * refused below the plan's floors or when a county would be left without a value, refused before an approved roll
 * unless back-pay is asked for, in force only once a city supervisor other than the author confirms, withdrawable
 * before they take effect, with a dated history; and no bad parameter makes a calculation, a simulation or a payroll
 * build answer 500.
 */
describe(`parameter overrides under the two-person rule (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: Client;
  let admin2: Client;
  let sup: Client;
  let sup2: Client;
  let worker: Client;
  let approver: Client;

  const propose = (who: Client, body: Record<string, unknown>) =>
    who.call('POST', '/api/policy/overrides', { area: C, citation: '测试文件 第1条', ...body });
  const confirm = (who: Client, o: { id: string; version: number }) => who.call('POST', `/api/policy/overrides/${o.id}/confirm`, { version: o.version });
  const withdraw = (who: Client, o: { id: string; version: number }, reason = '文件未下发') => who.call('POST', `/api/policy/overrides/${o.id}/withdraw`, { version: o.version, reason });
  const amount = async (month: string) => (await worker.call('POST', '/api/policy/calculate', workedExample(month))).json.amount.fen as number;
  const rows = () => db.kysely.selectFrom('policy_override').selectAll().orderBy('created_at').execute();

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'po_adm', 'system_admin', AREAS.city);
    await makeUser(db, 'po_adm2', 'system_admin', AREAS.city);
    await makeUser(db, 'po_sup', 'city_supervisor', AREAS.city);
    await makeUser(db, 'po_sup2', 'city_supervisor', AREAS.city);
    await makeUser(db, 'po_worker', 'township_caseworker', AREAS.township);
    await makeUser(db, 'po_maker', 'county_admin', AREAS.county);
    await makeUser(db, 'po_appr', 'county_approver', AREAS.county);
    app = await testServer(db);
    [admin, admin2, sup, sup2, worker, approver] = await Promise.all(['po_adm', 'po_adm2', 'po_sup', 'po_sup2', 'po_worker', 'po_appr'].map((u) => loginAs(app, u)));
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 4, prefix: 'po', startMonth: '2019-01' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('refuses 1e308 (and any value outside the parameter’s declared range) on every way in, with a code; nothing written, no 500', async () => {
    const r = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2019-08-01', value: 1e308 });
    expect([r.status, r.json.code, r.json.field]).toEqual([400, 'PARAM_VALUE_BOUNDS', 'value']);
    expect(r.json.message.zh).toBe('参数 dibao.standard.rural 的值须在 1000 至 100000 之间（单位 CNY/person/year），1e+308 超出范围');
    expect(await rows()).toEqual([]);
    const what = await sup.call('POST', '/api/policy/simulate', { changes: [{ name: 'dibao.standard.rural', value: 1e308 }], from: '2019-08' });
    expect([what.status, what.json.code]).toEqual([400, 'SIMULATE_VALUE_INVALID']);
    const situation = await worker.call('POST', '/api/policy/calculate', { ...workedExample('2019-08'), parameters: { 'dibao.standard.rural': 1e308 } });
    expect([situation.status, situation.json.code, situation.json.field]).toEqual([400, 'SITUATION_INVALID', 'parameters.dibao.standard.rural']);
  });

  it('a value stored before ranges existed (1e308) is not applied: calculation, simulation and a payroll build answer as without it', async () => {
    await db.kysely
      .insertInto('policy_override')
      .values({
        id: randomUUID(), name: 'dibao.standard.rural', area: C, effective_from: '2019-01-01', value_json: '1e308', citation: '旧数据 legacy', author: 'legacy',
        created_at: new Date().toISOString(), status: 'confirmed', author_id: null, author_name: null, back_pay: 0, confirmed_by: null, confirmed_by_name: null,
        confirmed_at: null, withdrawn_by: null, withdrawn_by_name: null, withdrawn_at: null, withdraw_reason: null, version: 1,
      })
      .execute();
    try {
      expect(await amount('2019-08')).toBe(69250);
      const what = await sup.call('POST', '/api/policy/simulate', { changes: [{ name: 'dibao.standard.rural', value: 6000 }], from: '2019-08', county: C });
      expect(what.status, JSON.stringify(what.json)).toBe(200);
      const maker = await loginAs(app, 'po_maker');
      const job = await maker.call('POST', '/api/payroll/rolls', { program: 'dibao', county: C, month: '2019-08' });
      expect(job.status, JSON.stringify(job.json)).toBe(202);
      const done = await waitJob(maker, job.json);
      expect(done.status, JSON.stringify(done.error)).toBe('done');
      expect(done.build?.totalFen).toBeGreaterThan(0);
      expect(done.build?.totalFen).toBeLessThan(10_000_000);
    } finally {
      await db.kysely.deleteFrom('policy_override').execute();
    }
  }, 60_000);

  it('pending until a city supervisor other than its author confirms it; the author cannot confirm; one confirmation wins', async () => {
    const p = await propose(admin, { name: 'heating.dispersed.annual', effectiveFrom: '2030-11-01', value: 260 });
    expect(p.status, JSON.stringify(p.json)).toBe(201);
    expect(p.json).toMatchObject({ status: 'pending', backPay: false, area: { code: C, name: { zh: '铁岭县' } }, description: { zh: expect.any(String) }, unit: 'CNY/household/year' });
    const inForce = async () => (await worker.call('GET', '/api/policy/parameters?at=2030-12-01')).json.parameters.find((x: { name: string }) => x.name === 'heating.dispersed.annual').values[2].value;
    expect(await inForce()).toBe(200);
    // The administrator cannot confirm (no such right); nor can a supervisor confirm what they proposed themselves.
    expect((await confirm(admin, p.json)).json.code).toBe('PERMISSION_DENIED');
    const own = await proposeOverride(operatorContext(db, { name: 'po_sup' }), { name: 'heating.dispersed.annual', area: C, effectiveFrom: '2031-11-01', value: 270, citation: '同一人' });
    try {
      await confirmOverride(await contextAs(db, 'po_sup'), { id: own.id, input: {} });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && [e.code, e.status]).toEqual(['PARAM_OVERRIDE_OWN', 403]);
    }
    expect((await admin.call('GET', '/api/policy/overrides?status=pending')).json.items.find((x: { id: string }) => x.id === p.json.id).can).toEqual({ confirm: false, withdraw: true });
    expect((await sup.call('GET', '/api/policy/overrides?status=pending')).json.items.find((x: { id: string }) => x.id === p.json.id).can).toEqual({ confirm: true, withdraw: true });
    expect((await worker.call('GET', '/api/policy/overrides')).status).toBe(403);

    const stale = await confirm(sup, { id: p.json.id, version: p.json.version + 1 });
    expect([stale.status, stale.json.code]).toEqual([409, 'STALE_VERSION']);
    const both = await Promise.all([confirm(sup, p.json), confirm(sup2, p.json)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await inForce()).toBe(260);
    const again = await confirm(sup, { id: p.json.id, version: p.json.version + 1 });
    expect([again.status, again.json.code]).toEqual([409, 'PARAM_OVERRIDE_STATE']);
    await db.kysely.deleteFrom('policy_override').where('id', '=', own.id).execute();
  });

  it('withdrawn while pending, or confirmed but before its date; never once in effect; the history says who did what and when', async () => {
    const a = (await propose(admin, { name: 'heating.central.rate', effectiveFrom: '2031-01-01', value: 26 })).json;
    const gone = await withdraw(admin2, a, '  ');
    expect([gone.status, gone.json.field]).toEqual([400, 'reason']);
    const w = await withdraw(admin2, a);
    expect(w.status, JSON.stringify(w.json)).toBe(200);
    expect(w.json).toMatchObject({ status: 'withdrawn', withdrawnBy: { username: 'po_adm2' }, withdrawReason: '文件未下发', confirmedBy: null });
    expect((await confirm(sup, w.json)).json.code).toBe('PARAM_OVERRIDE_STATE');

    const future = (await propose(admin, { name: 'heating.central.rate', effectiveFrom: '2031-01-01', value: 27 })).json;
    const fc = (await confirm(sup, future)).json;
    const fw = await withdraw(sup2, fc, '督查撤回：文件有误');
    expect(fw.status, JSON.stringify(fw.json)).toBe(200);
    expect(fw.json).toMatchObject({ status: 'withdrawn', confirmedBy: { username: 'po_sup' }, withdrawnBy: { username: 'po_sup2' } });

    const past = (await propose(admin, { name: 'heating.central.rate', effectiveFrom: '2019-11-01', value: 25, backPay: true })).json;
    const pc = (await confirm(sup, past)).json;
    const pw = await withdraw(admin, pc);
    expect([pw.status, pw.json.code]).toEqual([409, 'PARAM_OVERRIDE_IN_EFFECT']);

    const list = (await sup.call('GET', '/api/policy/overrides?name=heating.central.rate')).json.items as { id: string; status: string; proposedBy: { username: string }; proposedAt: string; confirmedAt: string | null; withdrawnAt: string | null }[];
    expect(list.map((x) => [x.id, x.status])).toEqual([[past.id, 'confirmed'], [future.id, 'withdrawn'], [a.id, 'withdrawn']]);
    for (const x of list) expect(x.proposedBy.username).toBe('po_adm');
    expect(list[1].confirmedAt! >= list[1].proposedAt && list[1].withdrawnAt! >= list[1].confirmedAt!).toBe(true);
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'actor_name']).where('entity_id', '=', future.id).orderBy('seq').execute();
    expect(audit.map((x) => [x.action, x.actor_name])).toEqual([['policy.override.propose', 'po_adm'], ['policy.override.confirm', 'po_sup'], ['policy.override.withdraw', 'po_sup2']]);
  });

  it('refuses a change that would leave a county without a value, or below a floor of the plan (issue 11 point 3); also on confirmation and on withdrawal', async () => {
    const before = await rows();
    const end = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2030-01-01', value: null });
    expect([end.status, end.json.code, end.json.field, end.json.details]).toEqual([422, 'PARAM_LEAVES_NO_VALUE', 'value', { county: C, name: 'dibao.standard.rural', month: '2030-01', day: '2030-01-01' }]);
    expect(end.json.message.zh).toMatch(/将使铁岭县自 2030年1月（2030-01-01）起没有有效的“农村最低生活保障标准（年）”（dibao\.standard\.rural）/);
    expect(end.json.message.en).toMatch(/would leave Tieling County without a value of “Rural dibao standard, per person per year” \(dibao\.standard\.rural\) from 2030-01/);
    const low = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2030-01-01', value: 4000 });
    expect([low.status, low.json.code, low.json.field, low.json.details.check]).toEqual([422, 'PARAM_BELOW_PLAN_FLOOR', 'value', 'CITY_AVERAGE_FLOOR']);
    // The county changed, the parameter, the floor with the figures compared, and the plan by title, number and clause.
    expect(low.json.message.zh).toMatch(/^此调整（铁岭县“农村最低生活保障标准（年）”，2030-01-01 起）将使铁岭市自 2030年1月（2030-01-01）起低于实施方案的下限：各县区农村低保标准的平均值低于实施方案规定的全市平均标准（各县区平均标准 4660，方案规定标准 4770）。依据：《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）二\(一\)$/);
    expect(await rows()).toEqual(before);

    // A raise in one county lets another go a little below the average; withdrawing the raise would break the average.
    const raise = (await confirm(sup, (await propose(admin, { name: 'dibao.standard.rural', area: '211204', effectiveFrom: '2031-01-01', value: 4840 })).json)).json;
    const cut = await propose(admin, { name: 'dibao.standard.rural', area: '211202', effectiveFrom: '2031-01-01', value: 4700 });
    expect(cut.status, JSON.stringify(cut.json)).toBe(201);
    // Pending, the cut is not in force: the raise may go …
    const w = await withdraw(admin, raise);
    expect(w.status, JSON.stringify(w.json)).toBe(200);
    // … and then the cut can no longer be confirmed.
    const c = await confirm(sup, cut.json);
    expect([c.status, c.json.code]).toEqual([422, 'PARAM_BELOW_PLAN_FLOOR']);
    // The other way round: raise and cut both in force, the raise cannot be withdrawn.
    const raise2 = (await confirm(sup, (await propose(admin, { name: 'dibao.standard.rural', area: '211204', effectiveFrom: '2031-01-01', value: 4840 })).json)).json;
    expect((await confirm(sup, cut.json)).status).toBe(200);
    const w2 = await withdraw(admin, raise2);
    expect([w2.status, w2.json.code]).toEqual([422, 'PARAM_BELOW_PLAN_FLOOR']);
  });

  it('the two holes of issue 11 point 3 stay shut on confirmation: a county left without a standard once the city value it fell back on is withdrawn', async () => {
    const changtu = '211224';
    // A city-wide rural standard from 2032 lets 昌图县 end its own (it falls back on the city's) …
    const cityValue = (await confirm(sup, (await propose(admin, { name: 'dibao.standard.rural', area: '211200', effectiveFrom: '2032-01-01', value: 5000 })).json)).json;
    const end = await propose(admin, { name: 'dibao.standard.rural', area: changtu, effectiveFrom: '2032-01-01', value: null });
    expect(end.status, JSON.stringify(end.json)).toBe(201);
    // … the city value is withdrawn before the end is confirmed (the end is pending, so nothing breaks yet) …
    expect((await withdraw(admin2, cityValue, '全市标准暂不调整')).status).toBe(200);
    // … and the confirmation sees the new picture: refused, naming county, parameter and month.
    const late = await confirm(sup, end.json);
    expect([late.status, late.json.code, late.json.details]).toEqual([422, 'PARAM_LEAVES_NO_VALUE', { county: changtu, name: 'dibao.standard.rural', month: '2032-01', day: '2032-01-01' }]);
    expect(late.json.message.zh).toMatch(/^此调整（昌图县“农村最低生活保障标准（年）”，2032-01-01 起）将使昌图县自 2032年1月（2032-01-01）起没有有效的/);
    expect((await rows()).find((r) => r.id === end.json.id)?.status).toBe('pending');
    const calc = await worker.call('POST', '/api/policy/calculate', { ...workedExample('2032-02'), county: changtu });
    expect(calc.status, JSON.stringify(calc.json)).toBe(200);
    expect((await withdraw(admin, { id: end.json.id, version: end.json.version }, '不再需要')).status).toBe(200);
  });

  it('data from before the checks: the compliance check reports a county without a value and a failing floor on any day; a change that deepens them is refused, one that mends them goes through', async () => {
    const gap = await legacyOverride(db, { name: 'dibao.standard.rural', area: C, effectiveFrom: '2034-01-01', value: null });
    const low = await legacyOverride(db, { name: 'dibao.standard.rural', area: '211223', effectiveFrom: '2033-01-01', value: 3000 });
    const proposed: string[] = [];
    try {
      // The calculator cannot compute there: the hole the check must show.
      const none = await worker.call('POST', '/api/policy/calculate', workedExample('2034-02'));
      expect([none.status, none.json.code, none.json.details?.cause]).toEqual([400, 'SITUATION_INVALID', 'PARAM_NO_VALUE']);
      expect(none.json.message.zh).toMatch(/没有有效值/);
      expect(none.json.message.zh, 'named in words, not by its key').not.toMatch(/[a-z]+\.[a-z]+/);
      // The check of a day before both still reports them, from the timeline.
      const report = (await sup.call('GET', '/api/policy/compliance?at=2020-02-01')).json;
      expect(report.ok).toBe(false);
      expect(report.counties.every((c: { ok: boolean }) => c.ok)).toBe(true);
      expect(report.timeline.map((p: { kind: string; area: { code: string }; from: string; until: string | null }) => [p.kind, p.area.code, p.from, p.until])).toEqual([
        ['floor', '211200', '2033-01-01', null],
        ['gap', C, '2034-01-01', null],
        ['floor', C, '2034-01-01', null],
      ]);
      expect(report.timeline[1]).toMatchObject({ parameter: { name: 'dibao.standard.rural' }, message: { zh: '自 2034-01-01 起没有有效的“农村最低生活保障标准（年）”（dibao.standard.rural）' } });
      expect(report.timeline[0].finding).toMatchObject({ check: 'CITY_AVERAGE_FLOOR', ok: false, values: { plan: '4770' } });

      // A county standard of 4,000 where the average is already below the plan: refused, it pushes it further below.
      const further = await propose(admin, { name: 'dibao.standard.rural', area: '211282', effectiveFrom: '2033-06-01', value: 4000 });
      expect([further.status, further.json.code, further.json.details.further]).toEqual([422, 'PARAM_BELOW_PLAN_FLOOR', true]);
      expect(further.json.message.zh).toMatch(/^此调整（开原市“农村最低生活保障标准（年）”，2033-06-01 起）将使铁岭市自 2033年6月（2033-06-01）起进一步低于实施方案的下限/);
      // An unrelated change is not blocked by them; the mends are accepted and confirmed, and the check is clean again.
      const other = await propose(admin, { name: 'heating.central.rate', effectiveFrom: '2035-01-01', value: 26 });
      expect(other.status, JSON.stringify(other.json)).toBe(201);
      proposed.push(other.json.id);
      for (const body of [{ area: '211223', effectiveFrom: '2033-01-01', value: 4770 }, { area: C, effectiveFrom: '2034-01-01', value: 4770 }]) {
        const fix = await propose(admin, { name: 'dibao.standard.rural', ...body });
        expect(fix.status, JSON.stringify(fix.json)).toBe(201);
        proposed.push(fix.json.id);
        expect((await confirm(sup, fix.json)).status).toBe(200);
      }
      const after = (await sup.call('GET', '/api/policy/compliance?at=2020-02-01')).json;
      expect([after.ok, after.timeline]).toEqual([true, []]);
      expect((await worker.call('POST', '/api/policy/calculate', workedExample('2034-02'))).status).toBe(200);
    } finally {
      await db.kysely.deleteFrom('policy_override').where('id', 'in', [gap, low, ...proposed]).execute();
    }
  });

  it('a date before the county’s last approved roll needs back-pay; a roll approved meanwhile stops a confirmation without it', async () => {
    const approve = async (month: string) => {
      const { rollId } = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month });
      const v = (await approver.call('GET', `/api/payroll/rolls/${C}/${rollId}`)).json;
      expect((await approver.call('POST', `/api/payroll/rolls/${C}/${rollId}/approve`, { version: v.version })).status).toBe(200);
    };
    await approve('2019-08');
    const retro = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2019-08-01', value: 5000 });
    expect([retro.status, retro.json.code, retro.json.field, retro.json.details]).toEqual([409, 'PARAM_RETROACTIVE', 'effectiveFrom', { county: C, month: '2019-08' }]);
    expect(retro.json.message.zh).toMatch(/早于铁岭县已审批的 2019-08 花名册.*补发/);
    const withBackPay = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2019-08-01', value: 5000, backPay: true });
    expect(withBackPay.status, JSON.stringify(withBackPay.json)).toBe(201);
    expect(withBackPay.json.backPay).toBe(true);
    // Dated after the approved month: no back-pay needed when proposed … but September is approved before it is confirmed.
    const sept = await propose(admin, { name: 'dibao.standard.rural', effectiveFrom: '2019-09-01', value: 5100 });
    expect(sept.status, JSON.stringify(sept.json)).toBe(201);
    await approve('2019-09');
    const late = await confirm(sup, sept.json);
    expect([late.status, late.json.code]).toEqual([409, 'PARAM_RETROACTIVE']);
    expect((await confirm(sup, withBackPay.json)).status).toBe(200);
    expect(await amount('2019-08')).toBe(75000);
    const verify = await admin.call('POST', '/api/audit/verify');
    expect(verify.json.ok).toBe(true);
  }, 60_000);
});
