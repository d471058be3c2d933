import { createRequire } from 'node:module';
import { AppError } from '../../kernel/errors.ts';
import { type PdfFont, pdfFont } from './pdf-font.ts';
import type { Block, PrintDoc } from './print-doc.ts';

/** pdfmake ships no types: the little of its server API used here. */
interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(fonts: Record<string, { normal: unknown; bold: unknown; italics: unknown; bolditalics: unknown }>): void;
  setUrlAccessPolicy(fn: (url: string) => boolean): void;
  setLocalAccessPolicy(fn: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}

const FAMILY = 'Han';
const VFS_NAME = 'doudi-cjk-font';
let pdfmake: PdfMake | null = null;
let loadedFont: PdfFont | null = null;

function engine(font: PdfFont): PdfMake {
  if (!pdfmake) {
    pdfmake = createRequire(import.meta.url)('pdfmake') as PdfMake;
    // Documents are built from our own data only: no fetching of URLs, no reading of local files.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
  }
  if (loadedFont !== font) {
    pdfmake.virtualfs.writeFileSync(VFS_NAME, font.data);
    loadedFont = font;
  }
  // Fresh definitions for every document: pdfmake replaces a definition's file name by the file's bytes in place.
  // One face for every style: a second (bold) face would double the time spent parsing fonts per document.
  const def = () => (font.face ? [VFS_NAME, font.face] : VFS_NAME);
  pdfmake.setFonts({ [FAMILY]: { normal: def(), bold: def(), italics: def(), bolditalics: def() } });
  return pdfmake;
}

export function pdfAvailable(): boolean {
  return pdfFont() !== null;
}

const cell = (text: string, extra: object = {}) => ({ text, ...extra });

function content(b: Block): object {
  switch (b.kind) {
    case 'salutation':
      return { text: b.text, margin: [0, 6, 0, 4] };
    case 'para':
      // Two full-width spaces: the Chinese first-line indent.
      return { text: `\u3000\u3000${b.text}`, margin: [0, 0, 0, 6], lineHeight: 1.6 };
    case 'heading':
      return { text: b.text, fontSize: 13, margin: [0, 10, 0, 4] };
    case 'list':
      return { ol: b.items, margin: [20, 0, 0, 8], lineHeight: 1.5 };
    case 'fields':
      return { table: { widths: [130, '*'], body: b.rows.map(([k, v]) => [cell(k, { fillColor: '#f4f4f4' }), cell(v)]) }, margin: [0, 4, 0, 10], fontSize: 11 };
    case 'table': {
      const widths = b.widths ?? b.head.map(() => '*');
      const rows = b.rows.length === 0 ? [[cell('（无）', { colSpan: b.head.length, alignment: 'center' }), ...b.head.slice(1).map(() => '')]] : b.rows.map((r) => r.map((c) => cell(c)));
      return { table: { headerRows: 1, widths, body: [b.head.map((h) => cell(h, { fillColor: '#f4f4f4', alignment: 'center' })), ...rows] }, margin: [0, 4, 0, 10], fontSize: 10 };
    }
    case 'sign':
      return { stack: b.lines, alignment: 'right', margin: [0, 28, 0, 0], lineHeight: 1.6 };
    case 'bars': {
      // Drawn as rectangles (pdfmake's canvas): the label, the bar, its value.
      const max = Math.max(0, ...b.rows.map((r) => r.value));
      const width = 360;
      return {
        table: {
          widths: [90, width, '*'],
          body: b.rows.map((r) => [
            cell(r.label),
            { canvas: [{ type: 'rect', x: 0, y: 2, w: max > 0 ? Math.max(1, (Math.max(0, r.value) / max) * width) : 1, h: 10, color: '#1677ff' }] },
            cell(r.text),
          ]),
        },
        layout: 'noBorders',
        margin: [0, 4, 0, 10],
        fontSize: 10,
      };
    }
  }
}

function fontOrRefuse(): PdfFont {
  const font = pdfFont();
  if (!font) {
    throw new AppError(
      'PDF_FONT_MISSING',
      { zh: '服务器未安装生成 PDF 所需的中文字体，请使用打印预览（浏览器“打印为 PDF”）', en: 'The server has no Chinese font for PDFs; use the print view (the browser’s “print to PDF”)' },
      { status: 503 },
    );
  }
  return font;
}

/**
 * A pdfmake document definition of a caller's own (the bound case file's cover, contents and listing, ADR 0050) in
 * the embedded Chinese font: `defaultStyle.font` is set here. The blocks of PrintDoc are available through `blockContent`.
 */
export async function renderPdfDefinition(def: { defaultStyle?: Record<string, unknown> } & Record<string, unknown>): Promise<Buffer> {
  const font = fontOrRefuse();
  return engine(font).createPdf({ ...def, defaultStyle: { fontSize: 12, ...def.defaultStyle, font: FAMILY } }).getBuffer();
}

/** A PrintDoc block as pdfmake content (for a caller's own definition). */
export const blockContent = (b: Block): object => content(b);

/** The PDF of a document; 503 PDF_FONT_MISSING when the server has no Chinese font to embed. */
export async function renderPdf(doc: PrintDoc): Promise<Buffer> {
  const font = fontOrRefuse();
  const def = {
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: [56, 60, 56, 60],
    info: { title: doc.title, creator: 'doudi 兜底' },
    defaultStyle: { font: FAMILY, fontSize: 12 },
    content: [
      { text: doc.title, fontSize: 20, alignment: 'center', margin: [0, 0, 0, 6] },
      ...(doc.number ? [{ text: doc.number, alignment: 'right', fontSize: 10, margin: [0, 0, 0, 14] }] : []),
      ...doc.blocks.map(content),
      ...(doc.note ? [{ text: doc.note, fontSize: 9, color: '#444444', margin: [0, 24, 0, 0] }] : []),
    ],
  };
  return engine(font).createPdf(def).getBuffer();
}
