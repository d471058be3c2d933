import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/enrollments/ensure-terms-current.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, enrollmentUrl, household, reviewUrl, setWage, termsOf, workedExample } from './enrollments-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const COUNTY = '211221';

/** An elderly person living alone on a small pension: fixed income, yearly review; qualifies for tekun too. */
const elderAlone = (client: Client, tag: string) =>
  household(client, AREAS.village, {
    tag,
    members: [{ birth: '19400301', relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }],
    incomes: [{ kind: 'pension', annualYuan: '1200' }],
  });

describe(`periodic review, gradual exit and tekun termination (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let rv2: Client;
  const clock = new TestClock('2019-06-03');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'rv2', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
    rv2 = await sessionFor(app, 'rv2');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** Opens a review and takes it through investigation and township review; returns it waiting for the county. */
  async function toCounty(e: { id: string }, day: string, o: { reviewer?: Client; before?: () => Promise<void> } = {}) {
    clock.set(day);
    let r = await ok(crew.cw, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e.id }, trigger: 'scheduled' });
    r = await ok(crew.cw, 'POST', reviewUrl(COUNTY, r.id, 'investigation'), { version: r.version, investigators: ['王调查', '赵调查'], investigatedOn: day, homeVisitOn: day, findings: '入户核实' });
    await o.before?.();
    return ok(o.reviewer ?? crew.rv, 'POST', reviewUrl(COUNTY, r.id, 'township-review'), { version: r.version, opinion: '同意，报县级' });
  }

  it('schedules reviews by household type and lists the overdue ones (API and CLI)', async () => {
    const irregular = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, 'Q'), { startMonth: '2019-06' });
    const fixed = await enrollDirect(db, await elderAlone(crew.cw, 'F'), { startMonth: '2019-06' });
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-07' });
    clock.set('2019-09-05');
    const q = await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, irregular.id));
    // An able-bodied spouse: quarterly for a rural household.
    expect(q.schedule).toEqual({ reviewClass: 'irregular', intervalMonths: 3, countedFrom: '2019-06-01', nextDue: '2019-09-01', overdue: true });
    expect((await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, fixed.id))).schedule).toMatchObject({ reviewClass: 'fixed', intervalMonths: 12, nextDue: '2020-06-01', overdue: false });
    const overdue = await ok(crew.cw, 'GET', '/api/reviews/overdue');
    expect(overdue.items.map((i: { enrollmentId: string }) => i.enrollmentId)).toEqual([irregular.id]);
    expect(overdue.items[0]).toMatchObject({ reviewClass: 'irregular', intervalMonths: 3, nextDue: '2019-09-01', daysOverdue: 4, openReviewId: null, program: 'dibao' });
    const cli = await runDoudi(db, ['reviews', 'overdue', '--county', COUNTY, '--on', '2019-09-05', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const out = JSON.parse(cli.stdout);
    expect(out.items.map((i: { enrollmentId: string }) => i.enrollmentId)).toEqual([irregular.id]);
    expect(cli.stdout).not.toContain('成员');
    const later = await runDoudi(db, ['reviews', 'overdue', '--county', COUNTY, '--on', '2020-06-02', '--json']);
    expect(JSON.parse(later.stdout).items.map((i: { enrollmentId: string }) => i.enrollmentId).sort()).toEqual([irregular.id, fixed.id].sort());
    // With dueWithin, the reviews falling due within so many days join the overdue ones (days until due as negative).
    clock.set('2020-05-10');
    const days = (page: { items: { enrollmentId: string; daysOverdue: number }[] }) => page.items.map((i) => [i.enrollmentId, i.daysOverdue]);
    expect(days(await ok(crew.cw, 'GET', '/api/reviews/overdue'))).toEqual([[irregular.id, 252]]);
    expect(days(await ok(crew.cw, 'GET', '/api/reviews/overdue?dueWithin=21'))).toEqual([[irregular.id, 252]]);
    expect(days(await ok(crew.cw, 'GET', '/api/reviews/overdue?dueWithin=22'))).toEqual([
      [irregular.id, 252],
      [fixed.id, -22],
    ]);
    for (const bad of ['-1', '93', 'soon']) {
      const r = await crew.cw.call('GET', `/api/reviews/overdue?dueWithin=${bad}`);
      expect(r.status).toBe(400);
    }
  });

  it('a change the household reports opens a review; the county changes the amount from the next month and reschedules', async () => {
    const h = await workedExample(crew.cw, AREAS.village, 'C');
    const e0 = await enrollDirect(db, h, { startMonth: '2019-07' });
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-07' });
    clock.set('2019-09-02');
    const missing = await crew.va.call('POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e0.id }, trigger: 'reported_change' });
    expect(missing.status).toBe(400);
    let r = await ok(crew.va, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e0.id }, trigger: 'reported_change', reportedChange: '配偶外出务工，收入增加' });
    expect(r).toMatchObject({ state: 'opened', trigger: 'reported_change', reportedChange: '配偶外出务工，收入增加', dueDate: '2019-09-17', version: 1 });
    // 10 working days: the 2019 Mid-Autumn Festival (13 September) is not one of them.
    expect((await crew.va.call('POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e0.id }, trigger: 'scheduled' })).json.code).toBe('REVIEW_ALREADY_OPEN');
    expect((await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'keep', reasons: ['x'] })).json.code).toBe('ILLEGAL_TRANSITION');
    const one = await crew.cw.call('POST', reviewUrl(COUNTY, r.id, 'investigation'), { version: r.version, investigators: ['王调查'], investigatedOn: '2019-09-02', findings: '核实' });
    expect(one.json.code).toBe('INVESTIGATORS_TOO_FEW');
    clock.set('2019-09-04');
    r = await ok(crew.cw, 'POST', reviewUrl(COUNTY, r.id, 'investigation'), { version: r.version, investigators: ['王调查', '赵调查'], investigatedOn: '2019-09-03', findings: '配偶月工资约 250 元' });
    expect(r).toMatchObject({ state: 'investigated', dueDate: '2019-09-11' });
    await setWage(db, h, 9000);
    r = await ok(crew.rv, 'POST', reviewUrl(COUNTY, r.id, 'township-review'), { version: r.version, opinion: '属实，建议减发' });
    const keep = await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'keep', reasons: ['维持'] });
    expect(keep.json.code).toBe('REVIEW_AMOUNT_CHANGED');
    const noReasons = await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'change', reasons: [] });
    expect(noReasons.status).toBe(400);
    clock.set('2019-09-06');
    r = await ok(crew.ap, 'POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'change', reasons: ['家庭收入增加，按差额减发'] });
    expect(r).toMatchObject({ state: 'decided', outcome: 'change', effectiveMonth: '2019-10', amountYuan: '442.50', deciderName: 'ap1', dueDate: null });
    expect(r.timeline.map((t: { step: string }) => t.step)).toEqual(['open', 'investigate', 'township_review', 'decide']);
    const e = await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, e0.id));
    expect(e.next).toEqual({ month: '2019-10', status: 'active', amountYuan: '442.50' });
    expect(e.terms.at(-1)).toMatchObject({ basis: 'review', reasons: ['家庭收入增加，按差额减发'] });
    expect(e.schedule).toMatchObject({ countedFrom: '2019-09-06', nextDue: '2019-12-06' });
    expect(e.reviews[0]).toMatchObject({ id: r.id, state: 'decided' });
  });

  it('gradual exit: a registered-poor household above the standard keeps its benefit for the months granted, never beyond 24, then it ends by itself', async () => {
    const h = await workedExample(crew.cw, AREAS.village, 'G', true);
    const e0 = await enrollDirect(db, h, { startMonth: '2019-03' });
    expect(e0.amountFen).toBe(58750);
    // July's roll was built (and the raise recalculated) before the review.
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-07' });
    const r = await toCounty(e0, '2019-09-02', { before: () => setWage(db, h, 20000) });
    // The page's hint says the bound in force for this household (the parameter), as the decision enforces it.
    expect(r.gradualExitMaxMonths).toBe(24);
    const still = await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'change', reasons: ['x'] });
    expect(still.json.code).toBe('ENGINE_NOT_ELIGIBLE');
    const tooLong = await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'gradual_exit', gradualExitMonths: 25, reasons: ['收入超标'] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({ code: 'GRADUAL_EXIT_TOO_LONG', field: 'gradualExitMonths' });
    expect(tooLong.json.message.zh).toContain('24');
    expect((await crew.ap.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'gradual_exit', reasons: ['收入超标'] })).json.code).toBe('GRADUAL_EXIT_TOO_LONG');
    const d = await ok(crew.ap, 'POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'gradual_exit', gradualExitMonths: 24, reasons: ['务工收入超过低保标准，给予渐退'] });
    expect(d).toMatchObject({ outcome: 'gradual_exit', gradualMonths: 24, effectiveMonth: '2019-10' });
    expect(d.decisionReasons.join()).toContain('GRADUAL_EXIT_REGISTERED_POOR');
    // The gradual exit keeps the amount in force, ends by itself, and no later recalculation touches it (2021-07).
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2021-07' });
    expect(await termsOf(db, COUNTY, e0.id)).toEqual([
      { from: '2019-03', status: 'active', fen: 58750, basis: 'decision' },
      { from: '2019-07', status: 'active', fen: 69250, basis: 'recalculation' },
      { from: '2019-10', status: 'gradual_exit', fen: 69250, basis: 'gradual_exit' },
      { from: '2021-10', status: 'ended', fen: 0, basis: 'gradual_exit_end' },
    ]);
    clock.set('2021-09-10');
    const e = await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, e0.id));
    expect(e).toMatchObject({ status: 'active', endMonth: '2021-10', schedule: null });
    expect(e.current).toEqual({ month: '2021-09', status: 'gradual_exit', amountYuan: '692.50' });
    expect(e.next).toEqual({ month: '2021-10', status: 'ended', amountYuan: '0.00' });
    expect(e.followUp).toMatchObject({ state: 'open', exitMonth: '2021-10' });

    // A household not in the poverty registry had no gradual exit in 2019 (demo default 0 months before nat-2021).
    const other = await workedExample(crew.cw, AREAS.village, 'N');
    const e1 = await enrollDirect(db, other, { startMonth: '2019-07' });
    const r1 = await toCounty(e1, '2019-09-03', { before: () => setWage(db, other, 20000) });
    expect(r1.gradualExitMaxMonths).toBeNull();
    const none = await crew.ap.call('POST', reviewUrl(COUNTY, r1.id, 'decision'), { version: r1.version, outcome: 'gradual_exit', gradualExitMonths: 3, reasons: ['收入超标'] });
    expect(none.json.code).toBe('GRADUAL_EXIT_NOT_AVAILABLE');
    const stop = await ok(crew.ap, 'POST', reviewUrl(COUNTY, r1.id, 'decision'), { version: r1.version, outcome: 'stop', reasons: ['收入超过标准'] });
    expect(stop.effectiveMonth).toBe('2019-10');
    expect((await termsOf(db, COUNTY, e1.id)).at(-1)).toEqual({ from: '2019-10', status: 'ended', fen: 0, basis: 'review_stop' });
  });

  it('tekun ends only after its 7-day written notice, from the next month, with a follow-up task; an open review is cancelled', async () => {
    const h = await elderAlone(crew.cw, 'T');
    const e0 = await enrollDirect(db, h, { kind: 'tekun', startMonth: '2019-05' });
    clock.set('2019-09-02');
    let e = await ok(crew.ap, 'GET', enrollmentUrl(COUNTY, e0.id));
    expect(e).toMatchObject({ program: 'tekun', unit: 'individual' });
    const direct = await crew.ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'stop'), { version: e.version, reasons: ['有赡养人'] });
    expect(direct.json.code).toBe('TEKUN_NEEDS_NOTICE');
    const review = await ok(crew.cw, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e0.id }, trigger: 'scheduled' });
    e = await ok(crew.ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'termination-notice'), { version: e.version, ground: 'supporter_able', reasons: ['其子已返乡，具备赡养能力'] });
    expect(e.terminationNotice).toMatchObject({ state: 'running', notifiedOn: '2019-09-02', endsOn: '2019-09-09', ground: 'supporter_able' });
    expect(e.actions.find((a: { action: string }) => a.action === 'termination_confirm')).toMatchObject({ canTake: false, refusal: { code: 'NOTICE_RUNNING' } });
    expect((await crew.ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'termination-notice'), { version: e.version, ground: 'death', reasons: ['x'] })).json.code).toBe('TERMINATION_NOTICE_RUNNING');
    clock.set('2019-09-08');
    const early = await crew.ap.call('POST', enrollmentUrl(COUNTY, e0.id, 'termination-notice/confirm'), { version: e.version });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('NOTICE_RUNNING');
    clock.set('2019-09-09');
    e = await ok(crew.ap, 'POST', enrollmentUrl(COUNTY, e0.id, 'termination-notice/confirm'), { version: e.version });
    expect(e).toMatchObject({ status: 'ended', endMonth: '2019-10', terminationNotice: { state: 'confirmed', effectiveMonth: '2019-10' } });
    expect(e.current).toMatchObject({ month: '2019-09', status: 'active' });
    expect((await termsOf(db, COUNTY, e0.id)).at(-1)).toEqual({ from: '2019-10', status: 'ended', fen: 0, basis: 'termination' });
    expect(e.followUp).toMatchObject({ state: 'open', exitMonth: '2019-10' });
    const task = await db.kysely.selectFrom('follow_up_task').selectAll().where('enrollment_id', '=', e0.id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ program: 'tekun', exit_basis: 'termination', person_id: h.members[0].id });
    expect(await ok(crew.cw, 'GET', reviewUrl(COUNTY, review.id))).toMatchObject({ state: 'cancelled' });

    // A notice withdrawn with reasons leaves the benefit running; dibao has no notice (it stops directly).
    const h2 = await elderAlone(crew.cw, 'W');
    const e2 = await enrollDirect(db, h2, { kind: 'tekun', startMonth: '2019-05' });
    let w = await ok(crew.ap, 'GET', enrollmentUrl(COUNTY, e2.id));
    w = await ok(crew.ap, 'POST', enrollmentUrl(COUNTY, e2.id, 'termination-notice'), { version: w.version, ground: 'income_above', reasons: ['养老金增加'] });
    expect((await crew.ap.call('POST', enrollmentUrl(COUNTY, e2.id, 'termination-notice/withdraw'), { version: w.version, reasons: [] })).json.code).toBe('REASONS_REQUIRED');
    w = await ok(crew.ap, 'POST', enrollmentUrl(COUNTY, e2.id, 'termination-notice/withdraw'), { version: w.version, reasons: ['核实养老金未超标'] });
    expect(w).toMatchObject({ status: 'active', terminationNotice: { state: 'withdrawn' }, followUp: null });
    const d = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, 'D'), { startMonth: '2019-07' });
    const dv = (await ok(crew.ap, 'GET', enrollmentUrl(COUNTY, d.id))).version;
    expect((await crew.ap.call('POST', enrollmentUrl(COUNTY, d.id, 'termination-notice'), { version: dv, ground: 'other', reasons: ['x'] })).json.code).toBe('TERMINATION_NOT_TEKUN');
  });

  it('the township reviewer of a review may not decide it, nor change the benefit, even after moving to the county', async () => {
    const h = await workedExample(crew.cw, AREAS.village, 'P');
    const e0 = await enrollDirect(db, h, { startMonth: '2019-07' });
    const r = await toCounty(e0, '2019-10-08', { reviewer: rv2 });
    await db.kysely.updateTable('app_user').set({ role: 'county_approver', area_code: AREAS.county }).where('username', '=', 'rv2').execute();
    const decide = await rv2.call('POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'keep', reasons: ['维持'] });
    expect(decide.status).toBe(403);
    expect(decide.json.code).toBe('SAME_USER_REVIEW_APPROVE');
    const e = await ok(rv2, 'GET', enrollmentUrl(COUNTY, e0.id));
    const suspend = await rv2.call('POST', enrollmentUrl(COUNTY, e0.id, 'suspend'), { version: e.version, reasons: ['暂停'] });
    expect(suspend.json.code).toBe('SAME_USER_REVIEW_APPROVE');
    expect((await ok(rv2, 'GET', reviewUrl(COUNTY, r.id))).nextSteps.find((s: { step: string }) => s.step === 'decide')).toMatchObject({ canTake: false, refusal: { code: 'SAME_USER_REVIEW_APPROVE' } });
    const kept = await ok(crew.ap, 'POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'keep', reasons: ['核实无变化，维持'] });
    expect(kept).toMatchObject({ outcome: 'keep', effectiveMonth: null, amountYuan: '692.50' });
    expect(await termsOf(db, COUNTY, e0.id)).toHaveLength(1);
    expect((await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, e0.id))).schedule).toMatchObject({ countedFrom: '2019-10-08', nextDue: '2020-01-08' });
  });
});
