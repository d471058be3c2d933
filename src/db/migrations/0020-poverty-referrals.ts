import { type Kysely, sql } from 'kysely';

/**
 * 转介 Referrals of dibao/tekun households to the poverty-alleviation office and the office's replies (issue 12 point 4,
 * ADR 0034).
 *
 * - `poverty_exchange_file`: one file doudi sent the office — the referral list or the export of doudi's dibao and
 *   tekun households in the office's template — with its area, rows, who and when (the audit event says the same).
 * - `poverty_referral`: a household of doudi's registry referred to the office (a dibao/tekun household not in its
 *   registry), by which file, and its status: open until the office replies, then accepted or refused with the
 *   reply's reason and day and the reply import that brought it. A household has at most one open referral.
 * - `poverty_reply_import`: one accepted import of the office's reply file (all or nothing), with its counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('poverty_exchange_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('referrals', 'rolls')`))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('made_by_id', 'text')
    .addColumn('made_by_name', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('poverty_referral')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull().check(sql`program in ('dibao', 'tekun')`))
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('referred_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'accepted', 'refused')`))
    /** 'open' while no reply has come, null after: unique per household, so a household has one open referral at most. */
    .addColumn('open_household', 'text')
    .addColumn('reply_reason', 'text')
    .addColumn('reply_on', 'text')
    .addColumn('reply_import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poverty_referral_pk', ['county_code', 'id'])
    .execute();
  await s.createIndex('poverty_referral_open').on('poverty_referral').columns(['county_code', 'open_household']).unique().execute();
  await s.createIndex('poverty_referral_household').on('poverty_referral').columns(['county_code', 'household_id']).execute();
  await s.createIndex('poverty_referral_area').on('poverty_referral').columns(['county_code', 'area_code']).execute();

  await s
    .createTable('poverty_reply_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('refused', 'integer', (c) => c.notNull())
    .addColumn('imported_by_id', 'text')
    .addColumn('imported_by_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
}
