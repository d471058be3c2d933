import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoudi } from '../../tests/factories/cli.ts';
import { nextId } from '../../tests/factories/ids.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';
import { AREAS, makeUser } from '../../tests/factories/users.ts';
import { xlsxOf } from '../../tests/factories/zip.ts';
import { type ColumnKey, IMPORT_COLUMNS, matchHeaders } from '../commands/registry/import-columns.ts';
import { normaliseSheet } from '../commands/uploads/bounded-reader.ts';
import { REGISTRY_FILE_LIMITS } from '../commands/uploads/limits.ts';

const row = (r: Partial<Record<ColumnKey, string>>) => IMPORT_COLUMNS.map((c) => r[c.key] ?? '');

/** `doudi registry template|import`: the template written, an import as a named user, a refused file's report. */
describe(`doudi registry (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const dir = mkdtempSync(join(tmpdir(), 'doudi-cli-registry-'));
  const firstSheet = async (path: string) => {
    await normaliseSheet({ path, format: 'xlsx', limits: REGISTRY_FILE_LIMITS, out: `${path}.csv` });
    return parse(readFileSync(`${path}.csv`, 'utf8'), { relax_column_count: true }) as string[][];
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'cli_worker', 'township_caseworker', AREAS.township);
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the template: the data sheet with every column and the example row', async () => {
    const out = join(dir, 'template.xlsx');
    const r = await runDoudi(db, ['registry', 'template', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await firstSheet(out);
    expect(matchHeaders(rows[0]).found.size).toBe(IMPORT_COLUMNS.length);
    expect(rows[1][0]).toMatch(/^示例/);
  });

  it('imports as the named user, refuses a bad file with exit 1 and its report (written as XLSX); without --as it is a usage error', async () => {
    const [a, b] = [nextId('19751201'), nextId('19771201')];
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, await xlsxOf([IMPORT_COLUMNS.map((c) => c.header), row({ key: '1', name: '褚一', idNumber: a, relation: '户主', laborCapacity: '有', village: AREAS.village, address: '七组 1 号' }), row({ key: '1', name: '褚二', idNumber: a, relation: '配偶', laborCapacity: '有' })]));
    const report = join(dir, 'report.xlsx');
    const refused = await runDoudi(db, ['registry', 'import', bad, '--area', AREAS.township, '--as', 'cli_worker', '--report', report]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toMatch(/未导入 NOT imported: 1 处问题/);
    expect(refused.stdout).toMatch(/第 3 行 row 3 「身份证号码」: REGISTRY_IMPORT_DUPLICATE_IN_FILE 身份证号码与第 2 行重复/);
    expect((await firstSheet(report))[1].slice(0, 3)).toEqual(['3', '身份证号码', '身份证号码与第 2 行重复']);

    const good = join(dir, 'good.xlsx');
    writeFileSync(good, await xlsxOf([IMPORT_COLUMNS.map((c) => c.header), row({ key: '1', name: '褚一', idNumber: a, relation: '户主', laborCapacity: '有', village: AREAS.village, address: '七组 1 号' }), row({ key: '1', name: '褚二', idNumber: b, relation: '配偶', laborCapacity: '有' })]));
    const ok = await runDoudi(db, ['registry', 'import', good, '--area', AREAS.township, '--as', 'cli_worker', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ applied: true, households: 1, persons: 2 });
    const audit = await db.kysely.selectFrom('audit_event').select(['actor_name']).where('action', '=', 'household.create').execute();
    expect(audit.map((e) => e.actor_name)).toEqual(['cli_worker']);

    const noUser = await runDoudi(db, ['registry', 'import', good, '--area', AREAS.township]);
    expect(noUser.code).toBe(2);
    const area = await runDoudi(db, ['registry', 'import', good, '--area', '2112', '--as', 'cli_worker']);
    expect(area.code).toBe(2);
    expect(area.stderr).toMatch(/DIVISION_CODE_FORMAT/);
  }, 120_000);

  it('heating (ADR 0042): the heating template, an import --kind heating as the named user, the missing list --json', async () => {
    const tpl = join(dir, 'heating.xlsx');
    const t = await runDoudi(db, ['registry', 'template', '--kind', 'heating', '--out', tpl]);
    expect(t.code, t.stderr).toBe(0);
    expect((await firstSheet(tpl))[0]).toEqual(['户编号', '户主身份证号码', '户主姓名', '取暖方式', '供暖面积（平方米）']);
    const h = await db.kysely.selectFrom('household').select(['id', 'head_name']).where('area_code', '=', AREAS.village).executeTakeFirstOrThrow();
    const file = join(dir, 'heating.csv');
    writeFileSync(file, `户编号,户主姓名,取暖方式,供暖面积（平方米）\n${h.id},${h.head_name},集中供暖,\n`);
    const refused = await runDoudi(db, ['registry', 'import', file, '--kind', 'heating', '--area', AREAS.township, '--as', 'cli_worker']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/第 2 行 row 2 「供暖面积（平方米）」: HEATED_AREA_REQUIRED 集中供暖须填写供暖面积/);
    writeFileSync(file, `户编号,户主姓名,取暖方式,供暖面积（平方米）\n${h.id},${h.head_name},集中供暖,48\n`);
    const ok = await runDoudi(db, ['registry', 'import', file, '--kind', 'heating', '--area', AREAS.township, '--as', 'cli_worker', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ kind: 'heating', applied: true, households: 1, unchanged: 0 });
    expect((await db.kysely.selectFrom('household').select('heated_area_dm2').where('id', '=', h.id).executeTakeFirstOrThrow()).heated_area_dm2).toBe(4800);
    const wrongKind = await runDoudi(db, ['registry', 'import', file, '--kind', 'coal', '--area', AREAS.township, '--as', 'cli_worker']);
    expect(wrongKind.code).toBe(2);
    // Nobody enrolled here: the list is empty, as JSON the API's page.
    const list = await runDoudi(db, ['registry', 'heating-missing', '--area', AREAS.township, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ total: 0, items: [], areaCode: AREAS.township });
    const bad = await runDoudi(db, ['registry', 'heating-missing', '--area', '21']);
    expect(bad.code).toBe(2);
  }, 120_000);
});
