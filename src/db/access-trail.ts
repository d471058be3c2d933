import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditEventTable, AuditSearchTextTable, Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 谁查看了此人 The audit trail's side of the auditor's question "who looked at this person" (ADR 0012, issue 9 point 17):
 * events about a household's records, searches for an ID number or by name. The trail is read across the city and
 * across chains — the auditor's area is the city, and the trail has no area of its own — so these reads take no area
 * scope (ADR 0024 lists them with the other reads outside any area). The household itself is found through RegistryRepo.
 */
const EVENT_COLUMNS = ['chain', 'seq', 'at', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'detail'] as const;

/** An event as the auditor's answer lists it (hashes and digests left out). */
export type TrailEvent = Pick<AuditEventTable, (typeof EVENT_COLUMNS)[number]>;

/** Reads (single records, reveals) and refused requests of the given records, newest first. */
export async function readsOfRecords(q: Q, chain: string, ids: readonly string[], limit: number): Promise<TrailEvent[]> {
  return q
    .selectFrom('audit_event')
    .select([...EVENT_COLUMNS])
    .where('chain', '=', chain)
    .where('entity_id', 'in', [...ids])
    .where((eb) => eb.or([eb('action', 'like', '%.read'), eb('action', 'like', '%.list'), eb('action', '=', 'registry.reveal'), eb('action', '=', 'access.refused')]))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** Registry searches whose `detail` carries one of `needles` (an ID number's hash, a search text's ref), newest first. */
export async function searchesMatching(q: Q, o: { chains: readonly string[]; needles: readonly string[]; since?: string; limit: number }): Promise<TrailEvent[]> {
  if (o.needles.length === 0) return [];
  let s = q
    .selectFrom('audit_event')
    .select([...EVENT_COLUMNS])
    .where('chain', 'in', [...o.chains])
    .where('action', '=', 'registry.search');
  if (o.since) s = s.where('at', '>=', o.since);
  return s
    .where((eb) => eb.or(o.needles.map((n) => eb('detail', 'like', `%${n}%`))))
    .orderBy('seq', 'desc')
    .limit(o.limit)
    .execute();
}

/** The sealed texts of name searches since a time, newest first. */
export async function searchTextsSince(q: Q, chains: readonly string[], since: string, limit: number): Promise<AuditSearchTextTable[]> {
  return q.selectFrom('audit_search_text').selectAll().where('chain', 'in', [...chains]).where('at', '>=', since).orderBy('at', 'desc').limit(limit).execute();
}

/** The ids of a household's cases, enrollments and reviews (household found in the caller's scope): their reads concern its members too. */
export async function householdRecordIds(q: Q, county: string, householdId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select id from assistance_case where county_code = ${county} and household_id = ${householdId}
    union select id from enrollment where county_code = ${county} and household_id = ${householdId}
    union select id from review_case where county_code = ${county} and household_id = ${householdId}`.execute(q);
  return r.rows.map((x) => x.id);
}
