import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, checkBackup, restoreDatabase } from '../../src/commands/admin/backup.ts';
import { retireKey } from '../../src/commands/admin/keys-retire.ts';
import { rotateKeys } from '../../src/commands/admin/keys-rotate.ts';
import { openCaseFile, requirementApplies } from '../../src/commands/cases/case-files.ts';
import { type Actor, operatorContext } from '../../src/commands/context.ts';
import { connect } from '../../src/db/connect.ts';
import { readAll } from '../../src/db/file-store.ts';
import { EVIDENCE_MAX_BYTES } from '../../src/commands/uploads/evidence-file.ts';
import { scratchDir } from '../factories/scratch-dir.ts';
import { REQUIRED_DOCUMENTS } from '../../src/contracts/case-files.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { CORRUPT_PDF, chinesePdf, jpegWithGps, TINY_PDF } from '../factories/evidence.ts';
import { renderPendingPreviews } from '../../src/commands/cases/case-file-previews.ts';
import { overrideInForce } from '../factories/policy.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { applyBody, investigationBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * The case archive's files (issue 17, ADR 0049) through the API: upload checked by content and size (nothing stored
 * when refused), images stored without EXIF, everything sealed in the store, the upload's audit event carrying the
 * digest, downloads audited, the area scope, and the required documents of the acceptance (with the one-time notice).
 */
