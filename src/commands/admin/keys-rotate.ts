import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import { addDataKey, KEY_FILE_REFRESH_MS, lockKeyFile, readKeyFileJson, reloadKeys } from '../../db/key-file.ts';
import { readMeta, writeMeta } from '../../db/meta-repo.ts';
import type { Database } from '../../db/schema.ts';
import { columnName, countNotUnder, resealColumn, SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, auditActor, requireOperator } from '../context.ts';

/**
 * 密钥轮换 `doudi keys rotate` (ADR 0019): a new data key is added to the key file (written atomically, the old keys
 * kept) and made current, then every sealed value not under it is opened and sealed again, column by column in keyset
 * batches, each batch its own transaction with its audit event. Resumable: a run that finds values not under the
 * current key, or a rotation of the current key not recorded as complete, carries on with that key instead of adding
 * another. The plain values do not change, so neither do the keyed hashes nor any audited state (ADR 0015). Only the
 * data keys rotate; the lookup and audit keys stay (ADR 0019 says why and what to do if one is compromised).
 */
export interface RotateOptions {
  /** Rows per batch (and transaction). */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RotateResult {
  /** The current data key, under which every value is sealed once the rotation is complete. */
  key: string;
  /** The key that was current before, when this run added the new key; null when it carried on an earlier run. */
  previous: string | null;
  resumed: boolean;
  /** Values re-sealed by this run, by column (`person.id_number_sealed` …). */
  resealed: Record<string, number>;
  /** Values still not under the current key at the end (written meanwhile by a process still using the old key). */
  remaining: number;
  complete: boolean;
  seconds: number;
}

/** The state of the latest rotation, in `meta`, written with its audit events. */
export interface RotationRecord {
  key: string;
  startedAt: string;
  completedAt: string | null;
}

const ROTATION = 'keys.rotation';
/** Passes over the sealed columns before a run gives up on values other processes keep writing under the old key. */
const MAX_PASSES = 5;

export async function readRotation(db: Kysely<Database> | Transaction<Database>): Promise<RotationRecord | null> {
  const value = await readMeta(db, ROTATION);
  return value ? (JSON.parse(value) as RotationRecord) : null;
}

async function writeRotation(trx: Transaction<Database>, r: RotationRecord): Promise<void> {
  await writeMeta(trx, ROTATION, JSON.stringify(r));
}

export function requireKeyFile(db: Db): string {
  if (db.keyFile) return db.keyFile;
  throw new AppError('KEY_FILE_NONE', { zh: '此数据库没有密钥文件（内存数据库），无法管理密钥', en: 'This database has no key file (an in-memory database): there are no keys to manage' }, { status: 400 });
}

/**
 * Waits until every process that has the database open has had the time to look at the key file since `since` (when
 * the current key became current): from then on none of them seals with an older key. Two refresh intervals: a
 * process checks at most every interval before it seals, and its transaction commits soon after.
 */
export async function settleSince(since: string): Promise<void> {
  const wait = Date.parse(since) + 2 * KEY_FILE_REFRESH_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export async function rotateKeys(ctx: CommandContext, o: RotateOptions = {}): Promise<RotateResult> {
  requireOperator(ctx.actor);
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  const started = performance.now();
  const now = ctx.clock;
  const keyFile = requireKeyFile(db);
  const release = lockKeyFile(keyFile);
  try {
    reloadKeys(db.keys);
    const pending = await countPending(db, db.keys.current);
    const record = await readRotation(db.kysely);
    const resumed = total(pending) > 0 || (record !== null && record.key === db.keys.current && record.completedAt === null);
    let previous: string | null = null;
    if (!resumed) {
      // The key file first, so that nothing is ever sealed with a key that is not on disk.
      previous = addDataKey(keyFile, now()).previous;
      reloadKeys(db.keys);
    }
    const key = db.keys.current;
    const toReseal = resumed ? pending : await countPending(db, key);
    const at = now().toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      await appendAudit(trx, actor, { chain: 'city', action: 'keys.rotate', entityType: 'data_key', entityId: key, detail: { key, previous, resumed, toReseal } }, at);
      await writeRotation(trx, { key, startedAt: resumed && record?.key === key ? record.startedAt : at, completedAt: null });
    });

    const resealed: Record<string, number> = Object.fromEntries(SEALED_COLUMNS.map((c) => [columnName(c), 0]));
    let planned = total(toReseal);
    let done = 0;
    o.onProgress?.(0, planned);
    const created = readKeyFileJson(keyFile).data.find((d) => d.id === key)?.created ?? at;
    let remaining = 0;
    for (let pass = 1; ; pass++) {
      for (const c of SEALED_COLUMNS) {
        const name = columnName(c);
        resealed[name] += await resealColumn(db.kysely, db.keys, c, {
          keyId: key,
          batch: o.batch,
          onBatch: (rows) => {
            done += rows;
            if (done > planned) planned = done;
            o.onProgress?.(done, planned);
          },
          afterBatch: async (trx, changed) => {
            if (changed === 0) return;
            await appendAudit(trx, actor, { chain: 'city', action: 'keys.resealed', entityType: 'data_key', entityId: key, detail: { key, column: name, count: changed } }, now().toISOString());
          },
        });
      }
      // Values another process sealed with the old key before it saw the new one are looked for once it must have.
      await settleSince(created);
      remaining = total(await countPending(db, key));
      if (remaining === 0 || pass === MAX_PASSES) break;
      planned += remaining;
    }
    const complete = remaining === 0;
    if (complete) {
      await db.kysely.transaction().execute(async (trx) => {
        const end = now().toISOString();
        await appendAudit(trx, actor, { chain: 'city', action: 'keys.rotated', entityType: 'data_key', entityId: key, detail: { key, resealed } }, end);
        const r = await readRotation(trx);
        await writeRotation(trx, { key, startedAt: r?.startedAt ?? at, completedAt: end });
      });
    }
    return { key, previous, resumed, resealed, remaining, complete, seconds: (performance.now() - started) / 1000 };
  } finally {
    release();
  }
}

/** Values not sealed with `key`, by column. */
async function countPending(db: Db, key: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of SEALED_COLUMNS) out[columnName(c)] = await countNotUnder(db.kysely, c, key);
  return out;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);
