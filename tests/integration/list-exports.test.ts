import { analyzeAfterBulk } from '../factories/analyze.ts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { prepareListExport } from '../../src/commands/exports/export-list.ts';
import { TABLE_HEADER_ROW } from '../../src/commands/exports/workbook.ts';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { scheduleMissingReviews } from '../../src/commands/enrollments/review-schedule.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { rewriteRows } from '../../src/db/batch-rewrite.ts';
import { openIdNumber, sealAccount } from '../../src/db/personal-data.ts';
import { inScope, scopeOf } from '../../src/db/scope.ts';
import type { Role } from '../../src/contracts/roles.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { AREA_ROUTES, type Target } from '../factories/area-routes.ts';
import { seedHouseholds } from '../factories/bulk-households.ts';
import { seedOpenCases } from '../factories/bulk-cases.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import type { PlainDate } from '../../src/kernel/plain-date.ts';
import type { AppError } from '../../src/kernel/errors.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

const A = '211221';
const USERS: { name: string; role: Role; area: string }[] = [
  { name: 'x_tw', role: 'township_caseworker', area: AREAS.township },
  { name: 'x_ca', role: 'county_admin', area: AREAS.county },
  { name: 'x_sup', role: 'city_supervisor', area: AREAS.city },
  { name: 'x_va', role: 'village_assistant', area: AREAS.village },
];

interface Sheet {
  heading: string[];
  header: string[];
  rows: unknown[][];
}

async function readSheet(body: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const ws = wb.worksheets[0];
  const all: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    all[n - 1] = (row.values as unknown[]).slice(1);
  });
  return {
    heading: all.slice(0, TABLE_HEADER_ROW - 2).map((r) => String(r?.[0] ?? '')),
    header: (all[TABLE_HEADER_ROW - 1] ?? []).map(String),
    rows: all.slice(TABLE_HEADER_ROW).filter((r) => r && r.length > 0),
  };
}

