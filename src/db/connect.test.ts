import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../kernel/errors.ts';
import { connect, defaultPgPoolSize, resolveConnectOptions } from './connect.ts';

describe('resolveConnectOptions', () => {
  it('reads the database, data directory, schema and pool size from the environment', () => {
    expect(resolveConnectOptions({ DATABASE_URL: 'postgres://u@h/d', DOUDI_PG_SCHEMA: 's1', DOUDI_PG_POOL_SIZE: '6' })).toEqual({
      databaseUrl: 'postgres://u@h/d',
      dataDir: './data',
      pgSchema: 's1',
      pgPoolSize: 6,
    });
    expect(resolveConnectOptions({}).pgPoolSize).toBeUndefined();
  });

  it.each(['0', '-1', '2.5', 'ten', '1001'])('refuses DOUDI_PG_POOL_SIZE=%s with a code and the variable', (v) => {
    try {
      resolveConnectOptions({ DOUDI_PG_POOL_SIZE: v });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('PG_POOL_SIZE_INVALID');
      expect(isAppError(e) && e.field).toBe('DOUDI_PG_POOL_SIZE');
    }
  });

  it('defaults the pool to twice the cores, never below two', () => {
    expect(defaultPgPoolSize()).toBe(Math.max(2, 2 * availableParallelism()));
  });
});

describe('connect', () => {
  it('opens sqlite::memory: in memory: no database file and no key file appear in the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-memory-'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const db = await connect({ databaseUrl: 'sqlite::memory:', dataDir: dir });
      expect([db.location, db.keyFile]).toEqual([':memory:', null]);
      await db.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
