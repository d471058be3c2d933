import { type Kysely, type RawBuilder, sql } from 'kysely';

type Row = Record<string, string | number | null>;

/**
 * Rewrites some columns of every row of a table, in keyset batches of `batch` rows: each batch is one SELECT of the key
 * and the `read` columns, and one UPDATE … FROM (VALUES …) of the rows `write` changes (null: leave the row). Used to
 * seal clear columns (migration 0009), to re-seal values under a new key (key rotation) and by test factories that
 * write rows in SQL. Memory stays flat whatever the table's size; the caller decides the transaction, or asks for one
 * per batch (`transactionPerBatch`: a long rewrite while others write, each batch committed on its own). Returns the
 * number of rows changed.
 */
export async function rewriteRows(
  db: Kysely<unknown>,
  o: {
    table: string;
    key: readonly string[];
    read: readonly string[];
    write: (row: Row) => Record<string, string | null> | null;
    /** Only rows meeting this condition (a WHERE fragment over the table's columns). */
    filter?: RawBuilder<unknown>;
    batch?: number;
    onBatch?: (rows: number) => void;
    /**
     * Compare-and-set: a row is rewritten only while its `read` columns still hold what the batch read, so that a row
     * another writer changed meanwhile is left as that writer left it (on PostgreSQL's read committed the UPDATE would
     * otherwise put back a value computed from the older one).
     */
    ifUnchanged?: boolean;
    /** Each batch (its SELECT, its UPDATE and `afterBatch`) in a transaction of its own. */
    transactionPerBatch?: boolean;
    /** Runs in the batch's transaction after its UPDATE, with the number of rows it changed (an audit event). */
    afterBatch?: (db: Kysely<unknown>, changed: number) => Promise<void>;
  },
): Promise<number> {
  const size = o.batch ?? 1_000;
  const keyList = sql.join(o.key.map((k) => sql.ref(k)));
  const readList = sql.join([...o.key, ...o.read].map((k) => sql.ref(k)));
  let after: unknown[] | null = null;
  let changed = 0;
  for (;;) {
    const step = async (q: Kysely<unknown>): Promise<{ read: number; changed: number; last: Row | undefined }> => {
      const conditions = [...(o.filter ? [o.filter] : []), ...(after === null ? [] : [sql`(${keyList}) > (${sql.join(after)})`])];
      const where: RawBuilder<unknown> = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
      const rows: Row[] = (await sql<Row>`select ${readList} from ${sql.table(o.table)} ${where} order by ${keyList} limit ${size}`.execute(q)).rows;
      const n = await update(q, rows);
      await o.afterBatch?.(q, n);
      return { read: rows.length, changed: n, last: rows[rows.length - 1] };
    };
    const r = o.transactionPerBatch ? await db.transaction().execute(step) : await step(db);
    if (r.read === 0) return changed;
    changed += r.changed;
    o.onBatch?.(r.read);
    const last = r.last as Row;
    after = o.key.map((k) => last[k]);
    if (r.read < size) return changed;
  }

  async function update(q: Kysely<unknown>, rows: Row[]): Promise<number> {
    const updates = rows.flatMap((r) => {
      const w = o.write(r);
      return w ? [{ r, w }] : [];
    });
    if (updates.length === 0) return 0;
    const cols = Object.keys(updates[0].w);
    const guard = o.ifUnchanged ? o.read : [];
    // Numbers typed on PostgreSQL (an untyped parameter in VALUES is text, and integer = text does not compare).
    const bind = (v: unknown) => (typeof v === 'number' ? sql`cast(${v} as bigint)` : sql`${v}`);
    const values = sql.join(updates.map(({ r, w }) => sql`(${sql.join([...o.key.map((k) => bind(r[k])), ...cols.map((c) => sql`${w[c]}`), ...guard.map((c) => bind(r[c]))])})`));
    const set = sql.join(cols.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    const match = sql.join(
      [
        ...o.key.map((k) => sql`${sql.table(o.table)}.${sql.ref(k)} = v.${sql.ref(k)}`),
        ...guard.map((c, i) => sql`${sql.table(o.table)}.${sql.ref(c)} is not distinct from v.${sql.ref(`was_${i}`)}`),
      ],
      sql` and `,
    );
    const names = [...o.key, ...cols, ...guard.map((_, i) => `was_${i}`)];
    const result = await sql`with v(${sql.join(names.map((c) => sql.ref(c)))}) as (values ${values})
              update ${sql.table(o.table)} set ${set} from v where ${match}`.execute(q);
    return result.numAffectedRows === undefined ? updates.length : Number(result.numAffectedRows);
  }
}
