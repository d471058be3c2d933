import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/enrollments/ensure-terms-current.ts';
import { recalculateCounty } from '../../src/commands/enrollments/recalculate.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { overrideInForce } from '../factories/policy.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, enrollmentUrl, setWage, termsOf, workedExample } from './enrollments-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const COUNTY = '211221';
const SYSTEM = { userId: null, username: 'system:test' };

describe(`enrollment amounts by month and changes from next month (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  const clock = new TestClock('2019-04-22');
  /** The worked-example household, approved in May 2019 through the whole procedure: benefit from June. */
  let may: { countyCode: string; id: string };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
    const h = await workedExample(crew.cw, AREAS.village, 'M');
    const c = await drive(crew, clock, h, 'approved', '2019-04-22');
    expect(c.enrollment).toMatchObject({ startMonth: '2019-06', monthlyAmountYuan: '587.50' });
    may = { countyCode: c.countyCode, id: c.enrollment.id };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('the 2019-07-01 standard raise changes July’s amount with no manual step: 587.50 → 692.50, recorded with why', async () => {
    expect(await termsOf(db, COUNTY, may.id)).toEqual([{ from: '2019-06', status: 'active', fen: 58750, basis: 'decision' }]);
    // Payroll calls this before building July's roll.
    const r = await ensureTermsCurrent(operatorContext(db, { clock: () => new Date('2019-07-02T02:00:00Z') }), { county: COUNTY, month: '2019-07' });
    expect(r).toMatchObject({ terms: 1, enrollments: 1, errors: 0 });
    expect(await termsOf(db, COUNTY, may.id)).toEqual([
      { from: '2019-06', status: 'active', fen: 58750, basis: 'decision' },
      { from: '2019-07', status: 'active', fen: 69250, basis: 'recalculation' },
    ]);
    clock.set('2019-07-02');
    const e = await ok(crew.cw, 'GET', enrollmentUrl(may.countyCode, may.id));
    expect(e.current).toEqual({ month: '2019-07', status: 'active', amountYuan: '692.50' });
    const july = e.terms[1];
    expect(july).toMatchObject({ fromMonth: '2019-07', amountYuan: '692.50', basis: 'recalculation', basisLabel: { en: 'automatic recalculation (parameter change)' } });
    expect(july.reasons.join('\n')).toContain('dibao.standard.rural: 4350 → 4770');
    expect(july.determination).toMatchObject({ month: '2019-07', eligible: true, amount: { fen: 69250 } });
    const std = july.determination.trace.flatMap((s: { params: { name: string; value: number }[] }) => s.params).find((p: { name: string }) => p.name === 'dibao.standard.rural');
    expect(std.value).toBe(4770);
    // An enrollment that starts after the raise was decided at 4,770 already: nothing to recalculate.
    const aug = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, 'A'), { startMonth: '2019-08' });
    expect(aug.amountFen).toBe(69250);
    expect((await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-08' })).terms).toBe(0);
    expect(await termsOf(db, COUNTY, aug.id)).toHaveLength(1);
  });

  it('recalculation is idempotent: a second run, and the CLI, add nothing; a new override is picked up once', async () => {
    const before = await db.kysely.selectFrom('enrollment_term').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ps = await loadParameterSet(db);
    const again = await recalculateCounty(operatorContext(db, { name: SYSTEM.username }), { county: COUNTY, parameters: ps });
    expect(again).toMatchObject({ examined: 0, terms: 0 });
    const cli = await runDoudi(db, ['enrollments', 'recalculate', '--from', '2019-01', '--county', COUNTY, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ from: '2019-01', terms: 0, enrollments: 0 });
    const after = await db.kysely.selectFrom('enrollment_term').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The county raises its own standard to 5,000 from 2019-10-01: (416.666… − 166.666…) × 3 = 750.00 exactly.
    await overrideInForce(db, { name: 'dibao.standard.rural', area: COUNTY, effectiveFrom: '2019-10-01', value: 5000, citation: '测试：铁岭县提标' }, new Date());
    const raised = await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-10' });
    expect(raised.terms).toBe(2);
    expect((await termsOf(db, COUNTY, may.id)).at(-1)).toEqual({ from: '2019-10', status: 'active', fen: 75000, basis: 'recalculation' });
    expect((await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-10' })).terms).toBe(0);
    await db.kysely.deleteFrom('policy_override').execute();
    await db.kysely.deleteFrom('enrollment_term').where('from_month', '=', '2019-10').execute();
  });

  it('suspend, resume and stop: written reasons required, the county approver decides, effective the next month', async () => {
    const { ap, va } = crew;
    const h = await workedExample(crew.cw, AREAS.village, 'S');
    const e0 = await enrollDirect(db, h, { startMonth: '2019-07' });
    clock.set('2019-08-20');
    let e = await ok(ap, 'GET', enrollmentUrl(COUNTY, e0.id));
    const noReasons = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'suspend'), { version: e.version, reasons: [] });
    expect(noReasons.status).toBe(400);
    expect(noReasons.json.field).toBe('reasons');
    const blank = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'suspend'), { version: e.version, reasons: ['  '] });
    expect(blank.status).toBe(400);
    const byVillage = await va.call('POST', enrollmentUrl(COUNTY, e0.id, 'suspend'), { version: e.version, reasons: ['外出'] });
    expect(byVillage.status).toBe(403);
    expect(byVillage.json.code).toBe('PERMISSION_DENIED');

    e = await ok(ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'suspend'), { version: e.version, reasons: ['户主长期外出，暂停核实'] });
    expect(e.current).toEqual({ month: '2019-08', status: 'active', amountYuan: '692.50' });
    expect(e.next).toEqual({ month: '2019-09', status: 'suspended', amountYuan: '0.00' });
    expect(e.status).toBe('suspended');
    expect(e.terms.at(-1)).toMatchObject({ fromMonth: '2019-09', basis: 'suspend', reasons: ['户主长期外出，暂停核实'], actorName: 'ap1' });
    const stale = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'resume'), { version: e.version - 1, reasons: ['x'] });
    expect(stale.json.code).toBe('STALE_VERSION');
    // One decision per month: the resumption can only take effect from October, so it waits until September.
    const sameMonth = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'resume'), { version: e.version, reasons: ['已返乡'] });
    expect(sameMonth.status).toBe(409);
    expect(sameMonth.json.code).toBe('CHANGE_ALREADY_DECIDED');

    clock.set('2019-09-10');
    e = await ok(ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'resume'), { version: e.version, reasons: ['已返乡，核实无变化'] });
    expect(e.next).toEqual({ month: '2019-10', status: 'active', amountYuan: '692.50' });
    expect(e.terms.at(-1).determination).toMatchObject({ month: '2019-10', amount: { fen: 69250 } });

    clock.set('2019-10-08');
    e = await ok(ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'stop'), { version: e.version, reasons: ['家庭收入超过标准'] });
    expect(e).toMatchObject({ status: 'ended', endMonth: '2019-11', next: { month: '2019-11', status: 'ended' }, current: { status: 'active' } });
    expect(await termsOf(db, COUNTY, e0.id)).toEqual([
      { from: '2019-07', status: 'active', fen: 69250, basis: 'decision' },
      { from: '2019-09', status: 'suspended', fen: 0, basis: 'suspend' },
      { from: '2019-10', status: 'active', fen: 69250, basis: 'resume' },
      { from: '2019-11', status: 'ended', fen: 0, basis: 'stop' },
    ]);
    // Every exit leaves a follow-up task to check the household for other assistance.
    expect(e.followUp).toMatchObject({ state: 'open', exitMonth: '2019-11' });
    const tasks = await ok(crew.cw, 'GET', '/api/follow-up-tasks?state=open');
    const task = tasks.items.find((t: { enrollmentId: string }) => t.enrollmentId === e0.id);
    expect(task).toMatchObject({ program: 'dibao', exitBasis: 'stop', exitMonth: '2019-11', createdOn: '2019-10-08', householdId: h.id });
    const done = await ok(crew.cw, 'POST', `/api/follow-up-tasks/${COUNTY}/${task.id}/done`, { outcome: 'referred_temporary', note: '转临时救助' });
    expect(done).toMatchObject({ state: 'done', outcome: 'referred_temporary', doneByName: 'cw1' });
    expect((await crew.cw.call('POST', `/api/follow-up-tasks/${COUNTY}/${task.id}/done`, { outcome: 'no_need' })).json.code).toBe('FOLLOW_UP_DONE');
    clock.set('2019-11-05');
    const again = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'stop'), { version: e.version, reasons: ['重复'] });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('ENROLLMENT_ENDED');
    const audit = await db.kysely.selectFrom('audit_event').select('action').where('entity_id', '=', e0.id).orderBy('seq').execute();
    // The approver's read is on the trail, so is the village assistant's refused attempt, then the three decisions.
    expect(audit.map((a) => a.action)).toEqual(['enrollment.read', 'access.refused', 'enrollment.suspend', 'enrollment.resume', 'enrollment.stop']);
  });

  it('the CLI changes a benefit as a named county approver, with reasons, from the next month', async () => {
    const e0 = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, 'L'), { startMonth: '2019-07' });
    const args = ['enrollments', 'suspend', '--county', COUNTY, '--id', e0.id];
    const byVillage = await runDoudi(db, [...args, '--reason', '外出', '--as', 'va1']);
    expect(byVillage.code).toBe(1);
    expect(byVillage.stderr).toContain('PERMISSION_DENIED');
    const blank = await runDoudi(db, [...args, '--reason', ' ', '--as', 'ap1']);
    expect(blank.stderr).toContain('REASONS_REQUIRED');
    expect((await runDoudi(db, [...args, '--as', 'ap1'])).stderr).toContain('REASONS_REQUIRED');
    const r = await runDoudi(db, [...args, '--reason', '户主外出', '--reason', '暂停核实', '--as', 'ap1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const last = out.terms.at(-1);
    expect(last).toMatchObject({ status: 'suspended', basis: 'suspend', reasons: ['户主外出', '暂停核实'], actorName: 'ap1 (CLI)' });
    expect(last.fromMonth > '2019-07').toBe(true);
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'actor_name']).where('entity_id', '=', e0.id).orderBy('seq').execute();
    // The CLI reads the enrollment (its version) as the named operator before it changes it: each read is on the trail.
    expect(audit).toEqual([
      { action: 'enrollment.read', actor_name: 'va1' },
      { action: 'enrollment.read', actor_name: 'ap1' },
      { action: 'enrollment.suspend', actor_name: 'ap1' },
    ]);
  }, 120_000);

  it('increase and reduce follow the engine on the registry as it now stands, in the direction decided', async () => {
    const { ap } = crew;
    const h = await workedExample(crew.cw, AREAS.village, 'R');
    const e0 = await enrollDirect(db, h, { startMonth: '2019-08' });
    clock.set('2019-09-03');
    let e = await ok(ap, 'GET', enrollmentUrl(COUNTY, e0.id));
    // The household reports more wages: 9,000 a year → (397.50 − 250) × 3 = 442.50.
    await setWage(db, h, 9000);
    const wrong = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'increase'), { version: e.version, reasons: ['收入变化'] });
    expect(wrong.status).toBe(409);
    expect(wrong.json.code).toBe('AMOUNT_NOT_HIGHER');
    e = await ok(ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'reduce'), { version: e.version, reasons: ['务工收入增加'] });
    expect(e.next).toEqual({ month: '2019-10', status: 'active', amountYuan: '442.50' });
    expect(e.terms.at(-1)).toMatchObject({ basis: 'reduce', amountFen: 44250 });
    clock.set('2019-10-03');
    await setWage(db, h, 3000);
    e = await ok(ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'increase'), { version: e.version, reasons: ['务工收入减少'] });
    // (397.50 − 83.333…) × 3 = 942.50
    expect(e.next).toEqual({ month: '2019-11', status: 'active', amountYuan: '942.50' });
    clock.set('2019-11-04');
    await setWage(db, h, 30000);
    const over = await ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'reduce'), { version: e.version, reasons: ['收入超标'] });
    expect(over.json.code).toBe('ENGINE_NOT_ELIGIBLE');
  });
});
