import { type Kysely, sql } from 'kysely';

/**
 * The fuzzy pass of poverty matching (issue 12 point 2, ADR 0033) looks for doudi's persons of a county born on a given
 * day, and for those of a village with a given surname: one index range per snapshot person instead of a scan of the
 * county or the village (a village of 5,000 persons has some 250 of one surname). The surname is the name's first
 * character, an expression index on both databases; `name` and `area_code` ride in the birth-date index so that a
 * candidate's score needs no table lookup for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('person_county_birth').on('person').columns(['county_code', 'birth_date', 'area_code', 'name']).execute();
  await sql`create index person_village_surname on person (county_code, area_code, substr(name, 1, 1))`.execute(db);
}
