import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { determine } from '../../src/rules/engine.ts';
import { parseSituation, type SituationInput } from '../../src/rules/situation.ts';
import { drawSample } from '../../src/workflow/spot-check.ts';
import { type Client, testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, deliberationBody, drive, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/** The county's part: the spot-check sample, separation of review and approval, and approvals of tekun and 单人保. */
describe(`county review, spot check and decisions (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let second: Client;
  const clock = new TestClock('2019-08-01');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ct_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'ct_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ct_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ct_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'ct_rv2', 'township_reviewer', AREAS.township);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'ct_va'), cw: await sessionFor(app, 'ct_cw'), rv: await sessionFor(app, 'ct_rv'), ap: await sessionFor(app, 'ct_ap') };
    second = await sessionFor(app, 'ct_rv2');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('draws a reproducible sample: ≥ 30% of the batch, every staff relative and every contested case', async () => {
    const batch: { id: string; staffRelative: boolean }[] = [];
    for (let i = 0; i < 11; i++) {
      const c = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, `抽${i}`), 'county_review', '2019-08-01', { staffRelative: i === 2 || i === 7 });
      batch.push({ id: c.id, staffRelative: c.staffRelative });
    }
    // One contested case: an objection to its village notice, then the road again.
    let c = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, '议'), 'village_notice', '2019-08-01');
    c = await ok(crew.cw, 'POST', url(c, 'objections'), { version: c.version, receivedOn: '2019-08-05', summary: '反映有未申报收入', lodgedBy: 'villager' });
    clock.set('2019-08-06');
    c = await ok(crew.cw, 'POST', url(c, 'investigation'), investigationBody(c.version, '2019-08-06'));
    c = await ok(crew.va, 'POST', url(c, 'deliberation'), deliberationBody(c.version, '2019-08-06'));
    c = await ok(crew.rv, 'POST', url(c, 'township-review'), { version: c.version, opinion: '复核同意' });
    clock.set('2019-08-13');
    c = await ok(crew.cw, 'POST', url(c, 'close-village-notice'), { version: c.version });
    expect(c).toMatchObject({ state: 'county_review', contested: true });
    const contestedId = c.id;

    clock.set('2019-08-14');
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { area: AREAS.township, seed: 20191001 });
    expect(draw).toMatchObject({ seed: 20191001, rate: '3/10', batchSize: 12, minimum: 4 });
    const sampled = draw.items.filter((i: { sampled: boolean }) => i.sampled);
    expect(sampled.length).toBeGreaterThanOrEqual(4);
    expect(10 * sampled.length).toBeGreaterThanOrEqual(3 * 12);
    const reasonOf = new Map(draw.items.map((i: { caseId: string; reason: string | null }) => [i.caseId, i.reason]));
    for (const b of batch.filter((x) => x.staffRelative)) expect(reasonOf.get(b.id)).toBe('staff_relative');
    expect(reasonOf.get(contestedId)).toBe('contested');
    expect(sampled.filter((i: { reason: string }) => i.reason === 'random')).toHaveLength(1);

    // Anyone can redraw the same sample from the batch and the recorded seed.
    const rows = await db.kysely.selectFrom('assistance_case').select(['id', 'staff_relative', 'contested']).where('spot_check_id', '=', draw.id).execute();
    const again = drawSample(rows.map((r) => ({ caseId: r.id, staffRelative: Number(r.staff_relative) === 1, contested: Number(r.contested) === 1 })), draw.seed, { num: 3, den: 10 });
    expect(again.items).toEqual(draw.items.map(({ visitedOn: _v, ...i }: { visitedOn: unknown }) => i));
    expect(await ok(crew.cw, 'GET', `/api/spot-checks/${draw.countyCode}/${draw.id}`)).toEqual(draw);
    const events = await db.kysely.selectFrom('case_event').select(['case_id', 'payload']).where('step', '=', 'draw_spot_check').execute();
    expect(events).toHaveLength(12);
    for (const e of events) expect(JSON.parse(e.payload)).toMatchObject({ spotCheckId: draw.id, seed: 20191001, sampled: reasonOf.get(e.case_id) !== null });

    const empty = await crew.ap.call('POST', '/api/spot-checks', { area: AREAS.township });
    expect(empty.status).toBe(409);
    expect(empty.json.code).toBe('SPOT_CHECK_BATCH_EMPTY');

    // Approval waits for the visit only where the sample asks for one.
    const notSampled = draw.items.find((i: { sampled: boolean }) => !i.sampled).caseId;
    const plain = await ok(crew.ap, 'GET', url({ countyCode: '211221', id: notSampled }));
    expect((await ok(crew.ap, 'POST', url(plain, 'county-opinion'), { version: plain.version, opinion: '拟批准' })).state).toBe('county_notice');
    const staff = await ok(crew.ap, 'GET', url({ countyCode: '211221', id: batch.find((b) => b.staffRelative)!.id }));
    const held = await crew.ap.call('POST', url(staff, 'county-opinion'), { version: staff.version, opinion: '拟批准' });
    expect(held.json.code).toBe('SPOT_CHECK_VISIT_MISSING');
    const visited = await ok(crew.ap, 'POST', url(staff, 'spot-visit'), { version: staff.version, visitedOn: '2019-08-14', visitors: ['县抽查员'], finding: 'consistent' });
    expect(visited.records.spotVisits).toMatchObject([{ visitedOn: '2019-08-14', finding: 'consistent' }]);
    expect((await ok(crew.ap, 'POST', url(visited, 'county-opinion'), { version: visited.version, opinion: '拟批准' })).state).toBe('county_notice');
  });

  it('refuses to let the township reviewer of a case decide it at the county, even after a change of post', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '同');
    let c = await drive(crew, clock, h, 'deliberated', '2019-09-02');
    c = await ok(second, 'POST', url(c, 'township-review'), { version: c.version, opinion: '同意' });
    clock.set('2019-09-16');
    c = await ok(crew.cw, 'POST', url(c, 'close-village-notice'), { version: c.version });
    await ok(crew.ap, 'POST', '/api/spot-checks', { area: AREAS.township, seed: 3 });
    c = await ok(crew.ap, 'GET', url(c));
    if (c.spotCheck === 'sampled') c = await ok(crew.ap, 'POST', url(c, 'spot-visit'), { version: c.version, visitedOn: '2019-09-16', visitors: ['县抽查员'], finding: 'consistent' });
    // The reviewer moves to the county as an approver.
    await db.kysely.updateTable('app_user').set({ role: 'county_approver', area_code: AREAS.county }).where('username', '=', 'ct_rv2').execute();
    for (const [path, body] of [['county-opinion', { opinion: '拟批准' }], ['refuse', { reasons: ['不符合'] }]] as const) {
      const r = await second.call('POST', url(c, path), { version: c.version, ...body });
      expect(r.status, path).toBe(403);
      expect(r.json.code).toBe('SAME_USER_REVIEW_APPROVE');
      expect(r.json.message.zh).toContain('既审核又审批');
    }
    const detail = await ok(second, 'GET', url(c));
    expect(detail.nextSteps.find((s: { step: string }) => s.step === 'county_opinion')).toMatchObject({ canTake: false, refusal: { code: 'SAME_USER_REVIEW_APPROVE' } });
    expect((await ok(crew.ap, 'POST', url(c, 'county-opinion'), { version: c.version, opinion: '拟批准' })).state).toBe('county_notice');
  });

  it('sends a case with an objection to the county notice back to investigation, on a 20-WD clock from the objection', async () => {
    const c = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, '县议'), 'county_notice', '2019-11-04');
    // County notice posted on 17 November, running to the 24th; an objection on the 22nd (a Friday).
    expect(c.noticeEndsOn).toBe('2019-11-24');
    clock.set('2019-11-22');
    const back = await ok(crew.ap, 'POST', url(c, 'objections'), { version: c.version, receivedOn: '2019-11-21', summary: '反映家中有大型农机', lodgedBy: 'villager' });
    expect(back).toMatchObject({ state: 'accepted', contested: true, spotCheck: null, noticeEndsOn: null });
    expect(back.records.notices.find((n: { level: string }) => n.level === 'county')).toMatchObject({ outcome: 'objection', closedOn: '2019-11-22' });
    // Re-investigation within 10 WD (6 December), well inside the 20 WD the decision now has (20 December).
    expect(back.dueDate).toBe('2019-12-06');
    const row = await db.kysely.selectFrom('assistance_case').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.county_objection_on).toBe('2019-11-21');
  });

  /** Registers a household from raw registry input and returns it. */
  async function register(members: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
    const body = { areaCode: AREAS.village, address: '铁岭县新台子镇懿路村', hukouType: 'rural', members, incomes: [], assets: [], ...extra };
    return ok(crew.cw, 'POST', '/api/households', body);
  }

  async function engine(input: SituationInput) {
    const s = parseSituation(input);
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    return determine(s.situation, await loadParameterSet(db));
  }

  it('approves a tekun case at the engine’s amount (basic living plus care), as an individual enrollment', async () => {
    const id = nextId('19450301');
    const h = await register([{ idNumber: id, name: '特困甲', relation: 'head', laborCapacity: 'none', supporterStatus: 'none', selfCareFailed: ['walk', 'bathe'] }]);
    const c = await drive(crew, clock, h, 'approved', '2019-07-01', { kind: 'tekun' });
    expect(c).toMatchObject({ kind: 'tekun', ruleSet: 'nat-2016', decision: { benefitFrom: '2019-08' } });
    const expected = await engine({
      program: 'tekun',
      month: '2019-08',
      county: '211221',
      applicant: 0,
      household: { hukou: 'rural', members: [{ id, relation: 'head', laborCapacity: 'none', supporter: 'none', selfCareFailed: 2 }] },
    });
    expect(expected.eligible).toBe(true);
    // 6,201 × 1 / 12 = 516.75 basic, plus 100 for 1–3 items failed (POLICY.md §1, §11).
    expect(expected.amount.yuan).toBe('616.75');
    expect(c.enrollment).toMatchObject({ program: 'tekun', unit: 'individual', monthlyAmountYuan: expected.amount.yuan, startMonth: '2019-08' });
  });

  it('approves 单人保 for a severely disabled member of a registered-poor household, counting only their own income', async () => {
    const ids = [nextId('19680101'), nextId('19700101'), nextId('20000101')];
    const h = await register(
      [
        { idNumber: ids[0], name: '单人保甲', relation: 'head', laborCapacity: 'none', disabilityKind: 'physical', disabilityGrade: 1 },
        { idNumber: ids[1], name: '单人保乙', relation: 'spouse', laborCapacity: 'full' },
        { idNumber: ids[2], name: '单人保丙', relation: 'child', laborCapacity: 'full' },
      ],
      { registeredPoor: true, incomes: [{ kind: 'wage', annualYuan: '30000', personIndex: 1 }] },
    );
    const disabled = h.members.find((m: { name: string }) => m.name === '单人保甲');
    const c = await drive(crew, clock, h, 'approved', '2019-07-08', { kind: 'dibao_individual', applicantPersonId: disabled.id });
    const expected = await engine({
      program: 'dibao',
      month: '2019-08',
      county: '211221',
      unit: 'individual',
      applicant: 0,
      household: {
        hukou: 'rural',
        registeredPoor: true,
        members: [
          { id: ids[0], relation: 'head', laborCapacity: 'none', disability: { kind: 'physical', grade: 1 } },
          { id: ids[1], relation: 'spouse', laborCapacity: 'full' },
          { id: ids[2], relation: 'child', laborCapacity: 'full' },
        ],
        incomes: [{ kind: 'wage', annual: 30000, member: 1 }],
      },
    });
    expect(expected.eligible).toBe(true);
    expect(expected.amount.yuan).toBe('397.50');
    expect(c.enrollment).toMatchObject({ program: 'dibao', unit: 'individual', monthlyAmountYuan: expected.amount.yuan });
    const row = await db.kysely.selectFrom('enrollment').selectAll().where('id', '=', c.enrollment.id).executeTakeFirstOrThrow();
    expect(row.person_id).toBe(disabled.id);
  });

  it('will not propose or approve what the engine finds ineligible: the county refuses it with reasons instead', async () => {
    const h = await register([{ idNumber: nextId('19800101'), name: '高收入', relation: 'head', laborCapacity: 'full' }], { incomes: [{ kind: 'wage', annualYuan: '60000' }] });
    const c = await drive(crew, clock, h, 'county_review', '2019-10-08');
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { area: AREAS.township, seed: 9 });
    let d = await ok(crew.ap, 'GET', url(c));
    if (d.spotCheck === 'sampled') d = await ok(crew.ap, 'POST', url(d, 'spot-visit'), { version: d.version, visitedOn: '2019-10-17', visitors: ['县抽查员'], finding: 'inconsistent' });
    expect(draw.items.length).toBeGreaterThan(0);
    const proposal = await crew.ap.call('POST', url(d, 'county-opinion'), { version: d.version, opinion: '拟批准' });
    expect(proposal.status).toBe(409);
    expect(proposal.json).toMatchObject({ code: 'ENGINE_NOT_ELIGIBLE', details: { reasons: expect.arrayContaining(['INCOME_AT_OR_ABOVE_STANDARD']) } });
    const refused = await ok(crew.ap, 'POST', url(d, 'refuse'), { version: d.version, reasons: ['家庭人均收入高于当地低保标准'] });
    expect(refused).toMatchObject({ state: 'refused', decision: { outcome: 'refused', deciderName: 'ct_ap', reasons: ['家庭人均收入高于当地低保标准'], amountYuan: null }, enrollment: null });
  });
});
