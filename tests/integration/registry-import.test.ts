import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ColumnKey, IMPORT_COLUMNS, matchHeaders } from '../../src/commands/registry/import-columns.ts';
import { normaliseSheet } from '../../src/commands/uploads/bounded-reader.ts';
import { REGISTRY_FILE_LIMITS } from '../../src/commands/uploads/limits.ts';
import type { RegistryImportReport } from '../../src/contracts/registry-import.ts';
import { getDivision } from '../../src/db/division-repo.ts';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { EMPTY_SHEET, sharedStringFlood, workbookParts, xlsxOf, zip } from '../factories/zip.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = IMPORT_COLUMNS.map((c) => c.header);
const rowOf = (r: Partial<Record<ColumnKey, string>>) => IMPORT_COLUMNS.map((c) => r[c.key] ?? '');
const person = (key: string, name: string, id: string, relation: string, more: Partial<Record<ColumnKey, string>> = {}) =>
  rowOf({ key, name, idNumber: id, relation, laborCapacity: '有劳动能力', ...more });

const dir = mkdtempSync(join(tmpdir(), 'doudi-registry-import-test-'));
/** A workbook's first sheet as rows, read back by the bounded reader. */
async function sheetRows(data: Buffer): Promise<string[][]> {
  const path = join(dir, `f-${Math.random()}.xlsx`);
  writeFileSync(path, data);
  const out = `${path}.csv`;
  await normaliseSheet({ path, format: 'xlsx', limits: REGISTRY_FILE_LIMITS, out });
  return parse(readFileSync(out, 'utf8'), { relax_column_count: true });
}

/**
 * 户籍导入 (issue 11 point 8): the published template, an accepted file, a refused one (nothing changed, every problem by
 * row and column), duplicates in the file and already registered (another county's only as "registered elsewhere"),
 * rows and areas outside the importer's area, and the upload bounds (ADR 0018).
 */
