/**
 * The two databases a bench measures on: SQLite (a data directory of its own) always, then PostgreSQL in a schema of
 * its own when DOUDI_BENCH_DATABASE_URL=postgres://… is set (the schema dropped afterwards). Each gets the schema and
 * parameters (`prepareDatabase`) and is handed to `run` with its label, its connection and the environment its child
 * phases need to reach the same database. Answers whether every run said its target was met.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect, type Db } from '../../src/db/connect.ts';

export interface BenchDatabase {
  /** 'SQLite (…)' or 'PostgreSQL (schema …)', for the bench's heading. */
  label: string;
  db: Db;
  /** The environment a child phase connects with (`resolveConnectOptions`): the same database, the same keys. */
  env: NodeJS.ProcessEnv;
  /** The bench's own directory (SQLite's data directory; the key file of a PostgreSQL run lives here too). */
  dir: string;
}

export interface ForEachDatabaseOptions {
  /** The temporary directory's prefix: `doudi-NAME-bench-`. */
  name: string;
  /** SQLite's label, naming what is measured (e.g. 'SQLite (node:sqlite, WAL)'). */
  sqliteLabel?: string;
  /** Use this directory and keep it (a bench re-measuring data it built before). */
  reuseDir?: string;
  skipSqlite?: boolean;
  /** Measure this existing PostgreSQL schema again (kept). */
  pgSchema?: string;
  /** Keep the directory and the schema for a later `reuseDir`/`pgSchema`. */
  keep?: boolean;
  /** The PostgreSQL run uses a key file of its own in `dir` (data whose ID numbers are sealed by the bench). */
  pgKeyFile?: boolean;
  /** Fall back to DOUDI_TEST_DATABASE_URL when DOUDI_BENCH_DATABASE_URL is not set. */
  testUrlFallback?: boolean;
}

export async function forEachDatabase(o: ForEachDatabaseOptions, run: (d: BenchDatabase) => Promise<boolean | undefined>): Promise<boolean> {
  const { prepareDatabase } = await import('../../src/commands/admin/bootstrap.ts');
  const dir = o.reuseDir ?? mkdtempSync(join(tmpdir(), `doudi-${o.name}-bench-`));
  let ok = true;
  try {
    if (!o.skipSqlite) {
      const db = await connect({ dataDir: dir });
      await prepareDatabase(db, new Date());
      const env: NodeJS.ProcessEnv = { ...process.env, DOUDI_DATA_DIR: dir };
      delete env.DATABASE_URL;
      ok = (await run({ label: o.sqliteLabel ?? 'SQLite (node:sqlite, WAL)', db, env, dir })) !== false && ok;
      await db.close();
    }
    const url = process.env.DOUDI_BENCH_DATABASE_URL || (o.testUrlFallback ? process.env.DOUDI_TEST_DATABASE_URL : undefined);
    if (!url) {
      process.stdout.write('\n(PostgreSQL skipped: set DOUDI_BENCH_DATABASE_URL=postgres://… to run it too)\n');
      return ok;
    }
    const schema = o.pgSchema ?? `bench_${randomBytes(4).toString('hex')}`;
    const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
    if (!o.pgSchema) await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
    try {
      const keyFile = o.pgKeyFile ? join(dir, 'pg.keys') : undefined;
      const db = await connect({ databaseUrl: url, pgSchema: schema, ...(keyFile ? { keyFile } : {}) });
      await prepareDatabase(db, new Date());
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, DOUDI_PG_SCHEMA: schema, ...(keyFile ? { DOUDI_KEY_FILE: keyFile } : {}) };
      ok = (await run({ label: `PostgreSQL (schema ${schema})`, db, env, dir })) !== false && ok;
      await db.close();
    } finally {
      if (o.keep || o.pgSchema) process.stdout.write(`(kept the PostgreSQL schema ${schema}: --pg-schema ${schema} measures it again)\n`);
      else await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely);
      await admin.close();
    }
    return ok;
  } finally {
    if (o.keep || o.reuseDir) process.stdout.write(`(kept ${dir})\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
