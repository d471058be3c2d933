import { type Kysely, sql } from 'kysely';

/** Foundation: reference data, users and sessions, the registry, the audit trail, policy overrides. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

  await s
    .createTable('division')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('county_code', 'text')
    .execute();
  await s.createIndex('division_parent').on('division').column('parent_code').execute();

  await s
    .createTable('calendar_day')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['holiday', 'workday'])))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('calendar_year')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('session_user').on('session').column('user_id').execute();

  await s
    .createTable('household')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hukou_type', 'text', (c) => c.notNull().check(sqlIn('hukou_type', ['rural', 'urban'])))
    .addColumn('registered_poor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bank_name', 'text')
    .addColumn('bank_account', 'text')
    .addColumn('phone', 'text')
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('household_pk', ['county_code', 'id'])
    .execute();
  await s.createIndex('household_area').on('household').columns(['county_code', 'area_code', 'id']).execute();
  await s.createIndex('household_head_name').on('household').columns(['head_name', 'county_code', 'id']).execute();

  await s
    .createTable('person')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sqlIn('sex', ['M', 'F'])))
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('hukou_type', 'text', (c) => c.notNull())
    .addColumn('disability_kind', 'text')
    .addColumn('disability_grade', 'integer')
    .addColumn('serious_illness', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('labor_capacity', 'text', (c) => c.notNull().check(sqlIn('labor_capacity', ['full', 'partial', 'none'])))
    .addColumn('self_care_mask', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('supporter_status', 'text', (c) => c.notNull())
    .addColumn('in_school', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_pk', ['county_code', 'id'])
    .addUniqueConstraint('person_id_number_uq', ['county_code', 'id_number'])
    .addForeignKeyConstraint('person_household_fk', ['county_code', 'household_id'], 'household', ['county_code', 'id'])
    .execute();
  await s.createIndex('person_household').on('person').columns(['county_code', 'household_id']).execute();
  await s.createIndex('person_name').on('person').columns(['name', 'county_code', 'household_id']).execute();
  await s.createIndex('person_area').on('person').columns(['county_code', 'area_code']).execute();

  await s
    .createTable('person_index')
    .addColumn('id_number', 'text', (c) => c.primaryKey())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .execute();

  for (const [table, extra] of [
    ['income_item', 'kind'],
    ['asset_item', 'kind'],
  ] as const) {
    let t = s
      .createTable(table)
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn(extra, 'text', (c) => c.notNull());
    t =
      table === 'income_item'
        ? t.addColumn('person_id', 'text').addColumn('annual_fen', 'bigint', (c) => c.notNull().check(sqlGe('annual_fen', 0)))
        : t
            .addColumn('value_fen', 'bigint', (c) => c.notNull().check(sqlGe('value_fen', 0)))
            .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1));
    await t
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['county_code', 'id'])
      .addForeignKeyConstraint(`${table}_household_fk`, ['county_code', 'household_id'], 'household', ['county_code', 'id'], (fk) =>
        fk.onDelete('cascade'),
      )
      .execute();
    await s.createIndex(`${table}_household`).on(table).columns(['county_code', 'household_id']).execute();
  }

  await s
    .createTable('audit_event')
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before_digest', 'text')
    .addColumn('after_digest', 'text')
    .addColumn('detail', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_pk', ['chain', 'seq'])
    .execute();
  await s
    .createTable('audit_head')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('policy_override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}


function sqlIn(col: string, values: readonly string[]) {
  return sql`${sql.ref(col)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

function sqlGe(col: string, n: number) {
  return sql`${sql.ref(col)} >= ${sql.lit(n)}`;
}
