import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { ensureTermsCurrent } from '../../src/commands/enrollments/ensure-terms-current.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, enrollmentUrl, reviewUrl, workedExample } from './enrollments-flow.ts';

const COUNTY = '211221';
const TABLES = ['household', 'person', 'person_index', 'income_item', 'asset_item', 'review_case', 'review_event', 'enrollment', 'enrollment_term'] as const;

/**
 * 复核中的家庭变化 (issue 11 point 10): the review's investigation records what changed in the household — an income,
 * a member born, a member moved away, a member's circumstances — through the registry's own commands, in the step's
 * transaction, with the review named in the audit trail; the county's decision computes from the registry so
 * updated. Bad input, a household edited elsewhere and a user outside the area write nothing at all.
 */
describe(`changes recorded in a review's investigation (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let cwOther: Client;
  const clock = new TestClock('2019-06-03');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'cw2', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
    cwOther = await sessionFor(app, 'cw2');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** The worked example (three members, 6,000 yuan of wages a year: 692.50 a month from July 2019) under review. */
  async function underReview(tag: string) {
    clock.set('2019-06-03');
    const h = await workedExample(crew.cw, AREAS.village, tag);
    const e = await enrollDirect(db, h, { startMonth: '2019-07' });
    await ensureTermsCurrent(operatorContext(db), { county: COUNTY, month: '2019-07' });
    clock.set('2019-09-02');
    const r = await ok(crew.cw, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e.id }, trigger: 'reported_change', reportedChange: '孩子外出上学迁走，又添了孩子，配偶工资涨了' });
    const household = await ok(crew.cw, 'GET', `/api/households/${COUNTY}/${h.id}`);
    return { h, e, r, household };
  }
  const investigation = (version: number, registry: unknown) => ({ version, investigators: ['王调查', '赵调查'], investigatedOn: '2019-09-02', homeVisitOn: '2019-09-02', findings: '入户核实家庭变化', registry });
  const asUpdate = (m: any) => ({
    id: m.id,
    version: m.version,
    name: m.name,
    relation: m.relation,
    laborCapacity: m.laborCapacity,
    disabilityKind: m.disabilityKind,
    disabilityGrade: m.disabilityGrade,
    seriousIllness: m.seriousIllness,
    selfCareFailed: m.selfCareFailed,
    supporterStatus: m.supporterStatus,
    inSchool: m.inSchool,
  });

  it('writes the changes to the registry with the review as their source; the decision computes from them', async () => {
    const { h, e, r: opened, household } = await underReview('R');
    const [head, spouse, child] = household.members;
    expect([head.relation, spouse.relation, child.relation]).toEqual(['head', 'spouse', 'child']);
    const baby = nextId('20190801');
    let r = await ok(
      crew.cw,
      'POST',
      reviewUrl(COUNTY, opened.id, 'investigation'),
      investigation(opened.version, {
        householdVersion: household.version,
        updated: [{ ...asUpdate(head), seriousIllness: true }],
        left: [{ id: child.id, version: child.version, reason: 'moved', leftOn: '2019-08-25' }],
        added: [{ idNumber: baby, name: '新生儿R', relation: 'child', laborCapacity: 'none', reason: 'birth' }],
        incomes: [{ kind: 'wage', annualYuan: '9000', personId: spouse.id }],
      }),
    );
    expect(r.state).toBe('investigated');
    expect(r.registryChanges).toEqual([
      { type: 'member_changed', name: head.name, field: 'seriousIllness', before: 'no', after: 'yes' },
      { type: 'member_left', name: child.name, relation: 'child', reason: 'moved', leftOn: '2019-08-25' },
      { type: 'member_added', name: '新生儿R', relation: 'child', reason: 'birth' },
      { type: 'income', incomeKind: 'wage', personName: null, beforeYuan: '6000.00', afterYuan: null },
      { type: 'income', incomeKind: 'wage', personName: spouse.name, beforeYuan: null, afterYuan: '9000.00' },
    ]);
    expect(r.amountBeforeYuan).toBe('692.50');
    // The registry holds the changes.
    const now = await ok(crew.cw, 'GET', `/api/households/${COUNTY}/${h.id}`);
    expect(now.members.map((m: { name: string }) => m.name).sort()).toEqual([head.name, spouse.name, '新生儿R'].sort());
    expect(now.members.find((m: { id: string }) => m.id === head.id).seriousIllness).toBe(true);
    expect(now.incomes).toMatchObject([{ kind: 'wage', annualYuan: '9000.00', personId: spouse.id }]);
    expect(now.memberCount).toBe(3);
    expect(await db.kysely.selectFrom('person_index').select('person_id').where('person_id', '=', child.id).execute()).toEqual([]);
    // Every registry audit event of the investigation names the review as its source.
    const events = await db.kysely.selectFrom('audit_event').select(['action', 'entity_id', 'detail']).where('chain', '=', COUNTY).where('action', 'in', ['person.update', 'person.leave', 'person.create', 'household.members', 'household.update']).orderBy('seq').execute();
    const ofReview = events.filter((ev) => ev.detail && JSON.parse(ev.detail).source?.id === opened.id);
    expect(ofReview.map((ev) => ev.action)).toEqual(['person.update', 'household.members', 'person.leave', 'household.members', 'person.create', 'household.members', 'household.update']);
    for (const ev of ofReview) expect(JSON.parse(ev.detail ?? '{}').source).toEqual({ kind: 'review', countyCode: COUNTY, id: opened.id });
    expect(JSON.parse(ofReview[2].detail ?? '{}')).toMatchObject({ reason: 'moved', leftOn: '2019-08-25' });
    // The county decides from the registry as the investigation left it: 9,000 a year of wages for three members,
    // (3 × 397.50) − 9,000 / 12 = 442.50 a month from October.
    r = await ok(crew.rv, 'POST', reviewUrl(COUNTY, r.id, 'township-review'), { version: r.version, opinion: '属实，建议减发' });
    clock.set('2019-09-06');
    r = await ok(crew.ap, 'POST', reviewUrl(COUNTY, r.id, 'decision'), { version: r.version, outcome: 'change', reasons: ['家庭收入增加，按差额减发'] });
    expect(r).toMatchObject({ state: 'decided', amountYuan: '442.50', amountBeforeYuan: '692.50', effectiveMonth: '2019-10' });
    expect(r.registryChanges).toHaveLength(5);
    expect((await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, e.id))).next).toEqual({ month: '2019-10', status: 'active', amountYuan: '442.50' });
  });

  it('bad input, a household edited elsewhere and a user outside the area write nothing, the investigation included', async () => {
    const { h, r, household } = await underReview('B');
    const [head, spouse, child] = household.members;
    const before = await snapshotTables(db, TABLES);
    const refused = async (client: Client, registry: unknown) => (await client.call('POST', reviewUrl(COUNTY, r.id, 'investigation'), investigation(r.version, registry))).json;
    const v = household.version;
    // A valid change, then a refused one: neither is written, nor the investigation.
    expect(await refused(crew.cw, { householdVersion: v, updated: [{ ...asUpdate(spouse), laborCapacity: 'partial' }], left: [{ id: head.id, version: head.version, reason: 'death', leftOn: '2019-08-01' }] })).toMatchObject({ code: 'LEAVE_HEAD', field: 'registry.left.0.id' });
    expect(await refused(crew.cw, { householdVersion: v, updated: [{ ...asUpdate(child), disabilityGrade: 2 }] })).toMatchObject({ code: 'DISABILITY_KIND_REQUIRED', field: 'registry.updated.0.disabilityKind' });
    expect(await refused(crew.cw, { householdVersion: v, added: [{ idNumber: '2112212019', name: '错号', relation: 'child', laborCapacity: 'none', reason: 'birth' }] })).toMatchObject({ field: 'registry.added.0.idNumber' });
    expect(await refused(crew.cw, { householdVersion: v, incomes: [{ kind: 'wage', annualYuan: '100', personId: 'nobody' }] })).toMatchObject({ code: 'INCOME_PERSON_UNKNOWN', field: 'registry.incomes.0.personIndex' });
    expect(await refused(crew.cw, { householdVersion: v, left: [{ id: child.id, version: child.version, reason: 'moved', leftOn: '2019-09-03' }] })).toMatchObject({ code: 'LEFT_ON_OUT_OF_RANGE', field: 'registry.left.0.leftOn' });
    expect(await refused(crew.cw, { householdVersion: v, updated: [{ ...asUpdate(child), version: child.version + 1 }] })).toMatchObject({ code: 'STALE_VERSION' });
    const bad = await crew.cw.call('POST', reviewUrl(COUNTY, r.id, 'investigation'), investigation(r.version, { householdVersion: v, incomes: [{ kind: 'wage', annualYuan: '-1' }] }));
    expect(bad.status).toBe(400);
    // Outside the caseworker's township: the review is not found, and nothing of the household changes.
    const outside = await cwOther.call('POST', reviewUrl(COUNTY, r.id, 'investigation'), investigation(r.version, { householdVersion: v, incomes: [] }));
    expect(outside.status).toBe(404);
    expect(await snapshotTables(db, TABLES)).toBe(before);
    // The household edited on the registry page since the review page read it: a 409 that says so.
    const edited = await ok(crew.cw, 'GET', `/api/households/${COUNTY}/${h.id}`);
    const put = await crew.cw.call('PUT', `/api/households/${COUNTY}/${h.id}`, { areaCode: edited.areaCode, address: '铁岭县测试村 新地址', hukouType: 'rural', registeredPoor: false, incomes: [{ kind: 'wage', annualYuan: '6000' }], assets: [], version: edited.version });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const stale = await crew.cw.call('POST', reviewUrl(COUNTY, r.id, 'investigation'), investigation(r.version, { householdVersion: v, incomes: [] }));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: 'HOUSEHOLD_CHANGED', field: 'registry.householdVersion' });
    expect(stale.json.message.zh).toContain('已在别处被修改');
    expect((await ok(crew.cw, 'GET', reviewUrl(COUNTY, r.id))).state).toBe('opened');
  });
});
