import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import { auditMac, type KeyRing } from '../kernel/sealing.ts';
import { keysOf } from './key-ring-carrier.ts';
import type { AuditEventTable, Database } from './schema.ts';

/**
 * 审计日志 The audit trail: every write (and every bulk read of personal data) appends an event in the same
 * transaction. Events form one hash chain per county (`chain` = 6-digit county code) and one for the city's
 * reference data and users (`chain` = 'city'): each event's hash is an HMAC-SHA-256, under the audit key of the key
 * file (outside the database), of its fields and the previous hash, so that nobody holding only the database can
 * recompute a consistent chain after an edit; `audit_head` holds the last (seq, hash), and signed checkpoints of the
 * heads kept outside the database (audit-checkpoint.ts) catch truncation and the deletion of a whole chain
 * (ADR 0015). Personal data never enters the trail: before/after are digests, `detail` holds only codes and counts.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  userId: string | null;
  username: string;
}

export interface AuditInput {
  chain: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown> | null;
}

/**
 * Canonical JSON: keys sorted, undefined members left out, so the digest of equal data is equal whatever the key
 * order. Hashes are computed over it: its output must never change (written as loops: it runs for every event and every
 * generated household's state).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(x)}`;
    first = false;
  }
  return `${out}}`;
}

export function digest(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return createHash('sha256').update(canonicalJson(v)).digest('hex');
}

/** An event's fields as they are hashed: the row (schema.ts) without its own hash. */
type EventFields = Omit<AuditEventTable, 'hash'>;

/** The event's hash: HMAC-SHA-256 under the audit key of the canonical JSON of its fields (prev_hash included). */
export function eventHash(keys: Pick<KeyRing, 'audit'>, e: EventFields): string {
  return auditMac(keys, canonicalJson({ ...e, seq: Number(e.seq) }));
}

/** Listeners told that events were appended through a connection (by its key ring): checkpoint writers. */
const appendListeners = new WeakMap<KeyRing, Set<() => void>>();

/** Calls `fn` after every append made through connections holding `keys`; returns the function that stops it. */
export function onAuditAppend(keys: KeyRing, fn: () => void): () => void {
  let set = appendListeners.get(keys);
  if (!set) {
    set = new Set();
    appendListeners.set(keys, set);
  }
  set.add(fn);
  return () => void appendListeners.get(keys)?.delete(fn);
}

function appended(keys: KeyRing): void {
  for (const fn of appendListeners.get(keys) ?? []) fn();
}

/**
 * Takes the chain's head lock now, before the change the event will record (PostgreSQL: `select … for update`; SQLite's
 * write transaction already excludes other writers): a change that locks rows of its own and then appends (the township
 * reserve, ADR 0039) thereby locks in the same order — chain head, then its rows — as a caller that appended earlier in
 * its transaction, so neither can wait on the other in a cycle. A chain without a head yet takes no lock.
 */
export async function lockAuditChain(trx: Transaction<Database>, chain: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await trx.selectFrom('audit_head').select('seq').where('chain', '=', chain).forUpdate().execute();
}

/** Appends one event; must run inside the transaction of the change it records. */
export async function appendAudit(
  trx: Transaction<Database> | Kysely<Database>,
  actor: AuditActor,
  input: AuditInput,
  at: string = new Date().toISOString(),
): Promise<{ seq: number; hash: string }> {
  // The UPDATE takes the head's row lock on PostgreSQL, so concurrent writers to one chain queue here.
  const bumped = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('chain', '=', input.chain)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  let seq: number;
  let prev: string;
  if (bumped) {
    seq = Number(bumped.seq);
    prev = bumped.hash;
  } else {
    seq = 1;
    prev = GENESIS_HASH;
    await trx.insertInto('audit_head').values({ chain: input.chain, seq: 1, hash: GENESIS_HASH }).execute();
  }
  const fields: EventFields = {
    chain: input.chain,
    seq,
    at,
    actor_id: actor.userId,
    actor_name: actor.username,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    before_digest: digest(input.before),
    after_digest: digest(input.after),
    detail: input.detail ? canonicalJson(input.detail) : null,
    prev_hash: prev,
  };
  const keys = keysOf(trx);
  const hash = eventHash(keys, fields);
  await trx.insertInto('audit_event').values({ ...fields, hash }).execute();
  await trx.updateTable('audit_head').set({ hash }).where('chain', '=', input.chain).execute();
  appended(keys);
  return { seq, hash };
}

