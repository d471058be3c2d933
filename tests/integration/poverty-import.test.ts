import dc from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchPovertyHeaders, POVERTY_COLUMNS, type PovertyColumnKey } from '../../src/commands/poverty/poverty-columns.ts';
import { normaliseSheet } from '../../src/commands/uploads/bounded-reader.ts';
import { POVERTY_FILE_LIMITS } from '../../src/commands/uploads/limits.ts';
import type { PovertyChangePage, PovertyImportResult, PovertySnapshotList } from '../../src/contracts/poverty.ts';
import { getDivision } from '../../src/db/division-repo.ts';
import { testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { xlsxOf } from '../factories/zip.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = POVERTY_COLUMNS.map((c) => c.header);
const TOWNSHIP = AREAS.township;
type Cells = Partial<Record<PovertyColumnKey, string>>;
const rowOf = (r: Cells) => POVERTY_COLUMNS.map((c) => r[c.key] ?? '');
/** A person of a household in AREAS.village (by codes), 一般贫困户 已脱贫 2018 unless told. */
const person = (hhNo: string, name: string, id: string, more: Cells = {}) =>
  rowOf({
    hhNo,
    county: AREAS.county,
    township: TOWNSHIP,
    village: AREAS.village,
    headName: more.headName ?? name,
    name,
    idNumber: id,
    relation: '户主',
    attribute: '一般贫困户',
    cause: '因病',
    status: '已脱贫',
    exitYear: '2018',
    labor: '普通劳动力',
    health: '健康',
    ...more,
  });
const csvOf = (rows: readonly (readonly string[])[]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
/** 15 digits of an 18-digit number born in 19xx. */
const to15 = (id18: string) => id18.slice(0, 6) + id18.slice(8, 17);

const dir = mkdtempSync(join(tmpdir(), 'doudi-poverty-import-test-'));
async function sheetRows(data: Buffer): Promise<string[][]> {
  const path = join(dir, `f-${Math.random()}.xlsx`);
  writeFileSync(path, data);
  const out = `${path}.csv`;
  await normaliseSheet({ path, format: 'xlsx', limits: POVERTY_FILE_LIMITS, out });
  return parse(readFileSync(out, 'utf8'), { relax_column_count: true });
}

/**
 * 建档立卡数据导入 (issue 12 points 1, 9 and 11): the template, an accepted file as a snapshot, the difference on the
 * next one, the same content again a no-op, every kind of refusal with nothing changed, and who may import.
 */
describe(`poverty-registry import (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let liaison: RawSession;
  let assistant: RawSession;
  const upload = (s: RawSession, body: Buffer | string, o: { format?: 'csv' | 'xlsx'; county?: string; asOf?: string } = {}) => {
    const format = o.format ?? (typeof body === 'string' ? 'csv' : 'xlsx');
    const q = new URLSearchParams({ format, fileName: `test.${format}`, ...(o.county ? { county: o.county } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) });
    return s.inject({ method: 'POST', url: `/api/poverty/import?${q}`, payload: body, headers: { 'content-type': format === 'csv' ? 'text/csv' : XLSX } });
  };
  const counts = async () => {
    const n = async (t: 'poverty_snapshot' | 'poverty_household' | 'poverty_person' | 'poverty_snapshot_change' | 'audit_event') =>
      Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { snapshots: await n('poverty_snapshot'), households: await n('poverty_household'), persons: await n('poverty_person'), changes: await n('poverty_snapshot_change'), audit: await n('audit_event') };
  };
  const ids = { a1: nextId('19600301'), a2: nextId('19620401'), b1: nextId('19500101'), c1: nextId('19700101'), d1: nextId('19800101') };
  let townshipName = '';
  let villageName = '';

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'pi_liaison', 'poverty_liaison', AREAS.city);
    await makeUser(db, 'pi_assistant', 'village_assistant', AREAS.village);
    app = await testServer(db);
    liaison = await rawLogin(app, 'pi_liaison');
    assistant = await rawLogin(app, 'pi_assistant');
    townshipName = (await getDivision(db.kysely, TOWNSHIP))!.name;
    villageName = (await getDivision(db.kysely, AREAS.village))!.name;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the template: every column, the example row marked; the liaison may download it, a village assistant may not', async () => {
    const res = await liaison.inject({ method: 'GET', url: '/api/poverty/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const rows = await sheetRows(res.rawPayload);
    const m = matchPovertyHeaders(rows[0]);
    expect(m.missing).toEqual([]);
    expect(m.found.size).toBe(POVERTY_COLUMNS.length);
    expect(rows[0]).toEqual(expect.arrayContaining(['户编号', '县（市、区）', '乡镇（街道）', '村（社区）', '户主姓名', '成员姓名', '身份证号码', '户属性', '脱贫状态', '健康状况', '残疾等级']));
    expect(rows[1][0]).toMatch(/^示例/);
    expect((await assistant.inject({ method: 'GET', url: '/api/poverty/import/template' })).statusCode).toBe(403);
    // The template as downloaded imports nothing.
    expect((await upload(liaison, res.rawPayload)).json()).toMatchObject({ outcome: 'refused', problems: [{ code: 'POVERTY_IMPORT_EMPTY' }] });
  });

  it('accepts a file as a snapshot (codes and names, 15-digit numbers, rows without a number), sealed, audited once; the same content again is a no-op', async () => {
    const file = await xlsxOf([
      HEADERS,
      person('H001', '甄扶贫', ids.a1),
      person('H001', '李扶贫', to15(ids.a2), { headName: '甄扶贫', relation: '妻', health: '残疾', disabilityGrade: '二级', labor: '丧失劳动力' }),
      person('H001', '甄小扶', '', { headName: '甄扶贫', relation: '之子', health: '患有大病', labor: '无劳动力' }),
      person('H002', '王低保', ids.b1, { county: '铁岭县', township: townshipName, village: villageName, attribute: '低保贫困户', status: '未脱贫', exitYear: '', cause: '因残致贫' }),
      person('H003', '赵特困', ids.c1, { attribute: '五保户', health: '长期慢性病' }),
    ]);
    const before = await counts();
    const res = await upload(liaison, file, { asOf: '2019-06-30' });
    expect(res.statusCode, res.body).toBe(200);
    const r: PovertyImportResult = res.json();
    expect(r).toMatchObject({ outcome: 'accepted', applied: true, areaCode: AREAS.city, asOf: '2019-06-30', rows: 5, households: 3, persons: 5, added: { households: 3, persons: 5 }, removed: { households: 0, persons: 0 }, previousId: null, problemCount: 0 });
    expect(r.match).toMatchObject({ byId: 0 });
    expect(await counts()).toEqual({ ...before, snapshots: before.snapshots + 1, households: before.households + 3, persons: before.persons + 5, changes: before.changes + 8, audit: before.audit + 1 });
    const persons = await db.kysely.selectFrom('poverty_person').selectAll().where('snapshot_id', '=', r.snapshotId!).orderBy('row_no').execute();
    expect(persons.map((p) => [p.name, p.id_form, p.relation, p.health, p.disability_grade])).toEqual([
      ['甄扶贫', '18', '户主', 'healthy', null],
      ['李扶贫', '15', '配偶', 'disabled', 2],
      ['甄小扶', 'invalid', '之子', 'serious', null],
      ['王低保', '18', '户主', 'healthy', null],
      ['赵特困', '18', '户主', 'chronic', null],
    ]);
    expect(persons[1].birth_date).toBe(`${ids.a2.slice(6, 10)}-${ids.a2.slice(10, 12)}-${ids.a2.slice(12, 14)}`);
    expect(persons[2].person_key).toMatch(/^n:/);
    expect(persons[0].person_key).toMatch(/^i:/);
    expect(JSON.stringify(persons)).not.toContain(ids.a1);
    const hh = await db.kysely.selectFrom('poverty_household').selectAll().where('snapshot_id', '=', r.snapshotId!).orderBy('hh_no').execute();
    expect(hh.map((h) => [h.hh_no, h.village_code, h.attribute, h.status, h.exit_year, h.poverty_cause, h.member_count])).toEqual([
      ['H001', AREAS.village, 'general', 'out', 2018, '因病', 3],
      ['H002', AREAS.village, 'dibao', 'poor', null, '因残', 1],
      ['H003', AREAS.village, 'tekun', 'out', 2018, '因病', 1],
    ]);
    const event = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'poverty.import').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ chain: 'city', entity_type: 'poverty_snapshot', entity_id: r.snapshotId });

    // The same content again (as CSV, rows in another order): nothing written, and said so.
    const again = await upload(liaison, csvOf([HEADERS, person('H003', '赵特困', ids.c1, { attribute: '特困供养贫困户', health: '长期慢性病' }), ...(await sheetRows(file)).slice(1, 5)]));
    expect(again.json()).toMatchObject({ outcome: 'unchanged', applied: false, snapshotId: r.snapshotId });
    expect(await counts()).toEqual({ ...before, snapshots: before.snapshots + 1, households: before.households + 3, persons: before.persons + 5, changes: before.changes + 8, audit: before.audit + 1 });
  });

  it('compares the next snapshot with the previous one: households and persons added, removed, changed and what changed', async () => {
    const file = csvOf([
      HEADERS,
      person('H001', '甄扶贫', ids.a1, { health: '患有大病' }), // person changed (health)
      person('H001', '李扶贫', ids.a2, { headName: '甄扶贫', relation: '配偶', health: '残疾', disabilityGrade: '二级', labor: '丧失劳动力' }), // 15 → 18 digits
      // 甄小扶 removed; H003 removed
      person('H002', '王低保', ids.b1, { attribute: '低保贫困户', status: '已脱贫', exitYear: '2019', cause: '因残' }), // household changed
      person('H004', '钱新增', ids.d1), // added
    ]);
    const before = await counts();
    const r: PovertyImportResult = (await upload(liaison, file, { asOf: '2019-12-31' })).json();
    expect(r).toMatchObject({ outcome: 'accepted', households: 3, persons: 4, added: { households: 1, persons: 1 }, removed: { households: 1, persons: 2 }, changed: { households: 2, persons: 2 } });
    expect((await counts()).snapshots).toBe(before.snapshots + 1);
    const list: PovertySnapshotList = (await liaison.inject({ method: 'GET', url: '/api/poverty/snapshots' })).json();
    expect(list.items[0]).toMatchObject({ id: r.snapshotId, previousId: r.previousId, asOf: '2019-12-31', households: 3, persons: 4, changed: { households: 2, persons: 2 } });
    const page: PovertyChangePage = (await liaison.inject({ method: 'GET', url: `/api/poverty/snapshots/${r.snapshotId}/changes?pageSize=50` })).json();
    expect(page.total).toBe(9);
    const of = (kind: string, change: string) => page.items.filter((i) => i.kind === kind && i.change === change);
    expect(of('household', 'changed').map((i) => [i.hhNo, i.fields])).toEqual(
      expect.arrayContaining([
        ['H002', [{ field: 'status', before: 'poor', after: 'out' }, { field: 'exitYear', before: null, after: '2019' }]],
        ['H001', [{ field: 'memberCount', before: '3', after: '2' }]],
      ]),
    );
    const changedPersons = of('person', 'changed');
    expect(changedPersons.find((p) => p.name === '甄扶贫')?.fields).toEqual([{ field: 'health', before: 'healthy', after: 'serious' }]);
    expect(changedPersons.find((p) => p.name === '李扶贫')?.fields).toEqual([{ field: 'idForm', before: '15', after: '18' }]);
    expect(of('person', 'removed').map((p) => p.name).sort()).toEqual(['甄小扶', '赵特困']);
    expect(of('household', 'added')[0]).toMatchObject({ hhNo: 'H004', name: '钱新增', villageName });
    // ID numbers masked.
    const masked = changedPersons.find((p) => p.name === '甄扶贫')?.idNumber;
    expect(masked).toMatch(/^\d{6}\*+\w{4}$/);
    expect(JSON.stringify(page)).not.toContain(ids.a1);
    // An earlier day than the latest snapshot's is refused.
    const earlier = await upload(liaison, csvOf([HEADERS, person('H009', '孙早', nextId())]), { asOf: '2019-01-01' });
    expect(earlier.statusCode).toBe(409);
    expect(earlier.json().error?.code ?? earlier.json().code).toBe('POVERTY_IMPORT_AS_OF_EARLIER');
  });

  it('refuses every kind of fault row by row, naming row and column; nothing changes', async () => {
    const twice = nextId('19810101');
    const bad = `${nextId('19820101').slice(0, 17)}${'X'}`;
    const file = csvOf([
      HEADERS,
      person('F01', '甲', nextId('19830101')), // row 2: fine
      person('F02', '乙', twice), // row 3
      person('F03', '丙', twice), // row 4: the same ID number as row 3
      person('F04', '丁', bad), // row 5: check digit
      person('F05', '戊', '12345'), // row 6: length
      person('F06', '己', nextId('19840101'), { village: '211221101299' }), // row 7: unknown village
      person('F07', '庚', nextId('19850101'), { village: AREAS.siblingVillage }), // row 8: village outside the township named
      person('F08', '辛', nextId('19860101')), // row 9
      person('F08', '壬', nextId('19870101'), { attribute: '低保贫困户', headName: '辛' }), // row 10: household conflict
      person('F09', '癸', '', { headName: '癸' }), // row 11
      person('F09', '癸', '', { headName: '癸' }), // row 12: duplicate row (no number)
      person('F10', '子', nextId('19880101'), { health: '很好' }), // row 13: value
      person('F11', '丑', nextId('19890101'), { status: '已脱贫', exitYear: '' }), // row 14: exit year
    ]);
    const before = await counts();
    const res = await upload(liaison, file);
    expect(res.statusCode, res.body).toBe(200);
    const r: PovertyImportResult = res.json();
    expect(r.outcome).toBe('refused');
    expect(await counts()).toEqual(before);
    const at = (row: number) => r.problems.filter((p) => p.row === row).map((p) => [p.column, p.code]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual([['身份证号码', 'POVERTY_IMPORT_DUPLICATE_ID']]);
    expect(at(5)).toEqual([['身份证号码', 'ID_CHECK_DIGIT']]);
    expect(at(6)).toEqual([['身份证号码', 'ID_LENGTH']]);
    expect(at(7)).toEqual([['村（社区）', 'POVERTY_IMPORT_DIVISION_UNKNOWN']]);
    expect(at(8)).toEqual([['村（社区）', 'POVERTY_IMPORT_DIVISION_MISMATCH']]);
    expect(at(10)).toEqual(expect.arrayContaining([['户属性', 'POVERTY_IMPORT_HOUSEHOLD_CONFLICT']]));
    expect(at(12)).toEqual([['成员姓名', 'POVERTY_IMPORT_DUPLICATE_ROW']]);
    expect(at(13)).toEqual([['健康状况', 'POVERTY_IMPORT_VALUE']]);
    expect(at(14)).toEqual([['脱贫年度', 'FIELD_REQUIRED']]);
    expect(r.problems.find((p) => p.row === 4)?.message.zh).toBe('身份证号码与第 3 行重复');

    // The report as a workbook.
    const x = await liaison.inject({ method: 'POST', url: '/api/poverty/import/report', payload: { problemCount: r.problemCount, problems: r.problems } });
    expect(x.statusCode).toBe(200);
    expect((await sheetRows(x.rawPayload))[0].slice(0, 3)).toEqual(['行号', '列名', '问题']);
  });

  it('refuses wrong columns, an empty file and a file that is not a spreadsheet; nothing changes', async () => {
    const before = await counts();
    const wrong: PovertyImportResult = (await upload(liaison, '姓名,身份证号码\n钱,1\n')).json();
    expect(wrong.outcome).toBe('refused');
    expect(wrong.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['户编号', '村（社区）', '户属性', '脱贫状态', '健康状况']));
    expect(wrong.problems.every((p) => p.row === 1 && p.code === 'POVERTY_IMPORT_COLUMN_MISSING')).toBe(true);
    // Headers by variant, in another order, are taken.
    const variants = `身份证号,姓名,户号,县,乡镇,村,户主,关系,贫困户属性,脱贫情况,脱贫年份,劳动力状况,健康情况\n${nextId()},周变体,V1,${AREAS.county},${TOWNSHIP},${AREAS.village},周变体,本人,一般户,已脱贫,2017,普通,良好\n`;
    const v: PovertyImportResult = (await upload(liaison, variants, { county: '211221' })).json();
    expect(v).toMatchObject({ outcome: 'accepted', areaCode: AREAS.county, households: 1 });
    const afterVariant = await counts();
    expect(afterVariant.snapshots).toBe(before.snapshots + 1);

    const empty: PovertyImportResult = (await upload(liaison, `${HEADERS.join(',')}\n`)).json();
    expect(empty).toMatchObject({ outcome: 'refused', problems: [{ code: 'POVERTY_IMPORT_EMPTY' }] });
    const notSheet = await upload(liaison, Buffer.from('%PDF-1.4 not a workbook'), { format: 'xlsx' });
    expect(notSheet.statusCode).toBe(400);
    expect(notSheet.json().error?.code ?? notSheet.json().code).toBe('UPLOAD_NOT_XLSX');
    // A county file with a row of another county: outside the area.
    const outside: PovertyImportResult = (await upload(liaison, csvOf([HEADERS, person('O1', '吴外县', nextId(), { county: '', township: '', village: AREAS.otherCountyVillage })]), { county: '211221' })).json();
    expect(outside.problems.map((p) => p.code)).toEqual(['POVERTY_IMPORT_OUT_OF_AREA']);
    expect(await counts()).toEqual(afterVariant);
  });

  it('runs in an import thread of its own, whose young generation is small (issue 12 point 10: the peak RSS of a 200,000-row import)', async () => {
    const started: { young?: number; old?: number }[] = [];
    const onWorker = (m: unknown) => {
      const limits = (m as { worker: Worker }).worker.resourceLimits;
      started.push({ young: limits?.maxYoungGenerationSizeMb, old: limits?.maxOldGenerationSizeMb });
    };
    dc.subscribe('worker_threads', onWorker);
    let res: Awaited<ReturnType<typeof upload>>;
    try {
      res = await upload(liaison, csvOf([HEADERS, person('T001', '甄线程', '12345')]));
    } finally {
      dc.unsubscribe('worker_threads', onWorker);
    }
    // The file's fault comes back from the thread as from any import (the reader's worker is the import thread's own).
    expect(res.json()).toMatchObject({ outcome: 'refused', problems: [{ row: 2, column: '身份证号码' }] });
    expect(started).toEqual([{ young: 8, old: 160 }]);
  });

  it('takes one import at a time: a second at once is refused (429) and changes nothing; once the first has ended, another runs', async () => {
    const before = await counts();
    const [a, b] = await Promise.all([upload(liaison, csvOf([HEADERS, person('B1', '贝一', '12345')])), upload(liaison, csvOf([HEADERS, person('B2', '贝二', '12345')]))]);
    const codes = [a, b].map((r) => [r.statusCode, r.json().error?.code ?? r.json().code ?? r.json().outcome]).sort();
    expect(codes).toEqual([
      [200, 'refused'],
      [429, 'POVERTY_IMPORT_BUSY'],
    ]);
    expect(await counts()).toEqual(before);
    const again = await upload(liaison, csvOf([HEADERS, person('B3', '贝三', '12345')]));
    expect([again.statusCode, again.json().outcome]).toEqual([200, 'refused']);
  });

  it('only the liaison imports: a village assistant is refused before the file is read', async () => {
    const before = await counts();
    const res = await upload(assistant, csvOf([HEADERS, person('Z1', '郑协理', nextId())]));
    expect(res.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    // The assistant reads snapshots of the city, but a snapshot's changes only within the village.
    const list: PovertySnapshotList = (await assistant.inject({ method: 'GET', url: '/api/poverty/snapshots' })).json();
    expect(list.items.length).toBeGreaterThan(0);
  });
});
