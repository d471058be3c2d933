import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, verifyAudit } from '../../src/db/audit.ts';
import { headFileOf, readHeadFile, readHeads, writeHeadFile } from '../../src/db/audit-checkpoint.ts';
import type { AuditEventTable, AuditHeadTable } from '../../src/db/schema.ts';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const EAST = '211221';
const WEST = '211223';

/**
 * Checkpoints of the audit chains outside the database (issue 9, point 7). The chain alone cannot see that its newest
 * events were deleted with the head rolled back, or that a whole county's chain is gone, and a forger who knew the old
 * plain hash could recompute it; the keyed chain and the head file (kept by the server) or a checkpoint an operator
 * printed catch each of them.
 */
describe(`audit checkpoints (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let east: Client;
  let west: Client;
  let auditor: Client;
  let headFile: string;

  const household = (c: Client, area: string) => c.call('POST', '/api/households', householdOfThree(area, [nextId('19700501', area.slice(0, 6)), nextId('19720301', area.slice(0, 6)), nextId('20100101', area.slice(0, 6))]));
  const chainOf = (chain: string) => db.kysely.selectFrom('audit_event').selectAll().where('chain', '=', chain).orderBy('seq').execute();
  const headOf = (chain: string) => db.kysely.selectFrom('audit_head').selectAll().where('chain', '=', chain).executeTakeFirst();
  const verify = async (extra: string[] = []) => {
    const r = await runDoudi(db, ['audit', 'verify', '--json', ...extra]);
    return { code: r.code, out: JSON.parse(r.stdout || 'null'), stderr: r.stderr };
  };
  /** Until the head file records the database's current heads (the server writes it a moment after a commit). */
  const headFileCurrent = async () => {
    const want = await readHeads(db.kysely);
    for (let i = 0; i < 100; i++) {
      if (JSON.stringify(readHeadFile(headFile)?.chains) === JSON.stringify(want)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readHeadFile(headFile)?.chains).toEqual(want);
  };

  /** Saves a chain's events and head; returns what puts them back. */
  const save = async (chain: string) => {
    const events = await chainOf(chain);
    const head = await headOf(chain);
    return async () => {
      await db.kysely.deleteFrom('audit_event').where('chain', '=', chain).execute();
      await db.kysely.deleteFrom('audit_head').where('chain', '=', chain).execute();
      for (let i = 0; i < events.length; i += 200) await db.kysely.insertInto('audit_event').values(events.slice(i, i + 200).map((e) => ({ ...e, seq: Number(e.seq) }))).execute();
      if (head) await db.kysely.insertInto('audit_head').values({ ...head, seq: Number(head.seq) } as AuditHeadTable).execute();
    };
  };

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'cp_east', 'township_caseworker', AREAS.township);
    await makeUser(db, 'cp_west', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'cp_auditor', 'auditor', AREAS.city);
    app = await testServer(db);
    auditor = await loginAs(app, 'cp_auditor');
    east = await loginAs(app, 'cp_east');
    west = await loginAs(app, 'cp_west');
    for (let i = 0; i < 4; i++) expect((await household(east, AREAS.village)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await household(west, AREAS.otherCountyVillage)).status).toBe(201);
    headFile = headFileOf(db) as string;
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('the server keeps the head file current a moment after each commit, signed, 0600, and writes it on shutdown', async () => {
    await headFileCurrent();
    const cp = readHeadFile(headFile);
    expect(cp).toMatchObject({ format: 'doudi-audit-checkpoint/1', keyId: db.keys.audit.id, chains: { [EAST]: { seq: expect.any(Number) }, [WEST]: { seq: expect.any(Number) }, city: expect.anything() } });
    expect(statSync(headFile).mode & 0o777).toBe(0o600);
    expect((await household(east, AREAS.village)).status).toBe(201);
    await headFileCurrent();
    // A second server: its append is checkpointed when it closes, even before the debounce.
    const other = await testServer(db);
    expect((await household(await loginAs(other, 'cp_west'), AREAS.otherCountyVillage)).status).toBe(201);
    await other.close();
    expect(readHeadFile(headFile)?.chains[WEST]).toEqual((await readHeads(db.kysely))[WEST]);
    const r = await verify();
    expect([r.code, r.out.ok, r.out.checkpoints[0].problems, r.stderr]).toEqual([0, true, [], '']);
  });

  it('the newest events deleted and the head rolled back with them: the chain alone says intact, the checkpoint says truncated', async () => {
    await headFileCurrent();
    const restore = await save(EAST);
    const events = await chainOf(EAST);
    const keep = events[events.length - 3];
    await db.kysely.deleteFrom('audit_event').where('chain', '=', EAST).where('seq', '>', Number(keep.seq)).execute();
    await db.kysely.updateTable('audit_head').set({ seq: Number(keep.seq), hash: keep.hash }).where('chain', '=', EAST).execute();
    try {
      expect((await verifyAudit(db.kysely)).ok).toBe(true);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.out.firstProblem).toEqual({ chain: EAST, seq: Number(keep.seq) + 1, problem: 'truncated' });
      // The auditors' check in the UI compares with the server's head file too.
      const api = await auditor.call('POST', '/api/audit/verify');
      expect(api.json).toMatchObject({ ok: false, firstProblem: { chain: EAST, seq: Number(keep.seq) + 1, problem: 'truncated' } });
    } finally {
      await restore();
    }
    expect((await verify()).code).toBe(0);
  });

  it('a whole county chain deleted, events and head: the checkpoint says the chain is missing', async () => {
    await headFileCurrent();
    const restore = await save(WEST);
    await db.kysely.deleteFrom('audit_event').where('chain', '=', WEST).execute();
    await db.kysely.deleteFrom('audit_head').where('chain', '=', WEST).execute();
    try {
      expect((await verifyAudit(db.kysely)).ok).toBe(true);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.out.firstProblem).toEqual({ chain: WEST, seq: 1, problem: 'chain_missing' });
      const text = await runDoudi(db, ['audit', 'verify']);
      expect(text.stdout).toContain(`checkpoint ${headFile}`);
      expect(text.stdout).toContain(`${WEST}#1 chain_missing`);
    } finally {
      await restore();
    }
    expect((await verify()).code).toBe(0);
  });

  /** Rewrites a chain from `from` on with the given hash function, as a forger would after editing an event. */
  const recompute = async (chain: string, from: number, hash: (fields: Omit<AuditEventTable, 'hash'>) => string) => {
    const events = await chainOf(chain);
    let prev = events[from - 2]?.hash ?? '0'.repeat(64);
    for (const e of events.slice(from - 1)) {
      const { hash: _h, ...fields } = { ...e, seq: Number(e.seq), prev_hash: prev };
      prev = hash(fields);
      await db.kysely.updateTable('audit_event').set({ prev_hash: fields.prev_hash, hash: prev }).where('chain', '=', chain).where('seq', '=', Number(e.seq)).execute();
    }
    await db.kysely.updateTable('audit_head').set({ hash: prev }).where('chain', '=', chain).execute();
  };

  it('an event edited and the hashes recomputed: without the key the chain breaks; with it, the checkpoint still differs', async () => {
    await headFileCurrent();
    const restore = await save(EAST);
    const victim = Math.floor((await chainOf(EAST)).length / 2);
    await db.kysely.updateTable('audit_event').set({ actor_name: 'forger' }).where('chain', '=', EAST).where('seq', '=', victim).execute();
    try {
      // The old scheme's hash (plain sha256), recomputed by anyone with write access to the database.
      await recompute(EAST, victim, (f) => createHash('sha256').update(canonicalJson(f)).digest('hex'));
      expect((await verifyAudit(db.kysely)).firstProblem).toEqual({ chain: EAST, seq: victim, problem: 'hash_mismatch' });
      // An insider holding the key file too: the chain is consistent again, but no longer the one checkpointed.
      await recompute(EAST, victim, (f) => eventHash(db.keys, f));
      expect((await verifyAudit(db.kysely)).ok).toBe(true);
      const r = await verify();
      expect(r.code).toBe(1);
      expect(r.out.firstProblem).toMatchObject({ chain: EAST, problem: 'checkpoint_mismatch' });
    } finally {
      await restore();
    }
    expect((await verify()).code).toBe(0);
  });

  it("an operator's printed checkpoint catches a truncation even when the head file is removed; a forged one is refused", async () => {
    const printed = await runDoudi(db, ['audit', 'checkpoint', '--json']);
    expect(printed.code, printed.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'doudi-cp-'));
    try {
      const kept = join(dir, 'checkpoint.json');
      writeFileSync(kept, printed.stdout);
      const cp = JSON.parse(printed.stdout);
      expect(cp.chains).toEqual(await readHeads(db.kysely));
      expect((await verify(['--checkpoint', kept])).code).toBe(0);
      const forged = join(dir, 'forged.json');
      writeFileSync(forged, JSON.stringify({ ...cp, chains: { ...cp.chains, [EAST]: { ...cp.chains[EAST], seq: cp.chains[EAST].seq - 1 } } }));
      const f = await verify(['--checkpoint', forged]);
      expect([f.code, f.out.checkpoints[1].problems]).toEqual([1, [{ chain: '*', seq: 0, problem: 'checkpoint_invalid' }]]);

      const restore = await save(WEST);
      const headText = readFileSync(headFile);
      rmSync(headFile);
      const events = await chainOf(WEST);
      const keep = events[events.length - 2];
      await db.kysely.deleteFrom('audit_event').where('chain', '=', WEST).where('seq', '>', Number(keep.seq)).execute();
      await db.kysely.updateTable('audit_head').set({ seq: Number(keep.seq), hash: keep.hash }).where('chain', '=', WEST).execute();
      try {
        const plain = await verify();
        expect([plain.code, plain.out.warnings.map((w: { code: string }) => w.code)]).toEqual([0, ['CHECKPOINT_NONE']]);
        expect(plain.stderr).toContain('CHECKPOINT_NONE');
        const r = await verify(['--checkpoint', kept]);
        expect(r.code).toBe(1);
        expect(r.out.firstProblem).toEqual({ chain: WEST, seq: Number(keep.seq) + 1, problem: 'truncated' });
      } finally {
        await restore();
        writeFileSync(headFile, headText, { mode: 0o600 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the head file keeps the evidence of a truncation however far the chain grows again afterwards', async () => {
    await headFileCurrent();
    const restore = await save(EAST);
    const before = readHeadFile(headFile)?.chains[EAST];
    const events = await chainOf(EAST);
    const keep = events[1];
    await db.kysely.deleteFrom('audit_event').where('chain', '=', EAST).where('seq', '>', Number(keep.seq)).execute();
    await db.kysely.updateTable('audit_head').set({ seq: Number(keep.seq), hash: keep.hash }).where('chain', '=', EAST).execute();
    try {
      // New work appends past the old head's number: the server's writer does not let it overwrite the checkpoint.
      for (let i = 0; i < events.length; i++) expect((await household(east, AREAS.village)).status).toBe(201);
      expect(Number((await headOf(EAST))?.seq)).toBeGreaterThan(before?.seq ?? 0);
      const r = await writeHeadFile(db);
      expect(r?.diverged).toEqual([EAST]);
      expect(readHeadFile(headFile)?.chains[EAST]).toEqual(before);
      const v = await verify();
      expect(v.code).toBe(1);
      expect(v.out.firstProblem).toMatchObject({ chain: EAST, seq: before?.seq, problem: 'checkpoint_mismatch' });
    } finally {
      await restore();
    }
  });
});

describe('audit verify refuses a database that is not there, creating nothing', () => {
  it(TEST_DIALECT === 'sqlite' ? 'a mistyped data directory' : 'a schema that does not exist', async () => {
    const db = await createTestDb({ seed: false });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'doudi-typo-'));
      const typo = join(dir, 'dta');
      const env = db.dialect === 'sqlite' ? { DOUDI_DATA_DIR: typo, DOUDI_KEY_FILE: undefined } : { PGOPTIONS: '-c search_path=no_such_schema_here' };
      const r = await runDoudi(db, ['audit', 'verify'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^(DATABASE_NOT_FOUND|KEY_FILE_MISSING): .+ \/ .+/);
      expect(r.stdout).not.toContain('intact');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(typo)).toBe(false);
      if (db.dialect === 'postgres') {
        const s = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = 'no_such_schema_here'`.execute(db.kysely);
        expect(s.rows[0].n).toBe(0);
        expect(r.stderr).toContain('DATABASE_NOT_FOUND');
      }
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await db.destroy();
    }
  });
});
