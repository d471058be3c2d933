import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { AppError } from '../kernel/errors.ts';
import { auditMac, type KeyRing } from '../kernel/sealing.ts';
import { canonicalJson, onAuditAppend } from './audit.ts';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

/**
 * 审计链检查点 Checkpoints of the audit chains' heads, kept outside the database (ADR 0015). The chain alone cannot show
 * that its newest events were deleted and the head rolled back with them, or that a whole county's chain was removed:
 * what is left is a consistent, shorter chain. A checkpoint records, for every chain, the newest (seq, hash), signed
 * with the audit key (HMAC-SHA-256); `audit verify` then requires every checkpointed event to be still there with the
 * same hash. Two kinds are kept:
 * - the **head file** (`doudi.audit-head` beside the key file), rewritten by the server a moment after each commit
 *   that appended events, and on shutdown, and by every CLI run and background job that appended any;
 * - **printed checkpoints** (`doudi audit checkpoint`), one line an operator keeps elsewhere (a log book, an e-mail,
 *   the quarterly report), given back to `audit verify --checkpoint FILE`.
 * Events newer than the newest checkpoint are not covered: that is the window (about a second for the head file of a
 * running server; since the last print for an operator's checkpoint).
 */
export const CHECKPOINT_FORMAT = 'doudi-audit-checkpoint/1';
export const HEAD_FILE = 'doudi.audit-head';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface Checkpoint {
  format: string;
  /** When the heads were read (ISO time). */
  at: string;
  /** The audit key that signed it. */
  keyId: string;
  chains: Record<string, ChainHead>;
  mac: string;
}

export interface CheckpointProblem {
  chain: string;
  seq: number;
  problem: 'chain_missing' | 'truncated' | 'checkpoint_mismatch' | 'checkpoint_invalid';
}

/** Where the head file of a database lives: beside its key file (null for an in-memory database). */
export function headFileOf(db: Pick<Db, 'keyFile'>): string | null {
  return db.keyFile ? join(dirname(db.keyFile), HEAD_FILE) : null;
}

export async function readHeads(db: Kysely<Database>): Promise<Record<string, ChainHead>> {
  const rows = await db.selectFrom('audit_head').selectAll().orderBy('chain').execute();
  return Object.fromEntries(rows.map((r) => [r.chain, { seq: Number(r.seq), hash: r.hash }]));
}

const macOf = (keys: Pick<KeyRing, 'audit'>, cp: Omit<Checkpoint, 'mac'>) =>
  auditMac(keys, `doudi-audit-checkpoint\u0000${canonicalJson({ format: cp.format, at: cp.at, keyId: cp.keyId, chains: cp.chains })}`);

export function signCheckpoint(keys: Pick<KeyRing, 'audit'>, chains: Record<string, ChainHead>, at = new Date().toISOString()): Checkpoint {
  const body = { format: CHECKPOINT_FORMAT, at, keyId: keys.audit.id, chains };
  return { ...body, mac: macOf(keys, body) };
}

/** Whether a checkpoint was signed with this audit key and is unaltered. */
export function checkpointValid(keys: Pick<KeyRing, 'audit'>, cp: Checkpoint): boolean {
  return cp.format === CHECKPOINT_FORMAT && cp.keyId === keys.audit.id && typeof cp.mac === 'string' && macOf(keys, cp) === cp.mac;
}

/** Parses a checkpoint (the head file, or a line an operator kept); a text that is not one is refused. */
export function parseCheckpoint(text: string, source: string): Checkpoint {
  try {
    const cp = JSON.parse(text.trim()) as Checkpoint;
    if (cp.format !== CHECKPOINT_FORMAT || typeof cp.at !== 'string' || typeof cp.chains !== 'object' || cp.chains === null) throw new Error('shape');
    for (const h of Object.values(cp.chains)) if (!Number.isSafeInteger(h?.seq) || typeof h.hash !== 'string') throw new Error('shape');
    return cp;
  } catch {
    throw new AppError('CHECKPOINT_INVALID', { zh: `${source} 不是 doudi 审计检查点`, en: `${source} is not a doudi audit checkpoint` }, { status: 400 });
  }
}

/** The head file's checkpoint, or null when there is none yet. */
export function readHeadFile(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  return parseCheckpoint(readFileSync(path, 'utf8'), path);
}

/**
 * Compares the database with a checkpoint: every chain it names must still exist, reach at least its sequence number,
 * and hold at that number the event it recorded. Chains and events newer than the checkpoint are not its business.
 */
