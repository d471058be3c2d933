import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { connect } from '../../src/db/connect.ts';
import { readKeyFileJson } from '../../src/db/key-file.ts';
import { householdOfThree } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../factories/server-process.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

const run = promisify(execFile);

/**
 * Backup and restore (issue 9, point 21): a backup taken while a server in another process keeps writing, restored
 * into an empty data directory (SQLite: `doudi backup` / `doudi restore`; PostgreSQL: pg_dump / pg_restore as
 * documented, checked by `doudi backup --check`), passes `audit verify --deep`, and holds every write acknowledged
 * before the backup began. The key file is not in the backup; the backup is 0600.
 */
describe(`backup and restore during writes (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let server: ServerProcess | undefined;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'doudi-bk-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'bk_clerk', 'township_caseworker', AREAS.township);
    await generateDemo(operatorContext(db, { name: 'test' }), { households: 150, seed: 'bk', county: '211221' });
  });
  afterAll(async () => {
    await server?.close().catch(() => {});
    await db?.destroy();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A server in another process, and a client that creates households one after another until stopped. */
  async function writing(): Promise<{ acked: string[]; stop: () => Promise<void> }> {
    server = await startServerProcess(db);
    const client = await httpLogin(server.baseUrl, 'bk_clerk');
    const acked: string[] = [];
    let go = true;
    const loop = (async () => {
      while (go) {
        const r = await client.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')]));
        expect(r.status, JSON.stringify(r.json)).toBe(201);
        acked.push(r.json.id);
      }
    })();
    while (acked.length < 5) await new Promise((r) => setTimeout(r, 20));
    return {
      acked,
      stop: async () => {
        go = false;
        await loop;
        await server?.close();
        server = undefined;
      },
    };
  }

  const keyMaterial = () => {
    const k = readKeyFileJson(db.keyFile as string);
    return [...k.data.map((d) => d.key), k.lookup.key, k.audit.key];
  };

  it.runIf(TEST_DIALECT === 'sqlite')('doudi backup while the server writes, doudi restore into an empty directory, audit verify --deep intact with every acknowledged write', async () => {
    const dir = tmp();
    const file = join(dir, 'doudi-backup.sqlite');
    const w = await writing();
    const beforeBackup = [...w.acked];
    const b = await runDoudi(db, ['backup', '--out', file, '--json']);
    await new Promise((r) => setTimeout(r, 300));
    await w.stop();
    expect(b.code, b.stderr).toBe(0);
    const out = JSON.parse(b.stdout);
    expect(out).toMatchObject({ file, events: expect.any(Number), checkpoint: { format: 'doudi-audit-checkpoint/1' } });
    expect(w.acked.length).toBeGreaterThan(beforeBackup.length);

    // 0600, self-contained (no WAL beside it), and no key in it.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['doudi-backup.sqlite']);
    const bytes = readFileSync(file);
    for (const k of keyMaterial()) {
      expect(bytes.includes(Buffer.from(k))).toBe(false);
      expect(bytes.includes(Buffer.from(k, 'base64'))).toBe(false);
    }
    const check = await runDoudi(db, ['backup', '--check', file, '--deep']);
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('integrity ok; 审计链完整 audit chains intact')]);

    // Restore refusals change nothing.
    const target = join(tmp(), 'data');
    const env = { DOUDI_DATA_DIR: target, DOUDI_KEY_FILE: undefined };
    const noKey = await runDoudi(db, ['restore', file], { env });
    expect([noKey.code, noKey.stderr]).toEqual([1, expect.stringContaining('KEY_FILE_REQUIRED')]);
    const foreign = await createTestDb({ seed: false });
    try {
      await (await import('../../src/db/connect.ts')).migrateToLatest(foreign);
      const wrong = await runDoudi(db, ['restore', file, '--key-file', foreign.keyFile as string], { env });
      expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('KEY_FILE_MISMATCH')]);
    } finally {
      await foreign.destroy();
    }
    expect(existsSync(target)).toBe(false);

    const restored = await runDoudi(db, ['restore', file, '--key-file', db.keyFile as string, '--json'], { env });
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ keyCopied: true, events: out.events });
    for (const f of ['doudi.sqlite', 'doudi.keys', 'doudi.audit-head']) expect(statSync(join(target, f)).mode & 0o777, f).toBe(0o600);
    const again = await runDoudi(db, ['restore', file, '--key-file', db.keyFile as string], { env });
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('RESTORE_TARGET_NOT_EMPTY')]);

    const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json'], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, warnings: [], deep: { ok: true }, checkpoints: [{ problems: [] }] });
    const copy = await connect({ dataDir: target, mustExist: true, readOnly: true });
    try {
      const ids = new Set((await copy.kysely.selectFrom('household').select('id').execute()).map((h) => h.id));
      for (const id of beforeBackup) expect(ids.has(id), id).toBe(true);
    } finally {
      await copy.close();
    }

    // A damaged backup is recognised.
    const damaged = join(dir, 'damaged.sqlite');
    const buf = Buffer.from(bytes);
    buf.fill(0x5a, Math.floor(buf.length / 2), Math.floor(buf.length / 2) + 8192);
    writeFileSync(damaged, buf, { mode: 0o600 });
    const bad = await runDoudi(db, ['backup', '--check', damaged]);
    expect(bad.code).not.toBe(0);
    const exists = await runDoudi(db, ['backup', '--out', file]);
    expect([exists.code, exists.stderr]).toEqual([1, expect.stringContaining('BACKUP_EXISTS')]);
  }, 300_000);

  it.runIf(TEST_DIALECT === 'postgres')('pg_dump while the server writes, checked by doudi backup --check, pg_restore into an empty database: audit verify --deep intact with every acknowledged write', async () => {
    const url = process.env.DOUDI_TEST_DATABASE_URL as string;
    const dir = tmp();
    const file = join(dir, 'doudi.dump');
    const w = await writing();
    // The operator's drill (ADR 0016): a checkpoint printed first, then the dump, which must contain everything it names.
    const cp = await runDoudi(db, ['audit', 'checkpoint', '--json']);
    expect(cp.code, cp.stderr).toBe(0);
    writeFileSync(join(dir, 'checkpoint.json'), cp.stdout);
    const beforeDump = [...w.acked];
    await run('pg_dump', ['--format=custom', `--schema=${db.schema}`, `--file=${file}`, url]);
    await new Promise((r) => setTimeout(r, 300));
    await w.stop();
    expect(w.acked.length).toBeGreaterThan(beforeDump.length);
    const check = await runDoudi(db, ['backup', '--check', file]);
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('archive complete')]);
    expect(readFileSync(file).includes(Buffer.from(keyMaterial()[0]))).toBe(false);
    const refused = await runDoudi(db, ['backup', '--out', join(dir, 'x.sqlite')]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('BACKUP_USE_PG_DUMP')]);

    const scratch = `doudi_restore_${randomBytes(4).toString('hex')}`;
    await sql.raw(`create database ${scratch}`).execute(db.kysely);
    const scratchUrl = Object.assign(new URL(url), { pathname: `/${scratch}` }).toString();
    try {
      await run('pg_restore', ['--no-owner', `--dbname=${scratchUrl}`, file]);
      // The keys are given back apart (a directory of their own: no head file of the live database beside them).
      const keys = join(tmp(), 'doudi.keys');
      copyFileSync(db.keyFile as string, keys);
      const env = { DATABASE_URL: scratchUrl, PGOPTIONS: `-c search_path=${db.schema}`, DOUDI_KEY_FILE: keys };
      const reset = await runDoudi(db, ['audit', 'checkpoint', '--reset', '--json'], { env });
      expect(reset.code, reset.stderr).toBe(0);
      const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json', '--checkpoint', join(dir, 'checkpoint.json')], { env });
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, warnings: [], deep: { ok: true }, checkpoints: [{ problems: [] }, { problems: [] }] });
      const copy = await connect({ databaseUrl: scratchUrl, pgSchema: db.schema, keyFile: keys, mustExist: true, readOnly: true, pgPoolSize: 1 });
      try {
        const ids = new Set((await copy.kysely.selectFrom('household').select('id').execute()).map((h) => h.id));
        for (const id of beforeDump) expect(ids.has(id), id).toBe(true);
      } finally {
        await copy.close();
      }
    } finally {
      await sql.raw(`drop database ${scratch} with (force)`).execute(db.kysely);
    }
  }, 300_000);
});
