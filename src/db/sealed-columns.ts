import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { AppError } from '../kernel/errors.ts';
import { type KeyRing, type SealPurpose, seal, unseal } from '../kernel/sealing.ts';
import { rewriteRows } from './batch-rewrite.ts';
import type { Database } from './schema.ts';

/**
 * 加密列 Every column that holds sealed values (ADR 0012), with the purpose it was sealed for and its table's key: what
 * key rotation re-seals and `keys status` counts (ADR 0019). A new sealed column must be added here, or rotation
 * leaves it under the old key and `keys retire` refuses to remove that key for ever after.
 */
export interface SealedColumn {
  table: 'person' | 'household' | 'payroll_line' | 'app_user' | 'audit_search_text' | 'poverty_person';
  column: string;
  purpose: SealPurpose;
  key: readonly string[];
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'person', column: 'id_number_sealed', purpose: 'id_number', key: ['county_code', 'id'] },
  { table: 'household', column: 'bank_account_sealed', purpose: 'bank_account', key: ['county_code', 'id'] },
  { table: 'household', column: 'phone_sealed', purpose: 'phone', key: ['county_code', 'id'] },
  // A closed roll's line may be re-sealed and nothing else (the roll guards of migration 0009).
  { table: 'payroll_line', column: 'bank_account_sealed', purpose: 'bank_account', key: ['county_code', 'roll_id', 'seq'] },
  { table: 'app_user', column: 'totp_secret', purpose: 'totp', key: ['id'] },
  { table: 'app_user', column: 'totp_pending', purpose: 'totp', key: ['id'] },
  // The texts of registry searches, beside the audit chain (its events carry their MACs, which re-sealing keeps true).
  { table: 'audit_search_text', column: 'text_sealed', purpose: 'search', key: ['ref'] },
  // The poverty office's registry as imported (issue 12): ID numbers sealed like the registry's.
  { table: 'poverty_person', column: 'id_number_sealed', purpose: 'id_number', key: ['snapshot_id', 'person_key'] },
];

/** `person.id_number_sealed`: how a column is named in counts, audit details and the status. */
export const columnName = (c: SealedColumn): string => `${c.table}.${c.column}`;

/** What a value sealed with `keyId` starts with (`s1.<keyId>.`). */
const prefixOf = (keyId: string) => `s1.${keyId}.`;

/** The values of a column not sealed with `keyId` (a WHERE fragment). */
const notUnder = (c: SealedColumn, keyId: string) => {
  const col = sql.ref(c.column);
  return sql<boolean>`${col} is not null and substr(${col}, 1, ${sql.lit(prefixOf(keyId).length)}) <> ${prefixOf(keyId)}`;
};

/**
 * A column's values counted by the key that sealed them; a value that is not a sealed value at all counts under ''.
 * One scan of the table.
 */
export async function countByKey(db: Kysely<Database>, c: SealedColumn): Promise<Map<string, number>> {
  const col = sql.ref(c.column);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`split_part(${col}, '.', 2)` : sql`substr(${col}, 4, instr(substr(${col}, 4), '.') - 1)`;
  const keyOf = sql<string>`case when substr(${col}, 1, 3) = 's1.' then ${id} else '' end`;
  const { rows } = await sql<{ k: string; n: number | string }>`select ${keyOf} as k, count(*) as n from ${sql.table(c.table)} where ${col} is not null group by 1`.execute(db);
  return new Map(rows.map((r) => [r.k, Number(r.n)]));
}

/** How many values of a column are not sealed with `keyId`. */
export async function countNotUnder(db: Kysely<Database>, c: SealedColumn, keyId: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(c.table)} where ${notUnder(c, keyId)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Re-seals every value of a column that is not sealed with `keyId` (the ring's current key), in keyset batches of
 * `batch` rows, each batch committed in a transaction of its own with `afterBatch` (its audit event): an interruption
 * loses at most the batch in hand, and running again carries on, since values already under the key are not selected.
 * A row another writer changes meanwhile is left as that writer wrote it (compare-and-set). Values are opened and
 * sealed again with the same purpose: the plain value, and so every keyed hash and audited state, stays as it was.
 */
export async function resealColumn(
  db: Kysely<Database>,
  keys: KeyRing,
  c: SealedColumn,
  o: { keyId: string; batch?: number; onBatch?: (rows: number) => void; afterBatch?: (trx: Kysely<Database>, changed: number) => Promise<void> },
): Promise<number> {
  return rewriteRows(db as unknown as Kysely<unknown>, {
    table: c.table,
    key: c.key,
    read: [c.column],
    filter: notUnder(c, o.keyId),
    batch: o.batch,
    ifUnchanged: true,
    transactionPerBatch: true,
    onBatch: o.onBatch,
    afterBatch: o.afterBatch ? (trx, changed) => (o.afterBatch as NonNullable<typeof o.afterBatch>)(trx as unknown as Kysely<Database>, changed) : undefined,
    write: (r) => {
      const v = r[c.column];
      if (typeof v !== 'string') return null;
      const resealed = seal(keys, c.purpose, unseal(keys, c.purpose, v));
      // The key file changed under the rotation (by hand: the lock keeps other rotations out): stop rather than seal
      // with a key this run did not set out to use.
      if (!resealed.startsWith(prefixOf(o.keyId))) throw keyChanged(o.keyId, keys.current);
      return { [c.column]: resealed };
    },
  });
}

function keyChanged(expected: string, now: string): AppError {
  return new AppError(
    'KEY_FILE_CHANGED',
    {
      zh: `轮换过程中密钥文件被改动：当前数据密钥已不是 ${expected}，而是 ${now}。已提交的批次保持有效；请查明原因后重新运行 doudi keys rotate。`,
      en: `The key file changed during the rotation: the current data key is no longer ${expected} but ${now}. The batches committed stand; find out why, then run doudi keys rotate again.`,
    },
    { status: 409 },
  );
}
