import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { payFromReserve, refundToReserve, reserveEntriesOfCases, type ReserveMovement } from '../../src/commands/temporary/reserve-ledger.ts';
import { reserveLedger, reserveOverview } from '../../src/commands/temporary/reserve-read.ts';
import { topUpReserve } from '../../src/commands/temporary/reserve-top-up.ts';
import type { Db } from '../../src/db/connect.ts';
import { appendAudit } from '../../src/db/audit.ts';
import { ReserveRepo } from '../../src/db/reserve-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { AppError } from '../../src/kernel/errors.ts';
import type { Actor } from '../../src/commands/context.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { RESERVE_AREA_ROUTES } from '../factories/reserve-area-routes.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor } from './cases-flow.ts';

const T = AREAS.township;
const COUNTY = T.slice(0, 6);
const CASE_ID = '00000000-0000-4000-8000-0000000000c1';

/** 乡镇临时救助备用金 (issue 13 point 2, ADR 0039): top-ups, payments, refunds, the balance never below zero. */
describe(`township reserve (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const actors: Record<string, Actor> = {};
  const clients: Record<string, Client> = {};
  const now = new Date('2026-03-02T02:00:00Z');
  const ctxOf = (name: string, d: Db = db): CommandContext => ({ db: d, actor: actors[name], clock: () => now });

  const USERS = [
    ['cw', 'township_caseworker', AREAS.township],
    ['rv', 'township_reviewer', AREAS.township],
    ['cw_sib', 'township_caseworker', AREAS.siblingTownship],
    ['va', 'village_assistant', AREAS.village],
    ['ap', 'county_approver', AREAS.county],
    ['ap_other', 'county_approver', AREAS.otherCounty],
    ['ca', 'county_admin', AREAS.county],
    ['sup', 'city_supervisor', AREAS.city],
    ['aud', 'auditor', AREAS.city],
  ] as const;

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of USERS) actors[name] = await makeUser(db, `rs_${name}`, role, area);
    app = await testServer(db, () => now);
    for (const name of ['cw', 'cw_sib', 'va', 'ap', 'ap_other', 'sup']) clients[name] = await sessionFor(app, `rs_${name}`);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const state = async (township: string = T) => {
    const r = await db.kysely.selectFrom('township_reserve').selectAll().where('county_code', '=', township.slice(0, 6)).where('township_code', '=', township).executeTakeFirst();
    const entries = await db.kysely.selectFrom('township_reserve_entry').selectAll().where('county_code', '=', township.slice(0, 6)).where('township_code', '=', township).orderBy('seq').execute();
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'entity_id', 'actor_name', 'detail']).where('entity_type', '=', 'township_reserve').orderBy('chain').orderBy('seq').execute();
    return { balance: r ? Number(r.balance_fen) : null, version: r ? Number(r.version) : null, entries, audit };
  };
  const refusal = async (p: Promise<unknown>, code: string, status?: number): Promise<AppError> => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e, `expected ${code}`).toBeInstanceOf(AppError);
    const a = e as AppError;
    expect(a.code).toBe(code);
    if (status) expect(a.status).toBe(status);
    expect(a.messages.zh).toMatch(/[\u4e00-\u9fff]/);
    return a;
  };
  const movement = (over: Partial<ReserveMovement> = {}): ReserveMovement => ({
    county: COUNTY,
    township: T,
    amountFen: 30_000,
    caseId: CASE_ID,
    payeeName: '王桂兰',
    actor: actors.cw,
    at: now.toISOString(),
    note: '火灾先行救助',
    ...over,
  });
  /**
   * On PostgreSQL three more pools beside the test's: the transactions run in parallel on separate connections. SQLite
   * writes one transaction at a time per file (BEGIN IMMEDIATE; node:sqlite waits synchronously, so a second connection
   * in this process would block the first): there the twenty transactions are all issued at once on the one connection
   * and queue.
   */
  const parallelConnections = (): Promise<Db[]> => (TEST_DIALECT === 'postgres' ? Promise.all([db.reopen(), db.reopen(), db.reopen()]) : Promise.resolve([]));
  const pay = (m: ReserveMovement, d: Db = db) => d.kysely.transaction().execute((trx) => payFromReserve(trx, m));

  it('every reserve route is in the area-scope table', () => {
    expect(Object.keys(RESERVE_AREA_ROUTES).sort()).toEqual(['GET /api/temporary/reserves', 'GET /api/temporary/reserves/:township', 'POST /api/temporary/reserves/:township/top-ups']);
  });

  it('a county approver tops up (the reserve is created), audited in the same transaction; the township reads it', async () => {
    const before = await state();
    expect(before.balance).toBeNull();
    const r = await topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: '1000.00', note: '县财政拨付 第1批' } });
    expect(r.reserve).toMatchObject({ townshipCode: T, countyCode: COUNTY, balanceFen: 100_000, opened: true, can: { topUp: true } });
    expect(r.reserve.townshipName).toMatch(/[\u4e00-\u9fff]/);
    expect(r.entry).toMatchObject({ seq: 1, kind: 'top_up', amountFen: 100_000, balanceAfterFen: 100_000, note: '县财政拨付 第1批', actorName: 'rs_ap' });
    const after = await state();
    expect(after.balance).toBe(100_000);
    expect(after.entries.map((e) => [Number(e.seq), e.kind, Number(e.amount_fen), Number(e.balance_after_fen)])).toEqual([[1, 'top_up', 100_000, 100_000]]);
    expect(after.audit.filter((a) => a.action === 'reserve.top_up')).toHaveLength(1);
    expect(after.audit[0]).toMatchObject({ entity_id: T, actor_name: 'rs_ap' });

    const ledger = await reserveLedger(ctxOf('cw'), { township: T });
    expect(ledger.reserve.balanceFen).toBe(100_000);
    expect(ledger.reserve.can.topUp).toBe(false);
    expect(ledger.entries).toHaveLength(1);
    // A second top-up adds to the same row.
    await topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: 500 } });
    expect((await state()).balance).toBe(150_000);
  });

  it('pays from the reserve, refuses a payment the balance does not cover (nothing changed), takes a refund back', async () => {
    const start = await state();
    const paid = await pay(movement());
    expect(paid).toEqual({ countyCode: COUNTY, townshipCode: T, seq: start.entries.length + 1, balanceAfterFen: start.balance! - 30_000 });
    const mid = await state();
    expect(mid.balance).toBe(start.balance! - 30_000);
    const last = mid.entries.at(-1)!;
    expect(last).toMatchObject({ kind: 'payment', case_id: CASE_ID, payee_name: '王桂兰', actor_name: 'rs_cw' });
    expect(Number(last.amount_fen)).toBe(-30_000);
    expect(mid.audit.filter((a) => a.action === 'reserve.payment')).toHaveLength(1);

    const tooMuch = await refusal(pay(movement({ amountFen: mid.balance! + 1 })), 'RESERVE_INSUFFICIENT', 409);
    expect(tooMuch.messages.zh).toContain('1,200.00 元');
    expect(tooMuch.messages.zh).toContain('1,200.01 元');
    expect(tooMuch.messages.en).toContain('1,200.00 yuan');
    expect(await state()).toEqual(mid);

    // Bad amounts, a township of another county under this county's code, a township outside the actor's area.
    await refusal(pay(movement({ amountFen: 0 })), 'RESERVE_AMOUNT');
    await refusal(pay(movement({ amountFen: 12.5 })), 'RESERVE_AMOUNT');
    await refusal(pay(movement({ county: '211223' })), 'TOWNSHIP_CODE');
    await refusal(pay(movement({ actor: actors.cw_sib })), 'AREA_FORBIDDEN', 403);
    await refusal(pay(movement({ township: AREAS.siblingTownship })), 'AREA_FORBIDDEN', 403);
    expect(await state()).toEqual(mid);

    const back = await db.kysely.transaction().execute((trx) => refundToReserve(trx, movement({ amountFen: 10_000, note: '追回' })));
    expect(back.balanceAfterFen).toBe(mid.balance! + 10_000);
    const end = await state();
    expect(end.entries.at(-1)).toMatchObject({ kind: 'refund', case_id: CASE_ID, note: '追回' });
    expect(Number(end.entries.at(-1)!.amount_fen)).toBe(10_000);
    expect(end.audit.filter((a) => a.action === 'reserve.refund')).toHaveLength(1);
    // The reconciliation hook: the case's payment and refund, for the county; none seen from a sibling township.
    const ofCase = await db.kysely.transaction().execute((trx) => reserveEntriesOfCases(trx, actors.ap, { county: COUNTY, caseIds: [CASE_ID, 'no-such-case'] }));
    expect(ofCase.map((e) => [e.kind, Number(e.amount_fen)])).toEqual([['payment', -30_000], ['refund', 10_000]]);
    expect(await db.kysely.transaction().execute((trx) => reserveEntriesOfCases(trx, actors.cw_sib, { county: COUNTY, caseIds: [CASE_ID] }))).toEqual([]);

    // The ledger, newest first, with the case and payee for a reader of cases; paged by `before`.
    const page1 = await reserveLedger(ctxOf('sup'), { township: T, limit: 2 });
    expect(page1.entries.map((e) => e.kind)).toEqual(['refund', 'payment']);
    expect(page1.entries[1]).toMatchObject({ case: { countyCode: COUNTY, id: CASE_ID }, payeeName: '王桂兰', amountFen: -30_000 });
    expect(page1.nextBefore).toBe(page1.entries[1].seq);
    const page2 = await reserveLedger(ctxOf('sup'), { township: T, limit: 2, before: page1.nextBefore });
    expect(page2.entries.map((e) => e.kind)).toEqual(['top_up', 'top_up']);
    expect(page2.nextBefore).toBeNull();
  });

  it('refuses the wrong role and the wrong area, and bad top-ups, changing nothing', async () => {
    const before = await state();
    await refusal(topUpReserve(ctxOf('cw'), { ref: { township: T }, input: { amount: 100 } }), 'PERMISSION_DENIED', 403);
    await refusal(topUpReserve(ctxOf('ca'), { ref: { township: T }, input: { amount: 100 } }), 'PERMISSION_DENIED', 403);
    await refusal(topUpReserve(operatorContext(db), { ref: { township: T }, input: { amount: 100 } }), 'PERMISSION_DENIED', 403);
    await refusal(topUpReserve(ctxOf('ap_other'), { ref: { township: T }, input: { amount: 100 } }), 'AREA_FORBIDDEN', 403);
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: 0 } }), 'RESERVE_AMOUNT');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: '-5' } }), 'AMOUNT_NEGATIVE');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: '1.234' } }), 'AMOUNT_DECIMALS');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: T }, input: { amount: 1_000_000.01 } }), 'RESERVE_TOP_UP_TOO_LARGE');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: T }, input: {} }), 'AMOUNT_NOT_A_NUMBER');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: '211221' }, input: { amount: 1 } }), 'TOWNSHIP_CODE');
    await refusal(topUpReserve(ctxOf('ap'), { ref: { township: '211221199000' }, input: { amount: 1 } }), 'TOWNSHIP_UNKNOWN', 404);
    await refusal(reserveLedger(ctxOf('cw_sib'), { township: T }), 'AREA_FORBIDDEN', 403);
    await refusal(reserveLedger(ctxOf('va'), { township: T }), 'PERMISSION_DENIED', 403);
    await refusal(reserveOverview(ctxOf('ap'), { county: '211223' }), 'AREA_FORBIDDEN', 403);
    expect(await state()).toEqual(before);
  });

  it('the overview holds the townships of the reader’s area, with zero for those never topped up', async () => {
    const own = await reserveOverview(ctxOf('cw'));
    expect(own.townships.map((t) => t.townshipCode)).toEqual([T]);
    const county = await reserveOverview(ctxOf('ap'));
    expect(county.townships.length).toBeGreaterThan(2);
    expect(county.townships.every((t) => t.countyCode === COUNTY)).toBe(true);
    expect(county.townships.find((t) => t.townshipCode === T)).toMatchObject({ opened: true, can: { topUp: true } });
    expect(county.townships.find((t) => t.townshipCode === AREAS.siblingTownship)).toMatchObject({ balanceFen: 0, opened: false });
    expect(county.totalFen).toBe(county.townships.reduce((s, t) => s + t.balanceFen, 0));
    const city = await reserveOverview(ctxOf('sup'));
    expect(new Set(city.townships.map((t) => t.countyCode)).size).toBeGreaterThan(1);
    expect(city.townships.every((t) => !t.can.topUp)).toBe(true);
    const narrowed = await reserveOverview(ctxOf('sup'), { county: '211223' });
    expect(narrowed.townships.every((t) => t.countyCode === '211223')).toBe(true);
    expect((await reserveOverview(ctxOf('aud'))).townships.length).toBe(city.townships.length);
  });

  it('20 concurrent payments where only 3 fit: exactly 3 pass, the balance never goes below zero, the ledger adds up', async () => {
    const TOWN = AREAS.siblingTownship;
    await topUpReserve(ctxOf('ap'), { ref: { township: TOWN }, input: { amount: '1000.00' } });
    const others = await parallelConnections();
    try {
      const pools = [db, ...others];
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => pay(movement({ township: TOWN, actor: actors.ap, amountFen: 30_000, caseId: `case-${i}` }), pools[i % pools.length])),
      );
      const passed = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(passed).toHaveLength(3);
      expect(refused.map((r) => (r.reason as AppError).code)).toEqual(Array(17).fill('RESERVE_INSUFFICIENT'));
      const s = await state(TOWN);
      expect(s.balance).toBe(10_000);
      expect(s.entries.map((e) => Number(e.seq))).toEqual([1, 2, 3, 4]);
      let balance = 0;
      for (const e of s.entries) {
        balance += Number(e.amount_fen);
        expect(Number(e.balance_after_fen)).toBe(balance);
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      expect(balance).toBe(s.balance);
      expect(s.version).toBe(4);
    } finally {
      for (const o of others) await o.close();
    }
  });

  it('payments inside transactions that appended their own audit event first, racing top-ups: no deadlock, every one done', async () => {
    const TOWN = '211221104000';
    await topUpReserve(ctxOf('ap'), { ref: { township: TOWN }, input: { amount: 100 } });
    const others = await parallelConnections();
    try {
      const pools = [db, ...others];
      const at = now.toISOString();
      const jobs = Array.from({ length: 16 }, (_, i) => {
        const d = pools[i % pools.length];
        if (i % 4 === 3) return topUpReserve(ctxOf('ap', d), { ref: { township: TOWN }, input: { amount: 10 } });
        // As the emergency's command does: its own case event first, then the payment, in one transaction.
        return d.kysely.transaction().execute(async (trx) => {
          await appendAudit(trx, { userId: actors.cw.userId, username: 'rs_cw' }, { chain: COUNTY, action: 'test.case_event', entityType: 'assistance_case', entityId: `lock-${i}` }, at);
          return payFromReserve(trx, movement({ township: TOWN, actor: actors.ap, amountFen: 500, caseId: `lock-${i}` }));
        });
      });
      const results = await Promise.allSettled(jobs);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      // 100 yuan, four top-ups of 10, twelve payments of 5.
      expect((await state(TOWN)).balance).toBe(10_000 + 4 * 1_000 - 12 * 500);
    } finally {
      for (const o of others) await o.close();
    }
  });

  it('the repository’s debit alone holds under concurrency, and the database refuses a negative balance', async () => {
    const TOWN = '211221103000';
    const key = { countyCode: COUNTY, townshipCode: TOWN };
    await topUpReserve(ctxOf('ap'), { ref: { township: TOWN }, input: { amount: 50 } });
    const others = await parallelConnections();
    try {
      const pools = [db, ...others];
      const at = now.toISOString();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          pools[i % pools.length].kysely.transaction().execute(async (trx) => new ReserveRepo(trx, scopeOf(AREAS.county)).debit(key, 700, at)),
        ),
      );
      // 5000 fen covers seven debits of 700.
      expect(results.filter((r) => r !== null)).toHaveLength(7);
      expect((await state(TOWN)).balance).toBe(100);
      const sorted = results.filter((r) => r !== null).map((r) => r.balanceAfterFen).sort((a, b) => b - a);
      expect(sorted).toEqual([4300, 3600, 2900, 2200, 1500, 800, 100]);
    } finally {
      for (const o of others) await o.close();
    }
    await expect(db.kysely.updateTable('township_reserve').set({ balance_fen: -1 }).where('township_code', '=', TOWN).execute()).rejects.toThrow();
    expect((await state(TOWN)).balance).toBe(100);
    // Outside the repository's scope: refused before any statement.
    expect(() => new ReserveRepo(db.kysely, scopeOf(AREAS.siblingTownship)).requireInScope(key)).toThrow(AppError);
  });

  it('over HTTP: the county approver tops up, the township reads, others are refused', async () => {
    const top = await clients.ap.call('POST', `/api/temporary/reserves/${T}/top-ups`, { amount: '200.50', note: '第2批' });
    expect(top.status, JSON.stringify(top.json)).toBe(201);
    expect(top.json.entry).toMatchObject({ kind: 'top_up', amountFen: 20_050 });
    const ledger = await clients.cw.call('GET', `/api/temporary/reserves/${T}?limit=1`);
    expect(ledger.status).toBe(200);
    expect(ledger.json.reserve.balanceFen).toBe(top.json.reserve.balanceFen);
    expect(ledger.json.entries).toHaveLength(1);
    expect(ledger.json.nextBefore).toBeGreaterThan(0);
    const overview = await clients.cw.call('GET', '/api/temporary/reserves');
    expect(overview.json.townships.map((t: { townshipCode: string }) => t.townshipCode)).toEqual([T]);

    const before = await state();
    for (const [who, method, path, status, code] of [
      ['cw', 'POST', `/api/temporary/reserves/${T}/top-ups`, 403, 'PERMISSION_DENIED'],
      ['ap_other', 'POST', `/api/temporary/reserves/${T}/top-ups`, 403, 'AREA_FORBIDDEN'],
      ['sup', 'POST', `/api/temporary/reserves/${T}/top-ups`, 403, 'PERMISSION_DENIED'],
      ['cw_sib', 'GET', `/api/temporary/reserves/${T}`, 403, 'AREA_FORBIDDEN'],
      ['ap_other', 'GET', `/api/temporary/reserves/${T}`, 403, 'AREA_FORBIDDEN'],
      ['va', 'GET', '/api/temporary/reserves', 403, 'PERMISSION_DENIED'],
      ['ap', 'GET', '/api/temporary/reserves?county=211223', 403, 'AREA_FORBIDDEN'],
      ['ap', 'GET', '/api/temporary/reserves/211221101', 400, undefined],
    ] as const) {
      const r = await clients[who].call(method, path, method === 'POST' ? { amount: 1 } : undefined);
      expect(r.status, `${who} ${method} ${path}`).toBe(status);
      if (code) expect(r.json.code).toBe(code);
      expect(r.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const bad = await clients.ap.call('POST', `/api/temporary/reserves/${T}/top-ups`, { amount: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('amount');
    expect(await state()).toEqual(before);

    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/temporary/reserves', '/api/temporary/reserves/{township}', '/api/temporary/reserves/{township}/top-ups']) expect(Object.keys(doc.paths)).toContain(path);
  });

  it('doudi temporary reserve top-up|ledger|list: one JSON document each, failures per ADR 0021', async () => {
    const before = (await state()).balance!;
    const top = await runDoudi(db, ['temporary', 'reserve', 'top-up', '--township', T, '--amount', '300.25', '--note', '命令行补充', '--as', 'rs_ap', '--json']);
    expect(top.code, top.stderr).toBe(0);
    const topped = JSON.parse(top.stdout);
    expect(topped.reserve.balanceFen).toBe(before + 30_025);
    expect(topped.entry).toMatchObject({ kind: 'top_up', amountFen: 30_025, note: '命令行补充' });
    const ledger = await runDoudi(db, ['temporary', 'reserve', 'ledger', '--township', T, '--limit', '2', '--json']);
    expect(ledger.code, ledger.stderr).toBe(0);
    expect(JSON.parse(ledger.stdout)).toMatchObject({ reserve: { balanceFen: before + 30_025 }, entries: [{ kind: 'top_up', amountFen: 30_025 }, {}] });
    const list = await runDoudi(db, ['temporary', 'reserve', 'list', '--county', COUNTY, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const overview = JSON.parse(list.stdout);
    expect(overview.townships.find((r: { townshipCode: string }) => r.townshipCode === T).balanceFen).toBe(before + 30_025);
    const plain = await runDoudi(db, ['temporary', 'reserve', 'list', '--as', 'rs_cw']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^211221101000 {2}\S+ {2}余额 balance [\d,]+\.\d\d 元\n合计 total/);

    const denied = await runDoudi(db, ['temporary', 'reserve', 'top-up', '--township', T, '--amount', '1', '--as', 'rs_cw', '--json']);
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout).error.code).toBe('PERMISSION_DENIED');
    const badAmount = await runDoudi(db, ['temporary', 'reserve', 'top-up', '--township', T, '--amount', '1.234', '--as', 'rs_ap', '--json']);
    expect(badAmount.code).toBe(2);
    expect(JSON.parse(badAmount.stdout).error).toMatchObject({ code: 'AMOUNT_DECIMALS', field: 'amount' });
    expect((await state()).balance).toBe(before + 30_025);
  });
});
