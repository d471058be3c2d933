import type { Kysely } from 'kysely';

/**
 * The members' covering index of migration 0007, widened to the columns the one registry → situation mapping reads
 * for a household unit (src/commands/registry/situation-from-registry.ts, issue 10 point 1): sex and relation. The
 * simulation's batch read of members (src/db/simulation-source.ts) stays one index range with no table lookup per
 * row. Same name and leading columns as before, so foreign-key checks and per-household lookups use it as they did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('person_household_cover').execute();
  await db.schema
    .createIndex('person_household_cover')
    .on('person')
    .columns([
      'county_code', 'household_id', 'birth_date', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status',
      'sex', 'relation',
    ])
    .execute();
}
