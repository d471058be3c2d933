import { XLSX_TYPE } from '../exports/export-list.ts';
import type { CommandContext } from '../context.ts';
import { getBulletin } from './bulletin.ts';
import { bulletinDocument, documentPdf, documentWorkbook, quarterlyReportDocument, type ReportDocument } from './report-documents.ts';
import { reportError } from './report-context.ts';
import { getReport } from './report-view.ts';

export interface ReportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

function format(f: unknown): 'xlsx' | 'pdf' {
  if (f === 'xlsx' || f === 'pdf') return f;
  throw reportError('REPORT_FORMAT', { zh: '导出格式应为 xlsx 或 pdf', en: 'The format is xlsx or pdf' }, 'format');
}

async function file(d: ReportDocument, f: 'xlsx' | 'pdf'): Promise<ReportFile> {
  return f === 'xlsx' ? { filename: `${d.filename}.xlsx`, contentType: XLSX_TYPE, body: await documentWorkbook(d) } : { filename: `${d.filename}.pdf`, contentType: 'application/pdf', body: await documentPdf(d) };
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
