import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdArchivePdf } from '../../src/commands/documents/archive-pdf.ts';
import { listRetentionDue } from '../../src/commands/cases/case-retention.ts';
import { operatorContext } from '../../src/commands/context.ts';
import type { Actor } from '../../src/commands/context.ts';
import { testServer } from '../factories/api.ts';
import { CORRUPT_PDF, chinesePdf, jpegWithGps } from '../factories/evidence.ts';
import { pdfPageTexts } from '../factories/pdf-text.ts';
import { runDoudi } from '../factories/cli.ts';
import { scratchDir } from '../factories/scratch-dir.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { applyBody, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * 电子档案装订本 (issue 17 point 3, ADR 0050): the household's bound PDF — cover, contents with the right page numbers,
 * the listing, every document under its heading (an image on its page, a PDF's pages after its heading, a damaged PDF
 * named as not bound) — read back with pdf.js; audited; per case; refused past the size bound; not found elsewhere.
 */
describe(`the bound case file (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2027-05-10');
  let h: { countyCode: string; id: string };
  let caseId: string;
  const digests: string[] = [];
  let pdfPages = 0;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'apva', 'village_assistant', AREAS.village);
    await makeUser(db, 'apcw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'apcw_b', 'township_caseworker', AREAS.siblingTownship);
    app = await testServer(db, clock.fn);
    const va = await sessionFor(app, 'apva');
    const hh = await newHousehold(va, AREAS.village, '装');
    h = hh;
    const c = await ok(va, 'POST', '/api/cases', applyBody(hh, { attachments: [] }));
    caseId = c.id;
    const s = await rawLogin(app, 'apva', TEST_PASSWORD);
    const up = async (path: string, q: Record<string, string>, body: Buffer, type: string) => {
      const r = await s.inject({ method: 'POST', url: `${path}?${new URLSearchParams(q)}`, headers: { 'content-type': type }, payload: body });
      expect(r.statusCode, r.body).toBe(200);
      digests.push(r.json().digest);
      // A minute later each: the archive lists the files in the order they came.
      clock.now = new Date(clock.now.getTime() + 60_000);
    };
    const long = await chinesePdf(30);
    pdfPages = (await PDFDocument.load(long)).getPageCount();
    await up(`${url(c)}/files`, { step: 'apply', type: 'application', name: '申请书.pdf' }, long, 'application/pdf');
    await up(`${url(c)}/files`, { step: 'apply', type: 'photo', name: '住房.jpg' }, await jpegWithGps(1600, 1200), 'image/jpeg');
    await up(`${url(c)}/files`, { step: 'apply', type: 'declaration', name: '声明.pdf' }, CORRUPT_PDF, 'application/pdf');
    await up(`/api/households/${hh.countyCode}/${hh.id}/files`, { type: 'id_hukou', name: '户口簿.jpg' }, await jpegWithGps(800, 600), 'image/jpeg');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('binds the cover, the contents with page numbers, the listing and every document in order', async () => {
    expect(pdfPages).toBeGreaterThan(1);
    const s = await rawLogin(app, 'apcw', TEST_PASSWORD);
    const res = await s.inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive.pdf` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('电子档案-申建国装-2027-05-10.pdf')}`);
    const texts = await pdfPageTexts(res.rawPayload);
    // The documents' pages: the PDF's heading and its pages, the photo, the damaged PDF's heading, the household's photo.
    const docPages = 1 + pdfPages + 1 + 1 + 1;
    const front = texts.length - docPages;
    expect(front).toBeGreaterThanOrEqual(3);
    expect(Number(res.headers['x-archive-pages'])).toBe(texts.length);
    expect(texts[0]).toContain('家庭电子档案');
    expect(texts[0]).toContain('申建国装');
    expect(texts[0]).toContain('apcw');
    expect(texts[1]).toContain('目录');
    // Every page carries its number of the whole.
    for (const [i, t] of texts.entries()) expect(t).toContain(`第 ${i + 1} 页 / 共 ${texts.length} 页`);

    // The contents: each entry's page number is the page that starts with that entry.
    const toc = texts.slice(1, front).join('');
    const listing = /案卷清单（按时间顺序）\s*(\d+)/.exec(toc);
    expect(Number(listing?.[1])).toBe(front);
    expect(texts[front - 1]).toContain('案卷清单（按时间顺序）');
    const entries = [...toc.matchAll(/材料 (\d+)：[^（]*（[^）]*）\s*(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(entries.map(([i]) => i)).toEqual([1, 2, 3, 4]);
    const expectedPages = [front + 1, front + 2 + pdfPages, front + 3 + pdfPages, front + 4 + pdfPages];
    expect(entries.map(([, p]) => p)).toEqual(expectedPages);
    entries.forEach(([i, p], k) => {
      const t = texts[(p as number) - 1] as string;
      expect(t).toContain(`材料 ${i}：`);
      // The heading line: the digest's prefix, the uploader.
      expect(t).toMatch(new RegExp(`摘要\\s*${digests[k]?.slice(0, 16)}`));
      expect(t).toContain('上传：apva');
    });
    expect(texts[front]).toContain(`案件 ${caseId}（低保） · 申请 · 申请书`);
    expect(texts[front + 3 + pdfPages]).toContain('家庭材料 · 身份证/户口簿');
    // The PDF's own pages, drawn after its heading: its Chinese text is on them.
    for (let k = 0; k < pdfPages; k++) {
      expect(texts[front + 1 + k]).toContain(`第 ${k + 1} / ${pdfPages} 页`);
    }
    expect(texts[front + 1]).toContain('最低生活保障申请书');
    expect(texts[front + 2]).toMatch(/第\d+段：申请人张三/);
    // The damaged PDF: named, not bound.
    expect(texts[front + 2 + pdfPages]).toContain('该材料无法并入装订本');
    // The photo pages hold an image each (pdf-lib reads them back as XObjects on those pages).
    const back = await PDFDocument.load(res.rawPayload);
    const xobjects = (i: number) => String(back.getPage(i).node.Resources()?.get(back.context.obj('XObject')) ?? '');
    expect(xobjects(front + 1 + pdfPages)).toMatch(/\/Image-\d+ \d+ 0 R/);
    expect(xobjects(front + 2 + pdfPages)).not.toContain('/Image-');
    expect(xobjects(front + 3 + pdfPages)).toMatch(/\/Image-\d+ \d+ 0 R/);

    // The read audited, with what it held.
    const ev = await db.kysely.selectFrom('audit_event').select(['actor_name', 'detail']).where('action', '=', 'household.archive.pdf').where('entity_id', '=', h.id).execute();
    expect(ev.map((e) => e.actor_name)).toEqual(['apcw']);
    expect(JSON.parse(ev[0]?.detail ?? '{}')).toMatchObject({ documents: 4, notBound: 1, pages: texts.length });
  });

  it('prints one case; refuses past the size bound naming the size; another township finds nothing', async () => {
    const s = await rawLogin(app, 'apcw', TEST_PASSWORD);
    const one = await s.inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive.pdf?case=${caseId}` });
    expect(one.statusCode).toBe(200);
    expect(Number(one.headers['x-archive-documents'])).toBe(3);
    const reader: Actor = { userId: '', username: 'apcw', displayName: 'apcw', role: 'township_caseworker', areaCode: AREAS.township };
    const e = await householdArchivePdf({ db, actor: reader, clock: clock.fn }, { countyCode: h.countyCode, id: h.id }, { maxBytes: 1024 }).catch((x) => x);
    expect(e).toMatchObject({ code: 'ARCHIVE_PDF_TOO_LARGE', status: 413, details: { max: 1024 } });
    expect(e.messages.zh).toContain('请按案件分别打印');
    const b = await rawLogin(app, 'apcw_b', TEST_PASSWORD);
    expect((await b.inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive.pdf` })).statusCode).toBe(404);
  });

  it('shows each closed case’s retention (保管至), read-only files, and lists the cases past it without deleting anything', async () => {
    const s = await rawLogin(app, 'apcw', TEST_PASSWORD);
    const before = (await s.inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive` })).json();
    expect(before.cases).toEqual([expect.objectContaining({ id: caseId, closedOn: null, retainUntil: null, due: false })]);
    expect(before.files.map((f: { digest: string }) => f.digest)).toEqual(digests);
    // The case closed (withdrawn) on 2027-05-11: kept ten years from that day (the demo default).
    await db.kysely.updateTable('assistance_case').set({ state: 'withdrawn', state_since: '2027-05-11' }).where('id', '=', caseId).execute();
    const after = (await s.inject({ method: 'GET', url: `/api/households/${h.countyCode}/${h.id}/archive` })).json();
    expect(after.cases).toEqual([expect.objectContaining({ id: caseId, closedOn: '2027-05-11', retentionYears: 10, retainUntil: '2037-05-11', due: false })]);
    const late = await s.inject({ method: 'POST', url: `/api/cases/${h.countyCode}/${caseId}/files?step=apply&type=photo&name=x.jpg`, headers: { 'content-type': 'image/jpeg' }, payload: await jpegWithGps() });
    expect(late.statusCode).toBe(409);

    // The listing, checked against the cases as the database holds them: closed, and past ten years on that day.
    const ctx = operatorContext(db);
    const onDay = await listRetentionDue(ctx, { county: h.countyCode, day: '2037-05-12' as never });
    const expected = await db.kysely
      .selectFrom('assistance_case')
      .select('id')
      .where('county_code', '=', h.countyCode)
      .where('state', 'in', ['approved', 'refused', 'closed_ineligible', 'withdrawn'])
      .where('state_since', '<', '2027-05-12')
      .execute();
    expect(onDay.items.map((i) => i.caseId).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(onDay.items).toEqual([expect.objectContaining({ caseId, householdId: h.id, closedOn: '2027-05-11', retainUntil: '2037-05-11', years: 10 })]);
    expect((await listRetentionDue(ctx, { county: h.countyCode, day: '2037-05-11' as never })).items).toEqual([]);
    // Nothing was deleted: the files and their stored content are all there.
    const rows = await db.kysely.selectFrom('case_file').select(['digest', 'deleted']).where('household_id', '=', h.id).execute();
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(await db.files?.has(r.digest)).toBe(true);
  });

  // The CLI opens the SQLite test database and its file store beside it (a PostgreSQL test's files live in the test's own directory, which the child does not know).
  it.skipIf(TEST_DIALECT !== 'sqlite')('doudi archive pdf writes the same bound file; doudi archive due lists as the API says', async () => {
    const out = join(scratchDir('doudi-archive-cli-'), 'archive.pdf');
    const r = await runDoudi(db, ['archive', 'pdf', '--county', h.countyCode, '--household', h.id, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    const texts = await pdfPageTexts(new Uint8Array(readFileSync(out)));
    expect(summary).toMatchObject({ documents: 4, pages: texts.length, notBound: 1 });
    expect(texts[0]).toContain('打印人');
    const due = await runDoudi(db, ['archive', 'due', '--county', h.countyCode, '--day', '2037-05-12', '--json']);
    expect(due.code, due.stderr).toBe(0);
    expect(JSON.parse(due.stdout).items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
  }, 60_000);
});