export async function compareWithCheckpoint(db: Kysely<Database>, keys: Pick<KeyRing, 'audit'>, cp: Checkpoint): Promise<CheckpointProblem[]> {
  if (!checkpointValid(keys, cp)) return [{ chain: '*', seq: 0, problem: 'checkpoint_invalid' }];
  const heads = await readHeads(db);
  const problems: CheckpointProblem[] = [];
  for (const [chain, h] of Object.entries(cp.chains).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const now = heads[chain];
    if (!now) {
      const left = await db.selectFrom('audit_event').select('seq').where('chain', '=', chain).limit(1).executeTakeFirst();
      problems.push({ chain, seq: left ? h.seq : 1, problem: left ? 'truncated' : 'chain_missing' });
      continue;
    }
    const e = await db.selectFrom('audit_event').select('hash').where('chain', '=', chain).where('seq', '=', h.seq).executeTakeFirst();
    if (now.seq < h.seq || !e) problems.push({ chain, seq: Math.min(now.seq + 1, h.seq), problem: 'truncated' });
    else if (e.hash !== h.hash) problems.push({ chain, seq: h.seq, problem: 'checkpoint_mismatch' });
  }
  return problems;
}

/**
 * Rewrites the head file with the database's current heads (atomically, 0600). A chain moves forward only from an
 * event the file recorded that the database still holds: a chain the database no longer continues from there
 * (truncated, rewritten, deleted, or an older copy put in place) keeps the file's entry, so the evidence stays for
 * `audit verify` however far the database grows afterwards; such chains are returned. A file that does not carry a
 * valid signature is set aside (`.rejected-<time>`) rather than trusted.
 */
export async function writeHeadFile(db: Db): Promise<{ checkpoint: Checkpoint; diverged: string[] } | null> {
  const path = headFileOf(db);
  if (!path) return null;
  const heads = await readHeads(db.kysely);
  const at = new Date().toISOString();
  let previous: Checkpoint | null = null;
  try {
    previous = readHeadFile(path);
  } catch {
    previous = null;
    if (existsSync(path)) renameSync(path, `${path}.rejected-${at.replace(/[:.]/g, '')}`);
  }
  if (previous && !checkpointValid(db.keys, previous)) {
    renameSync(path, `${path}.rejected-${at.replace(/[:.]/g, '')}`);
    previous = null;
  }
  const chains: Record<string, ChainHead> = { ...heads };
  const diverged: string[] = [];
  for (const [chain, h] of Object.entries(previous?.chains ?? {})) {
    const e = await db.kysely.selectFrom('audit_event').select('hash').where('chain', '=', chain).where('seq', '=', h.seq).executeTakeFirst();
    if (e?.hash === h.hash && (chains[chain]?.seq ?? 0) >= h.seq) continue;
    chains[chain] = h;
    diverged.push(chain);
  }
  const checkpoint = signCheckpoint(db.keys, Object.fromEntries(Object.entries(chains).sort(([a], [b]) => (a < b ? -1 : 1))), at);
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return { checkpoint, diverged };
}

export interface Checkpointer {
  /** Writes the head file now if events were appended since the last write. */
  flush(): Promise<void>;
  /** Flushes and stops listening. */
  stop(): Promise<void>;
}

/**
 * Keeps the head file current for one connection: once when it starts, and after an append, waits `debounceMs` for
 * the transaction to commit and more events to come, writes the heads, and looks once more a moment later (a
 * transaction may commit after the first look). Write failures (a full or read-only disk) are reported to `onError`
 * and retried on the next append.
 */
export function startCheckpointer(db: Db, o: { debounceMs?: number; onError?: (e: unknown) => void; onDiverged?: (chains: string[]) => void } = {}): Checkpointer {
  const delay = o.debounceMs ?? 1_000;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let trailing = 0;
  const write = () => {
    writing = writing.then(async () => {
      try {
        const r = await writeHeadFile(db);
        if (r && r.diverged.length > 0) o.onDiverged?.(r.diverged);
      } catch (e) {
        dirty = true;
        o.onError?.(e);
      }
    });
    return writing;
  };
  const arm = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (dirty) {
        dirty = false;
        trailing = 1;
        void write().then(arm);
      } else if (trailing > 0) {
        trailing--;
        void write();
      }
    }, delay);
    timer.unref();
  };
  const unsubscribe = db.keyFile
    ? onAuditAppend(db.keys, () => {
        dirty = true;
        arm();
      })
    : () => {};
  // Once at the start too: what was appended before the server started (a demo seeded on first start, a CLI run that
  // could not write the file) is checkpointed without waiting for the next request that writes.
  if (db.keyFile) {
    dirty = true;
    arm();
  }
  return {
    async flush() {
      if (dirty || trailing > 0) {
        dirty = false;
        trailing = 0;
        await write();
      }
      await writing;
    },
    async stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      dirty = true;
      await this.flush();
    },
  };
}

/** For a CLI run or a background job: writes the head file at its end if it appended events. */
export function checkpointOnClose(db: Db): () => Promise<void> {
  let appended = false;
  const unsubscribe = db.keyFile ? onAuditAppend(db.keys, () => (appended = true)) : () => {};
  return async () => {
    unsubscribe();
    if (appended) await writeHeadFile(db);
  };
}
