import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { AppError } from '../kernel/errors.ts';
import type { KeyRing } from '../kernel/sealing.ts';
import { auditMac, newKeyRing } from '../kernel/sealing.ts';
import { diskFileStore, type FileStore, type S3Options, s3FileStore, s3OptionsFromEnv } from './file-store.ts';
import { followKeyFile, readKeyFile, writeKeyFile } from './key-file.ts';
import { KeyRingCarrier } from './key-ring-carrier.ts';

export { keysOf } from './key-ring-carrier.ts';
import { migrationProviderFor } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDialect, openSqliteFile, openSqliteReadOnly } from './sqlite-dialect.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for messages (never contains a password). */
  location: string;
  /** PostgreSQL schema the tables live in (the search_path); undefined on SQLite. */
  schema?: string;
  /** The keys that seal personal data and key the audit chain (ADR 0012), from the key file outside the database. */
  keys: KeyRing;
  /** The key file's path (null for an in-memory database, whose keys live only as long as it). */
  keyFile: string | null;
  /**
   * Where uploaded files live (ADR 0049): the disk store under `<dataDir>/files`, or the S3-compatible store of
   * `DOUDI_S3_*`; absent on an in-memory database (uploads are refused).
   */
  files?: FileStore;
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
  /** The key file (default `doudi.keys` in the data directory, or `DOUDI_KEY_FILE`). */
  keyFile?: string;
  /**
   * Refuse to create anything: the SQLite file and the key file must exist (audit verify, backup: a mistyped data
   * directory is an error, not an empty database).
   */
  mustExist?: boolean;
  /** With mustExist: open the SQLite file read-only (audit verify on a read-only copy or file system). */
  readOnly?: boolean;
  /** The S3-compatible store for files (`DOUDI_S3_*`); null or absent: the disk store under the data directory. */
  s3?: S3Options | null;
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
    keyFile: env.DOUDI_KEY_FILE || undefined,
    s3: s3OptionsFromEnv(env),
  };
}

/** Where the key file of these options is. */
export function keyFileOf(opts: ConnectOptions): string {
  return resolve(opts.keyFile ?? join(opts.dataDir ?? './data', 'doudi.keys'));
}

/**
 * The key ring for a connection: the key file's when it exists; otherwise a fresh ring held in memory, written to the
 * key file only when the database turns out to be new (ensureKeys, on migration) — so a connection that never
 * migrates (an administrator's connection in a test, a mistyped directory) leaves no key file behind, and a database
 * whose values were sealed with another key file is never paired with a new one.
 */
function keysFor(opts: ConnectOptions, memory: boolean): { keys: KeyRing; keyFile: string | null } {
  if (memory) return { keys: newKeyRing(), keyFile: null };
  const keyFile = keyFileOf(opts);
  // The ring follows its file: a rotation in another process is taken up while this connection stays open (ADR 0019).
  if (existsSync(keyFile)) return { keys: followKeyFile(readKeyFile(keyFile), keyFile), keyFile };
  if (opts.mustExist) return { keys: readKeyFile(keyFile), keyFile };
  const keys = followKeyFile(newKeyRing(), keyFile);
  FRESH.add(keys);
  return { keys, keyFile };
}

/** Rings generated in memory and not yet written to their key file. */
const FRESH = new WeakSet<KeyRing>();

const KEY_CHECK = 'keys.check';
const checkOf = (keys: KeyRing) => JSON.stringify({ lookup: keys.lookup.id, audit: keys.audit.id, mac: auditMac(keys, `doudi-key-check\u0000${keys.lookup.key.toString('hex')}`) });

/**
 * Pairs the database with its key file: a database records which keys it was sealed with (`meta` 'keys.check', no
 * secret in it); a key file that does not match is refused before anything is read or written with it. A new database
 * takes the connection's keys, written to the key file first (0600) so that nothing is ever sealed with a key that
 * is not on disk.
 */
export async function ensureKeys(db: Db): Promise<void> {
  let recorded: string | undefined;
  try {
    recorded = (await db.kysely.selectFrom('meta').select('value').where('key', '=', KEY_CHECK).executeTakeFirst())?.value;
  } catch {
    recorded = undefined; // no meta table yet: a new database
  }
  if (recorded !== undefined) {
    if (FRESH.has(db.keys)) throw keysMissing(db);
    if (recorded !== checkOf(db.keys)) throw keysMismatch(db);
    return;
  }
  if (FRESH.has(db.keys) && db.keyFile) {
    writeKeyFile(db.keyFile, db.keys);
    FRESH.delete(db.keys);
  }
}

