import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { maskIdNumber } from '../../src/kernel/id-number.ts';
import { determine } from '../../src/rules/engine.ts';
import { parseSituation } from '../../src/rules/situation.ts';
import { type Client, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { applyBody, type Crew, deliberationBody, drive, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

describe(`dibao case from application to approval (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  const clock = new TestClock('2019-06-24');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'va1', 'village_assistant', AREAS.village);
    await makeUser(db, 'cw1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rv1', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ap1', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'va1'), cw: await sessionFor(app, 'cw1'), rv: await sessionFor(app, 'rv1'), ap: await sessionFor(app, 'ap1') };
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('runs every step with four different users, on the statutory clock, and enrolls at the engine’s amount', async () => {
    const { va, cw, rv, ap } = crew;
    clock.set('2019-06-24');
    const h = await newHousehold(cw, AREAS.village);
    const head = h.members.find((m) => m.relation === 'head')!;

    // 申请 by the village assistant on the household's behalf.
    let c = await ok(va, 'POST', '/api/cases', applyBody(h));
    const ref = { countyCode: c.countyCode, id: c.id };
    expect(c).toMatchObject({ state: 'applied', version: 1, householdId: h.id, applicantName: head.name, ruleSet: 'nat-2012', onBehalf: true, dueDate: null });
    expect(c.nextSteps.map((s: { step: string }) => s.step)).toEqual(['accept', 'request_missing', 'withdraw']);

    // 一次性告知, then the documents come back.
    clock.set('2019-06-25');
    c = await ok(cw, 'POST', url(ref, 'request-missing'), { version: c.version, missing: ['户口簿复印件', '收入证明'] });
    expect(c.state).toBe('incomplete');
    expect(c.records.missing).toEqual([{ requestedOn: '2019-06-25', items: ['户口簿复印件', '收入证明'] }]);
    clock.set('2019-06-26');
    c = await ok(va, 'POST', url(ref, 'resubmit'), { version: c.version, attachments: ['户口簿复印件.jpg'] });
    expect(c.state).toBe('applied');

    // 受理: the investigation is due 10 working days later (27 Jun … 10 Jul).
    c = await ok(cw, 'POST', url(ref, 'accept'), { version: c.version });
    expect(c).toMatchObject({ state: 'accepted', acceptedOn: '2019-06-26', dueDate: '2019-07-10', overdue: false });

    clock.set('2019-07-03');
    c = await ok(cw, 'POST', url(ref, 'investigation'), investigationBody(c.version, '2019-07-03'));
    expect(c).toMatchObject({ state: 'investigated', dueDate: '2019-07-10' });
    expect(c.records.investigations[0]).toMatchObject({ investigators: ['王调查', '赵调查'], neighbourVisits: 2, dataCheck: { result: 'eligible' } });

    clock.set('2019-07-05');
    c = await ok(va, 'POST', url(ref, 'deliberation'), deliberationBody(c.version, '2019-07-05', 6, 3));
    expect(c.state).toBe('deliberated');
    expect(c.records.deliberations[0]).toMatchObject({ representatives: 6, total: 9, conclusion: 'agree' });

    // 乡镇审核 posts the village notice (8–15 July) with next month's amount.
    clock.set('2019-07-08');
    c = await ok(rv, 'POST', url(ref, 'township-review'), { version: c.version, opinion: '经审核，符合条件' });
    expect(c).toMatchObject({ state: 'village_notice', noticeEndsOn: '2019-07-15', dueDate: '2019-07-15', proposedAmountYuan: '692.50' });

    const notice = await ok(cw, 'GET', '/api/public-notices?level=village');
    const item = notice.items.find((i: { caseId: string }) => i.caseId === ref.id);
    expect(item).toMatchObject({ name: head.name, memberCount: 3, amountYuan: '692.50', idNumberMasked: maskIdNumber(head.idNumber), postedOn: '2019-07-08', endsOn: '2019-07-15' });
    const noticeText = JSON.stringify(notice);
    for (const secret of [head.idNumber, ...h.members.map((m) => m.idNumber), '6000', 'wage', 'disab', 'illness']) expect(noticeText).not.toContain(secret);

    const early = await cw.call('POST', url(ref, 'close-village-notice'), { version: c.version });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('NOTICE_RUNNING');
    clock.set('2019-07-15');
    c = await ok(cw, 'POST', url(ref, 'close-village-notice'), { version: c.version });
    // County opinion within 5 WD: 16–19 July and the 22nd.
    expect(c).toMatchObject({ state: 'county_review', dueDate: '2019-07-22', spotCheck: null });

    const noDraw = await ap.call('POST', url(ref, 'county-opinion'), { version: c.version, opinion: '拟批准' });
    expect(noDraw.json.code).toBe('SPOT_CHECK_NOT_DRAWN');
    clock.set('2019-07-16');
    const draw = await ok(ap, 'POST', '/api/spot-checks', { seed: 7 });
    expect(draw).toMatchObject({ batchSize: 1, minimum: 1, seed: 7, items: [{ caseId: ref.id, sampled: true, reason: 'random' }] });
    c = await ok(ap, 'GET', url(ref));
    expect(c.spotCheck).toBe('sampled');
    const noVisit = await ap.call('POST', url(ref, 'county-opinion'), { version: c.version, opinion: '拟批准' });
    expect(noVisit.json.code).toBe('SPOT_CHECK_VISIT_MISSING');
    c = await ok(ap, 'POST', url(ref, 'spot-visit'), { version: c.version, visitedOn: '2019-07-16', visitors: ['县抽查员甲', '县抽查员乙'], finding: 'consistent' });
    expect(c.spotCheck).toBe('visited');

    clock.set('2019-07-17');
    c = await ok(ap, 'POST', url(ref, 'county-opinion'), { version: c.version, opinion: '拟批准' });
    // Decision 3 WD after the county notice ends on 24 July.
    expect(c).toMatchObject({ state: 'county_notice', noticeEndsOn: '2019-07-24', dueDate: '2019-07-29' });

    clock.set('2019-07-25');
    c = await ok(ap, 'POST', url(ref, 'approve'), { version: c.version });
    expect(c).toMatchObject({ state: 'approved', dueDate: null, nextSteps: [] });
    expect(c.decision).toMatchObject({ outcome: 'approved', decidedOn: '2019-07-25', deciderName: 'ap1', deciderRole: 'county_approver', benefitFrom: '2019-08', ruleSet: 'nat-2012' });
    expect(c.enrollment).toMatchObject({ program: 'dibao', unit: 'household', startMonth: '2019-08', endMonth: null, status: 'active' });
    // Both notices ran their full term with no objection (the county one is closed by the approval, not cut short).
    expect(c.records.notices.map((n: { level: string; outcome: string }) => [n.level, n.outcome]).sort()).toEqual([
      ['county', 'no_objection'],
      ['village', 'no_objection'],
    ]);

    // The engine, run here on the same household written out by hand, gives the amount enrolled.
    const ps = await loadParameterSet(db);
    const s = parseSituation({
      program: 'dibao',
      month: '2019-08',
      county: '211221',
      household: {
        hukou: 'rural',
        members: h.members.map((m) => ({ id: m.idNumber, relation: m.relation, laborCapacity: 'full' })),
        incomes: [{ kind: 'wage', annual: 6000 }],
      },
    });
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    const expected = determine(s.situation, ps);
    expect(expected.amount.fen).toBe(69250);
    const enrollment = await db.kysely.selectFrom('enrollment').selectAll().where('household_id', '=', h.id).executeTakeFirstOrThrow();
    expect(Number(enrollment.monthly_amount_fen)).toBe(expected.amount.fen);
    expect(c.enrollment.monthlyAmountYuan).toBe(expected.amount.yuan);
    expect(c.decision.amountYuan).toBe('692.50');
    const frozen = c.decision.determination as { eligible: boolean; amount: { fen: number }; trace: { step: string }[] };
    expect(frozen.eligible).toBe(true);
    expect(frozen.amount.fen).toBe(69250);
    expect(frozen.trace.length).toBeGreaterThan(3);

    // Timeline: every step an event naming its user, and the same steps in the audit trail.
    const steps = c.timeline.map((e: { step: string; actorName: string }) => `${e.step}:${e.actorName}`);
    expect(steps).toEqual([
      'apply:va1', 'request_missing:cw1', 'resubmit:va1', 'accept:cw1', 'investigate:cw1', 'deliberate:va1', 'township_review:rv1',
      'close_village_notice:cw1', 'draw_spot_check:ap1', 'spot_visit:ap1', 'county_opinion:ap1', 'approve:ap1',
    ]);
    expect(c.timeline.map((e: { seq: number }) => e.seq)).toEqual(c.timeline.map((_: unknown, i: number) => i + 1));
    expect(c.timeline[0].attachments).toEqual(['申请书.pdf', '户口簿.jpg']);
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'actor_name', 'detail']).where('entity_type', '=', 'case').where('entity_id', '=', ref.id).orderBy('seq').execute();
    // The steps, in order; reading the case page is audited beside them (issue 9 point 17).
    expect(audit.filter((a) => a.action !== 'case.read').map((a) => `${a.action.replace('case.', '')}:${a.actor_name}`)).toEqual(steps);
    for (const e of c.timeline) for (const m of h.members) expect(JSON.stringify(e.payload)).not.toContain(m.name);

    // The household cannot file again while enrolled.
    const again = await va.call('POST', '/api/cases', applyBody(h));
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('ALREADY_ENROLLED');
  });

  it('refuses illegal transitions with the reason, and changes nothing', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '乙');
    const c = await drive(crew, clock, h, 'applied', '2019-08-01');
    const ref = { countyCode: c.countyCode, id: c.id };
    const before = await ok(crew.cw, 'GET', url(ref));
    const tries: [Client, string, unknown, number, string][] = [
      [crew.ap, 'approve', { version: c.version }, 409, 'ILLEGAL_TRANSITION'],
      [crew.cw, 'investigation', investigationBody(c.version, '2019-08-01'), 409, 'ILLEGAL_TRANSITION'],
      [crew.rv, 'township-review', { version: c.version, opinion: '同意' }, 409, 'ILLEGAL_TRANSITION'],
      [crew.va, 'accept', { version: c.version }, 403, 'ROLE_NOT_ALLOWED_FOR_STEP'],
      [crew.rv, 'accept', { version: c.version }, 403, 'PERMISSION_DENIED'],
      [crew.cw, 'accept', { version: c.version + 5 }, 409, 'STALE_VERSION'],
    ];
    for (const [who, path, body, status, code] of tries) {
      const r = await who.call('POST', url(ref, path), body);
      expect(r.status, `${who.username} ${path}`).toBe(status);
      expect(r.json.code).toBe(code);
      expect(r.json.message.zh.length).toBeGreaterThan(0);
      expect(r.json.message.en.length).toBeGreaterThan(0);
    }
    // A step the role's permission allows but the table gives to another role.
    const accepted = await ok(crew.cw, 'POST', url(ref, 'accept'), { version: c.version });
    const inv = await ok(crew.cw, 'POST', url(ref, 'investigation'), investigationBody(accepted.version, '2019-08-01'));
    const r = await crew.cw.call('POST', url(ref, 'objections'), { version: inv.version, receivedOn: '2019-08-01', summary: '有异议', lodgedBy: 'villager' });
    expect(r.json.code).toBe('ILLEGAL_TRANSITION');
    const after = await ok(crew.cw, 'GET', url(ref));
    expect(after.timeline).toHaveLength(before.timeline.length + 2);
  });

  it('enforces villager representatives ≥ 2/3 of the deliberation', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '丙');
    const c = await drive(crew, clock, h, 'investigated', '2019-08-05');
    const ref = { countyCode: c.countyCode, id: c.id };
    const short = await crew.va.call('POST', url(ref, 'deliberation'), deliberationBody(c.version, '2019-08-07', 5, 3));
    expect(short.status).toBe(400);
    expect(short.json).toMatchObject({ code: 'REPRESENTATIVES_BELOW_TWO_THIRDS', field: 'participants' });
    expect(short.json.message.zh).toContain('5/8');
    expect(await db.kysely.selectFrom('case_deliberation').selectAll().where('case_id', '=', ref.id).execute()).toHaveLength(0);
    const twoThirds = await ok(crew.va, 'POST', url(ref, 'deliberation'), deliberationBody(c.version, '2019-08-07', 6, 3));
    expect(twoThirds.state).toBe('deliberated');
  });

  it('sends a case with an objection to the village notice back to investigation, marked contested', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '丁');
    const c = await drive(crew, clock, h, 'village_notice', '2019-08-12');
    const ref = { countyCode: c.countyCode, id: c.id };
    clock.set('2019-08-19');
    const back = await ok(crew.cw, 'POST', url(ref, 'objections'), { version: c.version, receivedOn: '2019-08-18', summary: '反映其家庭有经营收入', lodgedBy: 'villager' });
    expect(back).toMatchObject({ state: 'accepted', contested: true, noticeEndsOn: null });
    expect(back.records.objections).toMatchObject([{ level: 'village', receivedOn: '2019-08-18' }]);
    expect(back.records.notices).toMatchObject([{ level: 'village', outcome: 'objection', closedOn: '2019-08-19' }]);
    // Re-investigation on the 10-WD clock from the objection.
    expect(back.dueDate).toBe('2019-09-02');
    // The contested case is always visited by the county, whatever the draw.
    clock.set('2019-08-20');
    let d = await ok(crew.cw, 'POST', url(ref, 'investigation'), investigationBody(back.version, '2019-08-20'));
    d = await ok(crew.va, 'POST', url(ref, 'deliberation'), deliberationBody(d.version, '2019-08-20'));
    d = await ok(crew.rv, 'POST', url(ref, 'township-review'), { version: d.version, opinion: '复核后同意' });
    clock.set('2019-08-27');
    d = await ok(crew.cw, 'POST', url(ref, 'close-village-notice'), { version: d.version });
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { seed: 1 });
    expect(draw.items.find((i: { caseId: string }) => i.caseId === ref.id)).toMatchObject({ sampled: true, reason: 'contested' });
  });

  it('ends a case whose data check shows ineligibility, with its reasons; the household may apply again later', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '戊');
    const c = await drive(crew, clock, h, 'accepted', '2019-09-02');
    const ref = { countyCode: c.countyCode, id: c.id };
    const noReason = await crew.cw.call('POST', url(ref, 'investigation'), investigationBody(c.version, '2019-09-03', { homeVisitOn: null, dataCheck: { result: 'ineligible', checkedOn: '2019-09-03', reasons: [] } }));
    expect(noReason.json.code).toBe('DATA_CHECK_REASON_REQUIRED');
    const ended = await ok(
      crew.cw,
      'POST',
      url(ref, 'investigation'),
      investigationBody(c.version, '2019-09-03', { homeVisitOn: null, neighbourVisits: 0, dataCheck: { result: 'ineligible', checkedOn: '2019-09-03', reasons: ['车管所核对：名下有小型汽车一辆'] } }),
    );
    expect(ended).toMatchObject({ state: 'closed_ineligible', nextSteps: [], dueDate: null });
    expect(ended.records.investigations[0].dataCheck).toEqual({ result: 'ineligible', checkedOn: '2019-09-03', reasons: ['车管所核对：名下有小型汽车一辆'] });
    const more = await crew.cw.call('POST', url(ref, 'deliberation'), deliberationBody(ended.version, '2019-09-03'));
    expect(more.json.code).toBe('CASE_CLOSED');
    const again = await ok(crew.va, 'POST', '/api/cases', applyBody(h));
    expect(again.state).toBe('applied');
  });

  it('keeps one open case per household and program', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '己');
    clock.set('2019-09-05');
    await ok(crew.va, 'POST', '/api/cases', applyBody(h));
    const second = await crew.cw.call('POST', '/api/cases', applyBody(h));
    expect(second.status).toBe(409);
    expect(second.json.code).toBe('CASE_ALREADY_OPEN');
    const unsigned = await crew.cw.call('POST', '/api/cases', applyBody(h, { signedDeclaration: false }));
    expect(unsigned.json.code).toBe('DECLARATION_NOT_SIGNED');
    const individual = await crew.cw.call('POST', '/api/cases', applyBody(h, { kind: 'dibao_individual' }));
    expect(individual.json.code).toBe('INDIVIDUAL_NOT_REGISTERED_POOR');
  });

  it('withdraws at any open step, never after the decision', async () => {
    const h = await newHousehold(crew.cw, AREAS.village, '庚');
    const c = await drive(crew, clock, h, 'village_notice', '2019-09-09');
    const ref = { countyCode: c.countyCode, id: c.id };
    const w = await ok(crew.va, 'POST', url(ref, 'withdraw'), { version: c.version, reason: 'applicant_request' });
    expect(w).toMatchObject({ state: 'withdrawn', dueDate: null });
    expect(w.records.notices[0]).toMatchObject({ outcome: 'superseded' });
    const notice = await ok(crew.cw, 'GET', '/api/public-notices?level=village');
    expect(notice.items.map((i: { caseId: string }) => i.caseId)).not.toContain(ref.id);
    const late = await crew.va.call('POST', url(ref, 'withdraw'), { version: w.version, reason: 'applicant_request' });
    expect(late.json.code).toBe('CASE_CLOSED');
  });
});
