import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';

/** The batch reads of the one registry → situation mapping are answered from the covering indexes alone. */
describe('migration 0015: the covering indexes hold what the situation mapping reads', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    const { migrateToLatest } = await import('../connect.ts');
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it.runIf(TEST_DIALECT === 'sqlite')('SQLite plans the members’ and incomes’ batch reads as covering-index ranges', async () => {
    const plan = async (q: string) =>
      (await sql<{ detail: string }>`${sql.raw(`explain query plan ${q}`)}`.execute(db.kysely)).rows.map((r) => r.detail).join(' | ');
    const range = "county_code = '211221' and household_id > '' and household_id <= 'z'";
    expect(
      await plan(
        `select household_id, id, birth_date, sex, relation, disability_kind, disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status from person where ${range} order by household_id`,
      ),
    ).toMatch(/COVERING INDEX person_household_cover/);
    expect(await plan(`select household_id, kind, annual_fen, person_id from income_item where ${range} order by household_id`)).toMatch(/COVERING INDEX income_item_household_cover/);
    expect(await plan(`select household_id, kind, value_fen, quantity from asset_item where ${range} order by household_id`)).toMatch(/COVERING INDEX asset_item_household_cover/);
  });

  it('keeps one index per child table for the household lookups and foreign keys', async () => {
    const names =
      TEST_DIALECT === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name in ('person', 'income_item')`.execute(db.kysely)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename in ('person', 'income_item')`.execute(db.kysely)).rows.map(
            (r) => r.name,
          );
    expect(names.filter((n) => n.includes('household'))).toEqual(expect.arrayContaining(['person_household_cover', 'income_item_household_cover']));
    expect(names.filter((n) => n.includes('household')).length).toBe(2);
  });
});