/** Records the pairing once the schema exists (after the first migration). */
async function recordKeys(db: Db): Promise<void> {
  const recorded = await db.kysely.selectFrom('meta').select('value').where('key', '=', KEY_CHECK).executeTakeFirst();
  if (!recorded) await db.kysely.insertInto('meta').values({ key: KEY_CHECK, value: checkOf(db.keys) }).execute();
}

/** Checks the pairing without writing anything (read-only tools: audit verify, backup). */
export async function assertKeysMatch(db: Db): Promise<void> {
  const recorded = (await db.kysely.selectFrom('meta').select('value').where('key', '=', KEY_CHECK).executeTakeFirst())?.value;
  if (recorded !== undefined && recorded !== checkOf(db.keys)) throw keysMismatch(db);
}

function keysMissing(db: Db): AppError {
  return new AppError(
    'KEY_FILE_MISSING',
    {
      zh: `数据库 ${db.location} 中的个人信息已用密钥加密，但找不到它的密钥文件 ${db.keyFile}。请从备份恢复密钥文件（或用 DOUDI_KEY_FILE 指明其位置），未做任何更改。`,
      en: `The database ${db.location} holds data sealed with keys, but its key file ${db.keyFile} is missing. Restore the key file from its backup (or point DOUDI_KEY_FILE at it); nothing was changed.`,
    },
    { status: 500 },
  );
}

function keysMismatch(db: Db): AppError {
  return new AppError(
    'KEY_FILE_MISMATCH',
    {
      zh: `密钥文件 ${db.keyFile ?? ''} 不属于数据库 ${db.location}。请使用该数据库自己的密钥文件，未做任何更改。`,
      en: `The key file ${db.keyFile ?? ''} does not belong to the database ${db.location}. Use this database's own key file; nothing was changed.`,
    },
    { status: 500 },
  );
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
    // A read-only connection (audit verify) cannot write even by mistake: every transaction starts read-only.
    const settings = [opts.pgSchema ? `-c search_path=${opts.pgSchema}` : '', opts.mustExist && opts.readOnly ? '-c default_transaction_read_only=on' : ''].filter(Boolean);
    const pool = new Pool({
      connectionString: url,
      max: opts.pgPoolSize ?? defaultPgPoolSize(),
      // Our settings join those of PGOPTIONS (which an `options` of our own would otherwise replace).
      ...(settings.length ? { options: [process.env.PGOPTIONS ?? '', ...settings].filter(Boolean).join(' ') } : {}),
    });
    pool.on('connect', (client) => prepareReads(client as unknown as QueryingClient));
    // An idle connection the server ends (a restart, an administrator, a dropped database) is replaced by the pool on
    // the next query; unheard, its error would end the whole process.
    pool.on('error', () => {});
    if (opts.mustExist) {
      // No doudi tables where the search_path points (a mistyped schema): said before anything else is looked for.
      const found = await pool.query<{ s: string; t: string | null }>(`select current_schema() as s, to_regclass('meta')::text as t`);
      if (!found.rows[0]?.t) {
        await pool.end();
        const schema = found.rows[0]?.s ?? '(none)';
        throw new AppError(
          'DATABASE_NOT_FOUND',
          { zh: `数据库 ${redact(url)} 的模式 ${schema} 中没有 doudi 数据（请检查 DATABASE_URL 和 search_path），未创建任何内容`, en: `No doudi database in schema ${schema} of ${redact(url)} (check DATABASE_URL and the search_path); nothing was created` },
          { status: 500 },
        );
      }
    }
    const { keys, keyFile } = keysFor(opts, false);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new KeyRingCarrier(keys)] });
    // The schema our tables live in, as the server resolves the search_path (DOUDI_PG_SCHEMA, PGOPTIONS or default).
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(kysely);
    const schema = rows[0]?.s ?? 'public';
    REACHED_BY.set(kysely, { databaseUrl: url, pgSchema: schema, keyFile: keyFile ?? undefined, mustExist: true });
    const files = await filesFor(opts, resolve(opts.dataDir ?? './data'), keys);
    return { kysely, dialect: 'postgres', location: redact(url), schema, keys, keyFile, files, close: () => kysely.destroy() };
  }
  if (url && !url.startsWith('sqlite:')) {
    throw new AppError('DATABASE_URL_UNSUPPORTED', {
      zh: `不支持的 DATABASE_URL：应以 postgres:// 开头，或不设置以使用内置 SQLite`,
      en: `Unsupported DATABASE_URL: use postgres://… or leave it unset for the embedded SQLite database`,
    });
  }
  let file: string;
  // `sqlite::memory:` is the in-memory database too, never a file named ":memory:" (with a key file beside it).
  if (opts.sqliteFile === ':memory:' || url === 'sqlite::memory:') file = ':memory:';
  else if (url?.startsWith('sqlite:')) file = resolve(url.slice('sqlite:'.length));
  else {
    const dir = resolve(opts.dataDir ?? './data');
    if (!opts.mustExist) mkdirSync(dir, { recursive: true, mode: 0o700 });
    file = join(dir, opts.sqliteFile ?? 'doudi.sqlite');
  }
  if (file !== ':memory:' && opts.mustExist && !existsSync(file)) {
    throw new AppError(
      'DATABASE_NOT_FOUND',
      { zh: `找不到数据库文件 ${file}（请检查 DOUDI_DATA_DIR），未创建任何文件`, en: `No database at ${file} (check DOUDI_DATA_DIR); nothing was created` },
      { status: 500 },
    );
  }
  const { keys, keyFile } = keysFor(file === ':memory:' ? opts : { ...opts, dataDir: opts.dataDir ?? (url ? resolve(file, '..') : undefined) }, file === ':memory:');
  const readOnly = opts.mustExist === true && opts.readOnly === true && file !== ':memory:';
  const ro = readOnly ? openSqliteReadOnly(file) : null;
  const raw = ro ? ro.db : openSqliteFile(file);
  if (file !== ':memory:' && !readOnly) restrictDataFiles(file);
  const kysely = new Kysely<Database>({ dialect: new NodeSqliteDialect(raw), plugins: [new KeyRingCarrier(keys)] });
  if (file !== ':memory:') REACHED_BY.set(kysely, { databaseUrl: `sqlite:${file}`, keyFile: keyFile ?? undefined, mustExist: true });
  const close = async () => {
    await kysely.destroy();
    ro?.cleanup();
  };
  const files = file === ':memory:' ? undefined : await filesFor(opts, opts.dataDir ? resolve(opts.dataDir) : resolve(file, '..'), keys);
  return { kysely, dialect: 'sqlite', location: file, keys, keyFile, files, close };
}

