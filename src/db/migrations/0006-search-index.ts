import type { Kysely } from 'kysely';

/**
 * A covering index for name search within a county or township: the planner can walk (county, name prefix) and read
 * the area and household from the index alone (bench/api.bench.ts: a township full-name search from 24 ms to < 1 ms).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('person_county_name').on('person').columns(['county_code', 'name', 'area_code', 'household_id']).execute();
}
