import type { Kysely } from 'kysely';

/**
 * What a user searched for (issue 9 point 17): the text of every registry search, sealed like the other personal data
 * (ADR 0012), beside the audit chain rather than in it. The search's audit event carries the row's `ref` and the keyed
 * MAC of the text, so the chain vouches for the text while the text itself can be re-sealed when a data key is rotated
 * (an audit event never changes). `chain` and `at` let an auditor scan a county's searches over a period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_search_text')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text_sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_search_text_chain_at').on('audit_search_text').columns(['chain', 'at']).execute();
}
