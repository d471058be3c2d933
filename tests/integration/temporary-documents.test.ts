import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

const T = AREAS.township;

/**
 * 临时救助决定书 and 临时救助审批表 (issue 13 point 8, ADR 0037) on both databases: a temporary case has its own decision
 * letter (no enrollment: a one-off aid) only once approved, its approval form with the aid paid first and its paperwork,
 * and no 民主评议 form; the letter is issued by the township when the township approved it.
 */
describe(`temporary-aid documents (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-11-08');
  let cw: Client;
  let rv: Client;
  let ap: Client;
  let ref: { countyCode: string; id: string };

  const doc = async (kind: string) => {
    const s = await rawLogin(app, 'tdoc_cw', TEST_PASSWORD);
    return s.inject({ method: 'GET', url: `/api/cases/${ref.countyCode}/${ref.id}/documents/${kind}?format=html` });
  };

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['cw', 'township_caseworker', T],
      ['rv', 'township_reviewer', T],
      ['ap', 'county_approver', AREAS.county],
      ['va', 'village_assistant', AREAS.village],
    ] as const) {
      await makeUser(db, `tdoc_${name}`, role, area);
    }
    app = await testServer(db, clock.fn);
    let va: Client;
    [cw, rv, ap, va] = await Promise.all(['cw', 'rv', 'ap', 'va'].map((n) => sessionFor(app, `tdoc_${n}`)));
    const h = await newHousehold(va, AREAS.village, '档');
    await ok(ap, 'POST', `/api/temporary/reserves/${T}/top-ups`, { amount: '5000', note: '年初拨付' });
    const c = await ok(cw, 'POST', '/api/temporary/emergencies', {
      household: { countyCode: h.countyCode, id: h.id },
      applicantPersonId: h.members.find((m: { relation: string }) => m.relation === 'head')!.id,
      category: 'fire',
      eventDate: '2019-11-07',
      eventNote: '住房失火，衣物被褥烧毁',
      needYuan: '800',
      paidFirstYuan: '500',
      reason: '家中无御寒衣物，急需救助',
    });
    ref = { countyCode: c.countyCode, id: c.id };
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('before the approval: the approval form with the aid paid first, no decision letter, no 民主评议 form', async () => {
    const form = await doc('record');
    expect(form.statusCode).toBe(200);
    for (const s of ['临时救助审批表', '火灾', '先行救助', '500.00 元', '家中无御寒衣物，急需救助', '补办期限', '2019年11月15日', '尚未补办']) expect(form.body).toContain(s);
    expect(form.body).not.toContain('民主评议');
    expect((await doc('approval')).statusCode).toBe(409);
    expect((await doc('deliberation')).statusCode).toBe(409);
  });

  it('approved by the township: the decision letter names the amount, the amount paid first, the township and the remedy', async () => {
    clock.set('2019-11-11');
    let c = await ok(cw, 'GET', url(ref));
    c = await ok(cw, 'POST', url(ref, 'accept'), { version: c.version });
    c = await ok(cw, 'POST', `/api/temporary/cases/${ref.countyCode}/${ref.id}/investigation`, { ...investigationBody(c.version, '2019-11-11'), needYuan: '800' });
    expect(c.temporary.approvalLevel).toBe('township');
    c = await ok(rv, 'POST', `/api/temporary/cases/${ref.countyCode}/${ref.id}/approve`, { version: c.version });
    expect(c.state).toBe('approved');
    const approved = c.temporary.approvedYuan as string;
    const letter = await doc('approval');
    expect(letter.statusCode).toBe(200);
    for (const s of ['临时救助决定书', '先行给予救助', `${approved} 元`, '已先行支付的500.00 元', '乡镇（街道）审批', '人民政府（盖章）', '行政复议', '第 1 次', '已先行支付']) expect(letter.body).toContain(s);
    expect(letter.body).not.toContain('月保障金额');
    const form = await doc('record');
    for (const s of ['补办日期', '2019年11月11日', `批准，救助金额 ${approved} 元`]) expect(form.body).toContain(s);
    expect(form.body).not.toContain('尚未补办');
    const audit = await db.kysely.selectFrom('audit_event').select('action').where('entity_id', '=', ref.id).where('action', '=', 'case.document').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });
});
