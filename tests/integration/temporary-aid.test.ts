import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { aimTemporaryRoutes, TEMPORARY_AREA_ROUTES } from '../factories/temporary-area-routes.ts';
import { applyBody, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

const T = AREAS.township;
const COUNTY = T.slice(0, 6);

/**
 * 临时救助 (issue 13, ADR 0037) through the API on both databases: an emergency paid first from the township's reserve,
 * its paperwork due across the National Day holiday and its 调休 Saturday, the overdue list, the ordinary steps after,
 * 分级审批 (the township cannot approve above its ceiling; the county can), 一事一议 above the maximum with its quorum,
 * stages, one event one aid with the county's new-event reason, and a refusal that leaves the amount paid first owed back.
 */
describe(`temporary aid (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-09-30');
  let cw: Client;
  let rv: Client;
  let ap: Client;
  let va: Client;
  let h: Awaited<ReturnType<typeof newHousehold>>;
  const head = () => h.members.find((m) => m.relation === 'head')!.id;

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['cw', 'township_caseworker', T],
      ['rv', 'township_reviewer', T],
      ['ap', 'county_approver', AREAS.county],
      ['va', 'village_assistant', AREAS.village],
      ['cw_sib', 'township_caseworker', AREAS.siblingTownship],
      ['rv_sib', 'township_reviewer', AREAS.siblingTownship],
      ['ap_other', 'county_approver', AREAS.otherCounty],
      ['aud', 'auditor', AREAS.city],
    ] as const) {
      await makeUser(db, `tmp_${name}`, role, area);
    }
    app = await testServer(db, clock.fn);
    [cw, rv, ap, va] = await Promise.all(['cw', 'rv', 'ap', 'va'].map((n) => sessionFor(app, `tmp_${n}`)));
    h = await newHousehold(va, AREAS.village, '临');
    await ok(ap, 'POST', `/api/temporary/reserves/${T}/top-ups`, { amount: '5000', note: '年初拨付' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const balance = async () =>
    Number((await db.kysely.selectFrom('township_reserve').select('balance_fen').where('county_code', '=', COUNTY).where('township_code', '=', T).executeTakeFirstOrThrow()).balance_fen);
  const emergency = (over: Record<string, unknown> = {}) => ({
    household: { countyCode: h.countyCode, id: h.id },
    applicantPersonId: head(),
    category: 'fire',
    eventDate: '2019-09-29',
    eventNote: '住房失火，衣物被褥烧毁',
    needYuan: '800',
    paidFirstYuan: '500',
    reason: '家中无御寒衣物，急需救助',
    attachments: ['现场照片.jpg'],
    ...over,
  });
  const refused = async (client: Client, method: 'POST' | 'GET', path: string, body: unknown, code: string, status: number) => {
    const r = await client.call(method, path, body);
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    expect(r.json.code).toBe(code);
    expect(r.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
    return r.json;
  };

  let first: { countyCode: string; id: string };

  it('pays an emergency first from the reserve, its paperwork due in 5 working days across the National Day holiday', async () => {
    const c = await ok(cw, 'POST', '/api/temporary/emergencies', emergency());
    first = { countyCode: c.countyCode, id: c.id };
    expect(c.kind).toBe('temporary_emergency');
    expect(c.state).toBe('paid_first');
    expect(c.temporary.assistedFirst).toBe(true);
    expect(c.temporary.paidFirstYuan).toBe('500.00');
    expect(c.temporary.approvalLevel).toBe('township');
    // Monday 30 September 2019 + 5 working days: 1–7 October are the holiday, 8–11 October four days, Saturday 12 October (调休) the fifth.
    expect(c.temporary.paperworkDue).toBe('2019-10-12');
    expect(c.dueDate).toBe('2019-10-12');
    expect(await balance()).toBe(450_000);
    const steps = c.timeline.map((e: { step: string }) => e.step);
    expect(steps).toEqual(['assist_first']);
    const audit = await db.kysely.selectFrom('audit_event').select('action').where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toContain('case.assist_first');
  });

  it('refuses what is not the township’s to pay first, or a second aid for the same event, and changes nothing', async () => {
    const cases = async () => Number((await db.kysely.selectFrom('assistance_case').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { cases: await cases(), balance: await balance() };
    await refused(cw, 'POST', '/api/temporary/emergencies', emergency({ category: 'traffic_accident', needYuan: '3000', paidFirstYuan: '1000.01' }), 'TEMPORARY_PAID_FIRST_ABOVE_CEILING', 422);
    await refused(cw, 'POST', '/api/temporary/emergencies', emergency({ eventDate: '2019-09-20' }), 'TEMPORARY_SAME_EVENT', 409);
    await refused(cw, 'POST', '/api/temporary/emergencies', emergency({ paidFirstYuan: '900' }), 'TEMPORARY_PAID_FIRST_ABOVE_NEED', 400);
    await refused(va, 'POST', '/api/temporary/emergencies', emergency({ category: 'natural_disaster' }), 'PERMISSION_DENIED', 403);
    await refused(cw, 'POST', '/api/cases', applyBody(h, { kind: 'temporary_expenditure' }), 'TEMPORARY_APPLY_ELSEWHERE', 400);
    expect({ cases: await cases(), balance: await balance() }).toEqual(before);
  });

  it('lists the paperwork as overdue after its due day, and completing it (acceptance) takes it off', async () => {
    clock.set('2019-10-14');
    const list = await ok(ap, 'GET', `/api/temporary/overdue?county=${COUNTY}`);
    const row = list.items.find((i: { caseId: string }) => i.caseId === first.id);
    expect(row).toMatchObject({ paperworkDue: '2019-10-12', paidFirstYuan: '500.00', workingDaysOverdue: 1, category: 'fire' });
    // The CLI's list, one JSON document (its business day is the real one, long after 2019: the case is as overdue there).
    const cli = await runDoudi(db, ['temporary', 'overdue', '--county', COUNTY, '--as', 'tmp_ap', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const doc = JSON.parse(cli.stdout);
    expect(doc.items.find((i: { caseId: string }) => i.caseId === first.id)).toMatchObject({ paperworkDue: '2019-10-12', paidFirstYuan: '500.00' });
    const bad = await runDoudi(db, ['temporary', 'overdue', '--county', '2112', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'TEMPORARY_OPTION', field: 'county' });
    let c = await ok(cw, 'GET', url(first));
    expect(c.temporary.paperworkOverdue).toBe(true);
    c = await ok(cw, 'POST', url(first, 'accept'), { version: c.version, attachments: ['临时救助申请书.pdf'] });
    expect(c.state).toBe('accepted');
    expect(c.temporary.paperworkDoneOn).toBe('2019-10-14');
    const after = await ok(ap, 'GET', `/api/temporary/overdue?county=${COUNTY}`);
    expect(after.items.some((i: { caseId: string }) => i.caseId === first.id)).toBe(false);
  });

  it('routes the approval by level: above the township’s ceiling the township reviews and the county approves', async () => {
    let c = await ok(cw, 'GET', url(first));
    c = await ok(cw, 'POST', `/api/temporary/cases/${first.countyCode}/${first.id}/investigation`, { ...investigationBody(c.version, '2019-10-14'), needYuan: '1200' });
    expect(c.state).toBe('investigated');
    const max = Number(c.temporary.maximumYuan);
    expect(max).toBeGreaterThan(1200);
    expect(c.temporary.approvalLevel).toBe('county');
    await refused(rv, 'POST', `/api/temporary/cases/${first.countyCode}/${first.id}/approve`, { version: c.version }, 'TEMPORARY_LEVEL_ABOVE_TOWNSHIP', 403);
    c = await ok(rv, 'POST', url(first, 'township-review'), { version: c.version, opinion: '情况属实，超出乡镇审批额度，报县级审批' });
    expect(c.state).toBe('county_review');
    c = await ok(ap, 'POST', `/api/temporary/cases/${first.countyCode}/${first.id}/approve`, { version: c.version });
    expect(c.state).toBe('approved');
    const proposed = c.temporary.proposedYuan;
    expect(c.temporary.approvedYuan).toBe(proposed);
    // Paid first 500, the rest in one stage today; never more than approved.
    const stages = c.temporary.stages;
    expect(stages[0]).toMatchObject({ n: 1, amountYuan: '500.00', status: 'paid_first' });
    const total = stages.reduce((n: number, s: { amountYuan: string }) => n + Math.round(Number(s.amountYuan) * 100), 0);
    expect(total).toBe(Math.round(Number(proposed) * 100));
    expect(c.decision).not.toBeNull();
  });

  let second: { countyCode: string; id: string };

  it('one event, one aid: a county approver records why a later fire is a new event, then it can be paid', async () => {
    await refused(cw, 'POST', '/api/temporary/emergencies', emergency({ eventDate: '2019-10-13' }), 'TEMPORARY_SAME_EVENT', 409);
    await refused(rv, 'POST', '/api/temporary/new-events', { household: { countyCode: h.countyCode, id: h.id }, category: 'fire', eventDate: '2019-10-13', reason: '第二次失火' }, 'TEMPORARY_NEW_EVENT_COUNTY_ONLY', 403);
    await ok(ap, 'POST', '/api/temporary/new-events', { household: { countyCode: h.countyCode, id: h.id }, category: 'fire', eventDate: '2019-10-13', reason: '10月13日厨房再次失火，与9月29日火灾无关，经核实属新发生事件' });
    const c = await ok(cw, 'POST', '/api/temporary/emergencies', emergency({ eventDate: '2019-10-13', needYuan: '20000', paidFirstYuan: '1000' }));
    second = { countyCode: c.countyCode, id: c.id };
    expect(c.temporary.approvalLevel).toBe('collective');
    expect(await balance()).toBe(350_000);
  });

  it('above the normal maximum the county approves only after a 一事一议 with its quorum, and may pay more, in stages', async () => {
    let c = await ok(cw, 'GET', url(second));
    c = await ok(cw, 'POST', url(second, 'accept'), { version: c.version });
    c = await ok(cw, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/investigation`, { ...investigationBody(c.version, '2019-10-14'), needYuan: '20000' });
    const max = Number(c.temporary.maximumYuan);
    expect(20000).toBeGreaterThan(max);
    expect(c.temporary.approvalLevel).toBe('collective');
    c = await ok(rv, 'POST', url(second, 'township-review'), { version: c.version, opinion: '重大生活困难，建议一事一议' });
    await refused(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/approve`, { version: c.version }, 'TEMPORARY_COLLECTIVE_DECISION_MISSING', 400);
    const decision = (present: number, inFavour: number) => ({
      version: c.version,
      decidedOn: '2019-10-14',
      participants: Array.from({ length: present }, (_, i) => ({ name: `参会人${i + 1}`, post: i === 0 ? '局长' : '科员' })),
      members: 7,
      present,
      inFavour,
      decision: '同意给予一次性临时救助 8000 元，分两次发放',
      amountYuan: '8000',
    });
    await refused(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/collective-decision`, decision(4, 4), 'COLLECTIVE_QUORUM', 400);
    await refused(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/collective-decision`, decision(5, 2), 'COLLECTIVE_MAJORITY', 400);
    c = await ok(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/collective-decision`, decision(5, 5));
    expect(c.temporary.collectiveDecisions).toHaveLength(1);
    expect(Number(c.temporary.collectiveDecisions[0].amountYuan)).toBeGreaterThan(max);
    await refused(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/approve`, { version: c.version, stages: [{ payOn: '2019-10-15', amountYuan: '3000' }] }, 'TEMPORARY_STAGES_TOTAL', 400);
    c = await ok(ap, 'POST', `/api/temporary/cases/${second.countyCode}/${second.id}/approve`, {
      version: c.version,
      stages: [
        { payOn: '2019-10-15', amountYuan: '3500' },
        { payOn: '2019-11-15', amountYuan: '3500' },
      ],
    });
    expect(c.state).toBe('approved');
    expect(c.temporary.approvedYuan).toBe('8000.00');
    expect(c.temporary.stages.map((s: { n: number; amountYuan: string; status: string }) => [s.n, s.amountYuan, s.status])).toEqual([
      [1, '1000.00', 'paid_first'],
      [2, '3500.00', 'planned'],
      [3, '3500.00', 'planned'],
    ]);
  });

  it('holds the area and the roles on every temporary-aid route: another township or county finds nothing, other roles are refused, nothing changes', async () => {
    const c = await ok(cw, 'POST', '/api/temporary/applications', {
      household: { countyCode: h.countyCode, id: h.id },
      applicantPersonId: head(),
      category: 'education',
      eventDate: '2019-10-10',
      eventNote: '子女上学费用',
      needYuan: '500',
    });
    expect(c).toMatchObject({ kind: 'temporary_expenditure', state: 'applied' });
    aimTemporaryRoutes({ household: { countyCode: h.countyCode, id: h.id, applicantPersonId: head() }, case: { countyCode: c.countyCode, id: c.id, version: c.version } });
    const digest = async () =>
      JSON.stringify({
        cases: await db.kysely.selectFrom('assistance_case').select(['id', 'state', 'version']).orderBy('id').execute(),
        aid: await db.kysely.selectFrom('temporary_aid').selectAll().orderBy('case_id').execute(),
        stages: await db.kysely.selectFrom('temporary_stage').selectAll().orderBy('case_id').orderBy('n').execute(),
        events: await db.kysely.selectFrom('temporary_new_event').selectAll().orderBy('id').execute(),
        referrals: await db.kysely.selectFrom('temporary_referral').selectAll().orderBy('case_id').orderBy('seq').execute(),
        reserve: await balance(),
      });
    const before = await digest();
    const outsiders = await Promise.all(['cw_sib', 'rv_sib', 'ap_other', 'aud'].map((n) => sessionFor(app, `tmp_${n}`)));
    const routes = Object.entries(TEMPORARY_AREA_ROUTES);
    expect(routes.length).toBe(13);
    for (const [name, spec] of routes) {
      for (const variant of spec.variants) {
        for (const client of outsiders) {
          const req = variant({} as never);
          const r = await client.call(req.method as 'GET' | 'POST', req.url, req.body);
          if (req.method === 'GET' && client.username === 'tmp_aud' && req.url.includes('/reconciliation')) {
            // No batch exists here: the city's auditor reads batches, and finds none by that number.
            expect(r.status, `${name} ${client.username}`).toBe(404);
          } else if (req.method === 'GET' && client.username === 'tmp_aud') {
            // The city's auditor reads every county's lists and figures (cases.read over the city): allowed, and read-only.
            expect(r.status, `${name} ${client.username}`).toBe(200);
          } else if (req.method === 'GET') {
            // The overdue list of another area: refused outright (another county), or the reader's own area's — never this case.
            if (r.status === 200 && req.url.includes('figures')) expect(r.json.total.cases, `${name} ${client.username}`).toBe(0);
            else if (r.status === 200) expect(JSON.stringify(r.json), `${name} ${client.username}`).not.toContain(c.id);
            else expect([403, 404], `${name} ${client.username}`).toContain(r.status);
          } else {
            expect([403, 404], `${name} ${client.username}: ${JSON.stringify(r.json)}`).toContain(r.status);
          }
        }
      }
    }
    expect(await digest()).toBe(before);
  });

  it('a refused assist-first case leaves the amount paid first owed back', async () => {
    await ok(ap, 'POST', '/api/temporary/new-events', { household: { countyCode: h.countyCode, id: h.id }, category: 'fire', eventDate: '2019-10-14', reason: '第三次失火，经核实属新发生事件' });
    let c = await ok(cw, 'POST', '/api/temporary/emergencies', emergency({ eventDate: '2019-10-14', needYuan: '2000', paidFirstYuan: '300' }));
    const ref = { countyCode: c.countyCode, id: c.id };
    c = await ok(cw, 'POST', url(ref, 'accept'), { version: c.version });
    c = await ok(cw, 'POST', `/api/temporary/cases/${ref.countyCode}/${ref.id}/investigation`, { ...investigationBody(c.version, '2019-10-14'), needYuan: '2000' });
    c = await ok(rv, 'POST', url(ref, 'township-review'), { version: c.version, opinion: '报县级审批' });
    c = await ok(ap, 'POST', url(ref, 'refuse'), { version: c.version, reasons: ['经核实火灾损失已由保险赔付'] });
    expect(c.state).toBe('refused');
    expect(c.temporary.outcome).toBe('refused');
    expect(c.temporary.recoveryYuan).toBe('300.00');
    // 转介: referred to charity for what insurance does not cover, then its outcome — once.
    const tmp = `/api/temporary/cases/${ref.countyCode}/${ref.id}`;
    c = await ok(cw, 'POST', `${tmp}/referrals`, { target: 'charity', note: '保险未覆盖的生活用品，转介县慈善总会', referredOn: '2019-10-14' });
    expect(c.temporary.referrals).toEqual([expect.objectContaining({ seq: 1, target: 'charity', outcome: 'pending' })]);
    await refused(va, 'POST', `${tmp}/referrals`, { target: 'welfare', note: '测试', referredOn: '2019-10-14' }, 'REFERRAL_ROLE', 403);
    c = await ok(cw, 'POST', `${tmp}/referrals/1/outcome`, { outcome: 'helped', note: '慈善总会发放生活用品', on: '2019-10-14' });
    expect(c.temporary.referrals[0]).toMatchObject({ outcome: 'helped', outcomeOn: '2019-10-14' });
    await refused(cw, 'POST', `${tmp}/referrals/1/outcome`, { outcome: 'declined', on: '2019-10-14' }, 'REFERRAL_NOT_PENDING', 409);
  });

  it('gives the quarterly report its figures: counts and amounts by month, category, level, assist-first, registered poor', async () => {
    const f = await ok(ap, 'GET', `/api/temporary/figures?from=2019-09&to=2019-10&county=${COUNTY}`);
    // Four cases: the first fire (approved, county), the second (一事一议, approved 8,000), the third (refused), the education application (open).
    expect(f.total).toMatchObject({ cases: 4, approved: 2, assistedFirst: 3, paidFirstYuan: '1800.00', recoveryYuan: '300.00' });
    const collective = f.groups.find((g: { approvalLevel: string }) => g.approvalLevel === 'collective');
    expect(collective).toMatchObject({ month: '2019-10', category: 'fire', assistedFirst: true, cases: 1, approvedYuan: '8000.00', outcome: 'approved' });
    const bad = await ap.call('GET', '/api/temporary/figures?from=2019-12&to=2019-01');
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('MONTH_RANGE');
  });
});