/**
 * Appends several events in one go (the read audit's group commit): per chain one head bump by the batch's size, the
 * hashes linked in memory, one multi-row insert and one head update — three statements per chain instead of three
 * per event. The events keep their order within each chain; the result is the same chain appendAudit would build.
 */
export async function appendAuditBatch(
  trx: Transaction<Database> | Kysely<Database>,
  events: readonly { actor: AuditActor; input: AuditInput; at: string }[],
): Promise<void> {
  const keys = keysOf(trx);
  const byChain = new Map<string, (typeof events)[number][]>();
  for (const e of events) byChain.set(e.input.chain, [...(byChain.get(e.input.chain) ?? []), e]);
  for (const [chain, list] of byChain) {
    const n = list.length;
    const bumped = await trx
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb('seq', '+', n) }))
      .where('chain', '=', chain)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
    let seq: number;
    let prev: string;
    if (bumped) {
      seq = Number(bumped.seq) - n;
      prev = bumped.hash;
    } else {
      seq = 0;
      prev = GENESIS_HASH;
      await trx.insertInto('audit_head').values({ chain, seq: n, hash: GENESIS_HASH }).execute();
    }
    const rows = list.map(({ actor, input, at }) => {
      const fields: EventFields = {
        chain,
        seq: ++seq,
        at,
        actor_id: actor.userId,
        actor_name: actor.username,
        action: input.action,
        entity_type: input.entityType,
        entity_id: input.entityId ?? null,
        before_digest: digest(input.before),
        after_digest: digest(input.after),
        detail: input.detail ? canonicalJson(input.detail) : null,
        prev_hash: prev,
      };
      prev = eventHash(keys, fields);
      return { ...fields, hash: prev };
    });
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('audit_event').values(rows.slice(i, i + 200)).execute();
    await trx.updateTable('audit_head').set({ hash: prev }).where('chain', '=', chain).execute();
  }
  if (events.length > 0) appended(keys);
}

export interface AuditProblem {
  chain: string;
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'missing_event' | 'head_mismatch';
}

export interface AuditVerifyResult {
  ok: boolean;
  chains: number;
  events: number;
  firstProblem: AuditProblem | null;
}

/**
 * Walks every chain in order, streaming in keyset batches; stops at the first bad event. `legacy`: the chain of a
 * database not yet migrated to the keyed chain (migration 0011), hashed with plain sha256 — read-only verification of
 * an old copy.
 */
export async function verifyAudit(db: Kysely<Database>, opts: { batch?: number; legacy?: boolean } = {}): Promise<AuditVerifyResult> {
  const batch = opts.batch ?? 5_000;
  const keys = keysOf(db);
  const hashOf = opts.legacy ? (f: EventFields) => createHash('sha256').update(canonicalJson({ ...f, seq: Number(f.seq) })).digest('hex') : (f: EventFields) => eventHash(keys, f);
  const heads = await db.selectFrom('audit_head').selectAll().orderBy('chain').execute();
  const chainsInEvents = await db.selectFrom('audit_event').select('chain').distinct().execute();
  let events = 0;
  const known = new Set(heads.map((h) => h.chain));
  for (const c of chainsInEvents) {
    if (!known.has(c.chain)) return { ok: false, chains: heads.length, events, firstProblem: { chain: c.chain, seq: 1, problem: 'head_mismatch' } };
  }
  for (const head of heads) {
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batch)
        .execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectedSeq) return fail(head.chain, expectedSeq, 'missing_event');
        if (r.prev_hash !== prev) return fail(head.chain, seq, 'broken_link');
        const { hash, ...fields } = r;
        if (hashOf({ ...fields, seq }) !== hash) return fail(head.chain, seq, 'hash_mismatch');
        prev = hash;
        expectedSeq++;
        events++;
        after = seq;
      }
      if (rows.length < batch) break;
    }
    if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev) {
      return fail(head.chain, Math.min(Number(head.seq), expectedSeq), Number(head.seq) > expectedSeq - 1 ? 'missing_event' : 'head_mismatch');
    }
  }
  return { ok: true, chains: heads.length, events, firstProblem: null };

  function fail(chain: string, seq: number, problem: AuditProblem['problem']): AuditVerifyResult {
    return { ok: false, chains: heads.length, events, firstProblem: { chain, seq, problem } };
  }
}
