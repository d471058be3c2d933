import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 审计查询 The trail as the auditor's browser reads it (issue 16 point 4, ADR 0047): events by user, by records, by action
 * and time, newest first, in keyset pages over (at, chain, seq) — the order of the index `audit_event_at` (migration
 * 0032). Like access-trail.ts, these reads take no area scope: the auditor's area is the city and the trail has none of
 * its own (ADR 0024). Hashes and digests are left out: the browser shows who did what, the verification checks them.
 */
export interface TrailFilter {
  actorIds?: readonly string[];
  /** Events about these records of one chain (a household and its cases, enrollments, reviews). */
  records?: { chain: string; ids: readonly string[] };
  /** Exact action, or a prefix when it ends in '.'. */
  action?: string;
  from?: string;
  to?: string;
  /** The position after which the page starts (the last row of the page before). */
  after?: { at: string; chain: string; seq: number };
}

export interface BrowsedEvent {
  chain: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  detail: string | null;
  user_name: string | null;
  user_role: string | null;
}

export async function browseTrail(q: Q, f: TrailFilter, limit: number): Promise<BrowsedEvent[]> {
  let s = q
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.chain', 'e.seq', 'e.at', 'e.actor_id', 'e.actor_name', 'e.action', 'e.entity_type', 'e.entity_id', 'e.detail', 'u.display_name as user_name', 'u.role as user_role']);
  if (f.actorIds) s = s.where('e.actor_id', 'in', f.actorIds.length > 0 ? [...f.actorIds] : ['\u0000none']);
  if (f.records) s = s.where('e.chain', '=', f.records.chain).where('e.entity_id', 'in', [...f.records.ids]);
  if (f.action) s = f.action.endsWith('.') ? s.where('e.action', 'like', `${f.action}%`) : s.where('e.action', '=', f.action);
  if (f.from) s = s.where('e.at', '>=', f.from);
  if (f.to) s = s.where('e.at', '<', f.to);
  const a = f.after;
  if (a) {
    s = s.where((eb) =>
      eb.or([eb('e.at', '<', a.at), eb.and([eb('e.at', '=', a.at), eb('e.chain', '<', a.chain)]), eb.and([eb('e.at', '=', a.at), eb('e.chain', '=', a.chain), eb('e.seq', '<', a.seq)])]),
    );
  }
  const rows = await s.orderBy('e.at', 'desc').orderBy('e.chain', 'desc').orderBy('e.seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The ids of the accounts whose login name is `username` (one, or none). */
export async function userIdsNamed(q: Q, username: string): Promise<string[]> {
  const rows = await q.selectFrom('app_user').select('id').where('username', '=', username).execute();
  return rows.map((r) => r.id);
}

/** A case and what followed its decision: the enrollments it made, their payment lines and rolls. */
export async function caseForChain(q: Q, county: string, caseId: string) {
  return q.selectFrom('assistance_case').selectAll().where('county_code', '=', county).where('id', '=', caseId).executeTakeFirst();
}

export async function caseSteps(q: Q, county: string, caseId: string) {
  return q.selectFrom('case_event').selectAll().where('county_code', '=', county).where('case_id', '=', caseId).orderBy('seq').execute();
}

export async function caseDecisions(q: Q, county: string, caseId: string) {
  return q.selectFrom('case_decision').selectAll().where('county_code', '=', county).where('case_id', '=', caseId).execute();
}

export async function enrollmentsOfDecisions(q: Q, county: string, decisionIds: readonly string[]) {
  if (decisionIds.length === 0) return [];
  return q.selectFrom('enrollment').select(['id', 'program', 'start_month', 'monthly_amount_fen', 'created_at']).where('county_code', '=', county).where('decision_id', 'in', [...decisionIds]).execute();
}

/** The payment lines of the enrollments, with their roll (one row per line, oldest roll first). */
export async function paymentsOfEnrollments(q: Q, county: string, enrollmentIds: readonly string[]) {
  if (enrollmentIds.length === 0) return [];
  return q
    .selectFrom('payroll_line as l')
    .innerJoin('payroll_roll as r', (j) => j.onRef('r.county_code', '=', 'l.county_code').onRef('r.id', '=', 'l.roll_id'))
    .select(['l.roll_id', 'l.seq', 'l.kind', 'l.benefit_month', 'l.amount_fen', 'l.bank_status', 'l.bank_at', 'l.hold_reason', 'l.enrollment_id', 'r.month', 'r.program', 'r.status'])
    .where('l.county_code', '=', county)
    .where('l.enrollment_id', 'in', [...enrollmentIds])
    .orderBy('r.month')
    .orderBy('l.roll_id')
    .orderBy('l.seq')
    .execute();
}

/** The writes recorded about these records of one chain (reads, lists and refusals left out), oldest first. */
export async function writesOfRecords(q: Q, chain: string, ids: readonly string[]): Promise<BrowsedEvent[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.chain', 'e.seq', 'e.at', 'e.actor_id', 'e.actor_name', 'e.action', 'e.entity_type', 'e.entity_id', 'e.detail', 'u.display_name as user_name', 'u.role as user_role'])
    .where('e.chain', '=', chain)
    .where('e.entity_id', 'in', [...ids])
    .where('e.action', 'not like', '%.read')
    .where('e.action', 'not like', '%.list')
    .where('e.action', 'not in', ['registry.reveal', 'access.refused'])
    .orderBy('e.seq')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The newest event of an action on a chain (the last verification run from the browser). */
export async function lastEventOf(q: Q, chain: string, action: string): Promise<BrowsedEvent | undefined> {
  const r = await q
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.chain', 'e.seq', 'e.at', 'e.actor_id', 'e.actor_name', 'e.action', 'e.entity_type', 'e.entity_id', 'e.detail', 'u.display_name as user_name', 'u.role as user_role'])
    .where('e.chain', '=', chain)
    .where('e.action', '=', action)
    .orderBy('e.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

