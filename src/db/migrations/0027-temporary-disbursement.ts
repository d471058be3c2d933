import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type PayrollGuardOptions, postgresTriggers, sqliteTriggers } from './0005-payroll.ts';
import { LINE_COLUMNS_BUT_SEALED } from './0009-sealed-personal-data.ts';
import { HELD_GUARDS } from './0016-payroll-refresh-holds.ts';
import { rebuildSqliteTables } from './sqlite-rebuild.ts';

const ROLL_PROGRAMS = "'dibao', 'tekun', 'temporary'";
const ROLL_KINDS = "'regular', 'reissue', 'disbursement'";
const LINE_KINDS = "'regular', 'backpay', 'recovery', 'reissue', 'stage'";
/** A line pays an enrollment's month, or a temporary-aid case's stage (a re-issue of a stage keeps its stage). */
const STAGE_STATUSES = "'planned', 'paid_first', 'in_batch', 'held', 'paid', 'failed'";
const LINE_PAYS_SOMETHING = 'enrollment_id is not null or (case_id is not null and stage_n is not null)';

/**
 * 临时救助发放批次 Temporary aid paid through the payment rolls (issue 13 point 6, ADR 0040):
 * - `payroll_roll.program` takes `temporary`, `payroll_roll.kind` takes `disbursement` — a batch built on demand, any
 *   number a month (`round` numbers them within the county and month; the roll key stays unique).
 * - `payroll_line.kind` takes `stage` — one approved stage (分次发放) of a case; the line names it (`case_id`, `stage_n`)
 *   and has no enrollment (`enrollment_id` becomes nullable; a line pays an enrollment or a stage, checked).
 * - `payroll_line_stage_paid_once`: a stage has at most one stage line, whichever batch it is in — what
 *   `payroll_line_paid_once` is to a payee's month. A stage the bank returned is paid again as a re-issue line, which
 *   `payroll_line_reissued_once` already allows once per failed line.
 * - `temporary_stage.status` takes `held`: its line is in a batch but held out of the bank file (the household has no
 *   account), to be paid by a later batch's re-issue once it has one (0025's `temporary_stage_due` finds the stages due).
 * - The line guards learn the two columns: a built roll's line never changes its stage, a closed roll's line never
 *   changes at all.
 * PostgreSQL alters the checks in place; SQLite rebuilds both tables (sqlite-rebuild.ts), copying the rows once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table payroll_roll drop constraint if exists payroll_roll_program_check`.execute(db);
    await sql`alter table payroll_roll drop constraint if exists payroll_roll_kind_check`.execute(db);
    await sql.raw(`alter table payroll_roll add constraint payroll_roll_program_check check (program in (${ROLL_PROGRAMS}))`).execute(db);
    await sql.raw(`alter table payroll_roll add constraint payroll_roll_kind_check check (kind in (${ROLL_KINDS}))`).execute(db);
    await sql`alter table temporary_stage drop constraint if exists temporary_stage_status_check`.execute(db);
    await sql.raw(`alter table temporary_stage add constraint temporary_stage_status_check check (status in (${STAGE_STATUSES}))`).execute(db);
    await sql`alter table payroll_line drop constraint if exists payroll_line_kind_check`.execute(db);
    await sql.raw(`alter table payroll_line add constraint payroll_line_kind_check check (kind in (${LINE_KINDS}))`).execute(db);
    await sql`alter table payroll_line alter column enrollment_id drop not null`.execute(db);
    await sql`alter table payroll_line add column case_id text`.execute(db);
    await sql`alter table payroll_line add column stage_n integer`.execute(db);
    await sql.raw(`alter table payroll_line add constraint payroll_line_pays check (${LINE_PAYS_SOMETHING})`).execute(db);
    await stageIndexes(db);
    for (const st of postgresTriggers(STAGE_GUARDS).filter((t) => t.includes('create or replace function payroll_line_change_guard'))) await sql.raw(st).execute(db);
    return;
  }
  await rebuildSqliteTables(
    db,
    [
      {
        table: 'payroll_roll',
        define: (s) => s.replace(/"program" text not null check \(program in \([^)]*\)\)/, `"program" text not null check (program in (${ROLL_PROGRAMS}))`).replace(/"kind" text not null check \(kind in \([^)]*\)\)/, `"kind" text not null check (kind in (${ROLL_KINDS}))`),
      },
      {
        table: 'payroll_line',
        define: (s) =>
          s
            .replace(/"kind" text not null check \(kind in \([^)]*\)\)/, `"kind" text not null check (kind in (${LINE_KINDS}))`)
            .replace(/"enrollment_id" text not null/, '"enrollment_id" text')
            .replace(/, constraint "payroll_line_pk"/, ', "case_id" text, "stage_n" integer, constraint "payroll_line_pk"')
            .replace(/\)\s*$/, `, constraint "payroll_line_pays" check (${LINE_PAYS_SOMETHING}))`),
      },
      { table: 'temporary_stage', define: (s) => s.replace(/"status" text not null check \(status in \([^)]*\)\)/, `"status" text not null check (status in (${STAGE_STATUSES}))`) },
    ],
    {
      // The line's update guard is made anew with the stage columns; every other trigger comes back as it was.
      keepTrigger: (name) => name !== 'payroll_line_update_guard',
      after: async (d) => {
        await stageIndexes(d);
        for (const st of sqliteTriggers(STAGE_GUARDS).filter((t) => t.includes('trigger payroll_line_update_guard'))) await sql.raw(st).execute(d);
      },
    },
  );
}

/** The guards of migration 0016 and the stage a line pays. */
export const STAGE_GUARDS: PayrollGuardOptions = {
  frozen: `${HELD_GUARDS.frozen} or coalesce(new.case_id, '') <> coalesce(old.case_id, '') or coalesce(new.stage_n, 0) <> coalesce(old.stage_n, 0)
  or coalesce(new.enrollment_id, '') <> coalesce(old.enrollment_id, '')`,
  closedChange: {
    sqlite: [...LINE_COLUMNS_BUT_SEALED, 'hold_reason', 'case_id', 'stage_n'].map((c) => `new.${c} is not old.${c}`).join(' or '),
    postgres: HELD_GUARDS.closedChange.postgres,
  },
};

async function stageIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('payroll_line_stage_paid_once')
    .on('payroll_line')
    .columns(['county_code', 'case_id', 'stage_n'])
    .unique()
    .where(sql.ref('kind'), '=', 'stage')
    .execute();
}
