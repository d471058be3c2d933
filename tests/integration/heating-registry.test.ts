import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { situationForEnrollment } from '../../src/commands/enrollments/registry-facts.ts';
import type { HeatingMissingPage, HouseholdDetail } from '../../src/contracts/registry.ts';
import type { RegistryImportReport } from '../../src/contracts/registry-import.ts';
import { verifyDeep } from '../../src/db/audit-deep.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { enrollDirect, type Household, workedExample } from './enrollments-flow.ts';

const HEADER = '户编号,户主身份证号码,户主姓名,取暖方式,供暖面积（平方米）';
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

/**
 * 取暖信息 (issue 14 point 1, ADR 0042): a household's heating mode and area recorded through the household form (the
 * contract's checks, the database's), carried into the situation by the one mapping, imported for a township from the
 * heating template (all or nothing, row by row, within the import's area), and the enrolled households whose heating
 * is missing, per area.
 */
describe(`heating in the registry (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;
  let raw: RawSession;
  const s = new Map<string, RawSession>();
  /** Township A: three enrolled households and one not enrolled; the sibling township: one enrolled; another county: one. */
  let a: Household[] = [];
  let notEnrolled: Household;
  let sibling: Household;
  let other: Household;
  const heads = new Map<string, { id: string; name: string }>();

  const missing = async (user: string, area?: string) => {
    const res = await s.get(user)!.inject({ method: 'GET', url: `/api/registry/heating/missing?pageSize=100${area ? `&area=${area}` : ''}` });
    return { status: res.statusCode, body: res.json() as HeatingMissingPage & { code?: string } };
  };
  const ids = (p: HeatingMissingPage) => p.items.map((i) => i.householdId).sort();
  const detail = async (h: Household): Promise<HouseholdDetail> => (await worker.call('GET', `/api/households/${h.countyCode}/${h.id}`)).json;
  const upload = (user: string, body: string, area: string = AREAS.township) =>
    s.get(user)!.inject({ method: 'POST', url: `/api/registry/import?area=${area}&format=csv&kind=heating`, payload: body, headers: { 'content-type': 'text/csv' } });
  const count = async (t: 'audit_event') => Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const stored = async (h: Household) =>
    db.kysely.selectFrom('household').select(['heating_mode', 'heated_area_dm2', 'version']).where('county_code', '=', h.countyCode).where('id', '=', h.id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ht_worker', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ht_sibling', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'ht_county', 'county_admin', AREAS.county);
    await makeUser(db, 'ht_other', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'ht_reviewer', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ht_liaison', 'poverty_liaison', AREAS.city);
    app = await testServer(db);
    worker = await loginAs(app, 'ht_worker');
    raw = await rawLogin(app, 'ht_worker');
    for (const u of ['ht_worker', 'ht_sibling', 'ht_county', 'ht_other', 'ht_reviewer', 'ht_liaison']) s.set(u, u === 'ht_worker' ? raw : await rawLogin(app, u));
    const siblingClient = await loginAs(app, 'ht_sibling');
    const otherClient = await loginAs(app, 'ht_other');
    a = [await workedExample(worker, AREAS.village, 'A1'), await workedExample(worker, AREAS.village, 'A2'), await workedExample(worker, AREAS.otherVillage, 'A3')];
    notEnrolled = await workedExample(worker, AREAS.village, 'A4');
    sibling = await workedExample(siblingClient, AREAS.siblingVillage, 'B1');
    other = await workedExample(otherClient, AREAS.otherCountyVillage, 'O1');
    for (const h of [...a, sibling, other]) await enrollDirect(db, h, { startMonth: '2019-07' });
    for (const h of [...a, notEnrolled, sibling, other]) {
      const head = (await db.kysely.selectFrom('person').select(['id', 'name']).where('household_id', '=', h.id).where('relation', '=', 'head').executeTakeFirstOrThrow()) as { id: string; name: string };
      heads.set(h.id, head);
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('lists the enrolled households without heating data, per area: not the unenrolled, not another township’s or county’s', async () => {
    const mine = await missing('ht_worker');
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual(a.map((h) => h.id).sort());
    expect(mine.body.total).toBe(3);
    expect(mine.body.items[0]).toMatchObject({ programs: ['dibao'], missing: 'mode', heatingMode: null });
    // One village of the township.
    expect(ids((await missing('ht_worker', AREAS.otherVillage)).body)).toEqual([a[2].id]);
    // The county sees its two townships; the other county only its own; a reviewer of the township reads it too.
    expect(ids((await missing('ht_county')).body)).toEqual([...a.map((h) => h.id), sibling.id].sort());
    expect(ids((await missing('ht_other')).body)).toEqual([other.id]);
    expect((await missing('ht_reviewer')).body.total).toBe(3);
    // Another township's list is refused, and without the area it holds none of township A's.
    const refused = await missing('ht_sibling', AREAS.township);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AREA_FORBIDDEN');
    expect(ids((await missing('ht_sibling')).body)).toEqual([sibling.id]);
    expect((await missing('ht_other', AREAS.township)).status).toBe(403);
    // A role without the registry.
    const liaison = await missing('ht_liaison');
    expect(liaison.status).toBe(403);
    expect(liaison.body.code).toBe('PERMISSION_DENIED');
    // The route's entry in the area table is this test's kind.
    expect(AREA_ROUTES['GET /api/registry/heating/missing'].kind).toBe('heating-registry');
  });

  it('the household form: central needs a plausible area, the others none; bad input changes nothing; the edit is audited and leaves the list', async () => {
    const h = await detail(a[0]);
    expect(h).toMatchObject({ heatingMode: null, heatedAreaM2: null });
    const { members: _m, incomes, assets, createdAt: _c, updatedAt: _u, ...fields } = h;
    const body = {
      areaCode: fields.areaCode,
      address: fields.address,
      hukouType: fields.hukouType,
      registeredPoor: fields.registeredPoor,
      bankName: fields.bankName,
      incomes: incomes.map((i) => ({ kind: i.kind, annualYuan: i.annualYuan, note: i.note })),
      assets: assets.map((x) => ({ kind: x.kind, valueYuan: x.valueYuan, quantity: x.quantity })),
      version: h.version,
    };
    const put = (extra: object) => worker.call('PUT', `/api/households/${h.countyCode}/${h.id}`, { ...body, ...extra });
    const before = await stored(a[0]);
    const bad: [object, string][] = [
      [{ heatingMode: 'central' }, 'HEATED_AREA_REQUIRED'],
      [{ heatingMode: 'central', heatedAreaM2: 5000 }, 'HEATED_AREA_RANGE'],
      [{ heatingMode: 'central', heatedAreaM2: 0.5 }, 'HEATED_AREA_RANGE'],
      [{ heatingMode: 'central', heatedAreaM2: 45.123 }, 'HEATED_AREA_RANGE'],
      [{ heatingMode: 'dispersed', heatedAreaM2: 40 }, 'HEATED_AREA_NOT_CENTRAL'],
      [{ heatedAreaM2: 40 }, 'HEATING_MODE_REQUIRED'],
      [{ heatingMode: 'coal' }, 'FIELD_VALUE'],
    ];
    for (const [extra, code] of bad) {
      const r = await put(extra);
      expect(r.status, JSON.stringify(extra)).toBe(400);
      expect(r.json.code, JSON.stringify(extra)).toBe(code);
      expect(r.json.field).toBe(code === 'FIELD_VALUE' ? 'heatingMode' : 'heatedAreaM2');
      expect(r.json.message.zh).toMatch(/供暖|取暖|取值/);
    }
    expect(await stored(a[0])).toEqual(before);
    expect((await put({ heatingMode: 'central', heatedAreaM2: 5000 })).json.message.zh).toContain('1–1000 平方米');

    const ok = await put({ heatingMode: 'central', heatedAreaM2: '56.5' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({ heatingMode: 'central', heatedAreaM2: 56.5 });
    expect(await stored(a[0])).toMatchObject({ heating_mode: 'central', heated_area_dm2: 5650 });
    // An edit that leaves the heating out (a review's income change) keeps it.
    const kept = await worker.call('PUT', `/api/households/${h.countyCode}/${h.id}`, { ...body, address: `${body.address} 改`, version: ok.json.version });
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ heatingMode: 'central', heatedAreaM2: 56.5 });
    // Dispersed: the area goes.
    const dispersed = await put({ heatingMode: 'dispersed', version: kept.json.version });
    expect(dispersed.json).toMatchObject({ heatingMode: 'dispersed', heatedAreaM2: null });
    const central = await put({ heatingMode: 'central', heatedAreaM2: 72.25, version: dispersed.json.version });
    expect(central.json).toMatchObject({ heatingMode: 'central', heatedAreaM2: 72.25 });

    // The list shrinks by it.
    expect(ids((await missing('ht_worker')).body)).toEqual([a[1].id, a[2].id].sort());

    // The one registry → situation mapping carries it (ADR 0023).
    const facts = {
      household: await db.kysely.selectFrom('household').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow(),
      members: await db.kysely.selectFrom('person').selectAll().where('household_id', '=', h.id).execute(),
      incomes: await db.kysely.selectFrom('income_item').selectAll().where('household_id', '=', h.id).execute(),
      assets: [],
    };
    const situation = situationForEnrollment(facts, { county_code: h.countyCode, program: 'dibao', unit: 'household', household_id: h.id, person_id: null }, '2019-11' as PlainMonth);
    expect(situation.heating).toEqual({ mode: 'central', area: 72.25 });

    // The audit trail holds every household's state, heating included.
    const deep = await verifyDeep(db.kysely);
    // (The enrollments were written straight into the database by the test: unaudited by construction.)
    expect(deep.problems.filter((p) => p.entityType === 'household')).toEqual([]);
    expect(deep.checked.household).toBeGreaterThan(5);
  });

  it('the database refuses an inconsistent pair whatever the code does', async () => {
    const h = a[1];
    const set = (patch: object) => db.kysely.updateTable('household').set(patch).where('county_code', '=', h.countyCode).where('id', '=', h.id).execute();
    await expect(set({ heating_mode: 'central', heated_area_dm2: null })).rejects.toThrow();
    await expect(set({ heating_mode: 'none', heated_area_dm2: 4000 })).rejects.toThrow();
    await expect(set({ heating_mode: null, heated_area_dm2: 4000 })).rejects.toThrow();
    await expect(set({ heating_mode: 'central', heated_area_dm2: 0 })).rejects.toThrow();
    await expect(set({ heating_mode: 'gas', heated_area_dm2: null })).rejects.toThrow();
    expect(await stored(h)).toMatchObject({ heating_mode: null, heated_area_dm2: null });
  });

  it('imports a township’s heating all or nothing: a file with a bad row changes nothing and names every row; a good one writes each household once, audited', async () => {
    const [h1, h2, h3] = a;
    const id = (h: Household) => (h.members.find((m) => m.relation === 'head') as { idNumber: string }).idNumber;
    // The households' head ID numbers as registered (the API answered the create with them in clear? no: masked), read back.
    const clearHead = async (h: Household) => {
      const r = await raw.inject({ method: 'POST', url: `/api/households/${h.countyCode}/${h.id}/reveal`, payload: { fields: [{ field: 'idNumber', personId: heads.get(h.id)!.id }] } });
      return r.json().idNumbers[heads.get(h.id)!.id] as string;
    };
    const h2Id = await clearHead(h2);
    expect(h2Id).toMatch(/^\d{17}[\dX]$/);
    expect(id(h2)).toBeDefined();
    const auditBefore = await count('audit_event');
    const versions = await Promise.all([h1, h2, h3, sibling].map(stored));
    const bad = csv(
      '示例（示例行，不导入）,,,集中供暖,50',
      `,${h2Id},${heads.get(h2.id)!.name},集中供暖,88.5`,
      `${h3.id},,,集中供暖,`,
      `${h2.id},,,分散取暖,`,
      `${sibling.id},,,分散取暖,`,
      `${h1.id},,,烧煤,`,
      `${notEnrolled.id},,别人,无,`,
      `${h1.id},,,无,30`,
    );
    const refused = await upload('ht_worker', bad);
    expect(refused.statusCode, refused.body).toBe(200);
    const report: RegistryImportReport = refused.json();
    expect(report).toMatchObject({ kind: 'heating', applied: false, rows: 7 });
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [4, '供暖面积（平方米）', 'HEATED_AREA_REQUIRED'],
      [5, '户编号', 'REGISTRY_IMPORT_DUPLICATE_IN_FILE'],
      [6, '户编号', 'REGISTRY_IMPORT_HOUSEHOLD_UNKNOWN'],
      [7, '取暖方式', 'REGISTRY_IMPORT_VALUE'],
      [8, '户主姓名', 'REGISTRY_IMPORT_NAME_MISMATCH'],
      [9, '供暖面积（平方米）', 'HEATED_AREA_NOT_CENTRAL'],
    ]);
    expect(report.problems.find((p) => p.row === 6)?.message.zh).toContain('本次导入范围');
    expect(await count('audit_event')).toBe(auditBefore);
    expect(await Promise.all([h1, h2, h3, sibling].map(stored))).toEqual(versions);

    // The good file: by ID number and name, by 户编号; one row as already recorded (h1 is central 72.25 from the form).
    const good = csv(`,${h2Id},${heads.get(h2.id)!.name},集中供暖,88.5 平方米`, `${h3.id},,,分散,`, `${h1.id},,,集中供暖,72.25`);
    const applied = await upload('ht_worker', good);
    expect(applied.json()).toMatchObject({ kind: 'heating', applied: true, households: 2, unchanged: 1, problemCount: 0 });
    expect(await stored(h2)).toMatchObject({ heating_mode: 'central', heated_area_dm2: 8850 });
    expect(await stored(h3)).toMatchObject({ heating_mode: 'dispersed', heated_area_dm2: null });
    const events = await db.kysely.selectFrom('audit_event').select(['action', 'entity_id', 'detail']).where('action', '=', 'household.heating').orderBy('seq').execute();
    expect(events.map((e) => e.entity_id).sort()).toEqual([h2.id, h3.id].sort());
    expect(JSON.parse(String(events[0].detail)).import.area).toBe(AREAS.township);
    expect((await verifyDeep(db.kysely)).problems.filter((p) => p.entityType === 'household')).toEqual([]);
    // The township's list is empty now; the sibling township's household is still missing.
    expect((await missing('ht_worker')).body.total).toBe(0);
    expect(ids((await missing('ht_county')).body)).toEqual([sibling.id]);
  });

  it('area: another township cannot import into township A nor find its households from its own area', async () => {
    const into = await upload('ht_sibling', csv(`${a[1].id},,,无,`), AREAS.township);
    expect(into.statusCode).toBe(403);
    expect(into.json().code).toBe('AREA_FORBIDDEN');
    const own = await upload('ht_sibling', csv(`${a[1].id},,,无,`, `${sibling.id},,,无,`), AREAS.siblingTownship);
    expect(own.json()).toMatchObject({ applied: false, problems: [{ row: 2, code: 'REGISTRY_IMPORT_HOUSEHOLD_UNKNOWN' }] });
    // A county administrator importing for one township finds only that township's households.
    const county = await upload('ht_county', csv(`${sibling.id},,,无,`), AREAS.township);
    expect(county.json()).toMatchObject({ applied: false, problems: [{ code: 'REGISTRY_IMPORT_HOUSEHOLD_UNKNOWN' }] });
    expect(await stored(sibling)).toMatchObject({ heating_mode: null });
    // A reviewer may read the list but not import.
    expect((await upload('ht_reviewer', csv(`${a[1].id},,,无,`))).statusCode).toBe(403);
  });

  it('the template and the list’s workbook: the missing list exported with the 户编号 and imported back once filled in', async () => {
    const tpl = await raw.inject({ method: 'GET', url: '/api/registry/import/template?kind=heating' });
    expect(tpl.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as never);
    const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['户编号', '户主身份证号码', '户主姓名', '取暖方式', '供暖面积（平方米）']);

    const county = s.get('ht_county')!;
    const exported = await county.inject({ method: 'GET', url: `/api/exports/heating-missing.xlsx?area=${AREAS.siblingTownship}` });
    expect(exported.statusCode, exported.body).toBe(200);
    const list = new ExcelJS.Workbook();
    await list.xlsx.load(exported.rawPayload as never);
    const ws = list.worksheets[0];
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if ((row.values as unknown[]).includes('户编号')) headerRow ||= n;
    });
    expect(headerRow).toBeGreaterThan(1);
    const cols = (ws.getRow(headerRow).values as unknown[]).map(String);
    const row = ws.getRow(headerRow + 1);
    expect(String(row.getCell(cols.indexOf('户编号')).value)).toBe(sibling.id);
    row.getCell(cols.indexOf('取暖方式')).value = '集中供暖';
    row.getCell(cols.indexOf('供暖面积（平方米）')).value = 64;
    const filled = Buffer.from(await list.xlsx.writeBuffer());
    const r = await county.inject({
      method: 'POST',
      url: `/api/registry/import?area=${AREAS.siblingTownship}&format=xlsx&kind=heating`,
      payload: filled,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(r.json(), r.body).toMatchObject({ applied: true, households: 1 });
    expect(await stored(sibling)).toMatchObject({ heating_mode: 'central', heated_area_dm2: 6400 });
    expect((await missing('ht_county')).body.total).toBe(0);
  });
});
