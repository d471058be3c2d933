import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { BANK_COLUMNS, type LineKind, TOTAL_LABEL } from '../../contracts/payroll.ts';
import type { BankLine } from '../../db/payroll-repo.ts';
import { formatYuan } from '../../kernel/money.ts';
import { AppError } from '../../kernel/errors.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { openAccount } from '../../db/personal-data.ts';
import { stripUnsafeText } from '../../kernel/text.ts';

/**
 * The bank file (代发文件) and the bank's result file: one row per payment, then a control-total row. Every text cell
 * that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe (and so does one that starts with an apostrophe, so that reading the file back is exact); amounts are written as text with two decimals so no program rounds them.
 */
export type BankFormat = 'csv' | 'xlsx';

/** A cell that needs the apostrophe: formula-like, or starting with an apostrophe itself (so that escaping can be undone). */
const NEEDS_QUOTE = /^[=+\-@\t\r']/;

export function escapeCell(v: string): string {
  return NEEDS_QUOTE.test(v) ? `'${v}` : v;
}

/** Undoes `escapeCell` on a cell read back from a result file. */
export function unescapeCell(v: string): string {
  return v.startsWith("'") && NEEDS_QUOTE.test(v.slice(1)) ? v.slice(1) : v;
}

export const KIND_LABELS: Record<LineKind, string> = { regular: '正常发放', backpay: '补发', recovery: '追缴', reissue: '重发', stage: '临时救助' };

/**
 * One payment as bank-file cells. The guard: whatever was stored before names were checked on input (src/kernel/text.ts),
 * no cell carries a bidi control, a zero-width or control character or an unpaired surrogate (they would show a bank clerk
 * another name than the one paid, or break the file); text is NFC. Then formula escaping.
 *
 * The account is opened from its sealed form here, and nowhere else on its way out (ADR 0012).
 */
export function bankRow(keys: KeyRing, l: BankLine): string[] {
  const account = openAccount(keys, l);
  // The last guard: the lines read for the file are never held, and a line without an account always is.
  if (!account) {
    throw new AppError('PAYROLL_ACCOUNT_MISSING', { zh: `序号 ${l.seq} 缺少银行账号，已停止导出`, en: `Payment ${l.seq} has no bank account; export stopped` }, { status: 500 });
  }
  return [
    l.roll_id,
    String(l.seq),
    KIND_LABELS[l.kind],
    l.benefit_month,
    l.payee_name,
    l.bank_name ?? '',
    account,
    String(l.person_count),
    formatYuan(Number(l.amount_fen)),
    l.term_status === 'gradual_exit' ? '渐退' : '',
  ].map((v) => escapeCell(stripUnsafeText(v)));
}

/** 合计 row: the count of payments under 序号 and their sum under 金额. */
export function totalRow(count: number, totalFen: number): string[] {
  const row = BANK_COLUMNS.map(() => '');
  row[0] = TOTAL_LABEL;
  row[BANK_COLUMNS.indexOf('序号')] = String(count);
  row[BANK_COLUMNS.indexOf('金额(元)')] = formatYuan(totalFen);
  return row;
}

/**
 * Streams rows into `out` as CSV (UTF-8 with BOM, for Excel) or XLSX (ExcelJS streaming writer). `batches` (rows, a
 * batch at a time) is pulled only as fast as `out` drains, so memory stays flat whatever the roll's size.
 */
/** ExcelJS (its streaming writer only: reading is src/commands/uploads) on first use: some 40 MB a CSV export need not carry. */
const excel = async () => (await import('exceljs')).default;

/** The zip entry's input (a `readable-stream` PassThrough: no `writableLength`, hence the state). */
type ZipEntryInput = NodeJS.EventEmitter & { _writableState?: { length: number } };
const ZIP_BACKLOG = 1 << 20;

/**
 * Waits for `e` to drain — or fails once the destination has failed or closed (the export thread's reader gone, ADR
 * 0008): the zip's deflater never drains into a destination that is gone, and an export must not wait for it for ever.
 */
async function drained(e: NodeJS.EventEmitter, out: Writable): Promise<void> {
  const gone = () => out.errored ?? new Error('the bank file’s destination closed');
  if (out.destroyed) throw gone();
  const ac = new AbortController();
  const onClose = () => ac.abort(gone());
  out.once('close', onClose);
  try {
    await once(e, 'drain', { signal: ac.signal });
  } finally {
    out.off('close', onClose);
  }
}

export async function writeBankFile(format: BankFormat, out: Writable, batches: AsyncIterable<string[][]>): Promise<void> {
  if (format === 'csv') {
    // A batch at a time through csv-stringify: one string per batch, far less garbage than a stream event per row.
    let first = true;
    for await (const batch of batches) {
      const text = stringifySync(batch, { bom: first });
      first = false;
      if (!out.write(text)) await drained(out, out);
    }
    out.end();
    await finished(out);
    return;
  }
  const ExcelJS = await excel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('代发明细');
  for await (const batch of batches) {
    for (const row of batch) ws.addRow(row).commit();
    // ExcelJS's sheet buffer never says "full": it hands its chunks to the zip's deflater without waiting, so a fast
    // writer outruns compression and the backlog grows with the file. Wait here for the deflater, then the destination.
    const entry = (ws as unknown as { stream?: { pipes?: ZipEntryInput[] } }).stream?.pipes?.[0];
    while (entry?._writableState && entry._writableState.length > ZIP_BACKLOG) await drained(entry, out);
    if (out.writableNeedDrain) await drained(out, out);
  }
  ws.commit();
  await wb.commit();
}

/**
 * The rows of a result file as the bounded reader wrote them (plain CSV, see import-results.ts `prepareResultFile`), header
 * first. The file as received — CSV, or XLSX — is never parsed here: uploads go through src/commands/uploads (ADR 0018).
 */
export async function* readResultRows(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 }));
  for await (const rec of parser) yield (rec as unknown[]).map((c) => String(c ?? ''));
}
