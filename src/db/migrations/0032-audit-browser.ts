import type { Kysely } from 'kysely';

/**
 * 审计查询 The auditor's browser over the trail (issue 16 point 4, ADR 0047): searches by user, by action and by time
 * range, newest first, paged by keyset on (at, chain, seq). The events themselves, their hashing and their chaining are
 * unchanged (ADR 0002/0015): these are indexes only. The search by person or household goes through the existing
 * `audit_event_entity` index (entity_type, chain, entity_id, seq). `assistance_case.origin` is free text already
 * (migration 0019): 'outreach' (应保尽保, issue 16 point 5) needs no change of the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_event_at').on('audit_event').columns(['at', 'chain', 'seq']).execute();
  await db.schema.createIndex('audit_event_actor_at').on('audit_event').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_event_action_at').on('audit_event').columns(['action', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_event_action_at').execute();
  await db.schema.dropIndex('audit_event_actor_at').execute();
  await db.schema.dropIndex('audit_event_at').execute();
}