describe(`case files (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let va: Client;
  let cw: Client;
  // The county switches the requirement on from 1 March 2027 (a dated override); the cases are applied from that day.
  const clock = new TestClock('2027-03-01');

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'fva', 'village_assistant', AREAS.village);
    await makeUser(db, 'fcw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'fcw_b', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'frv', 'township_reviewer', AREAS.township);
    await overrideInForce(db, { name: REQUIRED_DOCUMENTS.parameter, area: AREAS.county.slice(0, 6), effectiveFrom: '2027-03-01', value: 1, citation: '测试：县区启用电子档案必备材料校验' }, new Date());
    app = await testServer(db, clock.fn);
    va = await sessionFor(app, 'fva');
    cw = await sessionFor(app, 'fcw');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** A raw upload by a user, with a fresh session. */
  async function upload(user: string, c: { countyCode: string; id: string }, q: Record<string, string>, body: Buffer, type = 'application/octet-stream') {
    const s = await rawLogin(app, user, TEST_PASSWORD);
    return s.inject({ method: 'POST', url: `${url(c)}/files?${new URLSearchParams(q)}`, headers: { 'content-type': type }, payload: body });
  }
  const storedFiles = () => {
    const dir = db.files?.directory as string;
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => join(d.parentPath, d.name));
    } catch {
      return [];
    }
  };
  const fileRows = async () => Number((await db.kysely.selectFrom('case_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('uses the disk store under the test data directory; the requirement is the county’s, from its day', async () => {
    expect(db.files?.kind).toBe('disk');
    // Off as shipped, on from the county's day: a case applied the day before needs nothing.
    const c = { program: 'dibao' as const, county_code: AREAS.county.slice(0, 6) };
    expect(await requirementApplies(db.kysely, { ...c, applied_on: '2027-02-28' })).toBe(false);
    expect(await requirementApplies(db.kysely, { ...c, applied_on: '2027-03-01' })).toBe(true);
    expect(await requirementApplies(db.kysely, { ...c, county_code: AREAS.otherCounty.slice(0, 6), applied_on: '2027-03-01' })).toBe(false);
    expect(await requirementApplies(db.kysely, { ...c, program: 'temporary' as const, applied_on: '2027-03-01' })).toBe(false);
  });

  it('refuses a renamed executable and an oversize file by content and size, storing nothing', async () => {
    const h = await newHousehold(va, AREAS.village, '件甲');
    const c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    const before = { rows: await fileRows(), files: storedFiles().length };
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(8192, 0x90)]);
    let res = await upload('fva', c, { step: 'apply', type: 'photo', name: 'photo.jpg' }, elf, 'image/jpeg');
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UPLOAD_TYPE_REFUSED', field: 'file' });
    expect(res.json().message.zh).toContain('字段“file”');

    res = await upload('fva', c, { step: 'apply', type: 'photo', name: 'big.jpg' }, Buffer.alloc(EVIDENCE_MAX_BYTES + 1, 0xff));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    expect(await fileRows()).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
  });

  it('stores a photo without its GPS EXIF, sealed; the audit event carries the digest; downloads are audited; another township finds nothing', async () => {
    const h = await newHousehold(va, AREAS.village, '件乙');
    const c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    const photo = await jpegWithGps(1200, 900);
    const res = await upload('fva', c, { step: 'apply', type: 'photo', name: '住房照片.jpg' }, photo, 'image/jpeg');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({ documentType: 'photo', mediaType: 'image/jpeg', fileName: '住房照片.jpg', hasPreview: true, keptLocation: false, uploadedByName: 'fva' });

    // The audit event of the upload, in the chain of the case's county, with the content digest.
    const ev = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'case_file.upload').where('entity_id', '=', f.id).executeTakeFirstOrThrow();
    expect(ev.chain).toBe(c.countyCode);
    expect(JSON.parse(ev.detail ?? '{}')).toMatchObject({ digest: f.digest, case: c.id, type: 'photo' });

    // The store holds sealed bytes only: no stored file contains the JPEG's start or the re-encoded image.
    const s = await rawLogin(app, 'fcw', TEST_PASSWORD);
    const dl = await s.inject({ method: 'GET', url: `/api/files/${f.countyCode}/${f.id}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/jpeg');
    expect(String(dl.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('住房照片.jpg')}`);
    const got = dl.rawPayload;
    const meta = await sharp(got).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([1200, 900]);
    for (const p of storedFiles()) {
      const bytes = readFileSync(p);
      expect(bytes.includes(got.subarray(0, 256))).toBe(false);
      expect(bytes.includes(photo.subarray(0, 256))).toBe(false);
    }
    const reads = await db.kysely.selectFrom('audit_event').select(['actor_name', 'detail']).where('action', '=', 'case_file.download').where('entity_id', '=', f.id).execute();
    expect(reads.map((r) => r.actor_name)).toEqual(['fcw']);
    expect(JSON.parse(reads[0]?.detail ?? '{}')).toMatchObject({ digest: f.digest });
    const pv = await s.inject({ method: 'GET', url: `/api/files/${f.countyCode}/${f.id}/preview` });
    expect(pv.statusCode).toBe(200);
    expect((await sharp(pv.rawPayload).metadata()).width).toBe(320);

    // Another township's caseworker: the case and the file are not found, nothing is uploaded.
    const b = await rawLogin(app, 'fcw_b', TEST_PASSWORD);
    expect((await b.inject({ method: 'GET', url: `/api/files/${f.countyCode}/${f.id}` })).statusCode).toBe(404);
    expect((await b.inject({ method: 'GET', url: `${url(c)}/files` })).statusCode).toBe(404);
    const rows = await fileRows();
    expect((await upload('fcw_b', c, { step: 'accept', type: 'photo', name: 'x.jpg' }, photo, 'image/jpeg')).statusCode).toBe(404);
    expect(await fileRows()).toBe(rows);
    // A reviewer may read the case but not take the acceptance: no upload for it.
    expect((await upload('frv', c, { step: 'accept', type: 'photo', name: 'x.jpg' }, photo, 'image/jpeg')).statusCode).toBe(403);
  });

  it('an acceptance needs the application, the declaration and the ID/hukou; the one-time notice lists what is missing', async () => {
    const h = await newHousehold(va, AREAS.village, '件丙');
    let c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    let res = await cw.call('POST', url(c, 'accept'), { version: c.version });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('CASE_DOCUMENTS_MISSING');
    expect(res.json.message.zh).toContain('申请书、家庭经济状况声明及核对授权书、身份证/户口簿');

    // The application form as a PDF: accepted as received, its first page rendered as the preview.
    res = { status: 0, json: null };
    const pdf = await upload('fva', c, { step: 'apply', type: 'application', name: '申请书.pdf' }, TINY_PDF, 'application/pdf');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.json()).toMatchObject({ mediaType: 'application/pdf', previewPending: false, previewFailed: false, hasPreview: true });
    const list = await ok(cw, 'GET', `${url(c)}/files`);
    expect(list.items.map((i: { documentType: string }) => i.documentType)).toEqual(['application']);
    expect(list.missing).toEqual({ accept: ['declaration', 'id_hukou'], investigate: ['visit_form'] });

    // 一次性告知: the notice lists the caseworker's items and the required documents still missing.
    clock.set('2027-03-02');
    c = await ok(cw, 'POST', url(c, 'request-missing'), { version: c.version, missing: ['村委会证明'], attachments: [] });
    expect(c.records.missing.at(-1).items).toEqual(['村委会证明', '家庭经济状况声明及核对授权书', '身份证/户口簿']);

    // Supplied: the acceptance goes through.
    clock.set('2027-03-03');
    for (const [type, name] of [
      ['declaration', '声明.jpg'],
      ['id_hukou', '户口簿.png'],
    ]) {
      const img = type === 'id_hukou' ? await sharp(await jpegWithGps(300, 200)).png().toBuffer() : await jpegWithGps(300, 200);
      const r = await upload('fva', c, { step: 'resubmit', type: type as string, name: name as string }, img);
      expect(r.statusCode, r.body).toBe(200);
    }
    c = await ok(va, 'POST', url(c, 'resubmit'), { version: c.version, attachments: [] });
    c = await ok(cw, 'POST', url(c, 'accept'), { version: c.version });
    expect(c.state).toBe('accepted');

    // 电子档案: the case, its three files, the two numbered documents (missing notice, acceptance), in order; audited;
    // another township does not find the household.
    const arch = await ok(cw, 'GET', `/api/households/${h.countyCode}/${h.id}/archive`);
    expect(arch.counts).toEqual({ cases: 1, decisions: 0, documents: 2, files: 3, payments: 0 });
    expect(arch.entries.map((e: { kind: string }) => e.kind)).toEqual(['case', 'file', 'document', 'file', 'file', 'document']);
    const docs = await db.kysely.selectFrom('issued_document').select(['number', 'kind']).where('case_id', '=', c.id).orderBy('issued_at').execute();
    expect(arch.entries.filter((e: { kind: string }) => e.kind === 'document').map((e: { ref: string }) => e.ref)).toEqual(docs.map((d) => d.number));
    expect(docs.map((d) => d.kind)).toEqual(['missing', 'acceptance']);
    const seen = await db.kysely.selectFrom('audit_event').select('actor_name').where('action', '=', 'household.archive').where('entity_id', '=', h.id).execute();
    expect(seen.map((r) => r.actor_name)).toEqual(['fcw']);
    expect((await (await rawLogin(app, 'fcw_b', TEST_PASSWORD)).inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive` })).statusCode).toBe(404);
  });

  it('the investigation needs its home-visit form; a closed case\'s files are read-only', async () => {
    clock.set('2027-03-04');
    const h = await newHousehold(va, AREAS.village, '件丁');
    let c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    for (const type of ['application', 'declaration', 'id_hukou']) {
      expect((await upload('fva', c, { step: 'apply', type, name: `${type}.pdf` }, TINY_PDF, 'application/pdf')).statusCode).toBe(200);
    }
    c = await ok(cw, 'POST', url(c, 'accept'), { version: c.version });
    const body = investigationBody(c.version, '2027-03-04');
    const refused = await cw.call('POST', url(c, 'investigation'), body);
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ code: 'CASE_DOCUMENTS_MISSING', details: { step: 'investigate', missing: ['visit_form'] } });
    expect((await upload('fcw', c, { step: 'investigate', type: 'visit_form', name: '入户调查表.pdf' }, TINY_PDF, 'application/pdf')).statusCode).toBe(200);
    c = await ok(cw, 'POST', url(c, 'investigation'), body);
    expect(c.state).toBe('investigated');

    c = await ok(va, 'POST', url(c, 'withdraw'), { version: c.version, reason: 'applicant_request', attachments: [] });
    const rows = await fileRows();
    const late = await upload('fva', c, { step: 'apply', type: 'photo', name: 'late.pdf' }, TINY_PDF, 'application/pdf');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CASE_FILES_READ_ONLY');
    expect(await fileRows()).toBe(rows);
  });

  // `doudi backup` copies SQLite databases (ADR 0016); PostgreSQL is backed up with pg_dump and the files directory
  // by the operator (ADR 0049), so this runs on SQLite.
  it.skipIf(TEST_DIALECT === 'postgres')('backup copies the files beside the database, checks them, and restore brings them back', async () => {
    const out = scratchDir('doudi-files-backup-');
    try {
      const rows = await db.kysely.selectFrom('case_file').select(['county_code', 'id', 'digest', 'preview_digest']).execute();
      expect(rows.length).toBeGreaterThanOrEqual(4);
      const named = new Set(rows.flatMap((r) => [r.digest, r.preview_digest]).filter(Boolean));
      const file = join(out, 'doudi-backup.sqlite');
      const b = await backupDatabase(operatorContext(db), { out: file });
      expect(b.files?.copied).toBe(named.size);
      expect(b.check).toMatchObject({ ok: true, filesNamed: named.size, filesMissing: 0 });

      // A backup whose files lack one the records name does not pass, and is not restored.
      const one = rows[0]?.digest as string;
      const path = join(`${file}.files`, one.slice(0, 2), one.slice(2, 4), one);
      renameSync(path, `${path}.away`);
      expect(await checkBackup(file, { keyFile: db.keyFile ?? undefined })).toMatchObject({ ok: false, filesMissing: 1 });
      await expect(restoreDatabase(file, { dataDir: join(out, 'refused'), keyFile: db.keyFile ?? undefined })).rejects.toMatchObject({ code: 'RESTORE_BACKUP_INVALID' });
      renameSync(`${path}.away`, path);

      const dataDir = join(out, 'restored');
      const r = await restoreDatabase(file, { dataDir, keyFile: db.keyFile ?? undefined });
      expect(r.files).toBe(named.size);
      const restored = await connect({ dataDir, mustExist: true });
      try {
        expect(restored.files?.directory).toBe(join(dataDir, 'files'));
        const reader: Actor = { userId: '', username: 'restorer', displayName: 'restorer', role: 'township_caseworker', areaCode: AREAS.township };
        for (const row of rows) {
          const a = await openCaseFile({ db, actor: reader, clock: clock.fn }, { countyCode: row.county_code, id: row.id });
          const b2 = await openCaseFile({ db: restored, actor: reader, clock: clock.fn }, { countyCode: row.county_code, id: row.id });
          expect((await readAll(b2.stream)).equals(await readAll(a.stream))).toBe(true);
        }
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a key rotation leaves the files under their key, and that key cannot be retired (every other value re-sealed)', async () => {
    const old = db.keys.current;
    const r = await rotateKeys(operatorContext(db));
    expect(r.complete).toBe(true);
    const e = await retireKey(operatorContext(db), { keyId: old }).catch((x) => x);
    expect(e).toMatchObject({ code: 'KEY_STILL_IN_USE', status: 409 });
    const files = Number((await db.kysely.selectFrom('case_file').select((eb) => eb.fn.countAll().as('n')).where('key_id', '=', old).executeTakeFirstOrThrow()).n);
    expect(files).toBeGreaterThan(0);
    expect(Object.keys(e.details.inUse)).toEqual(['case_file (stored files)']);
    // The files still open with the ring that holds both keys.
    const row = await db.kysely.selectFrom('case_file').select(['county_code', 'id']).where('key_id', '=', old).executeTakeFirstOrThrow();
    const reader: Actor = { userId: '', username: 'reader', displayName: 'reader', role: 'township_caseworker', areaCode: AREAS.township };
    const f = await openCaseFile({ db, actor: reader, clock: clock.fn }, { countyCode: row.county_code, id: row.id });
    expect((await readAll(f.stream)).length).toBeGreaterThan(0);
  }, 30_000);

  it('a PDF gets its first page as the preview; a damaged PDF is stored with its preview failed; earlier PDFs get theirs from `files previews`', async () => {
    clock.set('2027-03-05');
    const h = await newHousehold(va, AREAS.village, '件戊');
    const c = await ok(va, 'POST', '/api/cases', applyBody(h, { attachments: [] }));
    const zh = await upload('fva', c, { step: 'apply', type: 'application', name: '申请书.pdf' }, await chinesePdf(), 'application/pdf');
    expect(zh.statusCode, zh.body).toBe(200);
    const good = zh.json();
    expect(good).toMatchObject({ hasPreview: true, previewPending: false, previewFailed: false });
    const s = await rawLogin(app, 'fcw', TEST_PASSWORD);
    const pv = await s.inject({ method: 'GET', url: `/api/files/${good.countyCode}/${good.id}/preview` });
    expect(pv.statusCode).toBe(200);
    expect(pv.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(pv.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 453 });

    // A damaged PDF: stored (downloadable as received), no preview, marked failed, the reason in the audit event.
    const bad = await upload('fva', c, { step: 'apply', type: 'declaration', name: '声明.pdf' }, CORRUPT_PDF, 'application/pdf');
    expect(bad.statusCode, bad.body).toBe(200);
    const b = bad.json();
    expect(b).toMatchObject({ hasPreview: false, previewPending: false, previewFailed: true });
    expect((await s.inject({ method: 'GET', url: `/api/files/${b.countyCode}/${b.id}` })).rawPayload.equals(CORRUPT_PDF)).toBe(true);
    expect((await s.inject({ method: 'GET', url: `/api/files/${b.countyCode}/${b.id}/preview` })).statusCode).toBe(404);
    const ev = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'case_file.upload').where('entity_id', '=', b.id).executeTakeFirstOrThrow();
    expect(JSON.parse(ev.detail ?? '{}')).toMatchObject({ previewFailed: 'unreadable', digest: b.digest });

    // The rows as 0034 left them (a PDF's preview pending, none stored): the command renders the good one, marks the bad one.
    await db.kysely.updateTable('case_file').set({ preview_pending: 1, preview_failed: 0, preview_digest: null, preview_key_id: null }).where('id', 'in', [good.id, b.id]).execute();
    const pendingBefore = Number((await db.kysely.selectFrom('case_file').select((eb) => eb.fn.countAll().as('n')).where('preview_pending', '=', 1).executeTakeFirstOrThrow()).n);
    const seen: number[] = [];
    const r = await renderPendingPreviews(operatorContext(db), { onProgress: (d) => seen.push(d) });
    expect(r.pending).toBe(pendingBefore);
    expect(r.rendered).toBe(pendingBefore - 1);
    expect(r.failed).toEqual([{ countyCode: b.countyCode, id: b.id, caseId: c.id, reason: 'unreadable' }]);
    expect(seen.at(-1)).toBe(pendingBefore);
    const after = await db.kysely.selectFrom('case_file').select(['id', 'preview_pending', 'preview_failed', 'preview_digest']).where('id', 'in', [good.id, b.id]).execute();
    const byId = new Map(after.map((x) => [x.id, x]));
    expect(byId.get(good.id)).toMatchObject({ preview_pending: 0, preview_failed: 0 });
    expect(byId.get(good.id)?.preview_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(byId.get(b.id)).toMatchObject({ preview_pending: 0, preview_failed: 1, preview_digest: null });
    const events = await db.kysely.selectFrom('audit_event').select(['entity_id', 'detail']).where('action', '=', 'case_file.preview_render').where('entity_id', 'in', [good.id, b.id]).execute();
    expect(events).toHaveLength(2);
    // Run again: nothing left, nothing changed.
    expect(await renderPendingPreviews(operatorContext(db))).toEqual({ pending: 0, rendered: 0, failed: [] });
  }, 60_000);
});
