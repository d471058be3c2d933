import { type Kysely, sql } from 'kysely';

/**
 * 外出走访的其他种类 The other home visits recorded on a phone and synced later (issue 17 point 4, ADR 0051 amended): a
 * periodic review's investigation (复核入户调查, kept as the review's `investigate` event), a screening ledger row's
 * verification visit (集中排查核查, kept on the row) and a spot check's visit (抽查, kept on the sampled item) carry the
 * client-generated visit id (the sync's idempotency key, unique per county when set) and the time recorded in the home
 * (`recorded_at`, the device's clock). Both null for what was typed at the office.
 */
const TABLES = [
  ['review_event', 'review_event_visit'],
  ['screening_row', 'screening_row_visit'],
  ['spot_check_item', 'spot_check_item_visit'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, index] of TABLES) {
    await db.schema.alterTable(table).addColumn('visit_id', 'text').execute();
    await db.schema.alterTable(table).addColumn('recorded_at', 'text').execute();
    await db.schema.createIndex(index).unique().on(table).columns(['county_code', 'visit_id']).where(sql.ref('visit_id'), 'is not', null).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, index] of TABLES) {
    await db.schema.dropIndex(index).execute();
    await db.schema.alterTable(table).dropColumn('recorded_at').execute();
    await db.schema.alterTable(table).dropColumn('visit_id').execute();
  }
}
