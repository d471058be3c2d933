import type { Kysely } from 'kysely';

/**
 * The covering indexes of migration 0007, widened to the columns the one registry → situation mapping reads
 * (src/commands/registry/situation-from-registry.ts, issue 10 point 1): a member's id (incomes name their earner by it,
 * a case its applicant), sex and relation; an income's earner. The simulation's batch reads
 * (src/db/simulation-source.ts) stay one index range per table with no table lookup per row. Same names and the same
 * leading columns as before, so foreign-key checks and per-household lookups use them as they did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.dropIndex('person_household_cover').execute();
  await s
    .createIndex('person_household_cover')
    .on('person')
    .columns([
      'county_code', 'household_id', 'birth_date', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status',
      'id', 'sex', 'relation',
    ])
    .execute();
  await s.dropIndex('income_item_household_cover').execute();
  await s.createIndex('income_item_household_cover').on('income_item').columns(['county_code', 'household_id', 'kind', 'annual_fen', 'person_id']).execute();
}
