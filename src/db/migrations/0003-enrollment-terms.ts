import { type Kysely, sql } from 'kysely';

/**
 * Enrollment terms (issue 5): an enrollment's history as a list of dated terms. A term says that from
 * `from_month` on (until the next term of the same enrollment) the enrollment is in `status` with the monthly
 * `amount_fen`, and why (`basis`: the decision, an automatic recalculation when parameters change such as the
 * 2019-07-01 raise, a change decided on review, a suspension…). The amount of any month is the amount of the
 * latest term starting on or before it; payroll reads terms, it never computes amounts itself.
 * Existing enrollments get their first term from the enrollment row (the migration for existing data).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enrollment_term')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('enrollment_id', 'text', (c) => c.notNull())
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'gradual_exit', 'suspended', 'ended')`))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull().check(sql`amount_fen >= 0`))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text')
    .addColumn('determination', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrollment_term_pk', ['county_code', 'enrollment_id', 'from_month'])
    .addForeignKeyConstraint('enrollment_term_enrollment_fk', ['county_code', 'enrollment_id'], 'enrollment', ['county_code', 'id'])
    .execute();

  await sql`
    insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination, actor_id, actor_name, created_at)
    select e.county_code, e.id, e.start_month, case when e.status = 'ended' then 'active' else e.status end, e.monthly_amount_fen,
           'decision', null, null, null, 'migration:0003', e.created_at
    from enrollment e`.execute(db);
  await sql`
    insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination, actor_id, actor_name, created_at)
    select e.county_code, e.id, e.end_month, 'ended', 0, 'stop', null, null, null, 'migration:0003', e.updated_at
    from enrollment e where e.end_month is not null and e.end_month > e.start_month`.execute(db);
}
