import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { enrollDemo } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { mapRegistry } from '../../src/commands/registry/situation-from-registry.ts';
import type { OutreachList, OutreachRow } from '../../src/contracts/outreach.ts';
import { RegistryRepo } from '../../src/db/registry-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import { determine } from '../../src/rules/engine.ts';
import { type Client, testServer } from '../factories/api.ts';
import { AREA_ROUTES, type Target } from '../factories/area-routes.ts';
import { runDoudi } from '../factories/cli.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { applyBody, newHousehold, ok, sessionFor, TestClock } from './cases-flow.ts';

const C = '211221';
const MONTH = '2019-08' as PlainMonth;

/**
 * 应保尽保 The outreach list (issue 16 point 5, ADR 0047), on a generated and enrolled population of one county plus
 * planted households: every listed finding is what the engine says when the household is read on its own (the case
 * path's single-household reader, not the batch reader) and mapped; every household the engine finds eligible for dibao
 * or tekun that has no enrollment and no open case is listed; enrolled households and households with an open case are
 * not; areas see their own rows only; a case opened from a row carries origin 'outreach' and leaves the list.
 */
describe(`outreach: 应保尽保 (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-08-12');
  const c: Record<string, Client> = {};
  let raw: RawSession;
  let planted: Awaited<ReturnType<typeof newHousehold>>;
  let pending: Awaited<ReturnType<typeof newHousehold>>;
  let elsewhere: Awaited<ReturnType<typeof newHousehold>>;

  beforeAll(async () => {
    db = await createTestDb();
    const at = new Date('2019-02-10T02:00:00Z');
    await generateDemo(operatorContext(db, { clock: () => at }), { households: 300, seed: 'outreach', county: C });
    await enrollDemo(operatorContext(db, { clock: () => at }), { county: C, lastStart: '2019-01' as PlainMonth });
    await makeUser(db, 'or_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'or_cw2', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'or_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'or_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'or_aud', 'auditor', AREAS.city);
    await makeUser(db, 'or_lia', 'poverty_liaison', AREAS.city);
    app = await testServer(db, clock.fn);
    for (const u of ['or_cw', 'or_cw2', 'or_va', 'or_ap', 'or_aud', 'or_lia']) c[u] = await sessionFor(app, u);
    planted = await newHousehold(c.or_cw, AREAS.village, '应保');
    pending = await newHousehold(c.or_cw, AREAS.village, '在办');
    await ok(c.or_va, 'POST', '/api/cases', applyBody(pending));
    elsewhere = await newHousehold(c.or_cw2, `${AREAS.siblingTownship.slice(0, 9)}200`, '邻镇');
    raw = await rawLogin(app, 'or_cw');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const list = async (client: Client, query = ''): Promise<OutreachList> => ok(client, 'GET', `/api/outreach?month=${MONTH}${query}`);
  const ids = (l: OutreachList) => l.rows.map((r) => r.householdId);

  it('lists every eligible household with no enrollment and no open case, each as the engine finds it read on its own', async () => {
    const l = await list(c.or_ap);
    expect(ids(l)).toContain(planted.id);
    expect(ids(l)).not.toContain(pending.id);
    const ps = await loadParameterSet(db);
    const registry = new RegistryRepo(db.kysely, scopeOf('211200000000'));
    const covered = new Set(
      (
        await sql<{ id: string }>`select household_id as id from enrollment where county_code = ${C} and status in ('active', 'suspended')
          union select household_id as id from assistance_case where county_code = ${C} and open_program in ('dibao', 'tekun')`.execute(db.kysely)
      ).rows.map((r) => r.id),
    );
    const listed = new Map(l.rows.map((r) => [r.householdId, r]));
    for (const r of l.rows) expect(covered.has(r.householdId), r.householdId).toBe(false);
    const keys = await db.kysely.selectFrom('household').select(['id']).where('county_code', '=', C).execute();
    let eligibleDibao = 0;
    let eligibleTekun = 0;
    for (const { id } of keys) {
      const household = (await registry.getHousehold(C, id))!;
      const facts = { household, ...(await registry.householdParts(household)) };
      const row: OutreachRow | undefined = listed.get(id);
      const d = mapRegistry(facts, { kind: 'dibao_household', month: MONTH });
      const dibao = d.ok ? determine(d.situation, ps, { trace: true }) : null;
      const want: { kind: string; personId: string | null; monthlyFen: number }[] = [];
      if (dibao?.eligible) want.push({ kind: 'dibao_household', personId: null, monthlyFen: dibao.amount.fen });
      for (const m of facts.members) {
        const t = mapRegistry(facts, { kind: 'tekun', month: MONTH, applicantPersonId: m.id });
        const td = t.ok ? determine(t.situation, ps, { trace: true }) : null;
        if (td?.eligible) want.push({ kind: 'tekun', personId: m.id, monthlyFen: td.amount.fen });
      }
      // 单人保 as listed: each one the engine confirms, for this household and member.
      for (const f of row?.findings.filter((x) => x.kind === 'dibao_individual') ?? []) {
        expect(dibao?.eligible, id).toBeFalsy();
        const s = mapRegistry(facts, { kind: 'dibao_individual', month: MONTH, applicantPersonId: f.personId! });
        if (!s.ok) throw new Error(`${id}: 单人保 not mapped`);
        const sd = determine(s.situation, ps, { trace: true });
        expect(sd.eligible, `${id} 单人保`).toBe(true);
        expect(f.monthlyFen).toBe(sd.amount.fen);
      }
      if (covered.has(id)) {
        expect(row, id).toBeUndefined();
        continue;
      }
      const got = (row?.findings ?? []).filter((f) => f.kind !== 'dibao_individual').map((f) => ({ kind: f.kind, personId: f.personId, monthlyFen: f.monthlyFen }));
      expect(got, id).toEqual(want);
      if (want.some((w) => w.kind === 'dibao_household')) eligibleDibao++;
      if (want.some((w) => w.kind === 'tekun')) eligibleTekun++;
    }
    expect(eligibleDibao).toBeGreaterThan(0);
    expect(l.scanned).toBe(keys.length);
    // The per-township totals add up the rows.
    const total = l.rows.reduce((a, r) => a + r.findings.reduce((b, f) => b + f.monthlyFen, 0), 0);
    expect(l.townships.reduce((a, t) => a + t.monthlyFen, 0)).toBe(total);
    expect(eligibleTekun).toBeGreaterThan(0);
  }, 120_000);

  it('shows a township its own rows, a village assistant their village; another area finds nothing of it', async () => {
    const own = await list(c.or_cw);
    expect(ids(own)).toContain(planted.id);
    expect(own.rows.every((r) => r.areaCode.startsWith(AREAS.township.slice(0, 9)))).toBe(true);
    const other = await list(c.or_cw2);
    expect(ids(other)).not.toContain(planted.id);
    expect(ids(other)).toContain(elsewhere.id);
    expect(other.rows.every((r) => r.areaCode.startsWith(AREAS.siblingTownship.slice(0, 9)))).toBe(true);
    const village = await list(c.or_va);
    expect(village.rows.every((r) => r.areaCode === AREAS.village)).toBe(true);
    expect(ids(village)).toContain(planted.id);
    // Asking for another township: refused; the row's explanation and opening from another township: not found.
    expect((await c.or_cw2.call('GET', `/api/outreach?township=${AREAS.township}`)).status).toBe(403);
    expect((await c.or_cw2.call('GET', `/api/outreach/${C}/${planted.id}/explanation?kind=dibao_household&month=${MONTH}`)).status).toBe(404);
    expect((await c.or_cw2.call('POST', `/api/outreach/${C}/${planted.id}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH })).status).toBe(404);
    expect((await c.or_lia.call('GET', '/api/outreach')).status).toBe(403);
    // The auditor reads; opening a case needs cases.apply.
    expect(ids(await list(c.or_aud))).toContain(planted.id);
    expect((await c.or_aud.call('POST', `/api/outreach/${C}/${planted.id}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH })).status).toBe(403);
  });

  it('explains a row with the engine trace and exports the list through the list export', async () => {
    const row = (await list(c.or_cw)).rows.find((r) => r.householdId === planted.id)!;
    const e = await ok(c.or_cw, 'GET', `/api/outreach/${C}/${planted.id}/explanation?kind=dibao_household&month=${MONTH}`);
    expect(e.determination.eligible).toBe(true);
    expect(e.determination.amount.fen).toBe(row.findings[0].monthlyFen);
    expect(e.determination.trace.length).toBeGreaterThan(0);
    const res = await raw.inject({ method: 'GET', url: `/api/outreach/export.xlsx?month=${MONTH}` });
    expect(res.statusCode, res.body).toBe(200);
    const l = await list(c.or_cw);
    const lines = l.rows.reduce((a, r) => a + r.findings.length, 0);
    expect(res.headers['x-export-rows']).toBe(String(lines));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const found: string[] = [];
    wb.worksheets[0].eachRow((r) => found.push(String((r.values as unknown[])[9] ?? '')));
    expect(found).toContain(planted.id);
    const ev = await sql<{ detail: string }>`select detail from audit_event where action = 'outreach.export' order by at desc limit 1`.execute(db.kysely);
    expect(JSON.parse(ev.rows[0].detail)).toMatchObject({ kind: 'outreach', rows: lines });
  });

  it('opens a case from a row (origin outreach); the household then leaves the list', async () => {
    const refused = await c.or_cw.call('POST', `/api/outreach/${C}/${planted.id}/case`, { kind: 'dibao_household', signedDeclaration: false, dataCheckAuthorised: true, month: MONTH });
    expect(refused.status).toBe(400);
    const listedFen = (await list(c.or_cw)).rows.find((r) => r.householdId === planted.id)?.findings.find((f) => f.kind === 'dibao_household')?.monthlyFen;
    expect(listedFen).toBeGreaterThan(0);
    const opened = (await c.or_cw.call('POST', `/api/outreach/${C}/${planted.id}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH })).json;
    expect(opened.kind).toBe('dibao_household');
    // The case page says where it came from: the month and the engine's figure the list showed.
    const detail = await ok(c.or_cw, 'GET', `/api/cases/${C}/${opened.id}`);
    expect(detail.outreach).toEqual({ month: MONTH, monthlyYuan: ((listedFen as number) / 100).toFixed(2) });
    const row = await db.kysely.selectFrom('assistance_case').select(['origin', 'household_id', 'open_program']).where('county_code', '=', C).where('id', '=', opened.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ origin: 'outreach', household_id: planted.id, open_program: 'dibao' });
    expect(ids(await list(c.or_cw))).not.toContain(planted.id);
    const again = await c.or_cw.call('POST', `/api/outreach/${C}/${planted.id}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH });
    expect(again.status).toBe(409);
    // A household the engine does not find eligible cannot be opened from the list.
    const rich = (
      await sql<{ id: string }>`select id from household where county_code = ${C} and area_code like ${`${AREAS.township.slice(0, 9)}%`}
        and id not in (select household_id from enrollment where county_code = ${C}) and id not in (select household_id from assistance_case where county_code = ${C})`.execute(db.kysely)
    ).rows.map((h) => h.id);
    const listed = new Set(ids(await list(c.or_cw)));
    const notListed = rich.find((id) => !listed.has(id))!;
    expect(notListed).toBeDefined();
    const no = await c.or_cw.call('POST', `/api/outreach/${C}/${notListed}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH });
    expect(no.status).toBe(409);
    expect(no.json.code).toBe('OUTREACH_NOT_ELIGIBLE');
  });
  it('every outreach route: another township finds nothing of the row, a role without the permission is refused', async () => {
    const routes = Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'outreach-flow');
    expect(routes.length).toBe(4);
    const t: Target = { areaCode: AREAS.village, countyCode: C, id: pending.id, version: 1, members: [] };
    const other = await rawLogin(app, 'or_cw2');
    const liaison = await rawLogin(app, 'or_lia');
    for (const [key, spec] of routes) {
      const r = spec.variants[0]({ t, own: t, me: 'or_cw2' });
      const res = await other.inject({ method: r.method, url: r.url, payload: r.body as never });
      if (key === 'GET /api/outreach' || key === 'GET /api/outreach/export.xlsx') {
        expect(res.statusCode, key).toBe(200);
        expect(res.body, key).not.toContain(pending.id);
      } else expect(res.statusCode, `${key} ${res.body}`).toBe(404);
      expect((await liaison.inject({ method: r.method, url: r.url, payload: r.body as never })).statusCode, key).toBe(403);
    }
  });
  it('doudi outreach --json: one JSON document, the same households and amounts as the API, for a user’s area with --as', async () => {
    const api = await list(c.or_ap, `&county=${C}`);
    const cli = await runDoudi(db, ['outreach', '--county', C, '--month', MONTH, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const doc = JSON.parse(cli.stdout) as OutreachList;
    const amounts = (l: OutreachList) => l.rows.map((r) => `${r.householdId}:${r.findings.map((f) => `${f.kind}=${f.monthlyFen}`).join(',')}`);
    expect(amounts(doc)).toEqual(amounts(api));
    const own = await runDoudi(db, ['outreach', '--month', MONTH, '--as', 'or_cw2', '--json']);
    expect(own.code, own.stderr).toBe(0);
    expect((JSON.parse(own.stdout) as OutreachList).rows.every((r) => r.areaCode.startsWith(AREAS.siblingTownship.slice(0, 9)))).toBe(true);
    const table = await runDoudi(db, ['outreach', '--county', C, '--month', MONTH]);
    expect(table.stdout).toContain('应保尽保名单');
    expect((await runDoudi(db, ['outreach', '--month', '2019-13'])).code).toBe(2);
  }, 60_000);
  it('shares a county’s list for a minute; a township’s is read afresh; a case opened from the list takes its row off at once', async () => {
    await list(c.or_ap);
    const first = await newHousehold(c.or_cw, AREAS.village, '新登');
    const second = await newHousehold(c.or_cw, AREAS.village, '再登');
    // The township's list is read afresh; the county's, computed before they were registered, is shared (ADR 0047).
    expect(ids(await list(c.or_cw))).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(ids(await list(c.or_ap))).not.toContain(first.id);
    expect((await c.or_cw.call('POST', `/api/outreach/${C}/${first.id}/case`, { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true, month: MONTH })).status).toBe(201);
    const county = ids(await list(c.or_ap));
    expect(county).toContain(second.id);
    expect(county).not.toContain(first.id);
  });
});
