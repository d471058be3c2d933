import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
  /** Connections in the PostgreSQL pool (default `defaultPgPoolSize()`, or `DOUDI_PG_POOL_SIZE`). */
  pgPoolSize?: number;
}

/**
 * The PostgreSQL pool's default size: twice the cores (the PostgreSQL wiki's "core count × 2 + effective spindles",
 * spindles 0 for data in memory or on SSD), taking this host's cores as the database's — one machine runs both in the
 * city's deployment; set DOUDI_PG_POOL_SIZE when the database has a host of its own. More connections than the
 * database can run at once only make it switch between them: on 2 cores a pool of 10 put the worklist's p95 at
 * 130 ms, a pool of 4 at under 100 ms, at the same throughput (bench/api.bench.ts, ADR 0011).
 */
export function defaultPgPoolSize(): number {
  return Math.max(2, 2 * availableParallelism());
}

export function resolveConnectOptions(env: NodeJS.ProcessEnv = process.env): ConnectOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DOUDI_DATA_DIR || './data',
    // A schema of its own on a shared PostgreSQL server (test runs, several demo instances).
    pgSchema: env.DOUDI_PG_SCHEMA || undefined,
    pgPoolSize: env.DOUDI_PG_POOL_SIZE ? poolSizeOf(env.DOUDI_PG_POOL_SIZE) : undefined,
  };
}

function poolSizeOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new AppError(
      'PG_POOL_SIZE_INVALID',
      { zh: `DOUDI_PG_POOL_SIZE 应为 1–1000 的整数，而不是“${text}”`, en: `DOUDI_PG_POOL_SIZE must be a whole number from 1 to 1000, not "${text}"` },
      { field: 'DOUDI_PG_POOL_SIZE' },
    );
  }
  return n;
}

/** How each open database was reached, so that a worker thread can open a connection of its own to the same data. */
const REACHED_BY = new WeakMap<Kysely<Database>, ConnectOptions>();

/** Options that open another connection to `db` (another thread's), or null when none can (an in-memory SQLite). */
export function reopenOptions(db: Pick<Db, 'kysely'>): ConnectOptions | null {
  return REACHED_BY.get(db.kysely) ?? null;
}

/** The part of a pg client prepareReads wraps. */
interface QueryingClient {
  query: (config: unknown, values?: unknown, callback?: unknown) => unknown;
}

/** At most this many statements are kept prepared per connection; any further ones are planned afresh each time. */
const PREPARED_PER_CONNECTION = 300;

/**
 * Reads (`select` / `with`) run as named prepared statements, one name per statement text: PostgreSQL parses and
 * analyses each text once per connection and, once it has seen that a generic plan does as well as a custom one, stops
 * re-planning it (plan_cache_mode auto). The statement texts come from the code (values are always parameters), so
 * there are few of them; a connection keeps at most PREPARED_PER_CONNECTION. Writes keep the unnamed statement.
 * On the 1M-person set this cut the database's CPU per worklist page by about a quarter (ADR 0011).
 */
function prepareReads(client: QueryingClient): void {
  const query = client.query.bind(client);
  // Statement text → its name, so a text is hashed once per connection, not on every execution.
  const prepared = new Map<string, string>();
  client.query = (config, values, callback) => {
    if (typeof config === 'string' && Array.isArray(values) && /^\s*(select|with)\b/i.test(config)) {
      let name = prepared.get(config);
      if (!name && prepared.size < PREPARED_PER_CONNECTION) {
        name = `doudi_${createHash('sha256').update(config).digest('base64url').slice(0, 32)}`;
        prepared.set(config, name);
      }
      if (name) return query({ name, text: config, values }, callback);
    }
    return query(config, values, callback);
  };
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
      max: opts.pgPoolSize ?? defaultPgPoolSize(),
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    pool.on('connect', (client) => prepareReads(client as unknown as QueryingClient));
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
