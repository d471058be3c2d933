import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicNotices } from '../../src/commands/cases/public-notices.ts';
import type { Actor } from '../../src/commands/context.ts';
import { buildNoticeDocument } from '../../src/commands/documents/notice-document.ts';
import { pdfFont, resetPdfFont } from '../../src/commands/documents/pdf-font.ts';
import { textsOf } from '../../src/commands/documents/print-doc.ts';
import { maskIdNumber } from '../../src/kernel/id-number.ts';
import { type Client, householdOfThree, testServer, withClearIds } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { applyBody, type Crew, drive, ok, sessionFor, TestClock, url } from './cases-flow.ts';

/**
 * Documents (issue 4, point 5): each case document and the public notice list, as HTML print view and PDF, area-
 * scoped and audited; the public notice shows name, members and amount with the ID masked, and nothing of the
 * household's income, illness or disability.
 */
const DEBIAN_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
// The project's font comes from an npm package; where it is not installed, tests borrow Debian's Noto CJK (CI has it).
if (!pdfFont() && !process.env.DOUDI_PDF_FONT && existsSync(DEBIAN_CJK)) {
  process.env.DOUDI_PDF_FONT = `${DEBIAN_CJK}#NotoSansCJKsc-Regular`;
  resetPdfFont();
}

/** Words and figures about the household that no public document may carry. */
const PRIVATE = ['6000', '6,000', '1234.56', '166.6', '残疾', '智力', '重病', '疾病', '病', 'disab', 'income'];
/** The notice list does not even speak of income in general. */
const NOTICE_PRIVATE = [...PRIVATE, '收入'];

