import type { Kysely } from 'kysely';

/**
 * Covering indexes for the registry reads of `doudi simulate` and the demo's eligibility pass: each holds every column
 * those batch reads take (src/db/simulation-source.ts), so a batch of households is one index range per table and
 * never a table lookup per row (bench/simulate.bench.ts: the SQL share of a 1,000,000-person run roughly halved).
 * Each of the three (county, household, …) indexes starts with the columns of the plain household index it replaces,
 * so foreign-key checks and per-household lookups use it as before and writes keep one index per table, not two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createIndex('person_household_cover')
    .on('person')
    .columns(['county_code', 'household_id', 'birth_date', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status'])
    .execute();
  await s.dropIndex('person_household').execute();
  await s.createIndex('income_item_household_cover').on('income_item').columns(['county_code', 'household_id', 'kind', 'annual_fen']).execute();
  await s.dropIndex('income_item_household').execute();
  await s.createIndex('asset_item_household_cover').on('asset_item').columns(['county_code', 'household_id', 'kind', 'value_fen', 'quantity']).execute();
  await s.dropIndex('asset_item_household').execute();
  await s.createIndex('household_county_cover').on('household').columns(['county_code', 'id', 'hukou_type', 'registered_poor', 'area_code']).execute();
}
