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
      s3: null,
    });
    expect(resolveConnectOptions({}).pgPoolSize).toBeUndefined();
  });

  it('reads the S3-compatible store from DOUDI_S3_*, all four or none, path-style unless turned off', () => {
    const s3 = { DOUDI_S3_ENDPOINT: 'http://127.0.0.1:9000', DOUDI_S3_BUCKET: 'doudi', DOUDI_S3_ACCESS_KEY_ID: 'k', DOUDI_S3_SECRET_ACCESS_KEY: 's' };
    expect(resolveConnectOptions(s3).s3).toEqual({ endpoint: 'http://127.0.0.1:9000', bucket: 'doudi', accessKeyId: 'k', secretAccessKey: 's', region: 'us-east-1', forcePathStyle: true });
    expect(resolveConnectOptions({ ...s3, DOUDI_S3_FORCE_PATH_STYLE: 'false', DOUDI_S3_REGION: 'cn-north-1' }).s3).toMatchObject({ forcePathStyle: false, region: 'cn-north-1' });
    try {
      resolveConnectOptions({ DOUDI_S3_ENDPOINT: 'http://127.0.0.1:9000' });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('S3_CONFIG_INCOMPLETE');
    }
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
