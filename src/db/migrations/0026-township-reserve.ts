import { type Kysely, sql } from 'kysely';

/**
 * 乡镇临时救助备用金 The township reserve for assist-first temporary aid (issue 13 point 2, ADR 0039).
 *
 * - `township_reserve`: one row per township (its 12-digit code), keyed (county_code, township_code) like every table:
 *   the balance in fen, which the database refuses to take below zero whatever the code does, and `version`, raised by
 *   every movement — the ledger's `seq` of that movement, so the next entry's number comes from the same atomic
 *   statement that moves the money.
 * - `township_reserve_entry`: the ledger, one row per movement, never updated: a top-up from the county or a refund
 *   (recovery) adds (> 0), a payment takes (< 0), an adjustment either way; the balance after it; the case paid (by id,
 *   no foreign key: the caller's transaction may write the payment before the case row) and the payee's name as
 *   recorded then; who and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('township_reserve')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('balance_fen', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('township_reserve_pk', ['county_code', 'township_code'])
    .addCheckConstraint('township_reserve_not_negative', sql`balance_fen >= 0`)
    .execute();
  await s
    .createTable('township_reserve_entry')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('top_up', 'payment', 'refund', 'adjustment')`))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('balance_after_fen', 'bigint', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('payee_name', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('township_reserve_entry_pk', ['county_code', 'township_code', 'seq'])
    .addForeignKeyConstraint('township_reserve_entry_reserve_fk', ['county_code', 'township_code'], 'township_reserve', ['county_code', 'township_code'])
    .addCheckConstraint(
      'township_reserve_entry_sign',
      sql`balance_after_fen >= 0 and ((kind in ('top_up', 'refund') and amount_fen > 0) or (kind = 'payment' and amount_fen < 0) or (kind = 'adjustment' and amount_fen <> 0))`,
    )
    .execute();
  // The entries of a case (the lead's reconciliation of assist-first payments against the disbursement batch).
  await s.createIndex('township_reserve_entry_case').on('township_reserve_entry').columns(['county_code', 'case_id']).execute();
}
