import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import { type AuditActor, appendAuditBatch, digest } from './audit.ts';
import { type AuditedEntity, statesOf } from './audit-state.ts';
import type { Database } from './schema.ts';

/**
 * 深度校验 `audit verify --deep`: the business rows against the audit trail (ADR 0015). For every audited entity the
 * state recomputed from its stored rows (audit-state.ts) must have the digest its latest state-bearing event recorded
 * as `after`; an entity with no such event was written behind the application's back, and an entity whose event is
 * there but whose row is gone was deleted behind it. A small registry of checkers, one per entity type, each walking
 * its table in keyset batches (memory stays flat) and looking up the latest events of each batch through the
 * audit_event_entity index.
 */
export interface DeepProblem {
  entityType: AuditedEntity;
  chain: string;
  id: string;
  problem: 'state_mismatch' | 'unaudited' | 'row_missing';
}

export interface DeepReport {
  ok: boolean;
  /** Entities compared, by type. */
  checked: Record<string, number>;
  /** Entities not compared, by type (a payroll roll still being built: its batches are audited when it completes). */
  skipped: Record<string, number>;
  problemCount: number;
  /** The first problems found (at most MAX_LISTED). */
  problems: DeepProblem[];
  firstProblem: DeepProblem | null;
}

interface Key {
  chain: string;
  id: string;
}

interface Checker {
  type: AuditedEntity;
  /** A page of the entity's keys after `after`, in (chain, id) order. */
  page(db: Kysely<Database>, after: Key | null, limit: number): Promise<Key[]>;
  /** Which of these ids (of one chain) have a row. */
  existing(db: Kysely<Database>, chain: string, ids: string[]): Promise<Set<string>>;
  /** States not to compare (still being built). */
  skip?(state: unknown): boolean;
}

type CountyTable = 'household' | 'enrollment' | 'assistance_case' | 'review_case' | 'payroll_roll';

/** A checker over a county-keyed table: chain = county_code. */
function countyChecker(type: AuditedEntity, table: CountyTable, skip?: (state: unknown) => boolean): Checker {
  return {
    type,
    skip,
    async page(db, after, limit) {
      let q = db.selectFrom(table as 'household').select(['county_code', 'id']);
      if (after) q = q.where((eb) => eb.or([eb('county_code', '>', after.chain), eb.and([eb('county_code', '=', after.chain), eb('id', '>', after.id)])]));
      const rows = await q.orderBy('county_code').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ chain: r.county_code, id: r.id }));
    },
    async existing(db, chain, ids) {
      const rows = await db.selectFrom(table as 'household').select('id').where('county_code', '=', chain).where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },
  };
}

/** The registry: every entity type whose writes carry its state as `after`. */
export const CHECKERS: readonly Checker[] = [
  countyChecker('household', 'household'),
  countyChecker('enrollment', 'enrollment'),
  countyChecker('case', 'assistance_case'),
  countyChecker('review', 'review_case'),
  countyChecker('payroll_roll', 'payroll_roll', (s) => (s as { roll: { status: string } }).roll.status === 'building'),
  {
    type: 'user',
    async page(db, after, limit) {
      let q = db.selectFrom('app_user').select('id');
      if (after) q = q.where('id', '>', after.id);
      const rows = await q.orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ chain: 'city', id: r.id }));
    },
    async existing(db, _chain, ids) {
      return new Set((await db.selectFrom('app_user').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    },
  },
];

const BATCH = 500;
const MAX_LISTED = 100;

/** The latest state-bearing event of each of these entities: its after-digest (null: the entity was deleted). */
async function latestDigests(db: Kysely<Database>, type: string, chain: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['entity_id', 'seq', 'after_digest'])
    .where('entity_type', '=', type)
    .where('chain', '=', chain)
    .where('entity_id', 'in', [...ids])
    .where((eb) => eb.or([eb('after_digest', 'is not', null), eb('before_digest', 'is not', null)]))
    .execute();
  const best = new Map<string, { seq: number; after: string | null }>();
  for (const r of rows) {
    const id = r.entity_id as string;
    const seen = best.get(id);
    if (!seen || Number(r.seq) > seen.seq) best.set(id, { seq: Number(r.seq), after: r.after_digest });
  }
  return new Map([...best].map(([id, v]) => [id, v.after]));
}

