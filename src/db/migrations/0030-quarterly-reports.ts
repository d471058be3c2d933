import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** What every guard raises: the commands map it to 409 REPORT_FROZEN (a submitted report, an issued bulletin never change). */
export const REPORT_FROZEN = 'REPORT_FROZEN';

/**
 * 季度报告与通报 Quarterly county reports and the city's bulletin (issue 15 points 2–3, ADR 0045):
 * - `quarterly_report`: a county's report for a quarter ('2019Q3'), drafted (`draft`: the county's text — progress,
 *   problems, next steps — while the figures are computed when read) then submitted (`submitted`: the figures computed
 *   at that moment frozen as `figures`, JSON, with their `figures_digest`, which the submit's audit event carries), then
 *   received by the city (`received_*`). `version` is the optimistic lock of the text's edits.
 * - `report_correction`: a figure of an earlier submitted quarter that differs when recomputed, listed in the report it
 *   was found by (`quarter`) with the earlier value, the value now and the county's reason (given when submitting).
 * - `report_bulletin`: the city's bulletin (通报) of a quarter: its text, `draft` then `issued`; issuing freezes the
 *   comparison of the counties (`snapshot`, JSON, and its digest) that the bulletin shows.
 * Triggers on both databases refuse any change to a submitted report except its receipt (once), any change to an issued
 * bulletin, any change to a correction, and deleting either once frozen: a closed quarter never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const quarter = (col: string) => sql.raw(`${col} ~ '^[0-9]{4}Q[1-4]$'`);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite has no regular expressions: the quarter's shape by GLOB.
  const quarterCheck = (col: string) => (pg ? quarter(col) : sql.raw(`${col} glob '[0-9][0-9][0-9][0-9]Q[1-4]'`));
  await db.schema
    .createTable('quarterly_report')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
    .addColumn('progress_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('drafted_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('figures', 'text')
    .addColumn('figures_digest', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_by_name', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('received_by', 'text')
    .addColumn('received_by_name', 'text')
    .addColumn('received_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('quarterly_report_pk', ['county_code', 'quarter'])
    .addCheckConstraint('quarterly_report_quarter', quarterCheck('quarter'))
    .addCheckConstraint(
      'quarterly_report_frozen_fields',
      sql`(status = 'draft' and figures is null and figures_digest is null and submitted_at is null and received_at is null)
        or (status = 'submitted' and figures is not null and figures_digest is not null and submitted_at is not null and submitted_by_name is not null)`,
    )
    .execute();
  await db.schema
    .createTable('report_correction')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('of_quarter', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('figure', 'text', (c) => c.notNull())
    .addColumn('was_value', 'text', (c) => c.notNull())
    .addColumn('now_value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_correction_pk', ['county_code', 'quarter', 'of_quarter', 'program', 'figure'])
    .addForeignKeyConstraint('report_correction_report', ['county_code', 'quarter'], 'quarterly_report', ['county_code', 'quarter'])
    .addForeignKeyConstraint('report_correction_of', ['county_code', 'of_quarter'], 'quarterly_report', ['county_code', 'quarter'])
    .addCheckConstraint('report_correction_order', sql`of_quarter < quarter and length(reason) > 0`)
    .execute();
  await db.schema
    .createTable('report_bulletin')
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'issued')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('drafted_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('snapshot_digest', 'text')
    .addColumn('issued_by', 'text')
    .addColumn('issued_by_name', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('report_bulletin_pk', ['city_code', 'quarter'])
    .addCheckConstraint('report_bulletin_quarter', quarterCheck('quarter'))
    .addCheckConstraint(
      'report_bulletin_frozen_fields',
      sql`(status = 'draft' and snapshot is null and snapshot_digest is null and issued_at is null)
        or (status = 'issued' and snapshot is not null and snapshot_digest is not null and issued_at is not null and issued_by_name is not null)`,
    )
    .execute();
  for (const st of pg ? postgresGuards() : sqliteGuards()) await sql.raw(st).execute(db);
}

/** A submitted report may only take its receipt, once; an issued bulletin and a correction never change. */
const REPORT_CHANGED_SQLITE = ['county_code', 'quarter', 'status', 'progress_text', 'problems_text', 'next_steps_text', 'drafted_by_name', 'created_at', 'updated_at', 'figures', 'figures_digest', 'submitted_by', 'submitted_by_name', 'submitted_at', 'version']
  .map((c) => `new.${c} is not old.${c}`)
  .join(' or ');
const REPORT_CHANGED_PG = ['county_code', 'quarter', 'status', 'progress_text', 'problems_text', 'next_steps_text', 'drafted_by_name', 'created_at', 'updated_at', 'figures', 'figures_digest', 'submitted_by', 'submitted_by_name', 'submitted_at', 'version']
  .map((c) => `new.${c} is distinct from old.${c}`)
  .join(' or ');

function sqliteGuards(): string[] {
  const raise = `select raise(abort, '${REPORT_FROZEN}');`;
  return [
    `create trigger quarterly_report_update_guard before update on quarterly_report
     when old.status = 'submitted' and ((${REPORT_CHANGED_SQLITE}) or (old.received_at is not null and (new.received_at is not old.received_at or new.received_by_name is not old.received_by_name or new.received_by is not old.received_by)))
     begin ${raise} end`,
    `create trigger quarterly_report_delete_guard before delete on quarterly_report when old.status = 'submitted' begin ${raise} end`,
    `create trigger report_correction_update_guard before update on report_correction begin ${raise} end`,
    `create trigger report_correction_delete_guard before delete on report_correction begin ${raise} end`,
    `create trigger report_bulletin_update_guard before update on report_bulletin when old.status = 'issued' begin ${raise} end`,
    `create trigger report_bulletin_delete_guard before delete on report_bulletin when old.status = 'issued' begin ${raise} end`,
  ];
}

function postgresGuards(): string[] {
  const raise = `raise exception '${REPORT_FROZEN}' using errcode = 'P0001'`;
  return [
    `create or replace function quarterly_report_guard() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         if old.status = 'submitted' then ${raise}; end if;
         return old;
       end if;
       if old.status = 'submitted' and ((${REPORT_CHANGED_PG}) or (old.received_at is not null and (new.received_at is distinct from old.received_at
           or new.received_by_name is distinct from old.received_by_name or new.received_by is distinct from old.received_by))) then ${raise}; end if;
       return new;
     end $$`,
    `create trigger quarterly_report_guard before update or delete on quarterly_report for each row execute function quarterly_report_guard()`,
    `create or replace function report_correction_guard() returns trigger language plpgsql as $$ begin ${raise}; end $$`,
    `create trigger report_correction_guard before update or delete on report_correction for each row execute function report_correction_guard()`,
    `create or replace function report_bulletin_guard() returns trigger language plpgsql as $$
     begin
       if old.status = 'issued' then ${raise}; end if;
       if tg_op = 'DELETE' then return old; end if;
       return new;
     end $$`,
    `create trigger report_bulletin_guard before update or delete on report_bulletin for each row execute function report_bulletin_guard()`,
  ];
}
