import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { formatYuan, type Fen } from '../../kernel/money.ts';
import { stripUnsafeText } from '../../kernel/text.ts';
import { escapeCell } from '../payroll/bank-file.ts';

/**
 * A cell of an exported list: text (already in the page's words), a count, or money. Money stays in integer fen until
 * the cell is written: the workbook gets the yuan figure with two decimals as a number (so it sums), formatted `0.00`.
 */
export type Cell = string | number | { fen: Fen } | null;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  width?: number;
  /** Amounts: written as numbers formatted `0.00`. */
  money?: boolean;
}

/** What a workbook says about itself above the table: what was exported, with which filters, by whom, when, where. */
export interface ExportHeading {
  title: string;
  filters: readonly (readonly [label: string, value: string])[];
  who: string;
  at: Date;
  areaName: string;
  rows: number;
}

/** The instant in China's time zone (UTC+8, no daylight saving), as users read it: 2026-12-04 19:30:05. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A text cell as it leaves the server: no bidi, zero-width or control character (stored before input was checked, it
 * would show another text than the one meant), NFC, and a leading apostrophe for anything a spreadsheet would run as a
 * formula — the bank file's rule (bank-file.ts `escapeCell`).
 */
export function safeText(v: string): string {
  return escapeCell(stripUnsafeText(v));
}

/** A cell's value as written: text escaped, money as a number of yuan with two decimals (exact: it comes from its text). */
export function cellValue(c: Cell): string | number | null {
  if (c === null) return null;
  if (typeof c === 'string') return safeText(c);
  if (typeof c === 'number') return c;
  return Number(formatYuan(c.fen));
}

/** The heading rows above the table (each a single text cell). */
export function headingLines(h: ExportHeading): string[] {
  const filters = h.filters.length > 0 ? h.filters.map(([k, v]) => `${k}：${v}`).join('；') : '无（全部）';
  return [
    h.title,
    `筛选条件：${filters}`,
    `导出范围：${h.areaName}`,
    `导出人：${h.who}    导出时间：${chinaDateTime(h.at)}（北京时间）    共 ${h.rows} 条`,
  ];
}

/** The row index (1-based) of the column headers: after the heading and one blank row. */
export const TABLE_HEADER_ROW = 6;

/** ExcelJS's streaming writer only, on first use (reading workbooks is src/commands/uploads' business). */
const excel = async () => (await import('exceljs')).default;

/** The zip entry's input (a `readable-stream` PassThrough: no `writableLength`, hence the state), as in bank-file.ts. */
type ZipEntryInput = NodeJS.EventEmitter & { _writableState?: { length: number } };
const ZIP_BACKLOG = 1 << 20;

/**
 * Streams a list into `out` as one worksheet: the heading, a blank row, the column headers, then the rows, a batch at a
 * time. Each batch is pulled only once the deflater and `out` have taken the one before, so memory stays flat however
 * long the list (the same backpressure as the bank file).
 */
export async function writeListWorkbook<T>(
  out: Writable,
  // No heading: the column headers on the first row (a file in another office's template layout, read by its own tools).
  o: { sheet: string; heading: ExportHeading | null; columns: readonly Column<T>[]; batches: AsyncIterable<readonly T[]> },
): Promise<void> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'doudi';
  const ws = wb.addWorksheet(o.sheet);
  ws.columns = o.columns.map((c) => ({ width: c.width ?? 16 }));
  const moneyCols = o.columns.flatMap((c, i) => (c.money ? [i + 1] : []));
  if (o.heading) {
    for (const line of headingLines(o.heading)) ws.addRow([safeText(line)]).commit();
    ws.addRow([]).commit();
  }
  const header = ws.addRow(o.columns.map((c) => safeText(c.header)));
  header.font = { bold: true };
  header.commit();
  for await (const batch of o.batches) {
    for (const item of batch) {
      const row = ws.addRow(o.columns.map((c) => cellValue(c.value(item))));
      for (const i of moneyCols) row.getCell(i).numFmt = '0.00';
      row.commit();
    }
    const entry = (ws as unknown as { stream?: { pipes?: ZipEntryInput[] } }).stream?.pipes?.[0];
    while (entry?._writableState && entry._writableState.length > ZIP_BACKLOG) await once(entry, 'drain');
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
}
