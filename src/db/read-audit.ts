import type { Kysely } from 'kysely';
import { type AuditActor, type AuditInput, appendAuditBatch } from './audit.ts';
import type { AuditSearchTextTable, Database } from './schema.ts';
import { isStorageFull, storageFullForRead } from '../kernel/storage-full.ts';

interface Pending {
  actor: AuditActor;
  input: AuditInput;
  at: string;
  searchText?: AuditSearchTextTable;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const queues = new WeakMap<Kysely<Database>, Pending[]>();

/**
 * Records a bulk read of personal data (a page of a search, a worklist, a notice list) with group commit:
 * events that arrive while a flush is pending share one transaction, so twenty concurrent searches cost one
 * disk commit instead of twenty (on SQLite a commit is an fsync that holds the whole process), and one batch is
 * three statements per chain (appendAuditBatch), not three per event. The caller's
 * promise resolves only once its event is durably in the chain, and callers return data only after that:
 * no audited read is served unrecorded. See docs/decisions/0009-read-audit-group-commit.md.
 */
export function recordBulkRead(
  db: Kysely<Database>,
  actor: AuditActor,
  input: AuditInput,
  at: string,
  /** A search's text, sealed, written in the same transaction as the event that refers to it (issue 9 point 17). */
  searchText?: AuditSearchTextTable,
): Promise<void> {
  let queue = queues.get(db);
  const first = !queue || queue.length === 0;
  if (!queue) {
    queue = [];
    queues.set(db, queue);
  }
  const q = queue;
  const p = new Promise<void>((resolve, reject) => q.push({ actor, input, at, searchText, resolve, reject }));
  if (first) setImmediate(() => void flush(db));
  return p;
}

async function flush(db: Kysely<Database>): Promise<void> {
  const queue = queues.get(db);
  if (!queue || queue.length === 0) return;
  const batch = queue.splice(0, queue.length);
  try {
    await db.transaction().execute(async (trx) => {
      const texts = batch.flatMap((e) => (e.searchText ? [e.searchText] : []));
      for (let i = 0; i < texts.length; i += 200) await trx.insertInto('audit_search_text').values(texts.slice(i, i + 200)).execute();
      await appendAuditBatch(trx, batch);
    });
    for (const e of batch) e.resolve();
  } catch (err) {
    // A full disk says why the read is refused (the data is never served unrecorded); other errors go as they are.
    const why = isStorageFull(err) ? Object.assign(storageFullForRead(), { cause: err }) : err;
    for (const e of batch) e.reject(why);
  }
  // Events that arrived during the commit form the next batch.
  if (queue.length > 0) setImmediate(() => void flush(db));
}
