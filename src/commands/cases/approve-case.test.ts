import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../tests/factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';
import { AREAS, makeUser } from '../../../tests/factories/users.ts';
import { type Crew, drive, ok, sessionFor, TestClock } from '../../../tests/integration/cases-flow.ts';
import { enrollmentUrl, household, workedExample } from '../../../tests/integration/enrollments-flow.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { scheduleMissingReviews } from '../enrollments/review-schedule.ts';
import { operatorContext } from '../context.ts';

const COUNTY = '211221';

/**
 * Approval schedules the enrollment's first periodic review (动态管理, POLICY.md §6) in its own transaction: no batch run
 * is needed before the enrollment shows when it is due. Every case here is approved in May 2019 (benefit from June), so
 * the review is counted from 2019-06-01.
 */
describe(`approval schedules the first review (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  const clock = new TestClock('2019-04-22');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const scheduleRow = (enrollmentId: string) =>
    db.kysely.selectFrom('review_schedule').selectAll().where('county_code', '=', COUNTY).where('enrollment_id', '=', enrollmentId).executeTakeFirst();
  const scheduleAudits = (enrollmentId: string) =>
    db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'review.schedule').where('entity_id', '=', enrollmentId).execute();

  /** Approves a case for the household through the whole procedure, starting 2019-04-22 (approved in May). */
  async function approve(h: Parameters<typeof drive>[2], applyOver: Record<string, unknown> = {}) {
    const c = await drive(crew, clock, h, 'approved', '2019-04-22', applyOver);
    expect(c.enrollment.startMonth).toBe('2019-06');
    return c;
  }

  it('a household with an able-bodied member: quarterly, due three months after the benefit starts', async () => {
    // POLICY.md §3's worked example: the spouse is of working age with full labour capacity.
    const c = await approve(await workedExample(crew.cw, AREAS.village, 'Q'));
    const row = await scheduleRow(c.enrollment.id);
    expect(row).toMatchObject({ review_class: 'irregular', interval_months: 3, counted_from: '2019-06-01', next_due: '2019-09-01', last_review_id: null });
    const e = await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, c.enrollment.id));
    expect(e.schedule).toMatchObject({ reviewClass: 'irregular', intervalMonths: 3, countedFrom: '2019-06-01', nextDue: '2019-09-01' });
    // Audited in the approval's own chain, by the approver, with the schedule it wrote.
    const audits = await scheduleAudits(c.enrollment.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ chain: COUNTY, entity_type: 'review_schedule', actor_name: 'ap1' });
    expect(JSON.parse(String(audits[0].detail))).toMatchObject({ reviewClass: 'irregular', intervalMonths: 3, nextDue: '2019-09-01' });
    const approveAudit = await db.kysely.selectFrom('audit_event').select('at').where('action', '=', 'case.approve').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    expect(audits[0].at).toBe(approveAudit.at);
  });

  it('an elderly household on a fixed income: yearly', async () => {
    const h = await household(crew.cw, AREAS.village, {
      tag: 'F',
      members: [{ birth: '19400301', relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }],
      incomes: [{ kind: 'pension', annualYuan: '1200' }],
    });
    const c = await approve(h);
    expect(await scheduleRow(c.enrollment.id)).toMatchObject({ review_class: 'fixed', interval_months: 12, counted_from: '2019-06-01', next_due: '2020-06-01' });
    expect(await scheduleAudits(c.enrollment.id)).toHaveLength(1);
  });

  it('a tekun approval (an individual enrollment) is scheduled the same way', async () => {
    const h = await household(crew.cw, AREAS.village, {
      tag: 'T',
      members: [{ birth: '19420801', relation: 'head', laborCapacity: 'none', supporterStatus: 'none', selfCareFailed: ['walk'] }],
      incomes: [],
    });
    const c = await approve(h, { kind: 'tekun' });
    expect(c.enrollment).toMatchObject({ program: 'tekun', unit: 'individual' });
    expect(await scheduleRow(c.enrollment.id)).toMatchObject({ review_class: 'fixed', interval_months: 12, next_due: '2020-06-01' });
  });

  it('leaves nothing for the batch job: every approved enrollment is already scheduled', async () => {
    const enrollments = await db.kysely.selectFrom('enrollment').select('id').where('county_code', '=', COUNTY).execute();
    const schedules = await db.kysely.selectFrom('review_schedule').select('enrollment_id').where('county_code', '=', COUNTY).execute();
    expect(enrollments.length).toBe(3);
    expect(schedules.map((s) => s.enrollment_id).sort()).toEqual(enrollments.map((e) => e.id).sort());
    const r = await scheduleMissingReviews(operatorContext(db, { name: 'system:test' }), { county: COUNTY, parameters: await loadParameterSet(db) });
    expect(r).toEqual({ scheduled: 0, errors: 0 });
  });
});