/** The connection's file store (ADR 0049): the S3-compatible store when configured, else `<dataDir>/files`. */
async function filesFor(opts: ConnectOptions, dataDir: string, keys: KeyRing): Promise<FileStore> {
  const dir = join(dataDir, 'files');
  return opts.s3 ? s3FileStore(opts.s3, keys, join(dir, 'tmp')) : diskFileStore(dir, keys);
}

/**
 * The database's files readable by their owner only (0600): the SQLite file and its WAL and shared-memory files, which
 * SQLite creates with the process's umask (the CLI sets 0077; this also mends files an earlier version left 0644).
 */
function restrictDataFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch {
      // not there (yet), or a read-only file system: nothing to mend
    }
  }
}

/**
 * The database as the migrator sees it on PostgreSQL: the same, but its introspector lists the tables of our schema
 * only. Kysely's own lists every table of every schema of the database (pg_attribute, pg_class) to learn whether its
 * two tables exist; on a server with other schemas — other instances, tests — that read fails ("column … of relation
 * … does not exist") when another schema drops a table or a column at that moment, and it grows with the server.
 */
function ownSchemaOnly(kysely: Kysely<Database>, schema: string): Kysely<Database> {
  const introspection = {
    getSchemas: async () => [{ name: schema }],
    getMetadata: async () => ({ tables: await getTables() }),
    getTables: async () => getTables(),
  };
  async function getTables() {
    const rows = await sql<{ name: string; type: string }>`select table_name as name, table_type as type from information_schema.tables where table_schema = ${schema}`.execute(kysely);
    return rows.rows.map((r) => ({ name: r.name, schema, isView: r.type === 'VIEW', columns: [] }));
  }
  return new Proxy(kysely, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * The migrator of this database: its own schema's migration tables, introspected in its own schema only. The one way
 * to build a Migrator (migration tests that stop at an older version use it too): Kysely looks for its migration
 * tables in every schema unless told which one, and with several schemas on one server (tests, demo instances) it
 * would find another schema's table and skip creating its own, or fail when another schema drops a table meanwhile.
 */
export function migratorFor(db: Db): Migrator {
  return new Migrator({ db: db.schema ? ownSchemaOnly(db.kysely, db.schema) : db.kysely, provider: migrationProviderFor(db.keys), ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  await ensureKeys(db);
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) throw error;
  await recordKeys(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
