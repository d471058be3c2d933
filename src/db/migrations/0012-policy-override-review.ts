import type { Kysely } from 'kysely';

/**
 * Parameter overrides take effect only once a second person confirms them (issue 9 point 4, ADR 0017): each row gets a
 * status (`pending` → `confirmed` or `withdrawn`), who proposed, confirmed or withdrew it and when, the back-pay flag
 * (a date before the county's last approved roll) and a version for the optimistic lock. Rows written before this
 * migration were in force already: they stay `confirmed` (with no confirmer: they predate the rule).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const add = (name: string, type: 'text' | 'integer', build?: (c: import('kysely').ColumnDefinitionBuilder) => import('kysely').ColumnDefinitionBuilder) =>
    db.schema.alterTable('policy_override').addColumn(name, type, build ?? ((c) => c)).execute();
  await add('status', 'text', (c) => c.notNull().defaultTo('confirmed'));
  await add('author_id', 'text');
  await add('author_name', 'text');
  await add('back_pay', 'integer', (c) => c.notNull().defaultTo(0));
  await add('confirmed_by', 'text');
  await add('confirmed_by_name', 'text');
  await add('confirmed_at', 'text');
  await add('withdrawn_by', 'text');
  await add('withdrawn_by_name', 'text');
  await add('withdrawn_at', 'text');
  await add('withdraw_reason', 'text');
  await add('version', 'integer', (c) => c.notNull().defaultTo(1));
  await db.schema.createIndex('policy_override_status').on('policy_override').columns(['status', 'effective_from']).execute();
}
