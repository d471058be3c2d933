import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../kernel/errors.ts';
import { newKeyRing, seal, unseal } from '../kernel/sealing.ts';
import { connect, keysOf, migrateToLatest } from './connect.ts';
import { addDataKey, followKeyFile, lockKeyFile, readKeyFile, readKeyFileJson, reloadKeys, removeDataKey, writeKeyFile } from './key-file.ts';

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

describe('a key ring following its key file (rotation, ADR 0019)', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'doudi-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return isAppError(e) ? e.code : String(e);
    }
  };
  const keyFile = () => {
    const file = join(tmp(), 'doudi.keys');
    writeKeyFile(file, newKeyRing());
    return file;
  };

  it('adds a key atomically as the current one, keeping the old keys and their creation dates', () => {
    const file = keyFile();
    const before = readKeyFileJson(file);
    const { id, previous } = addDataKey(file, new Date('2027-03-01T00:00:00Z'));
    const after = readKeyFileJson(file);
    expect(previous).toBe(before.current);
    expect(id).toMatch(/^d20270301[0-9a-f]{4}$/);
    expect(after.current).toBe(id);
    expect(after.data.slice(0, 1)).toEqual(before.data);
    expect(after.data[1]).toMatchObject({ id, created: '2027-03-01T00:00:00.000Z' });
    expect([after.lookup, after.audit, after.created]).toEqual([before.lookup, before.audit, before.created]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => removeDataKey(file, id)).toThrow();
    removeDataKey(file, previous);
    expect(readKeyFileJson(file).data.map((d) => d.id)).toEqual([id]);
  });

  it('says plainly when the key file cannot be written, and changes nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'not-a-directory'), '');
    expect(codeOf(() => writeKeyFile(join(dir, 'not-a-directory', 'doudi.keys'), newKeyRing()))).toBe('KEY_FILE_NOT_WRITTEN');
    const file = keyFile();
    const before = readFileSync(file, 'utf8');
    mkdirSync(`${file}.tmp-${process.pid}`);
    expect(codeOf(() => addDataKey(file))).toBe('KEY_FILE_NOT_WRITTEN');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('opens a value sealed with a key it does not hold yet by reading the file at once', () => {
    const file = keyFile();
    const server = followKeyFile(readKeyFile(file), file, 60_000);
    addDataKey(file);
    const other = readKeyFile(file);
    const sealed = seal(other, 'id_number', '211221196001010017');
    // The interval has not passed: only the unknown key id makes it look.
    expect(unseal(server, 'id_number', sealed)).toBe('211221196001010017');
    expect(server.current).toBe(other.current);
    // A key that is nowhere is still refused.
    expect(codeOf(() => unseal(server, 'id_number', seal(newKeyRing(), 'id_number', 'x')))).toBe('KEY_MISSING');
  });

  it('seals with the new current key once its interval has passed, without meeting any new value', async () => {
    const file = keyFile();
    const server = followKeyFile(readKeyFile(file), file, 1_500);
    const k1 = server.current;
    const { id: k2 } = addDataKey(file);
    expect(seal(server, 'phone', '13900001111').split('.')[1]).toBe(k1);
    await new Promise((r) => setTimeout(r, 1_600));
    expect(seal(server, 'phone', '13900001111').split('.')[1]).toBe(k2);
    // A retired key leaves the ring too.
    removeDataKey(file, k1);
    await new Promise((r) => setTimeout(r, 1_600));
    seal(server, 'phone', '1');
    expect([...server.data.keys()]).toEqual([k2]);
  }, 15_000);

  it('never takes up a key file with other lookup or audit keys (another database\'s)', () => {
    const file = keyFile();
    const server = followKeyFile(readKeyFile(file), file, 0);
    const mine = server.current;
    const foreign = join(tmp(), 'doudi.keys');
    writeKeyFile(foreign, newKeyRing());
    copyFileSync(foreign, file);
    reloadKeys(server);
    expect(server.current).toBe(mine);
    expect(codeOf(() => unseal(server, 'bank_account', seal(readKeyFile(foreign), 'bank_account', '6230')))).toBe('KEY_MISSING');
    expect(server.current).toBe(mine);
    unlinkSync(file);
    expect(seal(server, 'phone', '1').split('.')[1]).toBe(mine);
  });

  it('locks the key file against a second changer, and takes over a lock whose process is gone', () => {
    const file = keyFile();
    const release = lockKeyFile(file);
    expect(codeOf(() => lockKeyFile(file))).toBe('KEY_FILE_BUSY');
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    // A process that died holding it (a rotation killed half-way).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: Number(dead), host: hostname(), at: '2027-01-01T00:00:00Z' }));
    const again = lockKeyFile(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
    again();
    // A live process of another host is not second-guessed.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: Number(dead), host: 'elsewhere', at: '2027-01-01T00:00:00Z' }));
    expect(codeOf(() => lockKeyFile(file))).toBe('KEY_FILE_BUSY');
  });
});
