import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOrphanFiles } from '../../src/commands/admin/files-gc.ts';
import { verifyAuditInFull } from '../../src/commands/admin/verify-audit.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { type FileStore, s3FileStore, s3OptionsFromEnv } from '../../src/db/file-store.ts';
import { testServer } from '../factories/api.ts';
import { jpegWithGps, TINY_PDF } from '../factories/evidence.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { scratchDir } from '../factories/scratch-dir.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { applyBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * The stored files' integrity (ADR 0050): `audit verify --deep` reads every live file back through the store and
 * compares its digest with the record and the upload's audit event — a file altered or missing on disk, or a record
 * changed behind the application's back, is reported by county, case and file; `files gc` removes the stored files no
 * record names once older than the bound, on the disk store and on an S3-compatible one, and never a named file.
 */
describe(`stored files: deep verification and orphan cleanup (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2027-06-01');
  let caseId = '';
  const files: { id: string; digest: string; countyCode: string }[] = [];
  const pathOf = (digest: string) => join(db.files?.directory as string, digest.slice(0, 2), digest.slice(2, 4), digest);

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fiva', 'village_assistant', AREAS.village);
    app = await testServer(db, clock.fn);
    const va = await sessionFor(app, 'fiva');
    const h = await newHousehold(va, AREAS.village, '核');
    const c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    caseId = c.id;
    const s = await rawLogin(app, 'fiva', TEST_PASSWORD);
    for (const [q, body, type] of [
      [{ step: 'apply', type: 'photo', name: 'a.jpg' }, await jpegWithGps(640, 480), 'image/jpeg'],
      [{ step: 'apply', type: 'application', name: 'b.pdf' }, TINY_PDF, 'application/pdf'],
      [{ step: 'apply', type: 'other', name: 'c.jpg' }, await jpegWithGps(320, 240), 'image/jpeg'],
    ] as const) {
      const r = await s.inject({ method: 'POST', url: `${url(c)}/files?${new URLSearchParams(q)}`, headers: { 'content-type': type }, payload: body });
      expect(r.statusCode, r.body).toBe(200);
      files.push(r.json());
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const verify = () => verifyAuditInFull(operatorContext(db), { deep: true, headFile: false });

  it('reads every live file back: all intact, counted as the database counts them', async () => {
    const seen: number[] = [];
    const r = await verifyAuditInFull(operatorContext(db), { deep: true, headFile: false, onFilesProgress: (n) => seen.push(n) });
    const live = Number((await db.kysely.selectFrom('case_file').select((eb) => eb.fn.countAll().as('n')).where('deleted', '=', 0).executeTakeFirstOrThrow()).n);
    expect(r.files).toMatchObject({ ok: true, checked: live, problemCount: 0 });
    expect(seen.at(-1)).toBe(live);
    expect(r.ok).toBe(true);
  });

  it('reports a file altered on disk, a file missing and a record changed behind the application, by county, case and file', async () => {
    const [a, b, c] = files as [(typeof files)[0], (typeof files)[0], (typeof files)[0]];
    // a: one byte of the sealed file flipped (the AES-GCM chunk no longer opens).
    const sealed = readFileSync(pathOf(a.digest));
    sealed[sealed.length - 20] = (sealed[sealed.length - 20] as number) ^ 0xff;
    writeFileSync(pathOf(a.digest), sealed);
    // b: gone from the store.
    const bSealed = readFileSync(pathOf(b.digest));
    rmSync(pathOf(b.digest));
    // c: its record now names a digest its upload's event did not record (a's): the record was changed.
    await db.kysely.updateTable('case_file').set({ digest: a.digest }).where('id', '=', c.id).execute();
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstProblem?.problem).toMatch(/^files:/);
    const byFile = new Map(r.files?.problems.map((p) => [p.fileId, p.problem]) ?? []);
    expect(Object.fromEntries(byFile)).toEqual({ [a.id]: 'altered', [b.id]: 'missing', [c.id]: expect.stringMatching(/record_altered|altered/) });
    expect(r.files?.problems.every((p) => p.countyCode === a.countyCode && p.caseId === caseId)).toBe(true);
    // c's record differs from its upload event whatever its content: reported as such (its content, a's, is altered too).
    expect(r.files?.problems.filter((p) => p.fileId === c.id).map((p) => p.problem)).toContain('record_altered');
    // Put back as they were: intact again.
    sealed[sealed.length - 20] = (sealed[sealed.length - 20] as number) ^ 0xff;
    writeFileSync(pathOf(a.digest), sealed);
    writeFileSync(pathOf(b.digest), bSealed);
    await db.kysely.updateTable('case_file').set({ digest: c.digest }).where('id', '=', c.id).execute();
    expect((await verify()).ok).toBe(true);
  });

  it('files gc removes an old orphan (disk), keeps a young one and every named file; a dry run removes nothing', async () => {
    const store = db.files as FileStore;
    const orphan = await store.put(Readable.from([Buffer.from('an aborted upload: stored, never recorded')]));
    const young = await store.put(Readable.from([Buffer.from('an upload in flight')]));
    const old = new Date(Date.now() - 48 * 3_600_000);
    utimesSync(pathOf(orphan.digest), old, old);
    for (const f of files) utimesSync(pathOf(f.digest), old, old);
    const ctx = operatorContext(db, { clock: clock.fn });
    const dry = await collectOrphanFiles(ctx, { dryRun: true });
    expect(dry.orphans).toEqual([orphan.digest]);
    expect(dry.removed).toBe(0);
    expect(await store.has(orphan.digest)).toBe(true);

    const r = await collectOrphanFiles(ctx, { olderThanHours: 24 });
    expect(r).toMatchObject({ removed: 1, orphans: [orphan.digest] });
    expect(await store.has(orphan.digest)).toBe(false);
    expect(await store.has(young.digest)).toBe(true);
    for (const f of files) expect(await store.has(f.digest)).toBe(true);
    // Every digest a row names (content and preview) is still stored: the deep check passes.
    expect((await verify()).files?.ok).toBe(true);
    const ev = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'files.gc').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.detail ?? '{}')).toMatchObject({ removed: 1, digests: [orphan.digest] });
    await expect(collectOrphanFiles(ctx, { olderThanHours: 0 })).rejects.toMatchObject({ code: 'GC_BOUND_INVALID' });
  });

  it('files gc on an S3-compatible store: the orphan removed, the named objects kept', async () => {
    const dir = scratchDir('doudi-gc-s3-');
    const tmp = scratchDir('doudi-gc-s3-tmp-');
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'doudi', configs: [] }] });
    const addr = (await server.run()) as AddressInfo;
    try {
      const o = s3OptionsFromEnv({ DOUDI_S3_ENDPOINT: `http://127.0.0.1:${addr.port}`, DOUDI_S3_BUCKET: 'doudi', DOUDI_S3_ACCESS_KEY_ID: 'S3RVER', DOUDI_S3_SECRET_ACCESS_KEY: 'S3RVER' });
      if (!o) throw new Error('options');
      const s3 = await s3FileStore(o, db.keys, tmp);
      // The named files copied into the object store (as a migration to S3 would), and an orphan.
      for (const f of files) await s3.put(await (db.files as FileStore).get(f.digest));
      const orphan = await s3.put(Readable.from([Buffer.from('an aborted upload on the object store')]));
      const listed = [];
      for await (const e of s3.list()) listed.push(e.digest);
      expect(listed.sort()).toEqual([...new Set([...files.map((f) => f.digest), orphan.digest])].sort());
      // Two days later, on the S3 store.
      const r = await collectOrphanFiles(operatorContext({ ...db, files: s3 }), { now: new Date(Date.now() + 48 * 3_600_000) });
      expect(r).toMatchObject({ removed: 1, orphans: [orphan.digest], named: files.length });
      expect(await s3.has(orphan.digest)).toBe(false);
      for (const f of files) expect(await s3.has(f.digest)).toBe(true);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
