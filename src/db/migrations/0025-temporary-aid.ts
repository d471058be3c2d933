import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { rebuildSqliteTables } from './sqlite-rebuild.ts';

const KINDS = ['dibao_household', 'dibao_individual', 'tekun', 'temporary_emergency', 'temporary_expenditure'];
const PROGRAMS = ['dibao', 'tekun', 'temporary'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * 临时救助 Temporary aid as cases (issue 13, ADR 0037), on the case procedure every other program uses:
 * - `assistance_case` takes two more kinds — `temporary_emergency` (急难型) and `temporary_expenditure` (支出型) — of the
 *   program `temporary`. PostgreSQL swaps the two checks; SQLite cannot alter a check, so the table is rebuilt the way
 *   SQLite documents (sqlite-rebuild.ts: a new table, the rows copied, the old one dropped, the new one renamed, its
 *   indexes and triggers made again) with foreign keys off for the swap and checked afterwards.
 * - `temporary_aid`: the case's aid — category, event and its date, the need, the engine's level and amount, the
 *   assist-first payment (先行救助: who decided, why, how much, from which township's reserve) and the paperwork's due
 *   date (补办手续), the same-event override (一事一议 is its own table), and the outcome once decided.
 * - `temporary_collective_decision`: 一事一议, the collective decision for an amount above the normal maximum.
 * - `temporary_stage`: the approved amount paid in stages (分次发放) on set dates.
 * - `temporary_new_event`: a county approver's written reason why a household's event is a new one although an aid of
 *   the same category was given within the window (one event, one aid), used by the next case recorded for it.
 * - `temporary_referral`: 转介 — a referral of the household to other help (medical aid, education aid, charity, welfare,
 *   elderly care, employment) with its outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table assistance_case drop constraint if exists assistance_case_kind_check`.execute(db);
    await sql`alter table assistance_case drop constraint if exists assistance_case_program_check`.execute(db);
    await sql.raw(`alter table assistance_case add constraint assistance_case_kind_check check (kind in (${list(KINDS)}))`).execute(db);
    await sql.raw(`alter table assistance_case add constraint assistance_case_program_check check (program in (${list(PROGRAMS)}))`).execute(db);
  } else {
    await rebuildSqliteCase(db);
  }

  await s
    .createTable('temporary_aid')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('event_note', 'text', (c) => c.notNull())
    .addColumn('need_fen', 'bigint', (c) => c.notNull())
    .addColumn('registered_poor', 'integer', (c) => c.notNull())
    .addColumn('approval_level', 'text', (c) => c.check(sql`approval_level in ('township', 'county', 'collective')`))
    .addColumn('proposed_fen', 'bigint')
    .addColumn('maximum_fen', 'bigint')
    .addColumn('assisted_first', 'integer', (c) => c.notNull())
    .addColumn('paid_first_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_first_on', 'text')
    .addColumn('paid_first_by', 'text')
    .addColumn('paid_first_by_name', 'text')
    .addColumn('paid_first_reason', 'text')
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('paperwork_due', 'text')
    .addColumn('paperwork_done_on', 'text')
    .addColumn('new_event_reason', 'text')
    .addColumn('new_event_by_name', 'text')
    .addColumn('approved_fen', 'bigint')
    .addColumn('recovery_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('approved', 'refused', 'ineligible', 'withdrawn')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('temporary_aid_pk', ['county_code', 'case_id'])
    .addForeignKeyConstraint('temporary_aid_case_fk', ['county_code', 'case_id'], 'assistance_case', ['county_code', 'id'])
    .addCheckConstraint('temporary_aid_amounts', sql`need_fen >= 0 and paid_first_fen >= 0 and recovery_fen >= 0`)
    .execute();
  // The same-event check reads a household's aid by category and event date; the overdue list by the paperwork's due date.
  await s.createIndex('temporary_aid_event').on('temporary_aid').columns(['county_code', 'category', 'event_date']).execute();
  await s.createIndex('temporary_aid_paperwork').on('temporary_aid').columns(['paperwork_due', 'county_code']).where(sql.ref('paperwork_done_on'), 'is', null).execute();

  await s
    .createTable('temporary_collective_decision')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('present', 'integer', (c) => c.notNull())
    .addColumn('in_favour', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('maximum_fen', 'bigint', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('temporary_collective_decision_pk', ['county_code', 'case_id', 'seq'])
    .addForeignKeyConstraint('temporary_collective_decision_case_fk', ['county_code', 'case_id'], 'assistance_case', ['county_code', 'id'])
    .addCheckConstraint('temporary_collective_decision_counts', sql`present <= members and in_favour <= present and amount_fen > 0`)
    .execute();

  await s
    .createTable('temporary_stage')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('pay_on', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('planned', 'paid_first', 'in_batch', 'paid', 'failed')`))
    .addColumn('roll_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('temporary_stage_pk', ['county_code', 'case_id', 'n'])
    .addForeignKeyConstraint('temporary_stage_case_fk', ['county_code', 'case_id'], 'assistance_case', ['county_code', 'id'])
    .addCheckConstraint('temporary_stage_amount', sql`amount_fen > 0`)
    .execute();
  await s
    .createTable('temporary_new_event')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('used_by_case', 'text')
    .addPrimaryKeyConstraint('temporary_new_event_pk', ['county_code', 'id'])
    .addForeignKeyConstraint('temporary_new_event_household_fk', ['county_code', 'household_id'], 'household', ['county_code', 'id'])
    .execute();
  await s.createIndex('temporary_new_event_household').on('temporary_new_event').columns(['county_code', 'household_id', 'category', 'event_date']).execute();
  await s
    .createTable('temporary_referral')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('medical_aid', 'education_aid', 'charity', 'welfare', 'elderly_care', 'employment', 'other')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('referred_on', 'text', (c) => c.notNull())
    .addColumn('referred_by', 'text', (c) => c.notNull())
    .addColumn('referred_by_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('pending', 'helped', 'declined', 'not_eligible')`))
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_on', 'text')
    .addColumn('outcome_by_name', 'text')
    .addPrimaryKeyConstraint('temporary_referral_pk', ['county_code', 'case_id', 'seq'])
    .addForeignKeyConstraint('temporary_referral_case_fk', ['county_code', 'case_id'], 'assistance_case', ['county_code', 'id'])
    .execute();
  await s.createIndex('temporary_stage_due').on('temporary_stage').columns(['county_code', 'status', 'pay_on']).execute();
}

/** SQLite: `assistance_case` rebuilt with the wider checks (its rows, indexes and every reference to it kept). */
async function rebuildSqliteCase(db: Kysely<unknown>): Promise<void> {
  await rebuildSqliteTables(db, [
    {
      table: 'assistance_case',
      define: (table) => {
        const wider = table.replace(/"kind" in \([^)]*\)/, `"kind" in (${list(KINDS)})`).replace(/"program" in \([^)]*\)/, `"program" in (${list(PROGRAMS)})`);
        if (!wider.includes('temporary_emergency') || !wider.includes("'temporary')")) throw new Error('assistance_case: the checks to widen were not found');
        return wider;
      },
    },
  ]);
}
