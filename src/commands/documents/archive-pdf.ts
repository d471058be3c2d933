import { PDFDocument, type PDFEmbeddedPage, type PDFImage, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { DOCUMENT_TYPE_LABELS, type DocumentType } from '../../contracts/case-files.ts';
import { getDivision } from '../../db/division-repo.ts';
import { readAll } from '../../db/file-store.ts';
import type { CaseFileTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { STEP_LABELS, type Step } from '../../workflow/case-types.ts';
import { storeOf } from '../cases/case-files.ts';
import { readHouseholdArchive } from '../cases/household-archive.ts';
import { actorName, type CommandContext, recordRead } from '../context.ts';
import { zhTime } from './print-doc.ts';
import { renderPdfDefinition } from './render-pdf.ts';

/**
 * 电子档案（装订本）The household's bound case file (issue 17 point 3, ADR 0050): one PDF — a cover (the household, its
 * county, who printed it and when), a table of contents with page numbers, the chronological listing of every case,
 * decision, numbered document, file and payment (the archive's own entries), then every document file in order, each
 * under a heading line (case, step, document type, uploader, time, digest prefix): images drawn on the heading's page,
 * a PDF's pages drawn one per page after its heading page.
 *
 * How: pdfmake lays out everything that is text — cover, contents, listing, headings, and one numbered placeholder
 * page per page of each PDF — so its own table of contents and page footers are right; pdf-lib then opens that and
 * draws each document onto its pages, reading the documents from the store **one at a time** (an image re-encoded by
 * sharp to print size: at most 1654 × 2339 px, A4 at 200 dpi; a PDF's pages embedded as form objects). Bounded: the
 * documents' stored size together is capped (`ARCHIVE_PDF_MAX_BYTES`, 413 naming it; print per case instead), and no
 * document's bytes are kept beyond what pdf-lib holds for the output.
 */
export const ARCHIVE_PDF_MAX_BYTES = 200 * 1024 * 1024;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { x: 56, top: 60, bottom: 60 };
/** Where a document is drawn: below its heading (an image), or below the placeholder's caption (a PDF page). */
const IMAGE_BOX = { x: MARGIN.x, top: 160, width: A4.width - 2 * MARGIN.x, bottom: MARGIN.bottom + 10 };
const PAGE_BOX = { x: MARGIN.x, top: 84, width: A4.width - 2 * MARGIN.x, bottom: MARGIN.bottom + 10 };
/** Print size of an image (A4 at 200 dpi). */
const PRINT_PX = { width: 1654, height: 2339 };

const PROGRAM: Record<string, string> = { dibao: '低保', tekun: '特困供养', temporary: '临时救助', heating: '取暖救助' };
const KIND_ZH: Record<string, string> = { case: '案件', decision: '审批决定', document: '文书', file: '材料', payment: '发放' };
const OWNER_ZH: Record<CaseFileTable['owner_kind'], string> = { case: '案件材料', household: '家庭材料', ledger_row: '排查台账材料', finding: '整改佐证材料' };

export interface ArchivePdf {
  bytes: Uint8Array;
  /** File name without extension, in Chinese: 电子档案-<户主>-<打印日>[-案件]. */
  filename: string;
  pages: number;
  documents: number;
  /** Documents whose content could not be bound in (a damaged or encrypted PDF, a file missing from the store). */
  notBound: number;
}

interface Planned {
  file: CaseFileTable;
  kind: 'image' | 'pdf' | 'none';
  /** A PDF's page count (first pass), 0 otherwise. */
  pages: number;
  /** Why the content is not bound in. */
  problem: string | null;
}

function tooLarge(bytes: number, max: number, perCase: boolean): AppError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new AppError(
    'ARCHIVE_PDF_TOO_LARGE',
    {
      zh: `该${perCase ? '案件' : '户'}的材料共 ${mb(bytes)} MB，超过装订本上限 ${mb(max)} MB：请按案件分别打印（case 参数），或单独下载材料`,
      en: `The ${perCase ? 'case' : 'household'}'s documents come to ${mb(bytes)} MB, over the bound PDF's limit of ${mb(max)} MB: print it per case (the case parameter), or download the files one by one`,
    },
    { status: 413, details: { bytes, max } },
  );
}

/** The heading line of a document: case, step, document type, uploader, time, the digest's first 16 characters. */
function headingOf(f: CaseFileTable, cases: Map<string, { program: string }>): string {
  const type = (DOCUMENT_TYPE_LABELS[f.document_type as DocumentType] ?? DOCUMENT_TYPE_LABELS.other).zh;
  const c = f.case_id ? cases.get(f.case_id) : undefined;
  const owner = f.case_id ? `案件 ${f.case_id}${c ? `（${PROGRAM[c.program] ?? c.program}）` : ''}` : OWNER_ZH[f.owner_kind];
  const step = f.step ? ` · ${(STEP_LABELS[f.step as Step] ?? { zh: f.step }).zh}` : '';
  return `${owner}${step} · ${type} · 上传：${f.uploaded_by_name} · ${zhTime(f.uploaded_at)} · 摘要 ${f.digest.slice(0, 16)}`;
}

/**
 * Builds the bound PDF of a household (or of one of its cases): read in the actor's area, audited as
 * `household.archive.pdf` with what it holds.
 */
export async function householdArchivePdf(ctx: CommandContext, ref: { countyCode: string; id: string; caseId?: string }, o: { maxBytes?: number } = {}): Promise<ArchivePdf> {
  const { archive, household, files, cases } = await readHouseholdArchive(ctx, ref);
  const store = storeOf(ctx);
  const docs = files.filter((f) => Number(f.deleted) === 0);
  const total = docs.reduce((n, f) => n + Number(f.size_bytes), 0);
  const max = o.maxBytes ?? ARCHIVE_PDF_MAX_BYTES;
  if (total > max) throw tooLarge(total, max, ref.caseId !== undefined);

  // First pass: each PDF's page count (one at a time; its bytes dropped before the next).
  const planned: Planned[] = [];
  for (const f of docs) {
    if (f.media_type.startsWith('image/')) {
      const stored = await store.has(f.digest);
      planned.push(stored ? { file: f, kind: 'image', pages: 0, problem: null } : { file: f, kind: 'none', pages: 0, problem: '存储中找不到该文件' });
    }
    else if (f.media_type === 'application/pdf') {
      try {
        const src = await PDFDocument.load(await readAll(await store.get(f.digest)), { updateMetadata: false });
        planned.push({ file: f, kind: 'pdf', pages: src.getPageCount(), problem: null });
      } catch (e) {
        planned.push({ file: f, kind: 'none', pages: 0, problem: (e as { code?: string }).code === 'FILE_NOT_STORED' ? '存储中找不到该文件' : 'PDF 已损坏或已加密，无法并入' });
      }
    } else planned.push({ file: f, kind: 'none', pages: 0, problem: '该类型不能并入' });
  }

  const county = await getDivision(ctx.db.kysely, `${household.county_code}000000`);
  const area = await getDivision(ctx.db.kysely, household.area_code);
  const caseMap = new Map(cases.map((c) => [c.id, c]));
  const printedAt = ctx.clock().toISOString();
  const pageBreak = (o: object) => ({ ...o, pageBreak: 'before' });
  const content: object[] = [
    { text: '家庭电子档案', fontSize: 28, alignment: 'center', margin: [0, 160, 0, 40] },
    ref.caseId ? { text: `（案件 ${ref.caseId}）`, fontSize: 14, alignment: 'center', margin: [0, -28, 0, 28] } : {},
    {
      table: {
        widths: [110, '*'],
        body: [
          ['户主', household.head_name],
          ['家庭编号', household.id],
          ['所在地', `${county?.name ?? household.county_code} ${area?.name ?? household.area_code}`],
          ['住址', household.address],
          ['案件 / 决定 / 文书 / 材料 / 发放', `${archive.counts.cases} / ${archive.counts.decisions} / ${archive.counts.documents} / ${archive.counts.files} / ${archive.counts.payments}`],
          ['打印人', actorName(ctx.actor)],
          ['打印时间', zhTime(printedAt)],
        ].map(([k, v]) => [{ text: k, fillColor: '#f4f4f4' }, { text: v }]),
      },
      margin: [40, 0, 40, 0],
    },
    pageBreak({ toc: { title: { text: '目录', fontSize: 18, alignment: 'center', margin: [0, 0, 0, 12] } } }),
    pageBreak({ text: '案卷清单（按时间顺序）', fontSize: 16, tocItem: true, margin: [0, 0, 0, 8] }),
    {
      table: {
        headerRows: 1,
        widths: [62, 36, '*', 60],
        body: [
          ['日期', '类别', '内容', '金额（元）'].map((h) => ({ text: h, fillColor: '#f4f4f4', alignment: 'center' })),
          ...(archive.entries.length
            ? archive.entries.map((e) => [e.on, KIND_ZH[e.kind] ?? e.kind, `${e.title.zh}${e.caseId && e.kind !== 'case' ? `（案件 ${e.caseId}）` : ''}`, { text: e.amountYuan ?? '', alignment: 'right' }])
            : [[{ text: '（无）', colSpan: 4, alignment: 'center' }, '', '', '']]),
        ],
      },
      fontSize: 9,
    },
  ];
  planned.forEach((p, i) => {
    const f = p.file;
    const type = (DOCUMENT_TYPE_LABELS[f.document_type as DocumentType] ?? DOCUMENT_TYPE_LABELS.other).zh;
    content.push(
      pageBreak({
        stack: [
          { text: `材料 ${i + 1}：${type}（${f.file_name}）`, fontSize: 13, tocItem: true },
          { text: headingOf(f, caseMap), fontSize: 9, color: '#444444', margin: [0, 4, 0, 0] },
          p.kind === 'pdf' ? { text: `PDF 文件，共 ${p.pages} 页，见后续页面`, fontSize: 10, margin: [0, 24, 0, 0] } : {},
          p.problem ? { text: `该材料无法并入装订本：${p.problem}。请在系统中单独下载（摘要 ${f.digest}）`, fontSize: 10, color: '#aa0000', margin: [0, 24, 0, 0] } : {},
        ],
      }),
    );
    for (let k = 1; k <= p.pages; k++) content.push(pageBreak({ text: `材料 ${i + 1}（${f.file_name}）第 ${k} / ${p.pages} 页`, fontSize: 8, color: '#666666' }));
  });
  const front = await renderPdfDefinition({
    pageSize: 'A4',
    pageMargins: [MARGIN.x, MARGIN.top, MARGIN.x, MARGIN.bottom],
    info: { title: `家庭电子档案 ${household.id}`, creator: 'doudi 兜底' },
    defaultStyle: { fontSize: 11 },
    footer: (page: number, count: number) => ({ text: `第 ${page} 页 / 共 ${count} 页`, alignment: 'center', fontSize: 8, color: '#666666', margin: [0, 20, 0, 0] }),
    content,
  });

  // Second pass: each document drawn onto its pages, read from the store one at a time.
  const out = await PDFDocument.load(front, { updateMetadata: false });
  const pages = out.getPages();
  const docPages = planned.reduce((n, p) => n + 1 + p.pages, 0);
  let at = pages.length - docPages;
  let notBound = planned.filter((p) => p.problem !== null).length;
  for (const p of planned) {
    const heading = pages[at] as PDFPage;
    if (p.kind === 'image') {
      try {
        // The stored image whole (at most 20 MB, one at a time), then re-encoded to print size.
        const stored = await readAll(await store.get(p.file.digest));
        const jpeg = await sharp(stored, { failOn: 'error' }).resize({ ...PRINT_PX, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
        drawFitted(heading, { kind: 'image', image: await out.embedJpg(jpeg) }, IMAGE_BOX);
      } catch {
        notBound++;
      }
    } else if (p.kind === 'pdf') {
      let embedded: PDFEmbeddedPage[] = [];
      try {
        const bytes = await readAll(await store.get(p.file.digest));
        embedded = await out.embedPdf(bytes, Array.from({ length: p.pages }, (_, k) => k));
      } catch {
        notBound++;
      }
      for (const [k, e] of embedded.entries()) drawFitted(pages[at + 1 + k] as PDFPage, { kind: 'page', page: e }, PAGE_BOX);
    }
    at += 1 + p.pages;
  }
  const bytes = await out.save();
  await recordRead(ctx, {
    chain: household.county_code,
    action: 'household.archive.pdf',
    entityType: 'household',
    entityId: household.id,
    detail: { ...(ref.caseId ? { case: ref.caseId } : {}), entries: archive.entries.length, documents: planned.length, notBound, pages: out.getPageCount(), bytes: bytes.length },
  });
  return { bytes, filename: `电子档案-${household.head_name}-${chinaDateOf(new Date(printedAt))}${ref.caseId ? '-单案' : ''}`, pages: out.getPageCount(), documents: planned.length, notBound };
}

/**
 * Draws an image or an embedded PDF page into a box of a page (measured from the top), scaled to fit and centred; an
 * image is never drawn larger than 1 px to 1 pt.
 */
function drawFitted(page: PDFPage, what: { kind: 'image'; image: PDFImage } | { kind: 'page'; page: PDFEmbeddedPage }, box: { x: number; top: number; width: number; bottom: number }): void {
  const src = what.kind === 'image' ? what.image : what.page;
  const height = A4.height - box.top - box.bottom;
  const scale = Math.min(box.width / src.width, height / src.height, what.kind === 'image' ? 1 : Number.POSITIVE_INFINITY);
  const w = src.width * scale;
  const h = src.height * scale;
  const at = { x: box.x + (box.width - w) / 2, y: box.bottom + (height - h), width: w, height: h };
  if (what.kind === 'image') page.drawImage(what.image, at);
  else page.drawPage(what.page, at);
}
