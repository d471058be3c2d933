import { renderHtml } from '../documents/render-html.ts';
import { XLSX_TYPE } from '../exports/export-list.ts';
import type { CommandContext } from '../context.ts';
import { getBulletin } from './bulletin.ts';
import { bulletinDocument, documentPdf, documentPrint, documentWorkbook, quarterlyReportDocument, type ReportDocument } from './report-documents.ts';
import { reportError } from './report-context.ts';
import { getReport } from './report-view.ts';

export interface ReportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

type Format = 'xlsx' | 'pdf' | 'html';

function format(f: unknown): Format {
  if (f === 'xlsx' || f === 'pdf' || f === 'html') return f;
  throw reportError('REPORT_FORMAT', { zh: '导出格式应为 xlsx、pdf 或 html', en: 'The format is xlsx, pdf or html' }, 'format');
}

/** xlsx, the PDF, or the HTML print view (the browser's "print to PDF" where the server has no Chinese font). */
async function file(d: ReportDocument, f: Format): Promise<ReportFile> {
  if (f === 'xlsx') return { filename: `${d.filename}.xlsx`, contentType: XLSX_TYPE, body: await documentWorkbook(d) };
  if (f === 'html') return { filename: `${d.filename}.html`, contentType: 'text/html; charset=utf-8', body: Buffer.from(renderHtml(documentPrint(d))) };
  return { filename: `${d.filename}.pdf`, contentType: 'application/pdf', body: await documentPdf(d) };
}

/**
 * 导出季度报告 The quarterly report as the statistics-layout workbook or the printable PDF: what `getReport` shows (the
 * submitted snapshot, or the draft computed now), with its permission and area. Figures of a county, no personal data.
 */
export async function exportQuarterlyReport(ctx: CommandContext, input: { county: unknown; quarter: unknown; format: unknown }): Promise<ReportFile> {
  const f = format(input.format);
  return file(quarterlyReportDocument(await getReport(ctx, input)), f);
}

/** 导出通报 The bulletin with its comparison tables and charts, as a workbook or a PDF, to whoever may read it. */
export async function exportBulletin(ctx: CommandContext, input: { quarter: unknown; format: unknown }): Promise<ReportFile> {
  const f = format(input.format);
  return file(bulletinDocument(await getBulletin(ctx, input)), f);
}
