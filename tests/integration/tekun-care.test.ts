import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, ok, sessionFor, TestClock, url } from './cases-flow.ts';
import { enrollmentUrl, household, termsOf } from './enrollments-flow.ts';

const COUNTY = '211221';

/**
 * 特困供养：供养方式与护理等级 (issue 11 point 7, ADR 0027): the caseworker records where a tekun applicant is supported
 * and the six self-care items, the county sets a level by hand with its reason, approval carries it onto the
 * enrollment at the overriding level's amount, and a later change from a month writes the new term, audited.
 */
describe(`tekun placement and care level (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let admin: Client;
  let otherApprover: Client;
  const clock = new TestClock('2019-07-01');
  let institution: { id: string; name: string };
  let caseRef: { countyCode: string; id: string; version: number };
  let enrollmentId: string;

  const careRows = async () => Number((await db.kysely.selectFrom('tekun_care').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const refused = async (client: Client, path: string, body: unknown, code: string, field?: string) => {
    const res = await client.call('POST', path, body);
    expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json.code, JSON.stringify(res.json)).toBe(code);
    if (field) expect(res.json.field).toBe(field);
    expect(res.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
    return res.json;
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'tc_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'tc_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'tc_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'tc_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'tc_ca', 'county_admin', AREAS.county);
    await makeUser(db, 'tc_ap_o', 'county_approver', AREAS.otherCounty);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'tc_va'), cw: await sessionFor(app, 'tc_cw'), rv: await sessionFor(app, 'tc_rv'), ap: await sessionFor(app, 'tc_ap') };
    admin = await sessionFor(app, 'tc_ca');
    otherApprover = await sessionFor(app, 'tc_ap_o');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('the county administrator keeps the list of institutions; a township cannot, and bad input is refused', async () => {
    const res = await admin.call('POST', '/api/tekun/institutions', { county: COUNTY, name: '铁岭县测试敬老院', address: '铁岭县新台子镇测试路1号' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    institution = res.json;
    expect(institution).toMatchObject({ countyCode: COUNTY, name: '铁岭县测试敬老院', synthetic: false, active: true });
    await refused(crew.cw, '/api/tekun/institutions', { county: COUNTY, name: '乡镇自建', address: '某地' }, 'COUNTY_ADMIN_ONLY');
    await refused(admin, '/api/tekun/institutions', { county: COUNTY, name: '铁岭县测试敬老院', address: '别处' }, 'INSTITUTION_EXISTS', 'name');
    const bad = await admin.call('POST', '/api/tekun/institutions', { county: COUNTY, name: '', address: '某地' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('name');
    const list = await ok(crew.cw, 'GET', `/api/tekun/institutions?county=${COUNTY}`);
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(['铁岭县测试敬老院']);
    expect((await otherApprover.call('GET', `/api/tekun/institutions?county=${COUNTY}`)).status).toBe(403);
  });

  it('the caseworker records 集中供养 and the items; a level set by hand needs its reason; approval pays the level in force', async () => {
    // Registry: two items failed (半失能). The investigation finds four (全失能); the county keeps 半失能, with its reason.
    const h = await household(crew.cw, AREAS.village, { tag: '特困', members: [{ birth: '19400301', relation: 'head', laborCapacity: 'none', supporterStatus: 'none', selfCareFailed: ['walk', 'bathe'] }], incomes: [] });
    const c = await drive(crew, clock, h, 'county_notice', '2019-07-01', { kind: 'tekun', applicantPersonId: h.members[0].id });
    caseRef = { countyCode: c.countyCode, id: c.id, version: c.version };
    expect(c.tekunCare).toBeNull();
    const path = url(caseRef, 'tekun-care');
    const body = {
      placement: 'institution',
      institutionId: institution.id,
      selfCareFailed: ['eat', 'dress', 'bed', 'toilet'],
      assessedOn: '2019-07-05',
      levelOverride: 'partial',
      overrideReason: '经县级复核，四项中有两项可借助辅具完成',
      reasons: ['入户评估'],
    };
    const before = await careRows();
    await refused(crew.cw, path, { ...body, overrideReason: '  ' }, 'OVERRIDE_REASON_REQUIRED', 'overrideReason');
    await refused(crew.cw, path, { ...body, institutionId: null }, 'INSTITUTION_REQUIRED', 'institutionId');
    await refused(crew.cw, path, { ...body, institutionId: 'no-such-place' }, 'INSTITUTION_UNKNOWN', 'institutionId');
    await refused(crew.cw, path, { ...body, placement: 'home' }, 'INSTITUTION_NOT_FOR_HOME', 'institutionId');
    await refused(crew.cw, path, { ...body, assessedOn: '2030-01-01' }, 'ASSESSED_IN_FUTURE', 'assessedOn');
    const shape = await crew.cw.call('POST', path, { ...body, placement: 'hotel' });
    expect(shape.status).toBe(400);
    expect(shape.json.field).toBe('placement');
    await refused(crew.rv, path, body, 'PERMISSION_DENIED');
    expect(await careRows()).toBe(before);

    const recorded = await ok(crew.cw, 'POST', path, body);
    expect(recorded.tekunCare).toMatchObject({
      placement: 'institution',
      institution: { name: '铁岭县测试敬老院' },
      selfCareFailed: ['eat', 'dress', 'bed', 'toilet'],
      assessedLevel: 'full',
      level: 'partial',
      overridden: true,
      overrideReason: '经县级复核，四项中有两项可借助辅具完成',
    });
    const audit = await db.kysely.selectFrom('audit_event').select(['detail', 'actor_name']).where('action', '=', 'case.tekun_care').where('entity_id', '=', caseRef.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail ?? '{}')).toMatchObject({ placement: 'institution', selfCareMask: 15, levelOverride: 'partial' });

    clock.set('2019-07-31');
    const approved = await ok(crew.ap, 'POST', url(caseRef, 'approve'), { version: recorded.version });
    expect(approved.state).toBe('approved');
    // 516.75 basic + 100 半失能 (the level in force, not the 300 of the four items).
    expect(approved.enrollment).toMatchObject({ startMonth: '2019-08', monthlyAmountYuan: '616.75' });
    const trace = approved.decision.determination.trace.map((s: { step: string }) => s.step);
    expect(trace).toContain('care.override');
    enrollmentId = approved.enrollment.id;
    const e = await ok(crew.cw, 'GET', enrollmentUrl(COUNTY, enrollmentId));
    expect(e.tekunCare.current).toMatchObject({ fromMonth: '2019-08', placement: 'institution', level: 'partial', overridden: true, institution: { name: '铁岭县测试敬老院' } });
    const override = e.terms[0].explanation.trace.find((s: { step: string }) => s.step === 'care.override');
    expect(override.label.zh).toBe('护理等级（人工认定）');
    expect(override.note.zh).toContain('民发〔2016〕178号《特困人员认定办法》');
  });

  it('the county changes placement and level from next month: a new term, audited; other counties and bad months are refused', async () => {
    clock.set('2019-09-10');
    let e = await ok(crew.ap, 'GET', enrollmentUrl(COUNTY, enrollmentId));
    const path = enrollmentUrl(COUNTY, enrollmentId, 'tekun-care');
    const body = { version: e.version, placement: 'home', selfCareFailed: ['eat', 'dress', 'bed', 'toilet', 'walk'], assessedOn: '2019-09-09', reasons: ['本人申请回家分散供养，重新评估'] };
    const before = await termsOf(db, COUNTY, enrollmentId);
    await refused(otherApprover, path, body, 'NOT_FOUND');
    await refused(crew.cw, path, body, 'PERMISSION_DENIED');
    await refused(crew.ap, path, { ...body, reasons: [] }, 'FIELD_TOO_SMALL', 'reasons');
    await refused(crew.ap, path, { ...body, fromMonth: '2019-08' }, 'CARE_MONTH_OUT_OF_RANGE', 'fromMonth');
    await refused(crew.ap, path, { ...body, fromMonth: '2019-11' }, 'CARE_MONTH_OUT_OF_RANGE', 'fromMonth');
    await refused(crew.ap, path, { ...body, version: body.version + 5 }, 'STALE_VERSION');
    expect(await termsOf(db, COUNTY, enrollmentId)).toEqual(before);

    e = await ok(crew.ap, 'POST', path, body);
    // 516.75 + 300 全失能 from October.
    expect((await termsOf(db, COUNTY, enrollmentId)).at(-1)).toEqual({ from: '2019-10', status: 'active', fen: 81675, basis: 'care' });
    expect(e.next).toMatchObject({ month: '2019-10', amountYuan: '816.75' });
    expect(e.tekunCare.current).toMatchObject({ fromMonth: '2019-08', placement: 'institution' });
    expect(e.tekunCare.history.map((h: { fromMonth: string; placement: string; level: string; overridden: boolean }) => [h.fromMonth, h.placement, h.level, h.overridden])).toEqual([
      ['2019-10', 'home', 'full', false],
      ['2019-08', 'institution', 'partial', true],
    ]);
    const term = e.terms.find((t: { fromMonth: string }) => t.fromMonth === '2019-10');
    expect(term.basisLabel.zh).toBe('供养方式与护理等级变更');
    const audit = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'enrollment.tekun_care').where('entity_id', '=', enrollmentId).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail ?? '{}')).toMatchObject({ fromMonth: '2019-10', placement: 'home', level: 'full', amountFen: 81675, term: true });
    // October now has a decided term: a second change from October is refused (make it from November, next month).
    await refused(crew.ap, path, { ...body, version: e.version }, 'CARE_MONTH_OUT_OF_RANGE', 'fromMonth');
  });

  it('lists the county’s tekun enrollments by placement in a month (the read heating and reports use)', async () => {
    const at = async (month: string, placement: string) =>
      (await ok(crew.cw, 'GET', `/api/tekun/placements?county=${COUNTY}&month=${month}&placement=${placement}`)).items.map((i: { enrollmentId: string }) => i.enrollmentId);
    expect(await at('2019-09', 'institution')).toEqual([enrollmentId]);
    expect(await at('2019-09', 'home')).toEqual([]);
    expect(await at('2019-10', 'home')).toEqual([enrollmentId]);
    const page = await ok(crew.cw, 'GET', `/api/tekun/placements?county=${COUNTY}&month=2019-09`);
    expect(page.items[0]).toMatchObject({ institutionName: '铁岭县测试敬老院', level: 'partial', overridden: true });
    expect((await otherApprover.call('GET', `/api/tekun/placements?county=${COUNTY}`)).status).toBe(403);
    // The same read from the command line, as a named user.
    const cli = await runDoudi(db, ['enrollments', 'placements', '--county', COUNTY, '--month', '2019-10', '--placement', 'home', '--as', 'tc_cw', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).items.map((i: { enrollmentId: string }) => i.enrollmentId)).toEqual([enrollmentId]);
    const bad = await runDoudi(db, ['enrollments', 'placements', '--county', COUNTY, '--placement', 'hotel', '--as', 'tc_cw', '--json']);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'CLI_OPTION_INVALID', field: 'placement' });
  });
});
