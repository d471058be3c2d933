import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/commands/admin/bootstrap.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { verifyAudit } from '../../src/db/audit.ts';
import { writeHeadFile } from '../../src/db/audit-checkpoint.ts';
import { connect, type Db } from '../../src/db/connect.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

/** As root, the read-only tests run the CLI as `nobody` (root writes anywhere); as another user, as that user. */
const ROOT = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

/** Makes a directory and its files read-only for the user the CLI runs as (owner: that user; r-x / r--). */
function readOnly(dir: string): void {
  for (const f of readdirSync(dir)) {
    if (ROOT) chownSync(join(dir, f), NOBODY.uid, NOBODY.gid);
    chmodSync(join(dir, f), 0o400);
  }
  if (ROOT) chownSync(dir, NOBODY.uid, NOBODY.gid);
  chmodSync(dir, 0o500);
}

async function someWork(db: Db): Promise<void> {
  await makeUser(db, 'ro_a', 'township_caseworker', AREAS.township);
  await makeUser(db, 'ro_b', 'county_approver', AREAS.county);
  await generateDemo(operatorContext(db, { name: 'test' }), { households: 60, seed: 'ro', county: '211221' });
}

/**
 * A read-only database (issue 9, point 9): `audit verify --deep` works on a read-only file system or copy (a clean
 * database file alone; a file with a WAL of committed transactions not yet copied back and no shared-memory file)
 * and on PostgreSQL as a read-only role or with read-only transactions; it writes nothing. `serve` on such a database
 * says plainly, in Chinese and English, why it cannot start, without a stack trace.
 */
describe.runIf(TEST_DIALECT === 'sqlite')('read-only SQLite database', () => {
  let anchor: TestDb;
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'doudi-ro-'));
    dirs.push(d);
    return d;
  };
  beforeAll(async () => {
    anchor = await createTestDb({ seed: false });
  });
  afterAll(async () => {
    for (const d of dirs) {
      chmodSync(d, 0o700);
      rmSync(d, { recursive: true, force: true });
    }
    await anchor?.destroy();
  });

  const cli = (dir: string, args: string[]) =>
    runDoudi(anchor, args, { env: { DOUDI_DATA_DIR: dir, DOUDI_KEY_FILE: join(dir, 'doudi.keys') }, ...(ROOT ? { user: NOBODY } : {}) });

  it('verifies a cleanly closed database on a read-only directory (the file alone, opened immutable), writing nothing', async () => {
    const dir = tmp();
    const db = await connect({ dataDir: dir });
    await prepareDatabase(db, new Date());
    await someWork(db);
    const events = (await verifyAudit(db.kysely)).events;
    await writeHeadFile(db);
    await db.close();
    expect(existsSync(join(dir, 'doudi.sqlite-wal'))).toBe(false);
    readOnly(dir);
    const listing = readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]);
    const r = await cli(dir, ['audit', 'verify', '--deep']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain(`audit chain intact: ${events} events`);
    expect(r.stdout).toMatch(/business rows \(household 60, .*\): ok/);
    expect(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs])).toEqual(listing);
  });

  it('verifies a read-only copy whose WAL holds committed transactions and whose shared-memory file is gone (read from a private copy)', async () => {
    const live = tmp();
    const db = await connect({ dataDir: live });
    await prepareDatabase(db, new Date());
    // Keep the WAL: nothing is copied back into the database file while this connection lives.
    await sql`pragma wal_autocheckpoint = 0`.execute(db.kysely);
    await someWork(db);
    await writeHeadFile(db);
    const events = (await verifyAudit(db.kysely)).events;
    const copy = tmp();
    for (const f of ['doudi.sqlite', 'doudi.sqlite-wal', 'doudi.keys', 'doudi.audit-head']) copyFileSync(join(live, f), join(copy, f));
    expect(statSync(join(copy, 'doudi.sqlite-wal')).size).toBeGreaterThan(0);
    await db.close();
    readOnly(copy);
    const r = await cli(copy, ['audit', 'verify', '--deep', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, events, keyed: true, warnings: [] });
    expect(out.deep.checked.household).toBe(60);
    expect(readdirSync(copy).sort()).toEqual(['doudi.audit-head', 'doudi.keys', 'doudi.sqlite', 'doudi.sqlite-wal']);
  });

  it('serve on a read-only database says why it cannot start, in Chinese and English, without a stack trace', async () => {
    const dir = tmp();
    const db = await connect({ dataDir: dir });
    await prepareDatabase(db, new Date());
    await db.close();
    readOnly(dir);
    const r = await cli(dir, ['serve', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^DATABASE_READ_ONLY: 无法启动：数据库 .+ 是只读的.+ \/ Cannot start: the database .+ is read-only/);
    expect(r.stderr).toContain('doudi audit verify');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('read-only PostgreSQL database', () => {
  let db: TestDb;
  const role = `doudi_ro_${randomBytes(4).toString('hex')}`;
  let roUrl: string;

  beforeAll(async () => {
    db = await createTestDb();
    await someWork(db);
    await writeHeadFile(db);
    const schema = db.schema as string;
    await sql.raw(`create role ${role} login password 'ro-pass'`).execute(db.kysely);
    await sql.raw(`grant usage on schema ${schema} to ${role}`).execute(db.kysely);
    await sql.raw(`grant select on all tables in schema ${schema} to ${role}`).execute(db.kysely);
    const url = new URL(process.env.DOUDI_TEST_DATABASE_URL as string);
    url.username = role;
    url.password = 'ro-pass';
    roUrl = url.toString();
  });
  afterAll(async () => {
    if (db) {
      await sql.raw(`drop owned by ${role}`).execute(db.kysely);
      await sql.raw(`drop role ${role}`).execute(db.kysely);
      await db.destroy();
    }
  });

  const readOnlyTx = async () => ({ PGOPTIONS: `-c search_path=${db.schema} -c default_transaction_read_only=on` });

  it('audit verify --deep works with read-only transactions and as a role that may only read', async () => {
    const events = (await verifyAudit(db.kysely)).events;
    for (const env of [await readOnlyTx(), { DATABASE_URL: roUrl }]) {
      const r = await runDoudi(db, ['audit', 'verify', '--deep', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, events, warnings: [], deep: { ok: true, checked: { household: 60 } } });
    }
  });

  it('serve says why it cannot start, in Chinese and English, without a stack trace', async () => {
    for (const env of [await readOnlyTx(), { DATABASE_URL: roUrl }]) {
      const r = await runDoudi(db, ['serve', '--port', '0'], { env });
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(/^DATABASE_READ_ONLY: 无法启动：数据库 .+ 是只读的.+ \/ Cannot start: the database .+ is read-only/);
      expect(r.stderr).not.toContain('ro-pass');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

