import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs } from '../../src/commands/auth/acting-user.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { enrollDemo } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { POVERTY_FILE_FAULTS, writeDemoPovertyFile } from '../../src/commands/demo/poverty-file.ts';
import { importPovertySnapshot } from '../../src/commands/poverty/import-snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

/**
 * `doudi demo poverty-file` (issue 12 point 8): consistent with the demo population, deterministic for a seed, every
 * kind of fault present — and a file the import accepts (the faults are the office's, not the template's).
 */
describe(`demo poverty file (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const dir = mkdtempSync(join(tmpdir(), 'doudi-demo-poverty-test-'));

  beforeAll(async () => {
    db = await createTestDb();
    const ctx = operatorContext(db);
    await generateDemo(ctx, { households: 1_500, seed: 'poverty-file-test' });
    await enrollDemo(ctx);
    await makeUser(db, 'dp_liaison', 'poverty_liaison', AREAS.city);
  }, 300_000);
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same file for the same seed, with every kind of fault, which the liaison imports as a snapshot', async () => {
    const ctx = operatorContext(db);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const ra = await writeDemoPovertyFile(ctx, { seed: 's1', out: a, format: 'csv' });
    const rb = await writeDemoPovertyFile(ctx, { seed: 's1', out: b, format: 'csv' });
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(ra).toEqual(rb);
    const poor = Number((await db.kysely.selectFrom('household').select((eb) => eb.fn.countAll().as('n')).where('registered_poor', '=', 1).executeTakeFirstOrThrow()).n);
    expect(ra.known).toBe(poor);
    expect(ra.households).toBe(poor + ra.faults.unknownHousehold);
    for (const f of POVERTY_FILE_FAULTS) expect(ra.faults[f], f).toBeGreaterThan(0);
    const rows: string[][] = parse(readFileSync(a, 'utf8'), { bom: true });
    expect(rows.length - 1).toBe(ra.persons);
    expect(rows.some((r) => /^\d{15}$/.test(r[6]))).toBe(true);
    expect(rows.some((r, i) => i > 0 && r[6] === '')).toBe(true);
    // Another seed gives another file.
    const c = join(dir, 'c.csv');
    await writeDemoPovertyFile(ctx, { seed: 's2', out: c, format: 'csv' });
    expect(readFileSync(c)).not.toEqual(readFileSync(a));

    const x = join(dir, 'a.xlsx');
    await writeDemoPovertyFile(ctx, { seed: 's1', out: x, format: 'xlsx' });
    const r = await importPovertySnapshot(await contextAs(db, 'dp_liaison'), { file: x, format: 'xlsx' });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ outcome: 'accepted', households: ra.households, persons: ra.persons });
    // Matched by ID number: every known person with a full number; not the unknown ones, the rows without a number.
    expect(r.match?.byId).toBeGreaterThan(0);
    expect(r.match?.byId).toBeLessThan(ra.persons);
  }, 120_000);
});
