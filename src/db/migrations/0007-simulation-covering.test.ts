import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';

/** The simulation's batch reads must be answered from the covering indexes alone (no table lookup per row). */
describe('migration 0007: covering indexes for the registry reads', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    const { migrateToLatest } = await import('../connect.ts');
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it('replaces the plain household indexes and adds the covering ones', async () => {
    const names =
      TEST_DIALECT === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db.kysely)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db.kysely)).rows.map((r) => r.name);
    for (const n of ['person_household_cover', 'income_item_household_cover', 'asset_item_household_cover', 'household_county_cover']) expect(names).toContain(n);
    for (const n of ['person_household', 'income_item_household', 'asset_item_household']) expect(names).not.toContain(n);
  });

  it.runIf(TEST_DIALECT === 'sqlite')('SQLite plans each batch read as a covering-index range', async () => {
    const plan = async (q: string) =>
      (await sql<{ detail: string }>`${sql.raw(`explain query plan ${q}`)}`.execute(db.kysely)).rows.map((r) => r.detail).join(' | ');
    const range = "county_code = '211221' and household_id > '' and household_id <= 'z'";
    expect(
      await plan(
        `select household_id, birth_date, disability_kind, disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status from person where ${range} and birth_date <= '2019-08-31' order by household_id`,
      ),
    ).toMatch(/COVERING INDEX person_household_cover/);
    expect(await plan(`select household_id, kind, sum(annual_fen) from income_item where ${range} group by household_id, kind order by household_id, kind`)).toMatch(
      /COVERING INDEX income_item_household_cover/,
    );
    expect(await plan(`select household_id, sum(value_fen), sum(quantity) from asset_item where ${range} group by household_id order by household_id`)).toMatch(
      /COVERING INDEX asset_item_household_cover/,
    );
    expect(
      await plan("select id, hukou_type, registered_poor from household where county_code = '211221' and id > '' and area_code like '2112210%' order by id limit 2000"),
    ).toMatch(/COVERING INDEX household_county_cover/);
  });

  it.runIf(TEST_DIALECT === 'sqlite')('migration 0015: the member and asset reads of the one situation mapping stay covering-index ranges', async () => {
    const plan = async (q: string) =>
      (await sql<{ detail: string }>`${sql.raw(`explain query plan ${q}`)}`.execute(db.kysely)).rows.map((r) => r.detail).join(' | ');
    const range = "county_code = '211221' and household_id > '' and household_id <= 'z'";
    const members = 'household_id, birth_date, sex, relation, disability_kind, disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status';
    expect(await plan(`select ${members} from person where ${range} order by household_id`)).toMatch(/COVERING INDEX person_household_cover/);
    expect(await plan(`select household_id, kind, value_fen, quantity from asset_item where ${range} order by household_id`)).toMatch(/COVERING INDEX asset_item_household_cover/);
  });
});
