import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type CaseRef, type Crew, drive, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/** 四议两公开 (issue 12 point 6, ADR 0036): the four stages and two disclosures, and township review of screening cases. */
describe(`四议两公开 on a case (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let outsider: Crew['va'];
  const clock = new TestClock('2019-06-03');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'va2', 'village_assistant', AREAS.otherVillage);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
    outsider = await sessionFor(app, 'va2');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const toScreening = (ref: CaseRef) => db.kysely.updateTable('assistance_case').set({ origin: 'screening' }).where('county_code', '=', ref.countyCode).where('id', '=', ref.id).execute();
  const counts = async (ref: CaseRef) => {
    const stages = await db.kysely.selectFrom('case_deliberation_stage').select('id').where('county_code', '=', ref.countyCode).where('case_id', '=', ref.id).execute();
    const disclosures = await db.kysely.selectFrom('case_disclosure').select('id').where('county_code', '=', ref.countyCode).where('case_id', '=', ref.id).execute();
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'detail']).where('entity_id', '=', ref.id).orderBy('seq').execute();
    return { stages: stages.length, disclosures: disclosures.length, audit };
  };
  const stage = (over: Record<string, unknown>) => ({ stage: 'proposal', heldOn: '2019-06-06', present: 4, entitled: 5, outcome: 'agreed', ...over });
  const refused = async (client: Crew['va'], path: string, body: unknown, status: number, code: string, field?: string) => {
    const r = await client.call('POST', path, body);
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    expect(r.json.code).toBe(code);
    if (field) expect(r.json.field).toBe(field);
    expect(r.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(r.json.message.en.length).toBeGreaterThan(0);
    return r.json;
  };

  it('a case from the screening waits for the four stages and 决议公开 before township review, then passes', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '甲');
    let c = await drive(crew, clock, h, 'deliberated', '2019-06-03');
    const ref = { countyCode: c.countyCode, id: c.id };
    expect(c.appliedOn).toBe('2019-06-03');
    await toScreening(ref);
    c = await ok(crew.rv, 'GET', url(ref));
    expect(c.fourDeliberations).toMatchObject({ required: true, stages: [], disclosures: [], canRecordStages: true, canRecordResult: false, missing: { code: 'FOUR_DELIBERATIONS_INCOMPLETE' } });
    expect(c.fourDeliberations.rules.representatives).toMatchObject({ quorum: { rule: 'at_least_two_thirds', citation: expect.stringContaining('村民委员会组织法') }, pass: { rule: 'more_than_half', of: 'present' } });
    const review = c.nextSteps.find((s: { step: string }) => s.step === 'township_review');
    expect(review).toMatchObject({ canTake: false, refusal: { code: 'FOUR_DELIBERATIONS_INCOMPLETE' } });

    clock.set('2019-06-10');
    const denied = await refused(crew.rv, url(ref, 'township-review'), { version: c.version, opinion: '同意' }, 409, 'FOUR_DELIBERATIONS_INCOMPLETE');
    for (const missing of ['党支部提议', '村“两委”商议', '党员大会审议', '村民代表会议或村民会议决议', '决议公开']) expect(denied.message.zh).toContain(missing);

    // Bad records are refused and change nothing.
    const before = await counts(ref);
    const path = url(ref, 'deliberation-stages');
    await refused(crew.va, path, stage({ stage: 'consultation' }), 400, 'PREVIOUS_STAGE_MISSING', 'stage');
    await refused(crew.va, path, stage({ heldOn: '2019-06-11' }), 400, 'DATE_IN_FUTURE', 'heldOn');
    await refused(crew.va, path, stage({ heldOn: '2019-06-02' }), 400, 'DATE_BEFORE_APPLICATION', 'heldOn');
    await refused(crew.va, path, stage({ present: 6, entitled: 5 }), 400, 'ATTENDANCE_EXCEEDS_ENTITLED', 'present');
    const quorum = await refused(crew.va, path, stage({ present: 2, entitled: 5 }), 400, 'QUORUM_NOT_MET', 'present');
    expect(quorum.message.zh).toContain('中国共产党支部工作条例');
    expect((await crew.va.call('POST', path, stage({ entitled: 0 }))).status).toBe(400);
    await refused(crew.rv, path, stage({}), 403, 'PERMISSION_DENIED');
    await refused(outsider, path, stage({}), 404, 'NOT_FOUND');
    // Nothing written: no record and no record event (a refused access is itself audited as access.refused).
    const written = (x: typeof before) => ({ ...x, audit: x.audit.filter((a) => a.action === 'case.deliberation_stage' || a.action === 'case.disclosure') });
    expect(written(await counts(ref))).toEqual(written(before));
    expect((await counts(ref)).audit.map((a) => a.action)).toContain('access.refused');

    c = await ok(crew.va, 'POST', path, stage({}));
    c = await ok(crew.cw, 'POST', path, stage({ stage: 'consultation', heldOn: '2019-06-07', present: 6, entitled: 9 }));
    await refused(crew.va, path, stage({ stage: 'party_meeting', heldOn: '2019-06-05', present: 20, entitled: 30, inFavour: 18 }), 400, 'STAGE_ORDER', 'heldOn');
    await refused(crew.va, path, stage({ stage: 'party_meeting', heldOn: '2019-06-07', present: 20, entitled: 30, inFavour: 15 }), 400, 'OUTCOME_DISAGREES_WITH_VOTES', 'outcome');
    c = await ok(crew.va, 'POST', path, stage({ stage: 'party_meeting', heldOn: '2019-06-07', present: 20, entitled: 30, inFavour: 18 }));
    await refused(crew.va, path, stage({ stage: 'resolution', heldOn: '2019-06-08', present: 19, entitled: 30, inFavour: 19 , meeting: 'representatives' }), 400, 'QUORUM_NOT_MET', 'present');
    c = await ok(crew.va, 'POST', path, stage({ stage: 'resolution', meeting: 'representatives', heldOn: '2019-06-08', present: 25, entitled: 30, inFavour: 20, note: '全票外有五人弃权' }));
    expect(c.fourDeliberations.stages.map((s: { stage: string }) => s.stage)).toEqual(['proposal', 'consultation', 'party_meeting', 'resolution']);
    expect(c.fourDeliberations.stages[3]).toMatchObject({ meeting: 'representatives', present: 25, entitled: 30, inFavour: 20, outcome: 'agreed', quorumRule: 'at_least_two_thirds', passRule: { rule: 'more_than_half', of: 'present' }, earlier: 0 });
    expect(c.fourDeliberations.missing).toMatchObject({ code: 'RESOLUTION_NOT_DISCLOSED' });

    await refused(crew.rv, url(ref, 'township-review'), { version: c.version, opinion: '同意' }, 409, 'RESOLUTION_NOT_DISCLOSED');
    const dpath = url(ref, 'disclosures');
    await refused(crew.va, dpath, { kind: 'result', postedOn: '2019-06-09', place: '村务公开栏' }, 409, 'DECISION_NOT_MADE');
    await refused(crew.va, dpath, { kind: 'resolution', postedOn: '2019-06-07', place: '村务公开栏' }, 400, 'DISCLOSURE_BEFORE_RESOLUTION', 'postedOn');
    expect((await crew.va.call('POST', dpath, { kind: 'resolution', postedOn: '2019-06-09', place: '' })).status).toBe(400);
    c = await ok(crew.va, 'POST', dpath, { kind: 'resolution', postedOn: '2019-06-09', place: '村务公开栏' });
    expect(c.fourDeliberations.disclosures).toMatchObject([{ kind: 'resolution', postedOn: '2019-06-09', place: '村务公开栏' }]);
    expect(c.fourDeliberations.missing).toBeNull();
    expect(c.nextSteps.find((s: { step: string }) => s.step === 'township_review')).toMatchObject({ canTake: false, refusal: { code: 'ROLE_NOT_ALLOWED_FOR_STEP' } });

    c = await ok(crew.rv, 'POST', url(ref, 'township-review'), { version: c.version, opinion: '同意' });
    expect(c.state).toBe('village_notice');

    const after = await counts(ref);
    expect(after.stages).toBe(4);
    expect(after.disclosures).toBe(1);
    const actions = after.audit.map((a) => a.action);
    expect(actions.filter((a) => a === 'case.deliberation_stage')).toHaveLength(4);
    expect(actions.filter((a) => a === 'case.disclosure')).toHaveLength(1);
    const resolution = after.audit.find((a) => a.action === 'case.deliberation_stage' && String(a.detail).includes('"resolution"'));
    expect(JSON.parse(String(resolution?.detail))).toMatchObject({ stage: 'resolution', present: 25, entitled: 30, inFavour: 20, quorumRule: 'at_least_two_thirds' });
    // The audit detail holds codes, dates and counts, not the note's text.
    expect(String(resolution?.detail)).not.toContain('弃权');
  });

  it('a stage recorded again counts in place of the earlier one, in order', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '乙');
    const c0 = await drive(crew, clock, h, 'investigated', '2019-07-01');
    const ref = { countyCode: c0.countyCode, id: c0.id };
    clock.set('2019-07-10');
    const path = url(ref, 'deliberation-stages');
    await ok(crew.va, 'POST', path, stage({ heldOn: '2019-07-03' }));
    await ok(crew.va, 'POST', path, stage({ stage: 'consultation', heldOn: '2019-07-05', present: 5, entitled: 9 }));
    await refused(crew.va, path, stage({ heldOn: '2019-07-06' }), 400, 'STAGE_ORDER', 'heldOn');
    const c = await ok(crew.va, 'POST', path, stage({ heldOn: '2019-07-04', present: 5, entitled: 5 }));
    expect(c.fourDeliberations.stages[0]).toMatchObject({ stage: 'proposal', heldOn: '2019-07-04', present: 5, earlier: 1 });
    expect(c.fourDeliberations.required).toBe(false);
    // The database refuses what cannot be even if the workflow's check were skipped; and a seq is taken once per case.
    const raw = { county_code: ref.countyCode, case_id: ref.id, stage: 'consultation' as const, meeting: null, held_on: '2019-07-05', in_favour: null, outcome: 'agreed' as const, quorum_rule: 'more_than_half', pass_rule: null, note: '', recorded_by: 'x', recorded_by_name: 'x', created_at: 'x' };
    await expect(db.kysely.insertInto('case_deliberation_stage').values({ ...raw, id: 'bad-1', seq: 90, present: 6, entitled: 5 }).execute()).rejects.toThrow();
    await expect(db.kysely.insertInto('case_deliberation_stage').values({ ...raw, id: 'bad-2', seq: 1, present: 5, entitled: 9 }).execute()).rejects.toThrow();
    expect((await counts(ref)).stages).toBe(3);
  });

  it('other cases pass township review as before; 实施结果公开 is recorded after the decision', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '丙');
    let c = await drive(crew, clock, h, 'approved', '2019-08-01');
    expect(c.fourDeliberations).toMatchObject({ required: false, missing: null, canRecordStages: false, canRecordResult: true });
    const ref = { countyCode: c.countyCode, id: c.id };
    const decidedOn = c.decision.decidedOn;
    const dpath = url(ref, 'disclosures');
    await refused(crew.va, url(ref, 'deliberation-stages'), stage({ heldOn: '2019-08-05' }), 409, 'CASE_NOT_OPEN_FOR_DELIBERATION');
    await refused(crew.va, dpath, { kind: 'resolution', postedOn: decidedOn, place: '村务公开栏' }, 409, 'CASE_NOT_OPEN_FOR_DELIBERATION');
    const dayBefore = new Date(`${decidedOn}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    await refused(crew.va, dpath, { kind: 'result', postedOn: dayBefore.toISOString().slice(0, 10), place: '村务公开栏' }, 400, 'DISCLOSURE_BEFORE_DECISION', 'postedOn');
    c = await ok(crew.cw, 'POST', dpath, { kind: 'result', postedOn: decidedOn, place: '村务公开栏及微信群' });
    expect(c.fourDeliberations.disclosures).toMatchObject([{ kind: 'result', postedOn: decidedOn, place: '村务公开栏及微信群' }]);
    expect((await counts(ref)).audit.map((a) => a.action)).toContain('case.disclosure');
  });
});