describe(`documents (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let other: Client;
  const clock = new TestClock('2019-07-01');
  const cw: Actor = { userId: '', username: 'dcw', displayName: 'dcw', role: 'township_caseworker', areaCode: AREAS.township };

  /** A raw GET with a fresh session (the clock moves between steps, so sessions are opened right before use). */
  async function raw(username: string, path: string) {
    const s = await rawLogin(app, username, TEST_PASSWORD);
    return s.inject({ method: 'GET', url: path });
  }

  /** A household of three whose spouse is seriously ill and child disabled, with wages and a pension. */
  async function household(tag: string) {
    const body = householdOfThree(AREAS.village, [nextId('19700501'), nextId('19720301'), nextId('20050901')], [`文建国${tag}`, `李秀芝${tag}`, `文小明${tag}`]);
    const members: Record<string, unknown>[] = [body.members[0], { ...body.members[1], seriousIllness: true }, { ...body.members[2], disabilityKind: 'intellectual', disabilityGrade: 2 }];
    const res = await crew.cw.call('POST', '/api/households', { ...body, members, incomes: [{ kind: 'wage', annualYuan: '6000' }, { kind: 'pension', annualYuan: '1234.56' }], assets: [] });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return withClearIds(res.json, body);
  }

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'dva', 'village_assistant', AREAS.village);
    cw.userId = (await makeUser(db, 'dcw', 'township_caseworker', AREAS.township)).userId;
    await makeUser(db, 'drv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'dap', 'county_approver', AREAS.county);
    await makeUser(db, 'dcw_b', 'township_caseworker', AREAS.siblingTownship);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'dva'), cw: await sessionFor(app, 'dcw'), rv: await sessionFor(app, 'drv'), ap: await sessionFor(app, 'dap') };
    other = await sessionFor(app, 'dcw_b');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('the public notice list shows name, members and amount with the ID masked, and nothing about income, illness or disability', async () => {
    const h = await household('甲');
    const head = h.members.find((m: { relation: string }) => m.relation === 'head');
    const c = await drive(crew, clock, h, 'village_notice', '2019-07-01');
    expect(c.proposedAmountYuan).toMatch(/^\d+\.\d{2}$/);

    const res = await raw('dcw', `/api/public-notices/document?level=village&format=html&area=${AREAS.township}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.body;
    expect(html).toContain(head.name);
    expect(html).toContain(maskIdNumber(head.idNumber));
    expect(html).not.toContain(head.idNumber);
    expect(html).toContain(c.proposedAmountYuan);
    expect(html).toMatch(/<td>3<\/td>/);
    for (const m of h.members) if (m.relation !== 'head') expect(html).not.toContain(m.name);
    for (const w of NOTICE_PRIVATE) expect(html, w).not.toContain(w);

    // The PDF is drawn from the same model: every text in it, checked the same way.
    const list = await publicNotices({ db, actor: cw, clock: clock.fn }, { level: 'village', area: AREAS.township });
    const texts = textsOf(buildNoticeDocument(list, '新台子镇', '2019-07-05')).join('\n');
    expect(texts).toContain(maskIdNumber(head.idNumber));
    for (const w of NOTICE_PRIVATE) expect(texts, w).not.toContain(w);

    // Each download is an audited bulk read, with its format.
    const audits = await db.kysely.selectFrom('audit_event').select(['action', 'detail', 'actor_name']).where('action', '=', 'case.public_notice_document').execute();
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(audits[0].detail ?? '{}')).toMatchObject({ level: 'village', format: 'html', returned: 1 });
    expect(audits[0].actor_name).toBe('dcw');
  });

  it('case documents follow the case: acceptance, missing list, approval certificate at the decided amount, refusal with reasons', async () => {
    clock.set('2019-08-01');
    const h = await household('乙');
    let c = await ok(crew.va, 'POST', '/api/cases', applyBody(h));
    const doc = (kind: string, format = 'html', who = 'dcw') => raw(who, `/api/cases/${c.countyCode}/${c.id}/documents/${kind}?format=${format}`);

    let res = await doc('acceptance');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DOCUMENT_NOT_AVAILABLE');

    c = await ok(crew.cw, 'POST', url(c, 'request-missing'), { version: c.version, missing: ['户口簿复印件', '银行流水'] });
    res = await doc('missing');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('一次性告知');
    expect(res.body).toContain('户口簿复印件');
    expect(res.body).toContain('银行流水');
    c = await ok(crew.va, 'POST', url(c, 'resubmit'), { version: c.version });
    c = await ok(crew.cw, 'POST', url(c, 'accept'), { version: c.version });
    res = await doc('acceptance');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('受理通知书');
    expect(res.body).toContain(`${h.members[0].name}：`);
    expect(res.body).toContain('2019年8月1日');

    // Outside the area the case is simply not found.
    const outside = await other.call('GET', `/api/cases/${c.countyCode}/${c.id}/documents/acceptance?format=html`);
    expect(outside.status).toBe(404);

    const approved = await drive(crew, clock, await household('丙'), 'approved', '2019-08-05');
    const cert = await raw('dap', `/api/cases/${approved.countyCode}/${approved.id}/documents/approval?format=html`);
    expect(cert.statusCode).toBe(200);
    expect(cert.body).toContain('最低生活保障证');
    expect(cert.body).toContain(`${approved.decision.amountYuan} 元`);
    expect(cert.body).toContain(approved.decision.deciderName);
    for (const w of PRIVATE) expect(cert.body, w).not.toContain(w);
    const sheet = await raw('dap', `/api/cases/${approved.countyCode}/${approved.id}/documents/record?format=html`);
    expect(sheet.body).toContain('审核审批表');
    for (const e of approved.timeline) expect(sheet.body).toContain(e.actorName);

    const toRefuse = await drive(crew, clock, await household('丁'), 'county_review', '2019-09-02');
    const refused = await ok(crew.ap, 'POST', url(toRefuse, 'refuse'), { version: toRefuse.version, reasons: ['家庭人均收入高于当地低保标准'] });
    const notice = await raw('dap', `/api/cases/${refused.countyCode}/${refused.id}/documents/refusal?format=html&download=true`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-disposition']).toMatch(/^attachment; filename="refusal-.*\.html"$/);
    expect(notice.body).toContain('家庭人均收入高于当地低保标准');
    expect(notice.body).toContain('行政复议');
    expect((await raw('dap', `/api/cases/${refused.countyCode}/${refused.id}/documents/approval?format=html`)).statusCode).toBe(409);
  }, 60_000);

  it('PDFs are PDFs when the server has a Chinese font, and a coded 503 when it has none', async () => {
    const c = (await ok(crew.cw, 'GET', '/api/cases?pageSize=1')).items[0];
    const formats = await ok(crew.cw, 'GET', '/api/documents/formats');
    expect(formats.pdf).toBe(pdfFont() !== null);
    if (formats.pdf) {
      const pdf = await raw('dcw', `/api/cases/${c.countyCode}/${c.id}/documents/record?download=true`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="record-.*\.pdf"$/);
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The font is embedded (subset): a reader on a machine without Chinese fonts shows the text.
      expect(pdf.rawPayload.toString('latin1')).toMatch(/\/FontFile[23]?/);
      const list = await raw('dcw', '/api/public-notices/document?level=village');
      expect(list.headers['content-type'], list.body.slice(0, 300)).toBe('application/pdf');
    }
    const saved = process.env.DOUDI_PDF_FONT;
    process.env.DOUDI_PDF_FONT = '/nonexistent/font.otf';
    resetPdfFont();
    try {
      if (pdfFont() === null) {
        const res = await raw('dcw', `/api/cases/${c.countyCode}/${c.id}/documents/record`);
        expect(res.statusCode).toBe(503);
        expect(res.json().code).toBe('PDF_FONT_MISSING');
        expect((await ok(crew.cw, 'GET', '/api/documents/formats')).pdf).toBe(false);
      }
    } finally {
      if (saved === undefined) delete process.env.DOUDI_PDF_FONT;
      else process.env.DOUDI_PDF_FONT = saved;
      resetPdfFont();
    }
  }, 60_000);
});
