import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PROGRAMS } from '../../src/contracts/report.ts';
import { runDoudi } from '../factories/cli.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS } from '../factories/users.ts';

const C = AREAS.county.slice(0, 6);

/**
 * `doudi report quarterly|overdue` (issue 15 point 5, ADR 0045) on both databases: `--json` gives every figure by program
 * (the draft computed now: nothing submitted), `--xlsx` writes the statistics layout, a malformed quarter is a usage
 * error (exit 2) in JSON; the overdue list names every county of the city for the ended quarters.
 */
describe(`doudi report (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const dir = mkdtempSync(join(tmpdir(), 'doudi-report-cli-'));
  beforeAll(async () => {
    db = await createTestDb();
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 7, prefix: 'rc', startMonth: '2019-05', individualEvery: 3 });
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints every figure by program with --json, and writes the workbook with --xlsx', async () => {
    const r = await runDoudi(db, ['report', 'quarterly', '--county', C, '--quarter', '2019q3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ county: C, quarter: '2019Q3', status: 'none', source: 'computed' });
    expect(Object.keys(v.figures.programs).sort()).toEqual([...REPORT_PROGRAMS].sort());
    // One-person units (every third) are 单人保, the others household dibao: counted here from the enrollments.
    const units = await sql<{ unit: string; n: number }>`select unit, count(*) as n from enrollment where county_code = ${C} group by unit`.execute(db.kysely);
    const n = (u: string) => Number(units.rows.find((x) => x.unit === u)?.n ?? 0);
    expect(v.figures.programs.dibao.households).toBe(n('household'));
    expect(v.figures.programs.dibaoSingle.households).toBe(n('individual'));
    const file = join(dir, 'q3.xlsx');
    const x = await runDoudi(db, ['report', 'quarterly', '--county', C, '--quarter', '2019Q3', '--xlsx', file]);
    expect(x.code, x.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a malformed quarter as a usage error, in JSON, and lists the overdue reports', async () => {
    const bad = await runDoudi(db, ['report', 'quarterly', '--county', C, '--quarter', '2019Q7', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'QUARTER_FORMAT', field: 'quarter' });
    const o = await runDoudi(db, ['report', 'overdue', '--json']);
    expect(o.code, o.stderr).toBe(0);
    const list = JSON.parse(o.stdout) as { county: string; quarter: string }[];
    expect(list.filter((x) => x.quarter === '2019Q3').map((x) => x.county).sort()).toEqual(['211202', '211204', '211221', '211223', '211224', '211281', '211282']);
  });
});
