import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { applyBody, type Crew, drive, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * The statutory clock on the official calendar, around the 2019 National Day holiday (1–7 October off; Sunday
 * 29 September and Saturday 12 October worked): due dates, the worklist's order and pages, and `doudi deadlines`.
 * Expected dates are counted by hand.
 */
describe(`case deadlines on the official calendar (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  const clock = new TestClock('2019-09-26');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'dl_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'dl_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'dl_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'dl_ap', 'county_approver', AREAS.county);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'dl_va'), cw: await sessionFor(app, 'dl_cw'), rv: await sessionFor(app, 'dl_rv'), ap: await sessionFor(app, 'dl_ap') };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('counts each step in working days across the holiday; tekun investigations get 20', async () => {
    // Accepted on Monday 30 September: 10 WD → 8–12 October (5, the Saturday worked) and 14–18 October.
    const dibao = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, '甲'), 'applied', '2019-09-30');
    const accepted = await ok(crew.cw, 'POST', url(dibao, 'accept'), { version: dibao.version });
    expect(accepted).toMatchObject({ ruleSet: 'nat-2012', ruleSetCitation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》', acceptedOn: '2019-09-30', dueDate: '2019-10-18' });
    ids.dibao = accepted.id;

    const h = await newHousehold(crew.cw, AREAS.village, '乙');
    const tekun = await drive(crew, clock, h, 'applied', '2019-09-30', { kind: 'tekun' });
    const tekunAccepted = await ok(crew.cw, 'POST', url(tekun, 'accept'), { version: tekun.version });
    // 20 WD: … 18 October (10), 21–25 (15), 28–31 October and 1 November (20).
    expect(tekunAccepted).toMatchObject({ kind: 'tekun', program: 'tekun', ruleSet: 'nat-2016', ruleSetCitation: '民发〔2016〕178号《特困人员认定办法》', dueDate: '2019-11-01' });
    ids.tekun = tekunAccepted.id;

    // Investigated on Friday 27 September: the deliberation is due 5 WD later, the Sunday worked counting.
    const inv = await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, '丙'), 'accepted', '2019-09-25');
    clock.set('2019-09-27');
    const investigated = await ok(crew.cw, 'POST', url(inv, 'investigation'), investigationBody(inv.version, '2019-09-27'));
    expect(investigated.dueDate).toBe('2019-10-10');
    ids.investigated = investigated.id;

    // An application waiting for acceptance has no statutory deadline.
    clock.set('2019-10-08');
    const waiting = await ok(crew.va, 'POST', '/api/cases', applyBody(await newHousehold(crew.cw, AREAS.village, '丁')));
    expect(waiting.dueDate).toBeNull();
    ids.waiting = waiting.id;

    // Filed under the 2021 rules.
    clock.set('2021-07-05');
    const late = await ok(crew.va, 'POST', '/api/cases', applyBody(await newHousehold(crew.cw, AREAS.village, '戊')));
    expect(late.ruleSet).toBe('nat-2021');
    expect(late.ruleSetCitation).toBe(late.program === 'tekun' ? '民发〔2021〕43号《特困人员认定办法》' : '民发〔2021〕57号《最低生活保障审核确认办法》');
    await ok(crew.va, 'POST', url(late, 'withdraw'), { version: late.version, reason: 'other' });
  });

  it('orders the worklist by due date, pages it by keyset, and flags what is overdue', async () => {
    clock.set('2019-10-11');
    const all = await ok(crew.cw, 'GET', '/api/worklist?pageSize=100');
    expect(all.today).toBe('2019-10-11');
    const mine = all.items.filter((i: { id: string }) => Object.values(ids).includes(i.id));
    expect(mine.map((i: { id: string }) => i.id)).toEqual([ids.investigated, ids.dibao, ids.tekun, ids.waiting]);
    expect(mine.map((i: { dueDate: string | null }) => i.dueDate)).toEqual(['2019-10-10', '2019-10-18', '2019-11-01', null]);
    expect(mine.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, false, false, false]);
    expect(mine[1].nextSteps).toEqual(['investigate', 'close_ineligible']);
    // The deliberation may be recorded by the village assistant or the township caseworker.
    expect(mine[0].nextSteps).toEqual(['deliberate']);
    const va = await ok(crew.va, 'GET', '/api/worklist');
    expect(va.items).toMatchObject([{ id: ids.investigated, dueDate: '2019-10-10', overdue: true, nextSteps: ['deliberate'] }]);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null; total: number } = await ok(crew.cw, 'GET', `/api/worklist?pageSize=1${after ? `&after=${after}` : ''}`);
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((i) => i.id));
      after = page.nextCursor;
      pages++;
    } while (after && pages < 20);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
    const bad = await crew.cw.call('GET', '/api/worklist?after=not-a-cursor');
    expect(bad.json.code).toBe('CURSOR_INVALID');

    clock.set('2019-10-21');
    const overdue = await ok(crew.cw, 'GET', '/api/worklist?overdue=true');
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([ids.investigated, ids.dibao]);
    expect(overdue.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });

  it('doudi deadlines lists due and overdue steps per county, with working days late', async () => {
    const over = await runDoudi(db, ['deadlines', '--overdue', '--on', '2019-10-21', '--json']);
    expect(over.code, over.stderr).toBe(0);
    const parsed = JSON.parse(over.stdout);
    expect(parsed).toMatchObject({ on: '2019-10-21', overdueOnly: true });
    const byId = new Map(parsed.items.map((i: { caseId: string }) => [i.caseId, i]));
    expect(byId.get(ids.dibao)).toMatchObject({ countyCode: '211221', state: 'accepted', dueDate: '2019-10-18', overdue: true, workingDaysOverdue: 1 });
    expect(byId.get(ids.investigated)).toMatchObject({ dueDate: '2019-10-10', workingDaysOverdue: 8, nextSteps: ['deliberate'] });
    expect(byId.has(ids.tekun)).toBe(false);
    expect(byId.has(ids.waiting)).toBe(false);

    const every = JSON.parse((await runDoudi(db, ['deadlines', '--on', '2019-10-21', '--json'])).stdout);
    expect(every.items.map((i: { dueDate: string }) => i.dueDate)).toEqual([...every.items.map((i: { dueDate: string }) => i.dueDate)].sort());
    expect(every.items.find((i: { caseId: string }) => i.caseId === ids.tekun)).toMatchObject({ overdue: false, workingDaysOverdue: 0 });

    const other = JSON.parse((await runDoudi(db, ['deadlines', '--county', '211223', '--on', '2019-10-21', '--json'])).stdout);
    expect(other.items).toEqual([]);
    const text = await runDoudi(db, ['deadlines', '--overdue', '--on', '2019-10-21']);
    expect(text.stdout).toContain(ids.dibao);
    expect(text.stdout).toMatch(/逾期 OVERDUE 1 WD/);
    for (const name of ['申建国甲', '申建国乙']) expect(text.stdout + over.stdout).not.toContain(name);
    const wrong = await runDoudi(db, ['deadlines', '--county', '2112']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('COUNTY_CODE_FORMAT');
  });
});
