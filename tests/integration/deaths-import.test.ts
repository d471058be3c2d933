import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandContext, operatorContext } from '../../src/commands/context.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { importDeaths } from '../../src/commands/supervision/import-deaths.ts';
import { idHashOf, openIdNumber } from '../../src/db/personal-data.ts';
import { checkDigit } from '../../src/kernel/id-number.ts';
import { runDoudi } from '../factories/cli.ts';
import { scratchDir } from '../factories/scratch-dir.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const A = '211221';
const O = '211223';
const NOW = new Date('2026-12-04T02:00:00Z');

/**
 * 死亡信息导入 (issue 16 point 4): one file, all or nothing, every problem named by row, column and code — an invalid
 * number, a number of no one in the importer's area (another county's person, a number of no one at all), a date
 * that is no date, in the future or before the birth, a number twice — and only the number's keyed hash, the number
 * sealed and the date stored once the file is right; a second file correcting a date; the audit event; the CLI.
 */
describe(`death-record import (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let ctx: CommandContext;
  const dir = scratchDir('doudi-deaths-test-');
  const ids: string[] = [];
  let other: string;

  const csv = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${['身份证号码,死亡日期,姓名', ...lines].join('\n')}\n`);
    return path;
  };

  beforeAll(async () => {
    db = await createTestDb();
    const op = operatorContext(db, { name: 'cli:test', clock: () => NOW });
    await generateDemo(op, { households: 40, seed: 'deaths', county: A });
    await generateDemo(op, { households: 10, seed: 'deaths-o', county: O });
    const actor = await makeUser(db, 'dth_adm', 'county_admin', AREAS.county);
    ctx = { db, actor, clock: () => NOW };
    const persons = await db.kysely.selectFrom('person').select(['id_number_sealed']).where('county_code', '=', A).orderBy('id').limit(3).execute();
    ids.push(...persons.map((p) => openIdNumber(db.keys, p)));
    other = openIdNumber(db.keys, await db.kysely.selectFrom('person').select(['id_number_sealed']).where('county_code', '=', O).limit(1).executeTakeFirstOrThrow());
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file with any problem, naming each by row, column and code, and writes nothing', async () => {
    const [a, b] = ids;
    const badCheck = `${a.slice(0, 17)}${a[17] === '0' ? '1' : '0'}`;
    // A valid number of no one: another sequence, its check digit recomputed.
    const body = `${a.slice(0, 14)}${a[14] === '9' ? '8' : '9'}${a.slice(15, 17)}`;
    const nobody = body + checkDigit(body);
    const birth = `${a.slice(6, 10)}-${a.slice(10, 12)}-${a.slice(12, 14)}`;
    const dayBefore = `${Number(a.slice(6, 10)) - 1}-06-01`;
    const path = csv('bad.csv', [
      `${a},2026-09-10,甲`, // row 2: fine
      `${badCheck},2026-09-10,乙`, // 3: check digit
      `${b},2027-01-01,丙`, // 4: future
      `${b},2026年13月1日,丁`, // 5: no such date
      `${a},2026-10-01,戊`, // 6: repeats row 2
      `${other},2026-09-10,己`, // 7: another county's person
      `${nobody},2026-09-10,庚`, // 8: no one
      `${ids[2]},${dayBefore},辛`, // 9: before the birth
      `,2026-09-10,壬`, // 10: no number
    ]);
    expect(birth <= '2026-09-10').toBe(true);
    const r = await importDeaths(ctx, { file: path, format: 'csv', fileName: 'bad.csv' });
    expect([r.applied, r.importId, r.rows]).toEqual([false, null, 9]);
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '身份证号码', 'ID_NUMBER_INVALID'],
      [4, '死亡日期', 'DEATH_DATE_FUTURE'],
      [5, '死亡日期', 'DEATH_DATE_INVALID'],
      [6, '身份证号码', 'DEATH_DUPLICATE'],
      [7, '身份证号码', 'DEATH_PERSON_UNKNOWN'],
      [8, '身份证号码', 'DEATH_PERSON_UNKNOWN'],
      [9, '死亡日期', 'DEATH_DATE_BEFORE_BIRTH'],
      [10, '身份证号码', 'FIELD_REQUIRED'],
    ]);
    expect(r.problemCount).toBe(8);
    for (const p of r.problems) expect(p.message.zh.length * p.message.en.length).toBeGreaterThan(0);
    expect(await db.kysely.selectFrom('death_record').selectAll().execute()).toEqual([]);
  });

  it('refuses a file without its columns', async () => {
    const path = join(dir, 'nocol.csv');
    writeFileSync(path, `姓名,日期\n甲,2026-09-10\n`);
    const r = await importDeaths(ctx, { file: path, format: 'csv', fileName: 'nocol.csv' });
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [1, '身份证号码', 'IMPORT_COLUMN_MISSING'],
      [1, '死亡日期', 'IMPORT_COLUMN_MISSING'],
    ]);
  });

  it('stores the hash, the sealed number and the date of a right file, audited; a later file corrects a date', async () => {
    const [a, b] = ids;
    const r = await importDeaths(ctx, { file: csv('good.csv', [`${a},2026-09-10,甲`, `${b.slice(0, 17)}${b[17].toLowerCase()},2026/8/3,乙`]), format: 'csv', fileName: 'good.csv' });
    expect([r.applied, r.rows, r.added, r.changed, r.problemCount]).toEqual([true, 2, 2, 0, 0]);
    const rows = await db.kysely.selectFrom('death_record').selectAll().orderBy('died_on').execute();
    expect(rows.map((x) => [x.id_hash, x.died_on, openIdNumber(db.keys, x), x.import_id])).toEqual([
      [idHashOf(db.keys, b), '2026-08-03', b, r.importId],
      [idHashOf(db.keys, a), '2026-09-10', a, r.importId],
    ]);
    expect(JSON.stringify(rows)).not.toContain(a);
    const events = await db.kysely.selectFrom('audit_event').select(['chain', 'detail', 'actor_name']).where('action', '=', 'deaths.import').execute();
    expect(events.map((e) => [e.chain, JSON.parse(e.detail ?? '{}').added, e.actor_name])).toEqual([[A, 2, 'dth_adm']]);
    const again = await importDeaths(ctx, { file: csv('fix.csv', [`${a},2026-09-12,甲`]), format: 'csv', fileName: 'fix.csv' });
    expect([again.applied, again.added, again.changed]).toEqual([true, 0, 1]);
    const fixed = await db.kysely.selectFrom('death_record').select('died_on').where('id_hash', '=', idHashOf(db.keys, a)).executeTakeFirstOrThrow();
    expect(fixed.died_on).toBe('2026-09-12');
  });

  it('imports from the command line as the operator (the whole city), and exits 1 with the problems when refused', async () => {
    const ok = await runDoudi(db, ['deaths', 'import', csv('cli.csv', [`${other},2026-09-10,己`]), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ applied: true, added: 1 });
    const bad = await runDoudi(db, ['deaths', 'import', csv('cli-bad.csv', [`${other},2099-01-01,己`]), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['DEATH_DATE_FUTURE']);
  }, 60_000);
});