describe(`list exports to XLSX (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const raw = new Map<string, RawSession>();
  let rollId = '';

  const get = (user: string, url: string) => raw.get(user)!.inject({ method: 'GET', url });
  const exportOf = async (user: string, url: string) => {
    const res = await get(user, url);
    expect(res.statusCode, `${user} ${url}: ${res.statusCode === 200 ? '' : res.body}`).toBe(200);
    return { res, sheet: await readSheet(res.rawPayload) };
  };
  const eventsOf = (action: string) =>
    db.kysely.selectFrom('audit_event').select(['actor_name', 'detail', 'chain', 'entity_id']).where('action', '=', action).orderBy('at').orderBy('seq').execute();

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of USERS) await makeUser(db, u.name, u.role, u.area);
    app = await testServer(db);
    for (const u of USERS) raw.set(u.name, await rawLogin(app, u.name));
    // Households in two villages of the township, one of its sibling township and one of another county; some heads
    // named like a formula, which must reach the workbook as text.
    await seedHouseholds(db, {
      villages: [AREAS.village, AREAS.otherVillage, AREAS.siblingVillage, AREAS.otherCountyVillage],
      count: 24,
      headNames: ['赵', '=HYPERLINK("http://x")', '钱'],
      spouseNames: ['孙'],
      prefix: 'xh',
      at: '2019-01-01T00:00:00.000Z',
    });
    await enrollPopulation(db, { county: A, villages: [AREAS.village, AREAS.siblingVillage], households: 9, prefix: 'xe', startMonth: '2019-01' });
    await rewriteRows(db.kysely as never, {
      table: 'household',
      key: ['county_code', 'id'],
      read: ['id'],
      filter: sql`county_code = ${A} and id like 'xeh%'`,
      write: (h) => sealAccount(db.keys, `62210000${String(h.id).slice(-6)}`),
    });
    await seedOpenCases(db, { county: A, state: 'accepted', count: 14, firstDue: '2019-03-01' as PlainDate, at: '2019-01-01T00:00:00.000Z' });
    rollId = (await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: A, program: 'dibao', month: '2019-08' })).rollId;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('households: every matching row (not a page), in the township only for a township user, under a heading that says what was exported', async () => {
    const { res, sheet } = await exportOf('x_tw', '/api/exports/households.xlsx');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('家庭名册-');
    expect(sheet.header).toEqual(['户主', '所在村（社区）', '人口', '户籍', '建档立卡', '模拟数据', '户编号']);
    const inTownship = await db.kysely.selectFrom('household').select('id').where('area_code', 'like', `${AREAS.township.slice(0, 9)}%`).execute();
    expect(inTownship.length).toBeGreaterThan(6);
    expect(sheet.rows.map((r) => r[6]).sort()).toEqual(inTownship.map((h) => h.id).sort());
    expect(sheet.heading[0]).toBe('家庭名册');
    expect(sheet.heading[1]).toBe('筛选条件：无（全部）');
    expect(sheet.heading[3]).toMatch(/^导出人：x_tw（x_tw）\s+导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）\s+共 \d+ 条$/);
    expect(sheet.heading[3]).toContain(`共 ${inTownship.length} 条`);
    // The page's words, never a code; formula-like names as text behind an apostrophe.
    expect(new Set(sheet.rows.map((r) => r[3]))).toEqual(new Set(['农村户籍']));
    expect(sheet.rows.every((r) => r[4] === '否')).toBe(true);
    const formulas = sheet.rows.filter((r) => String(r[0]).includes('HYPERLINK'));
    expect(formulas.length).toBeGreaterThan(0);
    for (const r of formulas) expect(String(r[0])).toMatch(/^'=HYPERLINK/);
  });

  it('households: the filters applied (a village, a name), a county user sees the county, the city supervisor the city', async () => {
    const village = await exportOf('x_tw', `/api/exports/households.xlsx?area=${AREAS.otherVillage}`);
    const inVillage = await db.kysely.selectFrom('household').select('id').where('area_code', '=', AREAS.otherVillage).execute();
    expect(village.sheet.rows.map((r) => r[6]).sort()).toEqual(inVillage.map((h) => h.id).sort());
    expect(village.sheet.heading[1]).toMatch(/^筛选条件：区域：/);
    const named = await exportOf('x_ca', `/api/exports/households.xlsx?q=${encodeURIComponent('钱')}`);
    expect(named.sheet.rows.length).toBeGreaterThan(0);
    expect(named.sheet.rows.every((r) => String(r[0]).startsWith('钱'))).toBe(true);
    expect(named.sheet.heading[1]).toBe('筛选条件：姓名或身份证号：钱');
    const county = await exportOf('x_ca', '/api/exports/households.xlsx');
    const inCounty = await db.kysely.selectFrom('household').select('id').where('county_code', '=', A).execute();
    expect(county.sheet.rows.length).toBe(inCounty.length);
    const city = await exportOf('x_sup', '/api/exports/households.xlsx');
    const all = await db.kysely.selectFrom('household').select('id').execute();
    expect(city.sheet.rows.length).toBe(all.length);
    // By ID number: the household found, the number masked in the heading (and sealed in the audit, never in the event).
    const p = await db.kysely.selectFrom('person').selectAll().where('household_id', '=', inVillage[0].id).where('relation', '=', 'spouse').executeTakeFirstOrThrow();
    const idNumber = openIdNumber(db.keys, p);
    const byId = await exportOf('x_tw', `/api/exports/households.xlsx?q=${idNumber}`);
    expect(byId.sheet.rows.map((r) => r[6])).toEqual([inVillage[0].id]);
    expect(byId.sheet.heading[1]).toBe(`筛选条件：姓名或身份证号：${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(byId.res.rawPayload.toString('latin1')).not.toContain(idNumber);
    const idEvent = (await eventsOf('registry.export')).at(-1)!;
    expect(idEvent.detail).not.toContain(idNumber);
    expect(JSON.parse(idEvent.detail!).filters.query.kind).toBe('id');
    // Outside the user's area: refused, nothing written.
    const outside = await get('x_tw', `/api/exports/households.xlsx?area=${AREAS.siblingVillage}`);
    expect([403, 404]).toContain(outside.statusCode);
  });

  it('one audit event per export, a bulk read with the kind, the filters and the row count; the search text sealed, never in the event', async () => {
    const before = (await eventsOf('registry.export')).length;
    const { sheet } = await exportOf('x_ca', `/api/exports/households.xlsx?q=${encodeURIComponent('赵')}&area=${AREAS.township}`);
    const events = await eventsOf('registry.export');
    expect(events.length).toBe(before + 1);
    const e = events.at(-1)!;
    expect(e.actor_name).toBe('x_ca');
    expect(e.chain).toBe(A);
    const detail = JSON.parse(e.detail!);
    expect(detail).toMatchObject({ kind: 'households', area: AREAS.township, rows: sheet.rows.length, filters: { area: AREAS.township, byText: true } });
    expect(detail.filters.query.kind).toBe('name');
    expect(e.detail).not.toContain('赵');
  });

  it('a role without the export permission is refused, and nothing is recorded', async () => {
    const before = (await eventsOf('registry.export')).length;
    const res = await get('x_va', '/api/exports/households.xlsx');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('PERMISSION_DENIED');
    expect((await eventsOf('registry.export')).length).toBe(before);
  });

  it('the cap: a list longer than it is refused with words telling the user to narrow the filters, and nothing is recorded', async () => {
    const before = (await eventsOf('registry.export')).length;
    const actor = { userId: 'u', username: 'x_ca', displayName: 'x_ca', role: 'county_admin' as const, areaCode: AREAS.county };
    const ctx = { db, clock: () => new Date(), actor };
    await expect(prepareListExport(ctx, { kind: 'households', filters: {}, cap: 3 })).rejects.toMatchObject({ code: 'EXPORT_TOO_MANY_ROWS', status: 400 });
    await expect(prepareListExport(ctx, { kind: 'households', filters: {}, cap: 3 })).rejects.toThrow(/Narrow the filters/);
    expect((await eventsOf('registry.export')).length).toBe(before);
    // Within the cap the whole list streams, batch after batch (more rows than one batch would hold are not needed for this).
    const inVillageCount = (await db.kysely.selectFrom('household').select('id').where('area_code', '=', AREAS.otherVillage).execute()).length;
    const ok = await prepareListExport(ctx, { kind: 'households', filters: { area: AREAS.otherVillage }, cap: 100 });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await ok.write(out);
    const sheet = await readSheet(Buffer.concat(chunks));
    expect(sheet.rows.length).toBe(ok.rows);
    // The refusal says so in Chinese too, naming the cap.
    const refusal = await prepareListExport(ctx, { kind: 'households', filters: {}, cap: 3 }).then(
      () => expect.unreachable('refused past the cap'),
      (e: unknown) => e as AppError,
    );
    expect(refusal.messages.zh).toMatch(/超过 3 条.*请缩小筛选范围/);
    expect(refusal.field).toBe('filters');
    // A list exactly at the cap is exported.
    const atCap = inVillageCount;
    expect((await prepareListExport(ctx, { kind: 'households', filters: { area: AREAS.otherVillage }, cap: atCap })).rows).toBe(atCap);
  });

  it('roll lines: accounts masked as on the screen, amounts in yuan as numbers, the same rows as the list; a township user gets nothing of the county', async () => {
    const list = await get('x_ca', `/api/payroll/rolls/${A}/${rollId}/lines?pageSize=200`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { seq: number; bankAccount: string | null; amountFen: number }[];
    expect(items.length).toBe(9);
    const { sheet } = await exportOf('x_ca', `/api/exports/roll-lines.xlsx?county=${A}&roll=${rollId}`);
    expect(sheet.header).toEqual(['序号', '类别', '所属月份', '收款人', '所在村（乡镇）', '人数', '开户银行', '银行账号', '金额（元）', '状态']);
    expect(sheet.rows.map((r) => r[0])).toEqual(items.map((l) => l.seq));
    expect(sheet.rows.map((r) => r[7])).toEqual(items.map((l) => l.bankAccount ?? ''));
    for (const r of sheet.rows) expect(String(r[7])).not.toMatch(/\d{8}/);
    expect(sheet.rows.map((r) => r[8])).toEqual(items.map((l) => l.amountFen / 100));
    expect(sheet.rows.every((r) => typeof r[8] === 'number')).toBe(true);
    expect(new Set(sheet.rows.map((r) => r[1]))).toEqual(new Set(['正常发放']));
    const events = await eventsOf('payroll.lines.export');
    expect(events.at(-1)).toMatchObject({ chain: A, entity_id: rollId });
    expect(JSON.parse(events.at(-1)!.detail!)).toMatchObject({ kind: 'roll-lines', rows: 9 });
    // A filter that matches nothing: a workbook with the heading and no rows.
    const none = await exportOf('x_ca', `/api/exports/roll-lines.xlsx?county=${A}&roll=${rollId}&bankStatus=failed`);
    expect(none.sheet.rows).toEqual([]);
    expect(none.sheet.heading[1]).toContain('银行结果：失败');
    const tw = await get('x_tw', `/api/exports/roll-lines.xlsx?county=${A}&roll=${rollId}`);
    expect(tw.statusCode).toBe(403);
  });

  it('rolls, cases, enrollments due for review and open reviews: the same rows as their lists, per user and area', async () => {
    const rolls = await exportOf('x_ca', '/api/exports/rolls.xlsx?program=dibao');
    expect(rolls.sheet.rows).toEqual([['2019-08', expect.any(String), '低保', '待审批', 9, expect.any(Number), expect.any(Number), expect.any(String)]]);
    const roll = (await get('x_ca', `/api/payroll/rolls/${A}/${rollId}`)).json();
    expect(rolls.sheet.rows[0][6]).toBe(roll.totals.totalFen / 100);
    const pairs: [string, string, string][] = [
      ['x_tw', '/api/exports/cases.xlsx', '/api/cases?pageSize=100'],
      ['x_ca', '/api/exports/cases.xlsx?program=dibao', '/api/cases?program=dibao&pageSize=100'],
      ['x_ca', '/api/exports/cases.xlsx?state=accepted', '/api/cases?state=accepted&pageSize=100'],
      ['x_ca', '/api/exports/cases.xlsx?state=approved', '/api/cases?state=approved&pageSize=100'],
      ['x_ca', `/api/exports/cases.xlsx?area=${AREAS.siblingVillage}`, `/api/cases?area=${AREAS.siblingVillage}&pageSize=100`],
      ['x_tw', '/api/exports/enrollments.xlsx?dueWithin=92', '/api/reviews/overdue?dueWithin=92&pageSize=100'],
      ['x_ca', '/api/exports/enrollments.xlsx?dueWithin=92', '/api/reviews/overdue?dueWithin=92&pageSize=100'],
      ['x_ca', '/api/exports/reviews.xlsx', '/api/reviews?pageSize=100'],
    ];
    let rows = 0;
    for (const [user, exp, page] of pairs) {
      const listed = await get(user, page);
      expect(listed.statusCode, `${user} ${page}`).toBe(200);
      const { sheet } = await exportOf(user, exp);
      expect(sheet.rows.length, `${user} ${exp}`).toBe(listed.json().total);
      rows += sheet.rows.length;
    }
    // Cases in words, the township's only for the township user.
    const twCases = await exportOf('x_tw', '/api/exports/cases.xlsx');
    const caCases = await exportOf('x_ca', '/api/exports/cases.xlsx?state=accepted');
    expect(caCases.sheet.rows.length).toBe(14);
    expect(twCases.sheet.rows.length).toBeGreaterThan(0);
    expect(twCases.sheet.rows.length).toBeLessThan(14);
    expect(new Set(caCases.sheet.rows.map((r) => r[3]))).toEqual(new Set(['已受理（待调查）']));
    expect(new Set(caCases.sheet.rows.map((r) => r[2]))).toEqual(new Set(['低保（家庭）']));
    expect(caCases.sheet.heading[1]).toBe('筛选条件：状态：已受理（待调查）');
    // The enrollments are in the county's township and its sibling: the township user's export holds only its own.
    const tw = await exportOf('x_tw', '/api/exports/enrollments.xlsx?dueWithin=92');
    const ca = await exportOf('x_ca', '/api/exports/enrollments.xlsx?dueWithin=92');
    expect(ca.sheet.rows.length).toBeGreaterThan(tw.sheet.rows.length);
    expect(rows).toBeGreaterThan(0);
  });

  it('every export route, for every role, inside and outside its area: a workbook of its own area, or refused', async () => {
    const targetIn = async (area: string): Promise<Target> => {
      const h = await db.kysely.selectFrom('household').selectAll().where('area_code', '=', area).orderBy('id').executeTakeFirstOrThrow();
      return { areaCode: area, countyCode: h.county_code, id: h.id, version: h.version, members: [{ id: 'x', idNumber: '', name: h.head_name, relation: 'head', version: 1 }] };
    };
    const targets = [await targetIn(AREAS.village), await targetIn(AREAS.otherCountyVillage)];
    const p = { county: A, approved: { id: rollId, version: 1 } } as never;
    const covers = (area: string, code: string) => inScope(scopeOf(area), code);
    const routes = Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'list-export');
    expect(routes.length).toBe(7);
    let refused = 0;
    let served = 0;
    for (const u of USERS) {
      for (const t of targets) {
        for (const [key, spec] of routes) {
          for (const variant of spec.variants) {
            const r = variant({ t, own: t, me: u.name, p });
            const res = await get(u.name, r.url);
            const what = `${u.name} ${r.url} (${key}) ${res.statusCode} ${res.statusCode === 200 ? '' : res.body}`;
            const aimsOutside = (r.url.includes(t.areaCode) || r.url.includes(`county=${t.countyCode}`)) && !covers(u.area, t.areaCode);
            const payroll = key.includes('/rolls.') || key.includes('/roll-lines.');
            if (u.role === 'village_assistant' || aimsOutside || (payroll && u.role === 'township_caseworker')) {
              expect([403, 404], what).toContain(res.statusCode);
              expect(['PERMISSION_DENIED', 'AREA_FORBIDDEN', 'NOT_FOUND'], what).toContain(res.json().code);
              refused++;
              continue;
            }
            expect(res.statusCode, what).toBe(200);
            const sheet = await readSheet(res.rawPayload);
            expect(sheet.heading[2], what).toMatch(/^导出范围：/);
            // Household ids in a households export all lie inside the user's area.
            if (key.includes('households')) {
              const ids = sheet.rows.map((row) => String(row[6]));
              const areas = ids.length ? await db.kysely.selectFrom('household').select('area_code').where('id', 'in', ids).execute() : [];
              for (const a of areas) expect(covers(u.area, a.area_code), what).toBe(true);
            }
            served++;
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(10);
    expect(served).toBeGreaterThan(10);
  });

  it('the CLI: doudi export <kind> --out FILE with the list\'s filters, as the operator or --as a user; a wrong filter is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-export-'));
    const file = join(dir, 'village.xlsx');
    const r = await runDoudi(db, ['export', 'households', '--out', file, '--area', AREAS.otherVillage, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const inVillage = await db.kysely.selectFrom('household').select('id').where('area_code', '=', AREAS.otherVillage).execute();
    expect(JSON.parse(r.stdout)).toEqual({ file, rows: inVillage.length });
    const sheet = await readSheet(readFileSync(file));
    expect(sheet.rows.map((row) => row[6]).sort()).toEqual(inVillage.map((h) => h.id).sort());
    expect(sheet.heading[3]).toContain('cli:');
    // As a township user: the township only; lines of a roll as the county administrator, accounts masked.
    const tw = await runDoudi(db, ['export', 'households', '--out', join(dir, 'tw.xlsx'), '--as', 'x_tw', '--json']);
    expect(tw.code, tw.stderr).toBe(0);
    const inTownship = await db.kysely.selectFrom('household').select('id').where('area_code', 'like', `${AREAS.township.slice(0, 9)}%`).execute();
    expect(JSON.parse(tw.stdout).rows).toBe(inTownship.length);
    const lines = await runDoudi(db, ['export', 'roll-lines', '--out', join(dir, 'lines.xlsx'), '--county', A, '--roll', rollId, '--as', 'x_ca', '--json']);
    expect(lines.code, lines.stderr).toBe(0);
    expect(JSON.parse(lines.stdout).rows).toBe(9);
    const bad = await runDoudi(db, ['export', 'households', '--out', join(dir, 'bad.xlsx'), '--roll', 'x', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('EXPORT_FILTER_INVALID');
    const unknown = await runDoudi(db, ['export', 'people', '--out', join(dir, 'bad.xlsx'), '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe('EXPORT_KIND_UNKNOWN');
    const refused = await runDoudi(db, ['export', 'households', '--out', join(dir, 'va.xlsx'), '--as', 'x_va', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('PERMISSION_DENIED');
  }, 120_000);

  it('lists longer than a batch: every row once, in the list\'s order, whether paged by number (households) or by keyset (enrollments)', async () => {
    await seedHouseholds(db, { villages: [AREAS.otherCountyVillage], count: 1_030, headNames: ['周'], spouseNames: ['吴'], prefix: 'xb', at: '2019-01-01T00:00:00.000Z' });
    await enrollPopulation(db, { county: '211223', villages: [AREAS.otherCountyVillage], households: 520, prefix: 'xk', startMonth: '2019-01', headsOnly: true });
    // Their periodic reviews scheduled, as the batch before a roll does: all overdue by now.
    await scheduleMissingReviews(operatorContext(db, { name: 'cli:test' }), { county: '211223', parameters: await loadParameterSet(db) });
    await analyzeAfterBulk(db, ['review_schedule']);
    const ids = await db.kysely.selectFrom('household').select('id').where('area_code', '=', AREAS.otherCountyVillage).execute();
    expect(ids.length).toBeGreaterThan(1_500);
    const hh = await exportOf('x_sup', `/api/exports/households.xlsx?area=${AREAS.otherCountyVillage}`);
    const got = hh.sheet.rows.map((r) => String(r[6]));
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual(ids.map((h) => h.id).sort());
    // The order of the list's own pages.
    const page1 = await get('x_sup', `/api/households?area=${AREAS.otherCountyVillage}&pageSize=100&page=6`);
    expect(got.slice(500, 600)).toEqual(page1.json().items.map((h: { id: string }) => h.id));
    const listed = await get('x_sup', `/api/reviews/overdue?area=${AREAS.otherCountyVillage}&dueWithin=92&pageSize=1`);
    expect(listed.json().total).toBeGreaterThan(500);
    const due = await exportOf('x_sup', `/api/exports/enrollments.xlsx?area=${AREAS.otherCountyVillage}&dueWithin=92`);
    expect(due.sheet.rows.length).toBe(listed.json().total);
    const households = due.sheet.rows.map((r) => String(r[6]));
    expect(new Set(households).size).toBe(households.length);
  }, 120_000);
});
