import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { isAppError } from '../../kernel/errors.ts';
import { limitError, type UploadLimits, unreadable } from './limits.ts';
import type { Budget } from './xlsx-rows.ts';

/**
 * The rows of a CSV file (UTF-8, with or without BOM) as text cells, read under `UploadLimits`: bytes that are not
 * UTF-8, or a NUL (a binary file sent as CSV), refuse the file at once; a record longer than the cells allow stops the
 * parser (csv-parse's own bound) instead of growing; rows, cells and columns are counted. Empty lines are skipped.
 */
export async function* readCsvRows(path: string, limits: UploadLimits, budget: Budget): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, cb) {
      try {
        const s = decoder.decode(chunk, { stream: true });
        if (s.includes('\u0000')) return cb(unreadable('UPLOAD_NOT_TEXT', 'NUL'));
        cb(null, s);
      } catch {
        cb(unreadable('UPLOAD_NOT_TEXT'));
      }
    },
    flush(cb) {
      try {
        cb(null, decoder.decode());
      } catch {
        cb(unreadable('UPLOAD_NOT_TEXT'));
      }
    },
  });
  const parser = createReadStream(path)
    .pipe(text)
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: limits.maxCellChars * 8, info: true }));
  // Errors of the first two stages reach the parser's consumer only through here.
  text.on('error', (e) => parser.destroy(e));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: unknown[]; info: { lines: number } }>) {
      const cells = record.map((c) => String(c ?? ''));
      // The line the record starts on (a quoted cell may span lines; `lines` is where it ends).
      budget.line = info.lines - cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      if (cells.length > limits.maxColumns) throw limitError('columns', limits.maxColumns);
      for (const c of cells) if (c.length > limits.maxCellChars) throw limitError('cellChars', limits.maxCellChars);
      budget.rows++;
      if (budget.rows > limits.maxRows) throw limitError('rows', limits.maxRows);
      budget.cells += cells.filter((c) => c !== '').length;
      if (budget.cells > limits.maxCells) throw limitError('cells', limits.maxCells);
      yield cells;
    }
  } catch (e) {
    if (isAppError(e)) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw limitError('cellChars', limits.maxCellChars);
    throw unreadable('UPLOAD_DAMAGED', (e as Error).message.slice(0, 120));
  } finally {
    parser.destroy();
  }
}
