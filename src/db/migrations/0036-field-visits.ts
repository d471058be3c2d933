import { type Kysely, sql } from 'kysely';

/**
 * 离线入户调查 The home visit recorded on a phone and synced later (issue 17 point 4, ADR 0051): an investigation
 * that arrived from the device keeps the client-generated visit id (the sync's idempotency key: the same visit sent
 * twice is recorded once — unique per county) and the time it was recorded in the home (`recorded_at`, the device's
 * clock); the time it arrived is the row's `created_at`, as for every investigation. Both null for one typed at the office.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_investigation').addColumn('visit_id', 'text').execute();
  await db.schema.alterTable('case_investigation').addColumn('recorded_at', 'text').execute();
  await db.schema.createIndex('case_investigation_visit').unique().on('case_investigation').columns(['county_code', 'visit_id']).where(sql.ref('visit_id'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_investigation_visit').execute();
  await db.schema.alterTable('case_investigation').dropColumn('recorded_at').execute();
  await db.schema.alterTable('case_investigation').dropColumn('visit_id').execute();
}