export async function verifyDeep(db: Kysely<Database>, o: { checkers?: readonly Checker[]; onProgress?: (entityType: string, checked: number) => void } = {}): Promise<DeepReport> {
  const report: DeepReport = { ok: true, checked: {}, skipped: {}, problemCount: 0, problems: [], firstProblem: null };
  const problem = (p: DeepProblem) => {
    report.problemCount++;
    report.firstProblem ??= p;
    if (report.problems.length < MAX_LISTED) report.problems.push(p);
  };
  for (const c of o.checkers ?? CHECKERS) {
    report.checked[c.type] = 0;
    report.skipped[c.type] = 0;
    // Rows → events: each row's state against its latest event.
    let after: Key | null = null;
    for (;;) {
      const keys = await c.page(db, after, BATCH);
      if (keys.length === 0) break;
      after = keys[keys.length - 1];
      for (const [chain, ids] of byChain(keys)) {
        const [states, latest] = await Promise.all([statesOf(db, c.type, chain, ids), latestDigests(db, c.type, chain, ids)]);
        for (const id of ids) {
          const state = states.get(id);
          if (state === undefined) continue; // deleted since the page was read
          if (c.skip?.(state)) {
            report.skipped[c.type]++;
            continue;
          }
          report.checked[c.type]++;
          const recorded = latest.get(id);
          if (recorded === undefined) problem({ entityType: c.type, chain, id, problem: 'unaudited' });
          else if (recorded !== digest(state)) problem({ entityType: c.type, chain, id, problem: 'state_mismatch' });
        }
      }
      o.onProgress?.(c.type, report.checked[c.type]);
    }
    // Events → rows: every entity the trail says exists must still have its row.
    let at: Key | null = null;
    for (;;) {
      const cond: RawBuilder<unknown> = at ? sql`and (chain > ${at.chain} or (chain = ${at.chain} and entity_id > ${at.id}))` : sql``;
      const r: QueryResult<{ chain: string; entity_id: string }> = await sql<{ chain: string; entity_id: string }>`
        select distinct chain, entity_id from audit_event
        where entity_type = ${c.type} and entity_id is not null ${cond}
        order by chain, entity_id limit ${BATCH}`.execute(db);
      if (r.rows.length === 0) break;
      at = { chain: r.rows[r.rows.length - 1].chain, id: r.rows[r.rows.length - 1].entity_id };
      for (const [chain, ids] of byChain(r.rows.map((x) => ({ chain: x.chain, id: x.entity_id })))) {
        const have = await c.existing(db, chain, ids);
        const missing = ids.filter((id) => !have.has(id));
        if (missing.length === 0) continue;
        const latest = await latestDigests(db, c.type, chain, missing);
        for (const id of missing) if (latest.get(id)) problem({ entityType: c.type, chain, id, problem: 'row_missing' });
      }
    }
  }
  report.ok = report.problemCount === 0;
  return report;
}

/**
 * Records the current state of every entity whose latest event does not carry it (`audit.baseline`), in batches:
 * the upgrade that introduced state digests (migration 0011b) takes the data as it stands as the trusted starting
 * point from which `--deep` detects changes. Entities already in step are left alone, so it can run again.
 */
export async function baselineStates(db: Kysely<Database>, actor: AuditActor, at: string, reason: string): Promise<Record<string, number>> {
  const recorded: Record<string, number> = {};
  for (const c of CHECKERS) {
    recorded[c.type] = 0;
    let after: Key | null = null;
    for (;;) {
      const keys = await c.page(db, after, BATCH);
      if (keys.length === 0) break;
      after = keys[keys.length - 1];
      for (const [chain, ids] of byChain(keys)) {
        const [states, latest] = await Promise.all([statesOf(db, c.type, chain, ids), latestDigests(db, c.type, chain, ids)]);
        const events = [...states]
          .filter(([id, state]) => !c.skip?.(state) && latest.get(id) !== digest(state))
          .map(([id, state]) => ({ actor, at, input: { chain, action: 'audit.baseline', entityType: c.type, entityId: id, after: state, detail: { reason } } }));
        await appendAuditBatch(db, events);
        recorded[c.type] += events.length;
      }
    }
  }
  return recorded;
}

function byChain(keys: readonly Key[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const k of keys) {
    const list = m.get(k.chain);
    if (list) list.push(k.id);
    else m.set(k.chain, [k.id]);
  }
  return m;
}
