import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { type PayrollGuardOptions, postgresTriggers, sqliteTriggers } from './0005-payroll.ts';
import { LINE_COLUMNS_BUT_SEALED } from './0009-sealed-personal-data.ts';
import { STAGE_GUARDS } from './0027-temporary-disbursement.ts';
import { rebuildSqliteTables } from './sqlite-rebuild.ts';

const ROLL_PROGRAMS = "'dibao', 'tekun', 'temporary', 'heating'";
const ROLL_KINDS = "'regular', 'reissue', 'disbursement', 'season'";
/** The heating a line's amount was computed from (what the household had recorded when the roll was built). */
const LINE_HEATING_MODES = "'central', 'dispersed'";

/**
 * 取暖救助采暖季 Heating aid paid by season (issue 14 points 2–4, ADR 0043):
 * - `heating_season`: a county's season (`id` '2019-2020'), its first and last months, its reference day (基准日: who is
 *   enrolled that day is eligible) and the parameters in force that day with their citations (`params`, JSON), fixed
 *   when the season is opened so that every roll of the season pays by the same rules.
 * - `payroll_roll.program` takes `heating`, `payroll_roll.kind` takes `season`: a season's rolls have the season's first
 *   month as their month; round 0 is the season roll, rounds 1, 2 … the supplementary rolls (补充发放) — the roll key
 *   (county, program, month, kind, round) keeps one of each.
 * - A heating line is a `regular` line of program `heating`, paid to the household, with the season's first month as
 *   its benefit month: `payroll_line_paid_once` (county, program, payee, benefit month) makes a second heating payment
 *   to a household in one season impossible, whichever roll of the season it would be in.
 * - `payroll_line.heating_mode`, `heated_area_dm2`, `heating_months`: what the amount was computed from — the mode
 *   and area recorded for the household at the build, and the months of the season paid when a supplementary line is
 *   pro-rated (null: the whole season). The line guards learn them: a built roll's line never changes them.
 * PostgreSQL alters in place; SQLite rebuilds payroll_roll (sqlite-rebuild.ts) and adds the line's columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('heating_season')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('first_month', 'text', (c) => c.notNull())
    .addColumn('last_month', 'text', (c) => c.notNull())
    .addColumn('reference_day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text')
    .addColumn('opened_by_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('heating_season_pk', ['county_code', 'id'])
    .addCheckConstraint('heating_season_months', sql`first_month <= last_month and reference_day >= first_month and substr(reference_day, 1, 7) <= last_month`)
    .execute();
  const lineColumns = async (d: Kysely<unknown>) => {
    await sql.raw(`alter table payroll_line add column heating_mode text check (heating_mode in (${LINE_HEATING_MODES}))`).execute(d);
    await sql.raw('alter table payroll_line add column heated_area_dm2 integer check (heated_area_dm2 > 0)').execute(d);
    await sql.raw('alter table payroll_line add column heating_months integer check (heating_months > 0)').execute(d);
  };
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table payroll_roll drop constraint if exists payroll_roll_program_check`.execute(db);
    await sql`alter table payroll_roll drop constraint if exists payroll_roll_kind_check`.execute(db);
    await sql.raw(`alter table payroll_roll add constraint payroll_roll_program_check check (program in (${ROLL_PROGRAMS}))`).execute(db);
    await sql.raw(`alter table payroll_roll add constraint payroll_roll_kind_check check (kind in (${ROLL_KINDS}))`).execute(db);
    await lineColumns(db);
    for (const st of postgresTriggers(HEATING_GUARDS).filter((t) => t.includes('create or replace function payroll_line_change_guard'))) await sql.raw(st).execute(db);
    return;
  }
  await rebuildSqliteTables(
    db,
    [
      {
        table: 'payroll_roll',
        define: (s) =>
          s
            .replace(/"program" text not null check \(program in \([^)]*\)\)/, `"program" text not null check (program in (${ROLL_PROGRAMS}))`)
            .replace(/"kind" text not null check \(kind in \([^)]*\)\)/, `"kind" text not null check (kind in (${ROLL_KINDS}))`),
      },
    ],
    {
      // The line's update guard is made anew with the heating columns; every other trigger comes back as it was.
      keepTrigger: (name) => name !== 'payroll_line_update_guard',
      after: async (d) => {
        await lineColumns(d);
        await sql`drop trigger if exists payroll_line_update_guard`.execute(d);
        for (const st of sqliteTriggers(HEATING_GUARDS).filter((t) => t.includes('trigger payroll_line_update_guard'))) await sql.raw(st).execute(d);
      },
    },
  );
}

const HEATING_COLUMNS = ['heating_mode', 'heated_area_dm2', 'heating_months'];

/** The guards of migration 0027 and what a heating line was computed from. */
export const HEATING_GUARDS: PayrollGuardOptions = {
  frozen: `${STAGE_GUARDS.frozen} or coalesce(new.heating_mode, '') <> coalesce(old.heating_mode, '')
  or coalesce(new.heated_area_dm2, 0) <> coalesce(old.heated_area_dm2, 0) or coalesce(new.heating_months, 0) <> coalesce(old.heating_months, 0)`,
  closedChange: {
    sqlite: [...LINE_COLUMNS_BUT_SEALED, 'hold_reason', 'case_id', 'stage_n', ...HEATING_COLUMNS].map((c) => `new.${c} is not old.${c}`).join(' or '),
    postgres: STAGE_GUARDS.closedChange.postgres,
  },
};
