import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';
import { migrateToLatest } from '../connect.ts';

describe('migration 0008: the worklist index holds the case kind', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it('replaces assistance_case_work', async () => {
    const names =
      TEST_DIALECT === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db.kysely)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db.kysely)).rows.map((r) => r.name);
    expect(names).toContain('assistance_case_work_kind');
    expect(names).not.toContain('assistance_case_work');
  });

  it.runIf(TEST_DIALECT === 'sqlite')("SQLite counts a role's worklist from the index alone", async () => {
    const r = await sql<{ detail: string }>`explain query plan select count(*) from (select 1 from assistance_case where county_code = '211221'
      and ((kind = 'dibao_household' and state in ('county_review', 'county_notice')) or (kind = 'tekun' and state in ('county_review', 'county_notice'))) limit 1001)`.execute(db.kysely);
    expect(r.rows.map((x) => x.detail).join(' | ')).toMatch(/COVERING INDEX assistance_case_work_kind/);
  });
});