describe(`registry import (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;
  let raw: RawSession;
  let assistantRaw: RawSession;
  let villageName: string;
  const upload = (s: RawSession, body: Buffer | string, area: string = AREAS.township, format: 'csv' | 'xlsx' = 'xlsx') =>
    s.inject({ method: 'POST', url: `/api/registry/import?area=${area}&format=${format}`, payload: body, headers: { 'content-type': format === 'csv' ? 'text/csv' : XLSX } });
  const counts = async () => {
    const n = async (t: 'household' | 'person' | 'audit_event' | 'income_item' | 'asset_item') =>
      Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { households: await n('household'), persons: await n('person'), audit: await n('audit_event'), incomes: await n('income_item'), assets: await n('asset_item') };
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ri_worker', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ri_assistant', 'village_assistant', AREAS.village);
    await makeUser(db, 'ri_other', 'township_caseworker', AREAS.otherCountyVillage.slice(0, 9) + '000');
    await makeUser(db, 'ri_approver', 'county_approver', AREAS.county);
    app = await testServer(db);
    worker = await loginAs(app, 'ri_worker');
    raw = await rawLogin(app, 'ri_worker');
    assistantRaw = await rawLogin(app, 'ri_assistant');
    villageName = (await getDivision(db.kysely, AREAS.otherVillage))!.name;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the template: the data sheet first with every column, the example row marked; a caseworker may download it, an approver may not', async () => {
    const res = await raw.inject({ method: 'GET', url: '/api/registry/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const rows = await sheetRows(res.rawPayload);
    const m = matchHeaders(rows[0]);
    expect(m.missing).toEqual([]);
    expect(m.found.size).toBe(IMPORT_COLUMNS.length);
    expect(rows[0]).toContain('身份证号码');
    expect(rows[1][0]).toMatch(/^示例/);
    expect(rows[1].join(' ')).toMatch(/示例行，不导入/);
    const approver = await rawLogin(app, 'ri_approver');
    expect((await approver.inject({ method: 'GET', url: '/api/registry/import/template' })).statusCode).toBe(403);

    // The template as downloaded, with only its example row, imports nothing.
    const r = await upload(raw, res.rawPayload);
    expect(r.json()).toMatchObject({ applied: false, problems: [{ code: 'REGISTRY_IMPORT_EMPTY' }] });
  });

  it('imports a good file whole: households by code and by name, members, incomes, assets; sealed; one audit event per household', async () => {
    const ids = [nextId('19600301'), nextId('19620401'), nextId('19900101'), nextId('19550101')];
    const file = await xlsxOf(
      [
        HEADERS,
        rowOf({ key: '示例1', name: '张示例', idNumber: '1', relation: '户主' }),
        person('1', '甄导入', ids[0], '户主', { village: AREAS.village, address: '一组 1 号', bankAccount: '6222000011113333', phone: '13900001111', 'asset.financial': '1,200.50', 'income.wage': '6000' }),
        person('1', '李导入', ids[1], '妻', { village: AREAS.village, address: '一组 1 号', disabilityKind: '肢体残疾', disabilityGrade: '三级', laborCapacity: '部分丧失劳动能力' }),
        [''],
        person('1', '甄小导', ids[2], '子女', { inSchool: '是' }),
        person('2', '王独居', ids[3], '户主', { village: villageName, address: '二组 8 号', hukouType: '农村', registeredPoor: '是', laborCapacity: '无劳动能力', selfCareFailed: '吃饭、洗澡', 'income.pension': '1800' }),
      ],
      { shared: true },
    );
    const before = await counts();
    const res = await upload(raw, file);
    expect(res.statusCode, res.body).toBe(200);
    const report: RegistryImportReport = res.json();
    expect(report).toMatchObject({ applied: true, households: 2, persons: 4, rows: 4, problemCount: 0 });
    const after = await counts();
    expect(after).toEqual({ ...before, households: before.households + 2, persons: before.persons + 4, audit: before.audit + 2, incomes: before.incomes + 2, assets: before.assets + 1 });

    const found = await worker.call('GET', `/api/households?q=${ids[1]}`);
    expect(found.json.total).toBe(1);
    const h = await worker.call('GET', `/api/households/${found.json.items[0].countyCode}/${found.json.items[0].id}`);
    expect(h.json).toMatchObject({ headName: '甄导入', memberCount: 3, areaCode: AREAS.village, bankAccount: '****3333' });
    expect(h.json.members.find((m: { name: string }) => m.name === '李导入')).toMatchObject({ relation: 'spouse', disabilityKind: 'physical', disabilityGrade: 3, laborCapacity: 'partial' });
    expect(h.json.assets[0].valueYuan).toBe('1200.50');
    const single = await worker.call('GET', `/api/households?q=${ids[3]}`);
    expect(single.json.items[0]).toMatchObject({ areaCode: AREAS.otherVillage, registeredPoor: true });
    // Sealed as everywhere: no clear ID number in the person table.
    const stored = await db.kysely.selectFrom('person').select(['id_number_sealed']).where('name', '=', '甄导入').executeTakeFirstOrThrow();
    expect(stored.id_number_sealed).not.toContain(ids[0]);
    const events = await db.kysely.selectFrom('audit_event').select(['action', 'detail']).where('action', '=', 'household.create').orderBy('seq', 'desc').limit(2).execute();
    expect(events.map((e) => e.action)).toEqual(['household.create', 'household.create']);
    expect(events.map((e) => JSON.parse(String(e.detail)).import?.rows)).toEqual([[7], [3, 4, 6]]);
  });

  it('refuses a file with problems whole, naming every row and column; nothing changes', async () => {
    // Registered before: one in the importer's area, one in another county (said only as "registered elsewhere").
    const inArea = nextId('19700101');
    const elsewhere = nextId('19700101', '211223');
    expect((await worker.call('POST', '/api/households', householdOfThree(AREAS.village, [inArea, nextId(), nextId('20100101')]))).status).toBe(201);
    const other = await loginAs(app, 'ri_other');
    expect((await other.call('POST', '/api/households', householdOfThree(AREAS.otherCountyVillage, [elsewhere, nextId('19700101', '211223'), nextId('20100101', '211223')]))).status).toBe(201);

    const twice = nextId('19800101');
    const bad = nextId('19800101').slice(0, 17) + 'X';
    const good = nextId('19810101');
    const file = await xlsxOf([
      HEADERS,
      person('A', '甲', good, '户主', { village: AREAS.village, address: '三组 1 号' }), // row 2: fine alone
      person('B', '乙', twice, '户主', { village: AREAS.village, address: '三组 2 号' }), // row 3
      person('C', '丙', twice, '户主', { village: AREAS.village, address: '三组 3 号' }), // row 4: the same ID number as row 3
      person('D', '丁', bad, '户主', { village: AREAS.village, address: '三组 4 号' }), // row 5: check digit
      person('E', '戊', inArea, '户主', { village: AREAS.village, address: '三组 5 号' }), // row 6: registered in the area
      person('F', '己', elsewhere, '户主', { village: AREAS.village, address: '三组 6 号' }), // row 7: registered in another county
      person('G', '庚', nextId('19820101'), '表亲', { village: AREAS.village, address: '三组 7 号' }), // row 8: relation
      person('H', '辛', nextId('19830101'), '户主', { village: AREAS.siblingVillage, address: '三组 8 号' }), // row 9: out of area
      person('I', '壬', nextId('19840101'), '户主', { village: AREAS.village, address: '三组 9 号' }), // row 10
      person('I', '癸', nextId('19850101'), '配偶', { village: AREAS.village, address: '四组 9 号' }), // row 11: conflicting address
      person('J', '子', nextId('19860101'), '户主', { village: AREAS.village, address: '三组 10 号', bankAccount: '12ab' }), // row 12: account
      person('K', '丑', nextId('19870101'), '配偶', { village: AREAS.village, address: '三组 11 号' }), // row 13: no head
      person('', '寅', nextId('19880101'), '户主', { village: AREAS.village, address: '三组 12 号' }), // row 14: no key
      person('L', '卯', nextId('19890101'), '户主', { village: AREAS.village, address: '三组 13 号', 'income.wage': '-5' }), // row 15: amount
    ]);
    const before = await counts();
    const res = await upload(raw, file);
    expect(res.statusCode, res.body).toBe(200);
    const r: RegistryImportReport = res.json();
    expect(r.applied).toBe(false);
    expect(await counts()).toEqual(before);
    const at = (row: number) => r.problems.filter((p) => p.row === row);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual([expect.objectContaining({ column: '身份证号码', code: 'REGISTRY_IMPORT_DUPLICATE_IN_FILE', message: expect.objectContaining({ zh: '身份证号码与第 3 行重复' }) })]);
    expect(at(5)).toEqual([expect.objectContaining({ column: '身份证号码', code: 'ID_CHECK_DIGIT' })]);
    expect(at(6)).toEqual([expect.objectContaining({ column: '身份证号码', code: 'PERSON_DUPLICATE_ID' })]);
    const foreign = at(7);
    expect(foreign).toEqual([expect.objectContaining({ column: '身份证号码', code: 'PERSON_TRANSFER_REQUIRED' })]);
    expect(JSON.stringify(foreign)).not.toMatch(/211223|开原|西丰/);
    expect(at(8)).toEqual([expect.objectContaining({ column: '与户主关系', code: 'REGISTRY_IMPORT_VALUE' })]);
    expect(at(8)[0].message.zh).toMatch(/户主、配偶/);
    expect(at(9)).toEqual([expect.objectContaining({ column: '所在村（社区）', code: 'REGISTRY_IMPORT_OUT_OF_AREA' })]);
    expect(at(11)).toEqual([expect.objectContaining({ column: '家庭住址', code: 'REGISTRY_IMPORT_HOUSEHOLD_CONFLICT', message: expect.objectContaining({ zh: expect.stringMatching(/第 10 行/) }) })]);
    expect(at(12)).toEqual([expect.objectContaining({ column: '银行账号', code: 'BANK_ACCOUNT_FORMAT' })]);
    expect(at(13)).toEqual([expect.objectContaining({ column: '与户主关系', code: 'HOUSEHOLD_HEAD_COUNT' })]);
    expect(at(14)).toEqual([expect.objectContaining({ column: '户编号', code: 'REGISTRY_IMPORT_KEY_MISSING' })]);
    expect(at(15)).toEqual([expect.objectContaining({ column: '工资性收入（元/年）', code: 'REGISTRY_IMPORT_VALUE' })]);
    expect(r.problemCount).toBe(r.problems.length);

    // The report as a workbook: the same rows, in Chinese.
    const x = await raw.inject({ method: 'POST', url: '/api/registry/import/report', payload: r as object });
    expect(x.statusCode).toBe(200);
    const rows = await sheetRows(x.rawPayload);
    expect(rows[0].slice(0, 3)).toEqual(['行号', '列名', '问题']);
    expect(rows).toContainEqual(expect.arrayContaining(['4', '身份证号码', '身份证号码与第 3 行重复']));
  });

  it('takes headers by name and variant in any order, and CSV; refuses a file without the required columns', async () => {
    const id = nextId('19910101');
    const csv = `身份证号,姓名,户号,关系,劳动能力,村代码,住址\n${id},赵变体,X1,本人,有,${AREAS.village},五组 1 号\n`;
    const ok = await upload(raw, csv, AREAS.township, 'csv');
    expect(ok.json()).toMatchObject({ applied: true, households: 1, persons: 1 });
    const missing = await upload(raw, '姓名,身份证号码\n钱,1\n', AREAS.township, 'csv');
    const r: RegistryImportReport = missing.json();
    expect(r.applied).toBe(false);
    expect(r.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['户编号', '与户主关系', '劳动能力', '所在村（社区）', '家庭住址']));
    expect(r.problems.every((p) => p.row === 1)).toBe(true);
  });

  it('holds the area: a village assistant imports only into their village; rows beyond the chosen village are refused', async () => {
    const file = await xlsxOf([HEADERS, person('1', '孙村内', nextId('19920101'), '户主', { village: AREAS.otherVillage, address: '六组 1 号' })]);
    const township = await upload(assistantRaw, file, AREAS.township);
    expect(township.statusCode).toBe(403);
    expect(township.json()).toMatchObject({ code: 'AREA_FORBIDDEN', field: 'area' });
    const county = await upload(raw, file, AREAS.county);
    expect(county.json()).toMatchObject({ code: 'REGISTRY_IMPORT_AREA' });
    const beyond = await upload(assistantRaw, file, AREAS.village);
    expect(beyond.json()).toMatchObject({ applied: false, problems: [{ row: 2, code: 'REGISTRY_IMPORT_OUT_OF_AREA' }] });
    const sibling = await upload(raw, file, AREAS.siblingTownship);
    expect(sibling.statusCode).toBe(403);
  });

  it('refuses a zip bomb, too many rows and garbage on upload, naming the bound; nothing changes', async () => {
    const before = await counts();
    // 12 M empty shared strings: 156 MB inflated, past the import's 128 MB.
    const bomb = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(12_000_000) }));
    const b = await upload(raw, bomb);
    expect(b.statusCode).toBe(413);
    expect(b.json()).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { limit: 'uncompressed' } });
    const tooMany = `${HEADERS.join(',')}\n${'1,x\n'.repeat(REGISTRY_FILE_LIMITS.maxRows)}`;
    const m = await upload(raw, tooMany, AREAS.township, 'csv');
    expect(m.statusCode, m.body.slice(0, 500)).toBe(413);
    expect(m.json()).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { limit: 'rows' } });
    expect(m.json().message.zh).toMatch(/行数超过上限 30,000 行/);
    const garbage = await upload(raw, Buffer.from('not a workbook at all'));
    expect(garbage.json()).toMatchObject({ code: 'UPLOAD_NOT_XLSX' });
    const big = await upload(raw, Buffer.alloc(REGISTRY_FILE_LIMITS.maxBytes + 1, 0x61), AREAS.township, 'csv');
    expect(big.statusCode).toBe(413);
    expect(await counts()).toEqual(before);
  }, 240_000);
});
