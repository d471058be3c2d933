import { type Kysely, sql } from 'kysely';

/** One table to rebuild: its new CREATE TABLE statement, made from the stored one. */
export interface SqliteRebuild {
  table: string;
  /** The stored `CREATE TABLE "t" (…)` → the new one, still named "t" (the helper renames it while it builds it). */
  define: (stored: string) => string;
}

/**
 * Changes SQLite cannot make with ALTER TABLE (a check widened, a NOT NULL dropped, a table constraint added), made the
 * way SQLite documents ("Making Other Kinds Of Table Schema Changes"): in one transaction with foreign keys off, each
 * table created anew under another name, its rows copied (the columns both have, by name), the old table dropped and
 * the new one renamed; its indexes made again; the triggers of the database that name any of the tables dropped before
 * and made again after (so that no rename trips over a trigger naming a table that is briefly missing), unless `triggers`
 * replaces them; `after` runs in the same transaction (new columns, indexes, triggers). A foreign key the rebuild would
 * break fails it whole. PostgreSQL alters in place and never comes here.
 */
export async function rebuildSqliteTables(
  db: Kysely<unknown>,
  tables: readonly SqliteRebuild[],
  o: { keepTrigger?: (name: string) => boolean; after?: (db: Kysely<unknown>) => Promise<void> } = {},
): Promise<void> {
  const names = tables.map((t) => t.table);
  const stored = async (type: 'table' | 'index' | 'trigger', where: (r: { name: string; tbl_name: string; sql: string }) => boolean) =>
    (await sql<{ name: string; tbl_name: string; sql: string }>`select name, tbl_name, sql from sqlite_master where type = ${type} and sql is not null`.execute(db)).rows.filter(where);
  const mentions = (text: string) => names.some((n) => new RegExp(`\\b${n}\\b`).test(text));
  const triggers = await stored('trigger', (r) => names.includes(r.tbl_name) || mentions(r.sql));
  const indexes = await stored('index', (r) => names.includes(r.tbl_name));
  const brokenBefore = (await sql`pragma foreign_key_check`.execute(db)).rows.length;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      for (const t of triggers) await sql.raw(`drop trigger "${t.name}"`).execute(db);
      for (const t of tables) {
        const [old] = await stored('table', (r) => r.name === t.table);
        if (!old) throw new Error(`${t.table} is missing`);
        const next = t.define(old.sql);
        const head = new RegExp(`^CREATE TABLE "${t.table}"`);
        if (next === old.sql || !head.test(next)) throw new Error(`${t.table}: the definition to change was not found`);
        const temp = `${t.table}_rebuilt`;
        await sql.raw(next.replace(head, `CREATE TABLE "${temp}"`)).execute(db);
        const columnsOf = async (table: string) => (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
        const wanted = new Set(await columnsOf(temp));
        const common = (await columnsOf(t.table)).filter((c) => wanted.has(c)).map((c) => `"${c}"`).join(', ');
        await sql.raw(`insert into "${temp}" (${common}) select ${common} from "${t.table}"`).execute(db);
        await sql.raw(`drop table "${t.table}"`).execute(db);
        await sql.raw(`alter table "${temp}" rename to "${t.table}"`).execute(db);
      }
      for (const i of indexes) await sql.raw(i.sql).execute(db);
      await o.after?.(db);
      for (const t of triggers) if (o.keepTrigger?.(t.name) ?? true) await sql.raw(t.sql).execute(db);
      const broken = (await sql`pragma foreign_key_check`.execute(db)).rows.length;
      if (broken > brokenBefore) throw new Error(`${names.join(', ')} rebuild: ${broken - brokenBefore} references broken`);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
