import { DatabaseSync, type StatementSync } from 'node:sqlite';
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
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #config: { database: SqliteDatabase };
  constructor(db: DatabaseSync) {
    const config = { database: new NodeSqliteAdapter(db) };
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
