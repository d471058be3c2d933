import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/**
 * Reviews and exits (issue 5): 动态管理 periodic review (schedule, review cases and their timeline), the tekun
 * termination notice, follow-up tasks after every exit, and the recalculation stamps that make the automatic
 * recalculation of amounts idempotent and cheap to repeat. Every key and foreign key starts with county_code
 * (Citus: distributed by county); "one open X per enrollment" is a unique key over a column that is NULL once closed
 * (NULLs are distinct on both databases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const fk = (t: CreateTableBuilder<string, string>, name: string, cols: string[], table: string, tcols: string[]) =>
    t.addForeignKeyConstraint(name, ['county_code', ...cols], table, ['county_code', ...tcols]);

  // The enrollment was recalculated under this parameter fingerprint for every change month from `from_month` on.
  await fk(
    s
      .createTable('enrollment_recalc')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('enrollment_id', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('from_month', 'text', (c) => c.notNull())
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('enrollment_recalc_pk', ['county_code', 'enrollment_id']),
    'enrollment_recalc_enrollment_fk',
    ['enrollment_id'],
    'enrollment',
    ['id'],
  ).execute();

  await fk(
    s
      .createTable('review_schedule')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('enrollment_id', 'text', (c) => c.notNull())
      .addColumn('review_class', 'text', (c) => c.notNull().check(sqlIn('review_class', ['fixed', 'stable', 'irregular'])))
      .addColumn('interval_months', 'integer', (c) => c.notNull().check(sql`interval_months > 0`))
      .addColumn('counted_from', 'text', (c) => c.notNull())
      .addColumn('next_due', 'text', (c) => c.notNull())
      .addColumn('last_review_id', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_schedule_pk', ['county_code', 'enrollment_id']),
    'review_schedule_enrollment_fk',
    ['enrollment_id'],
    'enrollment',
    ['id'],
  ).execute();
  await s.createIndex('review_schedule_due').on('review_schedule').columns(['county_code', 'next_due', 'enrollment_id']).execute();

  await fk(
    fk(
      s
        .createTable('review_case')
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('enrollment_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull().check(sqlIn('program', ['dibao', 'tekun'])))
        .addColumn('trigger', 'text', (c) => c.notNull().check(sqlIn('trigger', ['scheduled', 'reported_change'])))
        .addColumn('reported_change', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('state_since', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('open_enrollment', 'text')
        .addColumn('outcome', 'text')
        .addColumn('decided_on', 'text')
        .addColumn('decider_id', 'text')
        .addColumn('decider_name', 'text')
        .addColumn('decision_reasons', 'text')
        .addColumn('amount_fen', 'bigint')
        .addColumn('effective_month', 'text')
        .addColumn('gradual_months', 'integer')
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_case_pk', ['county_code', 'id'])
        .addUniqueConstraint('review_case_one_open_uq', ['county_code', 'open_enrollment']),
      'review_case_enrollment_fk',
      ['enrollment_id'],
      'enrollment',
      ['id'],
    ),
    'review_case_household_fk',
    ['household_id'],
    'household',
    ['id'],
  ).execute();
  await s.createIndex('review_case_enrollment').on('review_case').columns(['county_code', 'enrollment_id']).execute();
  await s.createIndex('review_case_work').on('review_case').columns(['county_code', 'state', 'due_date', 'id']).execute();

  await fk(
    s
      .createTable('review_event')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('review_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('actor_role', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_event_pk', ['county_code', 'review_id', 'seq']),
    'review_event_review_fk',
    ['review_id'],
    'review_case',
    ['id'],
  ).execute();

  await fk(
    s
      .createTable('termination_notice')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('enrollment_id', 'text', (c) => c.notNull())
      .addColumn('ground', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('notified_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['running', 'confirmed', 'withdrawn'])))
      .addColumn('notified_by_id', 'text')
      .addColumn('notified_by_name', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('closed_by_id', 'text')
      .addColumn('closed_by_name', 'text')
      .addColumn('close_reasons', 'text')
      .addColumn('effective_month', 'text')
      .addColumn('open_enrollment', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('termination_notice_pk', ['county_code', 'id'])
      .addUniqueConstraint('termination_notice_one_open_uq', ['county_code', 'open_enrollment']),
    'termination_notice_enrollment_fk',
    ['enrollment_id'],
    'enrollment',
    ['id'],
  ).execute();
  await s.createIndex('termination_notice_enrollment').on('termination_notice').columns(['county_code', 'enrollment_id']).execute();

  await fk(
    fk(
      s
        .createTable('follow_up_task')
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('enrollment_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text')
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('exit_basis', 'text', (c) => c.notNull())
        .addColumn('exit_month', 'text', (c) => c.notNull())
        .addColumn('created_on', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['open', 'done'])))
        .addColumn('outcome', 'text')
        .addColumn('note', 'text')
        .addColumn('done_on', 'text')
        .addColumn('done_by_id', 'text')
        .addColumn('done_by_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('follow_up_task_pk', ['county_code', 'id'])
        // One follow-up per exit of an enrollment: an exit decided twice (gradual exit, then a stop) is checked once.
        .addUniqueConstraint('follow_up_task_one_uq', ['county_code', 'enrollment_id']),
      'follow_up_task_enrollment_fk',
      ['enrollment_id'],
      'enrollment',
      ['id'],
    ),
    'follow_up_task_household_fk',
    ['household_id'],
    'household',
    ['id'],
  ).execute();
  await s.createIndex('follow_up_task_work').on('follow_up_task').columns(['county_code', 'state', 'created_on', 'id']).execute();
}

function sqlIn(col: string, values: readonly string[]) {
  return sql`${sql.ref(col)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
