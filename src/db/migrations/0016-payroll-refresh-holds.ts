import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { frozenLineChange, type PayrollGuardOptions, postgresTriggers, sqliteTriggers } from './0005-payroll.ts';
import { LINE_COLUMNS_BUT_SEALED, SEALED_GUARDS } from './0009-sealed-personal-data.ts';

/**
 * Rolls refreshed before approval, and lines held for a missing bank account (issue 11 points 1 and 2, ADR 0025).
 *
 * - `payroll_line.hold_reason`: a payment kept in its roll but not sent to the bank (`no_account`: the household had
 *   no account when the line was written). A partial index finds a roll's held lines and a county's held lines for
 *   the re-issue queue (written exactly as the queries' filter, so that SQLite matches it).
 * - `payroll_roll.held_count`, `held_fen`: the held part of the control totals (roll total = bank file + held);
 *   `refreshed_by`, `refreshed_by_name`, `refreshed_at`: who last refreshed the roll (a maker too: not its checker).
 *   All nullable without a default: rows written before keep their stored state (audit-state.ts counts these columns
 *   only when set), and a roll built before this migration held nothing.
 * - The line guards learn the new column: once a roll is built, a line's hold never changes (a refresh reopens the roll
 *   for the length of its own transaction); a closed roll's line never changes at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // Kysely runs SQLite migrations outside a transaction: this one makes its own, so that it applies whole or not at all.
  if (pg) return migrate(db, true);
  await sql`begin immediate`.execute(db);
  try {
    await migrate(db, false);
    await sql`commit`.execute(db);
  } catch (e) {
    await sql`rollback`.execute(db);
    throw e;
  }
}

export const HELD_GUARDS: PayrollGuardOptions = {
  frozen: `${frozenLineChange('bank_account_hash')} or coalesce(new.hold_reason, '') <> coalesce(old.hold_reason, '')`,
  closedChange: {
    sqlite: [...LINE_COLUMNS_BUT_SEALED, 'hold_reason'].map((c) => `new.${c} is not old.${c}`).join(' or '),
    postgres: SEALED_GUARDS.closedChange.postgres,
  },
};

async function migrate(db: Kysely<unknown>, pg: boolean): Promise<void> {
  const s = db.schema;
  await s.alterTable('payroll_line').addColumn('hold_reason', 'text', (c) => c.check(sql`hold_reason in ('no_account')`)).execute();
  for (const [name, type] of [
    ['held_count', 'integer'],
    ['held_fen', 'bigint'],
    ['refreshed_by', 'text'],
    ['refreshed_by_name', 'text'],
    ['refreshed_at', 'text'],
  ] as const) {
    await s.alterTable('payroll_roll').addColumn(name, type).execute();
  }
  await s
    .createIndex('payroll_line_held')
    .on('payroll_line')
    .columns(['county_code', 'program', 'roll_id', 'seq'])
    .where(sql<boolean>`hold_reason is not null`)
    .execute();
  if (pg) {
    for (const st of postgresTriggers(HELD_GUARDS).filter((t) => t.includes('create or replace function payroll_line_change_guard'))) await sql.raw(st).execute(db);
  } else {
    await sql`drop trigger payroll_line_update_guard`.execute(db);
    for (const st of sqliteTriggers(HELD_GUARDS).filter((t) => t.includes('trigger payroll_line_update_guard'))) await sql.raw(st).execute(db);
  }
}
