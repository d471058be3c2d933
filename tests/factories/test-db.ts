import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Db } from '../../src/db/connect.ts';
import { prepareDatabase } from '../../src/commands/admin/bootstrap.ts';
import { scratchDir } from './scratch-dir.ts';

process.env.DOUDI_ARGON2_MEMORY_KIB ??= '1024';

/** Which database the suite runs on: PostgreSQL when DOUDI_TEST_DATABASE_URL is set, else a fresh SQLite file. */
export const TEST_DIALECT = process.env.DOUDI_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDb extends Db {
  /** Opens a second, independent connection to the same database (another process's view). */
  reopen(): Promise<Db>;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated and seeded database for one test file: a temporary SQLite file (in memory when the machine allows,
 * `scratchDir`), or a schema of its own
 * in the PostgreSQL test database (dropped afterwards).
 */
export async function createTestDb(opts: { seed?: boolean } = {}): Promise<TestDb> {
  const url = process.env.DOUDI_TEST_DATABASE_URL;
  let db: Db;
  let reopen: () => Promise<Db>;
  let cleanup: () => Promise<void>;
  // Each test database has a key file of its own, in a temporary directory (the SQLite file's, or one made for it).
  const dir = scratchDir('doudi-test-');
  const keyFile = join(dir, 'doudi.keys');
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
    const { sql } = await import('kysely');
    await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
    await admin.close();
    reopen = () => connect({ databaseUrl: url, pgSchema: schema, keyFile, dataDir: dir });
    db = await reopen();
    cleanup = async () => {
      const a = await connect({ databaseUrl: url, pgPoolSize: 1 });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(a.kysely);
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    reopen = () => connect({ dataDir: dir });
    db = await reopen();
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  if (opts.seed !== false) await prepareDatabase(db, new Date('2026-01-05T02:00:00Z'));
  return {
    ...db,
    reopen,
    async destroy() {
      await db.close();
      await cleanup();
    },
  };
}

