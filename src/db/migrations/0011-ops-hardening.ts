import { createHash } from 'node:crypto';
import { type Kysely, type Migration, PostgresAdapter, sql, type Transaction } from 'kysely';
import { AppError } from '../../kernel/errors.ts';
import { auditMac, type KeyRing } from '../../kernel/sealing.ts';
import { canonicalJson } from '../audit.ts';

/**
 * Issue 9 (ADR 0015):
 * 1. **The audit chain keyed.** Until now each event's hash was a plain sha256 of its fields, which anyone able to edit
 *    the database could recompute after an edit. Every existing chain is walked once: each event must be intact as it
 *    stands (sequence contiguous, linked to its predecessor, its hash that of its fields — plain sha256, or already
 *    keyed for events a migration before this one appended — and the head on its last event); then every hash is
 *    recomputed as HMAC-SHA-256 under the audit key of the key file, links included, and the head follows. A chain that
 *    is already broken is refused, naming the chain and the event, and nothing is changed: re-keying it would
 *    launder the break.
 * 2. **An index for `audit verify --deep`:** the events of one entity (type, chain, id) in order.
 * 3. **Payroll jobs name their owner** (host, process, thread) and beat a heart, so a job whose worker is gone is seen
 *    at once (commands/payroll/jobs.ts).
 */
export function opsHardening(keys: KeyRing): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await inOneTransaction(db, (trx) => rekeyChains(trx as Kysely<any>, keys));
      await db.schema.createIndex('audit_event_entity').on('audit_event').columns(['entity_type', 'chain', 'entity_id', 'seq']).where(sql.ref('entity_id'), 'is not', null).execute();
      await db.schema.alterTable('payroll_job').addColumn('owner', 'text').execute();
      await db.schema.alterTable('payroll_job').addColumn('heartbeat_at', 'text').execute();
    },
  };
}

/** SQLite runs migrations outside a transaction (Kysely: no transactional DDL); the re-keying must be all or nothing. */
async function inOneTransaction(db: Kysely<unknown>, fn: (trx: Kysely<unknown> | Transaction<unknown>) => Promise<void>): Promise<void> {
  if (db.isTransaction) await fn(db);
  else await db.transaction().execute(fn);
}

const GENESIS = '0'.repeat(64);
const BATCH = 2_000;

interface Row {
  chain: string;
  seq: number | string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

async function rekeyChains(db: Kysely<any>, keys: KeyRing): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const heads = new Map<string, { seq: number; hash: string }>(
    ((await db.selectFrom('audit_head').selectAll().execute()) as { chain: string; seq: number; hash: string }[]).map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]),
  );
  const chains = ((await db.selectFrom('audit_event').select('chain').distinct().execute()) as { chain: string }[]).map((c) => c.chain);
  for (const chain of chains) if (!heads.has(chain)) throw broken(chain, 1, 'no head');
  for (const [chain, head] of heads) {
    let expected = 1;
    let oldPrev = GENESIS;
    let newPrev = GENESIS;
    for (;;) {
      const rows = (await db.selectFrom('audit_event').selectAll().where('chain', '=', chain).where('seq', '>=', expected).orderBy('seq').limit(BATCH).execute()) as Row[];
      const updates: { seq: number; prev: string; hash: string }[] = [];
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expected) throw broken(chain, expected, 'missing event');
        if (r.prev_hash !== oldPrev) throw broken(chain, seq, 'broken link');
        const { hash, ...fields } = r;
        const body = canonicalJson({ ...fields, seq });
        if (hash !== createHash('sha256').update(body).digest('hex') && hash !== auditMac(keys, body)) throw broken(chain, seq, 'hash mismatch');
        const keyed = auditMac(keys, canonicalJson({ ...fields, seq, prev_hash: newPrev }));
        updates.push({ seq, prev: newPrev, hash: keyed });
        oldPrev = hash;
        newPrev = keyed;
        expected++;
      }
      await writeBatch(db, pg, chain, updates);
      if (rows.length < BATCH) break;
    }
    if (head.seq !== expected - 1 || head.hash !== oldPrev) throw broken(chain, Math.min(head.seq, expected), 'head does not match the newest event');
    await db.updateTable('audit_head').set({ hash: newPrev }).where('chain', '=', chain).execute();
  }
}

async function writeBatch(db: Kysely<any>, pg: boolean, chain: string, rows: { seq: number; prev: string; hash: string }[]): Promise<void> {
  if (rows.length === 0) return;
  if (pg) {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await sql`update audit_event as a set prev_hash = v.prev, hash = v.hash
        from (values ${sql.join(part.map((r) => sql`(${r.seq}::bigint, ${r.prev}, ${r.hash})`))}) as v(seq, prev, hash)
        where a.chain = ${chain} and a.seq = v.seq`.execute(db);
    }
    return;
  }
  for (const r of rows) await db.updateTable('audit_event').set({ prev_hash: r.prev, hash: r.hash }).where('chain', '=', chain).where('seq', '=', r.seq).execute();
}

function broken(chain: string, seq: number, what: string): AppError {
  return new AppError(
    'AUDIT_CHAIN_BROKEN',
    {
      zh: `审计链 ${chain} 在第 ${seq} 条事件处已被破坏（${what}），无法改用密钥保护。请先用 doudi audit verify 查明原因并从备份恢复；数据库未做任何更改。`,
      en: `The audit chain ${chain} is already broken at event #${seq} (${what}) and cannot be re-keyed. Find the cause with doudi audit verify and restore from a backup; nothing was changed.`,
    },
    { status: 500, details: { chain, seq, problem: what } },
  );
}
