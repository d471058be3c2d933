import type { Kysely } from 'kysely';

/**
 * The fuzzy pass of poverty matching (issue 12 point 2, ADR 0033) looks for doudi's persons of a county born on a given
 * day: one index range per snapshot person instead of a scan of the county. `name` and `area_code` are in it so that
 * the candidate's score needs no table lookup for those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('person_county_birth').on('person').columns(['county_code', 'birth_date', 'area_code', 'name']).execute();
}
