import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Monthly payment rolls (issue 5): rolls, their lines, the months each county has paid (horizon), the enrollments whose
 * terms changed for months already paid, and UI jobs. Keys start with county_code (Citus: distributed by county).
 *
 * What the database itself guarantees, whatever the code above it does:
 * - a payee has at most one regular line per program and month, across all rolls (`payroll_line_paid_once`);
 * - a failed line is reissued at most once (`payroll_line_reissued_once`);
 * - the maker of a roll is not its checker (`payroll_roll_maker_checker`);
 * - lines are added or removed only while their roll is building, amounts and payees never change once built, and a
 *   closed roll (and its lines) never changes again (triggers below);
 * - a term written for a month some roll already covers marks its enrollment in `payroll_change` in the same
 *   transaction, so no retroactive change escapes the next build's back-pay / recovery pass.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  await s
    .createTable('payroll_roll')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull().check(sql`program in ('dibao', 'tekun')`))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('regular', 'reissue')`))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('building', 'built', 'approved', 'closed')`))
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('regular', 'adjust', 'done')`))
    .addColumn('cursor', 'text')
    .addColumn('line_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pay_line_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('regular_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('backpay_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reissue_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('recovery_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('gradual_exit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('built_by', 'text', (c) => c.notNull())
    .addColumn('built_by_name', 'text', (c) => c.notNull())
    .addColumn('build_started_at', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('export_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exported_at', 'text')
    .addColumn('exported_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('paid_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payroll_roll_pk', ['county_code', 'id'])
    .addUniqueConstraint('payroll_roll_month_uq', ['county_code', 'program', 'month', 'kind', 'round'])
    .addCheckConstraint('payroll_roll_maker_checker', sql`approved_by is null or approved_by <> built_by`)
    .execute();

  await s
    .createTable('payroll_line')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('roll_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('regular', 'backpay', 'recovery', 'reissue')`))
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('benefit_month', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('payee_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('payee_name', 'text', (c) => c.notNull())
    .addColumn('bank_name', 'text')
    .addColumn('bank_account', 'text')
    .addColumn('person_count', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('term_status', 'text', (c) => c.notNull())
    .addColumn('reissue_of_roll', 'text')
    .addColumn('reissue_of_seq', 'integer')
    .addColumn('bank_status', 'text', (c) => c.check(sql`bank_status in ('paid', 'failed')`))
    .addColumn('bank_reason', 'text')
    .addColumn('bank_at', 'text')
    .addPrimaryKeyConstraint('payroll_line_pk', ['county_code', 'roll_id', 'seq'])
    .addForeignKeyConstraint('payroll_line_roll_fk', ['county_code', 'roll_id'], 'payroll_roll', ['county_code', 'id'])
    .addForeignKeyConstraint('payroll_line_enrollment_fk', ['county_code', 'enrollment_id'], 'enrollment', ['county_code', 'id'])
    // Recovery (追缴) is money owed back: negative; everything paid out is positive.
    .addCheckConstraint('payroll_line_sign', sql`(kind = 'recovery' and amount_fen < 0) or (kind <> 'recovery' and amount_fen > 0)`)
    .addCheckConstraint('payroll_line_reissue_ref', sql`(kind = 'reissue') = (reissue_of_roll is not null and reissue_of_seq is not null)`)
    .execute();
  // The double-payment guard: one regular line per payee, program and month, whichever roll it is in.
  await s
    .createIndex('payroll_line_paid_once')
    .on('payroll_line')
    .columns(['county_code', 'program', 'payee_id', 'benefit_month'])
    .unique()
    .where(sql.ref('kind'), '=', 'regular')
    .execute();
  await s
    .createIndex('payroll_line_reissued_once')
    .on('payroll_line')
    .columns(['county_code', 'reissue_of_roll', 'reissue_of_seq'])
    .unique()
    .where(sql.ref('kind'), '=', 'reissue')
    .execute();
  // Written exactly as the ledger query's filter so that SQLite matches the partial index.
  await s
    .createIndex('payroll_line_adjust')
    .on('payroll_line')
    .columns(['county_code', 'program', 'payee_id', 'benefit_month'])
    .where(sql<boolean>`kind in ('backpay', 'recovery')`)
    .execute();
  await s
    .createIndex('payroll_line_failed')
    .on('payroll_line')
    .columns(['county_code', 'program', 'roll_id', 'seq'])
    .where(sql<boolean>`bank_status = 'failed'`)
    .execute();

  await s
    .createTable('payroll_horizon')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('first_month', 'text', (c) => c.notNull())
    .addColumn('last_month', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payroll_horizon_pk', ['county_code', 'program'])
    .execute();
  await s
    .createTable('payroll_change')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.notNull())
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payroll_change_pk', ['county_code', 'enrollment_id'])
    .execute();
  await s
    .createTable('payroll_job')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('build', 'import')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('roll_id', 'text')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payroll_job_pk', ['county_code', 'id'])
    .execute();
  await s.createIndex('payroll_job_recent').on('payroll_job').columns(['county_code', 'created_at']).execute();

  for (const statement of pg ? postgresTriggers(ORIGINAL_GUARDS) : sqliteTriggers(ORIGINAL_GUARDS)) await sql.raw(statement).execute(db);
}

/** The guard that every trigger raises: the API maps it to 409 PAYROLL_ROLL_CLOSED. */
export const ROLL_FROZEN = 'PAYROLL_ROLL_FROZEN';

/**
 * What may not change on a line of an approved or exported roll. The bank account is compared through `account`: the
 * plain column here; from migration 0009 on, its keyed hash (the sealed value itself changes when a key is rotated).
 */
export const frozenLineChange = (account: string) => `new.amount_fen <> old.amount_fen or new.kind <> old.kind or new.payee_id <> old.payee_id
  or new.benefit_month <> old.benefit_month or new.roll_id <> old.roll_id or new.seq <> old.seq
  or new.enrollment_id <> old.enrollment_id or coalesce(new.${account}, '') <> coalesce(old.${account}, '')`;

/**
 * The roll guards' options: `frozen` as above; `closedChange`, the condition under which an update of a closed roll's
 * line is refused (here: any update; from 0009 on, any change but the re-sealing of the account).
 */
export interface PayrollGuardOptions {
  frozen: string;
  closedChange: { sqlite: string; postgres: string };
}

const ORIGINAL_GUARDS: PayrollGuardOptions = { frozen: frozenLineChange('bank_account'), closedChange: { sqlite: '1', postgres: 'true' } };

export function sqliteTriggers(o: PayrollGuardOptions): string[] {
  const status = (alias: 'new' | 'old') =>
    `(select r.status from payroll_roll r where r.county_code = ${alias}.county_code and r.id = ${alias}.roll_id)`;
  const horizon = (month: string) =>
    `exists (select 1 from payroll_horizon h where h.county_code = new_county and h.last_month >= ${month})`;
  const mark = (county: string, enrollment: string, month: string) => `
    insert into payroll_change (county_code, enrollment_id, from_month) values (${county}, ${enrollment}, ${month})
    on conflict (county_code, enrollment_id) do update set from_month = min(payroll_change.from_month, excluded.from_month);`;
  const raise = `select raise(abort, '${ROLL_FROZEN}');`;
  return [
    `create trigger payroll_line_insert_guard before insert on payroll_line
     when ${status('new')} is not 'building' begin ${raise} end`,
    `create trigger payroll_line_update_guard before update on payroll_line
     when (${status('old')} = 'closed' and (${o.closedChange.sqlite})) or (${status('old')} <> 'building' and (${o.frozen})) begin ${raise} end`,
    `create trigger payroll_line_delete_guard before delete on payroll_line
     when ${status('old')} <> 'building' begin ${raise} end`,
    `create trigger payroll_roll_update_guard before update on payroll_roll
     when old.status = 'closed' or new.county_code <> old.county_code or new.id <> old.id begin ${raise} end`,
    `create trigger payroll_roll_delete_guard before delete on payroll_roll
     when old.status <> 'building' begin ${raise} end`,
    `create trigger payroll_term_inserted after insert on enrollment_term
     when ${horizon('new.from_month').replace('new_county', 'new.county_code')}
     begin ${mark('new.county_code', 'new.enrollment_id', 'new.from_month')} end`,
    `create trigger payroll_term_updated after update on enrollment_term
     when ${horizon('min(old.from_month, new.from_month)').replace('new_county', 'new.county_code')}
     begin ${mark('new.county_code', 'new.enrollment_id', 'min(old.from_month, new.from_month)')} end`,
    `create trigger payroll_term_deleted after delete on enrollment_term
     when ${horizon('old.from_month').replace('new_county', 'old.county_code')}
     begin ${mark('old.county_code', 'old.enrollment_id', 'old.from_month')} end`,
  ];
}

export function postgresTriggers(o: PayrollGuardOptions): string[] {
  const raise = `raise exception '${ROLL_FROZEN}' using errcode = 'P0001'`;
  return [
    // Inserts are checked once per statement (a build inserts thousands of lines per statement).
    `create or replace function payroll_line_insert_guard() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from payroll_line_added a join payroll_roll r on r.county_code = a.county_code and r.id = a.roll_id
                  where r.status <> 'building') then ${raise}; end if;
       return null;
     end $$`,
    `create trigger payroll_line_insert_guard after insert on payroll_line referencing new table as payroll_line_added
     for each statement execute function payroll_line_insert_guard()`,
    `create or replace function payroll_line_change_guard() returns trigger language plpgsql as $$
     declare st text;
     begin
       select r.status into st from payroll_roll r where r.county_code = old.county_code and r.id = old.roll_id;
       if tg_op = 'DELETE' then
         if st is distinct from 'building' then ${raise}; end if;
         return old;
       end if;
       if (st = 'closed' and (${o.closedChange.postgres})) or (st <> 'building' and (${o.frozen})) then ${raise}; end if;
       return new;
     end $$`,
    `create trigger payroll_line_change_guard before update or delete on payroll_line
     for each row execute function payroll_line_change_guard()`,
    `create or replace function payroll_roll_guard() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         if old.status <> 'building' then ${raise}; end if;
         return old;
       end if;
       if old.status = 'closed' or new.county_code <> old.county_code or new.id <> old.id then ${raise}; end if;
       return new;
     end $$`,
    `create trigger payroll_roll_guard before update or delete on payroll_roll for each row execute function payroll_roll_guard()`,
    `create or replace function payroll_mark_term_change() returns trigger language plpgsql as $$
     declare c text; e text; m text;
     begin
       if tg_op = 'DELETE' then c := old.county_code; e := old.enrollment_id; m := old.from_month;
       elsif tg_op = 'UPDATE' then c := new.county_code; e := new.enrollment_id; m := least(old.from_month, new.from_month);
       else c := new.county_code; e := new.enrollment_id; m := new.from_month;
       end if;
       if exists (select 1 from payroll_horizon h where h.county_code = c and h.last_month >= m) then
         insert into payroll_change (county_code, enrollment_id, from_month) values (c, e, m)
         on conflict (county_code, enrollment_id) do update set from_month = least(payroll_change.from_month, excluded.from_month);
       end if;
       return null;
     end $$`,
    `create trigger payroll_term_changed after insert or update or delete on enrollment_term
     for each row execute function payroll_mark_term_change()`,
  ];
}
