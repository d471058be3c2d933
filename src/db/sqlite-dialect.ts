import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  SqliteDriver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's SQLite dialect over Node's built-in `node:sqlite` (no native addon to compile). Statements are
 * cached per SQL text; booleans and undefined are mapped to what SQLite binds. Write transactions start with
 * BEGIN IMMEDIATE so that two processes on one file queue on the busy timeout instead of failing on upgrade.
 */
export function openSqliteFile(path: string, opts: { readOnly?: boolean } = {}): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 10_000, readOnly: opts.readOnly === true });
  if (opts.readOnly) {
    db.exec('PRAGMA busy_timeout = 10000');
    return db;
  }
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 10000');
  return db;
}

/**
 * Opens a SQLite file for reading only, wherever it lies (audit verify, backup checks). A database in WAL mode needs
 * its shared-memory file (`-shm`) to be read, and SQLite wants to create it when it is missing, which a read-only
 * directory or file system refuses. So, in this order:
 * 1. a plain read-only connection (the directory is writable, or `-wal` and `-shm` are there);
 * 2. no `-wal` file, or an empty one (the database was closed cleanly): the file alone is the whole database, opened
 *    `immutable` (no locking, no shared memory) — nothing can be writing to a file nobody may write;
 * 3. a `-wal` with committed transactions not yet copied back, and no way to read it in place: the file and its WAL are
 *    copied to a private temporary directory (0700) and the copy is read; it is removed on close.
 */
export function openSqliteReadOnly(path: string): { db: DatabaseSync; how: 'direct' | 'immutable' | 'copy'; cleanup: () => void } {
  const probe = (db: DatabaseSync) => db.prepare('select count(*) as n from sqlite_master').get();
  try {
    const db = openSqliteFile(path, { readOnly: true });
    try {
      probe(db);
      return { db, how: 'direct', cleanup: () => {} };
    } catch (e) {
      db.close();
      throw e;
    }
  } catch (e) {
    if (!isReadOnlyFailure(e)) throw e;
  }
  const wal = `${path}-wal`;
  if (!existsSync(wal) || statSync(wal).size === 0) {
    const db = new DatabaseSync(new URL(`${pathToFileURL(path).href}?immutable=1`), { readOnly: true });
    probe(db);
    return { db, how: 'immutable', cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'doudi-ro-'));
  const copy = join(dir, 'doudi.sqlite');
  try {
    copyFileSync(path, copy);
    copyFileSync(wal, `${copy}-wal`);
    const db = openSqliteFile(copy, { readOnly: true });
    probe(db);
    return { db, how: 'copy', cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** SQLite's answer when it would have to write (the `-shm` file, a lock) where it may not. */
export function isReadOnlyFailure(e: unknown): boolean {
  const code = (e as { errcode?: number }).errcode;
  if (typeof code === 'number' && ((code & 0xff) === 8 || (code & 0xff) === 14)) return true; // SQLITE_READONLY*, SQLITE_CANTOPEN*
  return /readonly database|unable to open database/i.test(String((e as Error)?.message ?? ''));
}

function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

class NodeSqliteAdapter implements SqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, { stmt: StatementSync; reader: boolean }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  close(): void {
    this.#cache.clear();
    this.#db.close();
  }

  prepare(sql: string): SqliteStatement {
    let entry = this.#cache.get(sql);
    if (!entry) {
      const stmt = this.#db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (this.#cache.size > 500) this.#cache.clear();
      this.#cache.set(sql, entry);
    }
    const { stmt, reader } = entry;
    return {
      reader,
      all: (params) => stmt.all(...(params.map(bindable) as never[])) as unknown[],
      run: (params) => {
        const r = stmt.run(...(params.map(bindable) as never[]));
        return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
      },
      iterate: (params) => stmt.iterate(...(params.map(bindable) as never[])) as IterableIterator<unknown>,
    };
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #db: DatabaseSync;
  constructor(config: { database: SqliteDatabase }, db: DatabaseSync) {
    super(config);
    this.#db = db;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL: the disk or max_page_count is full; an
   * I/O error): a ROLLBACK then would fail with "no transaction is active" and that error would replace the real one.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#db.isTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #config: { database: SqliteDatabase };
  readonly #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    const config = { database: new NodeSqliteAdapter(db) };
    super(config);
    this.#config = config;
    this.#db = db;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#db);
  }
}
