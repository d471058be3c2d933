import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../kernel/errors.ts';
import { connect, keysOf, migrateToLatest } from './connect.ts';
import { readKeyFile } from './key-file.ts';

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isAppError(e) ? e.code : String(e)));

describe('the key file and its database (SQLite)', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'doudi-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is written 0600 beside a new database on its first migration, and the connection carries it into transactions', async () => {
    const dir = tmp();
    const db = await connect({ dataDir: dir });
    expect(existsSync(join(dir, 'doudi.keys'))).toBe(false);
    await migrateToLatest(db);
    const file = join(dir, 'doudi.keys');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'doudi.sqlite')).mode & 0o077).toBe(0);
    expect(readKeyFile(file).current).toBe(db.keys.current);
    await db.kysely.transaction().execute(async (trx) => expect(keysOf(trx)).toBe(db.keys));
    await db.close();
    const again = await connect({ dataDir: dir });
    expect(again.keys.current).toBe(db.keys.current);
    await migrateToLatest(again);
    await again.close();
  });

  it('refuses a database whose key file is missing or belongs to another database, and writes nothing', async () => {
    const dir = tmp();
    const db = await connect({ dataDir: dir });
    await migrateToLatest(db);
    await db.close();
    const file = join(dir, 'doudi.keys');
    const other = tmp();
    const foreign = await connect({ dataDir: other });
    await migrateToLatest(foreign);
    await foreign.close();

    unlinkSync(file);
    const lost = await connect({ dataDir: dir });
    expect(await code(migrateToLatest(lost))).toBe('KEY_FILE_MISSING');
    await lost.close();
    expect(existsSync(file)).toBe(false);

    const mixed = await connect({ dataDir: dir, keyFile: join(other, 'doudi.keys') });
    expect(await code(migrateToLatest(mixed))).toBe('KEY_FILE_MISMATCH');
    await mixed.close();
  });

  it('with mustExist, opens nothing it would have to create', async () => {
    const dir = tmp();
    expect(await code(connect({ dataDir: join(dir, 'typo'), mustExist: true }))).toBe('DATABASE_NOT_FOUND');
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    writeFileSync(join(dir, 'doudi.sqlite'), '');
    expect(await code(connect({ dataDir: dir, mustExist: true }))).toBe('KEY_FILE_MISSING');
  });
});
