import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/**
 * Cases (issue 4): the case, its timeline, the records of each step, spot-check batches, decisions and enrollments.
 * Every key, unique constraint and foreign key starts with county_code (Citus: distributed by county), and every
 * join between these tables is on county_code too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const ref = (t: CreateTableBuilder<string, string>, name: string, cols: string[], table: string, tcols: string[]) =>
    t.addForeignKeyConstraint(name, ['county_code', ...cols], table, ['county_code', ...tcols]);

  await ref(
    ref(
      s
        .createTable('assistance_case')
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['dibao_household', 'dibao_individual', 'tekun'])))
        .addColumn('program', 'text', (c) => c.notNull().check(sqlIn('program', ['dibao', 'tekun'])))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('applicant_person_id', 'text', (c) => c.notNull())
        .addColumn('area_code', 'text', (c) => c.notNull())
        .addColumn('staff_relative', 'integer', (c) => c.notNull())
        .addColumn('staff_relative_note', 'text')
        .addColumn('contested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('signed_declaration', 'integer', (c) => c.notNull())
        .addColumn('data_check_authorised', 'integer', (c) => c.notNull())
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('rule_set', 'text', (c) => c.notNull())
        .addColumn('applied_on', 'text', (c) => c.notNull())
        .addColumn('accepted_on', 'text')
        .addColumn('state_since', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('notice_ends_on', 'text')
        .addColumn('county_review_since', 'text')
        .addColumn('county_objection_on', 'text')
        .addColumn('spot_check', 'text')
        .addColumn('spot_check_id', 'text')
        .addColumn('proposed_amount_fen', 'bigint')
        .addColumn('decision_id', 'text')
        .addColumn('open_program', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assistance_case_pk', ['county_code', 'id'])
        // NULLs are distinct in unique constraints on both databases: closed cases never collide.
        .addUniqueConstraint('assistance_case_one_open_uq', ['county_code', 'household_id', 'open_program']),
      'assistance_case_household_fk',
      ['household_id'],
      'household',
      ['id'],
    ),
    'assistance_case_person_fk',
    ['applicant_person_id'],
    'person',
    ['id'],
  ).execute();
  await s.createIndex('assistance_case_work').on('assistance_case').columns(['county_code', 'state', 'due_date', 'id']).execute();
  await s.createIndex('assistance_case_area').on('assistance_case').columns(['county_code', 'area_code']).execute();
  await s.createIndex('assistance_case_due').on('assistance_case').columns(['due_date', 'county_code', 'id']).execute();

  const caseChild = (table: string) =>
    s
      .createTable(table)
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull());
  const finish = async (t: CreateTableBuilder<string, string>, table: string) => {
    await ref(t.addPrimaryKeyConstraint(`${table}_pk`, ['county_code', 'id']), `${table}_case_fk`, ['case_id'], 'assistance_case', ['id']).execute();
    await s.createIndex(`${table}_case`).on(table).columns(['county_code', 'case_id']).execute();
  };

  await ref(
    s
      .createTable('case_event')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('actor_role', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attachments', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_event_pk', ['county_code', 'case_id', 'seq']),
    'case_event_case_fk',
    ['case_id'],
    'assistance_case',
    ['id'],
  ).execute();

  await finish(
    caseChild('case_investigation')
      .addColumn('investigated_on', 'text', (c) => c.notNull())
      .addColumn('investigators', 'text', (c) => c.notNull())
      .addColumn('home_visit_on', 'text')
      .addColumn('neighbour_visits', 'integer', (c) => c.notNull())
      .addColumn('written_evidence', 'text', (c) => c.notNull())
      .addColumn('data_check_result', 'text', (c) => c.notNull().check(sqlIn('data_check_result', ['eligible', 'ineligible'])))
      .addColumn('data_check_on', 'text', (c) => c.notNull())
      .addColumn('data_check_reasons', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
    'case_investigation',
  );

  await finish(
    caseChild('case_deliberation')
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('participants', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('representatives', 'integer', (c) => c.notNull())
      .addColumn('conclusion', 'text', (c) => c.notNull().check(sqlIn('conclusion', ['agree', 'disagree'])))
      .addColumn('conclusion_text', 'text', (c) => c.notNull())
      .addColumn('signed', 'integer', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // 村民代表 ≥ 2/3 of the participants, in integers; the workflow refuses first with a clear message.
      .addCheckConstraint('case_deliberation_two_thirds', sql`3 * representatives >= 2 * total and total > 0 and signed = 1`),
    'case_deliberation',
  );

  await finish(
    caseChild('case_opinion')
      .addColumn('level', 'text', (c) => c.notNull().check(sqlIn('level', ['township', 'county'])))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('by_id', 'text', (c) => c.notNull())
      .addColumn('by_name', 'text', (c) => c.notNull())
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
    'case_opinion',
  );

  await finish(
    caseChild('case_notice')
      .addColumn('level', 'text', (c) => c.notNull().check(sqlIn('level', ['village', 'county'])))
      .addColumn('posted_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('outcome', 'text')
      .addColumn('posted_by', 'text', (c) => c.notNull()),
    'case_notice',
  );

  await ref(
    caseChild('case_objection')
      .addColumn('notice_id', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('lodged_by', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_objection_pk', ['county_code', 'id']),
    'case_objection_notice_fk',
    ['notice_id'],
    'case_notice',
    ['id'],
  ).execute();
  await s.createIndex('case_objection_case').on('case_objection').columns(['county_code', 'case_id']).execute();

  await s
    .createTable('spot_check')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('drawn_at', 'text', (c) => c.notNull())
    .addColumn('drawn_by', 'text', (c) => c.notNull())
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('batch_size', 'integer', (c) => c.notNull())
    .addColumn('minimum', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('spot_check_pk', ['county_code', 'id'])
    .execute();
  await ref(
    ref(
      s
        .createTable('spot_check_item')
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('spot_check_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('sampled', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('visited_on', 'text')
        .addColumn('visitors', 'text')
        .addColumn('finding', 'text')
        .addColumn('note', 'text')
        .addColumn('visited_by', 'text')
        .addPrimaryKeyConstraint('spot_check_item_pk', ['county_code', 'spot_check_id', 'case_id']),
      'spot_check_item_check_fk',
      ['spot_check_id'],
      'spot_check',
      ['id'],
    ),
    'spot_check_item_case_fk',
    ['case_id'],
    'assistance_case',
    ['id'],
  ).execute();

  await ref(
    caseChild('case_decision')
      .addColumn('outcome', 'text', (c) => c.notNull().check(sqlIn('outcome', ['approved', 'refused'])))
      .addColumn('decided_on', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('decider_id', 'text', (c) => c.notNull())
      .addColumn('decider_name', 'text', (c) => c.notNull())
      .addColumn('decider_role', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint')
      .addColumn('benefit_from', 'text')
      .addColumn('rule_set', 'text', (c) => c.notNull())
      .addColumn('determination', 'text')
      .addPrimaryKeyConstraint('case_decision_pk', ['county_code', 'id'])
      .addUniqueConstraint('case_decision_one_uq', ['county_code', 'case_id']),
    'case_decision_case_fk',
    ['case_id'],
    'assistance_case',
    ['id'],
  ).execute();

  await ref(
    ref(
      s
        .createTable('enrollment')
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull().check(sqlIn('program', ['dibao', 'tekun'])))
        .addColumn('unit', 'text', (c) => c.notNull().check(sqlIn('unit', ['household', 'individual'])))
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text')
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('monthly_amount_fen', 'bigint', (c) => c.notNull().check(sql`monthly_amount_fen > 0`))
        .addColumn('start_month', 'text', (c) => c.notNull())
        .addColumn('end_month', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['active', 'suspended', 'ended'])))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('enrollment_pk', ['county_code', 'id'])
        .addUniqueConstraint('enrollment_decision_uq', ['county_code', 'decision_id']),
      'enrollment_decision_fk',
      ['decision_id'],
      'case_decision',
      ['id'],
    ),
    'enrollment_household_fk',
    ['household_id'],
    'household',
    ['id'],
  ).execute();
  await s.createIndex('enrollment_household').on('enrollment').columns(['county_code', 'household_id', 'program']).execute();
}

function sqlIn(col: string, values: readonly string[]) {
  return sql`${sql.ref(col)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
