import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { AppError } from '../kernel/errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDialect, openSqliteFile } from './sqlite-dialect.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for messages (never contains a password). */
  location: string;
  /** PostgreSQL schema the tables live in (the search_path); undefined on SQLite. */
  schema?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** `postgres://…` selects PostgreSQL; otherwise the embedded SQLite file is used. */
  databaseUrl?: string;
  /** Directory of the SQLite file (default `./data`, or `DOUDI_DATA_DIR`). */
  dataDir?: string;
  /** SQLite file name or `:memory:`. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  pgSchema?: string;
  pgPoolSize?: number;
}

export function resolveConnectOptions(env: NodeJS.ProcessEnv = process.env): ConnectOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DOUDI_DATA_DIR || './data',
    // A schema of its own on a shared PostgreSQL server (test runs, several demo instances).
    pgSchema: env.DOUDI_PG_SCHEMA || undefined,
  };
}

/** How each open database was reached, so that a worker thread can open a connection of its own to the same data. */
const REACHED_BY = new WeakMap<Kysely<Database>, ConnectOptions>();

/** Options that open another connection to `db` (another thread's), or null when none can (an in-memory SQLite). */
export function reopenOptions(db: Pick<Db, 'kysely'>): ConnectOptions | null {
  return REACHED_BY.get(db.kysely) ?? null;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@');
}

export async function connect(opts: ConnectOptions = resolveConnectOptions()): Promise<Db> {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pg = await import('pg');
    const { Pool, types } = pg.default;
    // int8 (bigint: fen, sequence numbers) as JS numbers: every amount we store is far below 2^53.
    types.setTypeParser(20, (v: string) => Number(v));
    types.setTypeParser(1700, (v: string) => Number(v));
    const pool = new Pool({
      connectionString: url,
      max: opts.pgPoolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // The schema our tables live in, as the server resolves the search_path (DOUDI_PG_SCHEMA, PGOPTIONS or default).
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(kysely);
    const schema = rows[0]?.s ?? 'public';
    REACHED_BY.set(kysely, { databaseUrl: url, pgSchema: schema });
    return { kysely, dialect: 'postgres', location: redact(url), schema, close: () => kysely.destroy() };
  }
  if (url && !url.startsWith('sqlite:')) {
    throw new AppError('DATABASE_URL_UNSUPPORTED', {
      zh: `不支持的 DATABASE_URL：应以 postgres:// 开头，或不设置以使用内置 SQLite`,
      en: `Unsupported DATABASE_URL: use postgres://… or leave it unset for the embedded SQLite database`,
    });
  }
  let file: string;
  if (opts.sqliteFile === ':memory:') file = ':memory:';
  else if (url?.startsWith('sqlite:')) file = resolve(url.slice('sqlite:'.length));
  else {
    const dir = resolve(opts.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    file = join(dir, opts.sqliteFile ?? 'doudi.sqlite');
  }
  const raw = openSqliteFile(file);
  const kysely = new Kysely<Database>({ dialect: new NodeSqliteDialect(raw) });
  if (file !== ':memory:') REACHED_BY.set(kysely, { databaseUrl: `sqlite:${file}` });
  return { kysely, dialect: 'sqlite', location: file, close: () => kysely.destroy() };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which one: with several schemas on one
  // server (tests, demo instances) it would find another schema's table and skip creating its own.
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
