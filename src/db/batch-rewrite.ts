import { type Kysely, type RawBuilder, sql } from 'kysely';

type Row = Record<string, string | number | null>;

/**
 * Rewrites some columns of every row of a table, in keyset batches of `batch` rows: each batch is one SELECT of the key
 * and the `read` columns, and one UPDATE … FROM (VALUES …) of the rows `write` changes (null: leave the row). Used to
 * seal clear columns (migration 0009), to re-seal values under a new key (key rotation) and by test factories that
 * write rows in SQL. Memory stays flat whatever the table's size; the caller decides the transaction.
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
  },
): Promise<number> {
  const size = o.batch ?? 1_000;
  const keyList = sql.join(o.key.map((k) => sql.ref(k)));
  const readList = sql.join([...o.key, ...o.read].map((k) => sql.ref(k)));
  let after: unknown[] | null = null;
  let changed = 0;
  for (;;) {
    const conditions = [...(o.filter ? [o.filter] : []), ...(after === null ? [] : [sql`(${keyList}) > (${sql.join(after)})`])];
    const where: RawBuilder<unknown> = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
    const rows: Row[] = (await sql<Row>`select ${readList} from ${sql.table(o.table)} ${where} order by ${keyList} limit ${size}`.execute(db)).rows;
    if (rows.length === 0) return changed;
    const updates = rows.flatMap((r) => {
      const w = o.write(r);
      return w ? [{ r, w }] : [];
    });
    if (updates.length) {
      const cols = Object.keys(updates[0].w);
      // Numbers typed on PostgreSQL (an untyped parameter in VALUES is text, and integer = text does not compare).
      const bind = (v: unknown) => (typeof v === 'number' ? sql`cast(${v} as bigint)` : sql`${v}`);
      const values = sql.join(updates.map(({ r, w }) => sql`(${sql.join([...o.key.map((k) => bind(r[k])), ...cols.map((c) => sql`${w[c]}`)])})`));
      const set = sql.join(cols.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
      const match = sql.join(
        o.key.map((k) => sql`${sql.table(o.table)}.${sql.ref(k)} = v.${sql.ref(k)}`),
        sql` and `,
      );
      await sql`with v(${sql.join([...o.key, ...cols].map((c) => sql.ref(c)))}) as (values ${values})
                update ${sql.table(o.table)} set ${set} from v where ${match}`.execute(db);
      changed += updates.length;
    }
    o.onBatch?.(rows.length);
    const last = rows[rows.length - 1];
    after = o.key.map((k) => last[k]);
    if (rows.length < size) return changed;
  }
}
