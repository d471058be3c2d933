import { AppError } from '../../kernel/errors.ts';

/**
 * What an uploaded (or operator-supplied) spreadsheet may cost the server, checked while it is read (ADR 0018). Every
 * bound is counted on the way — never after building the whole thing in memory — and the worker that reads it runs
 * under a heap limit of its own, so a file that gets past a count still cannot take the server down.
 */
export interface UploadLimits {
  /** The file as received (bytes). */
  maxBytes: number;
  /** XLSX: the parts read, inflated (bytes), by the sizes the zip declares and by the bytes actually inflated. */
  maxUncompressedBytes: number;
  /** XLSX: entries in the zip's directory. */
  maxEntries: number;
  /** Non-empty rows, header included. */
  maxRows: number;
  /** Non-empty cells in the whole file. */
  maxCells: number;
  /** Columns of a row (a cell at column XFD is refused, not stored as 16,384 empty cells). */
  maxColumns: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** XLSX: entries of the shared-string table, and their characters together. */
  maxSharedStrings: number;
  maxSharedStringChars: number;
  /** The reading worker's old-generation heap (MB), and how long it may take. */
  heapMb: number;
  timeoutMs: number;
}

/**
 * A bank's result file: the largest county roll has some tens of thousands of payments (about 120 bytes a row as CSV);
 * these bounds leave a wide margin and keep the reader under a few hundred MB whatever the file holds.
 */
export const RESULT_FILE_LIMITS: UploadLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxEntries: 1_000,
  maxRows: 300_000,
  maxCells: 4_000_000,
  maxColumns: 64,
  maxCellChars: 1_000,
  maxSharedStrings: 1_000_000,
  maxSharedStringChars: 32 * 1024 * 1024,
  heapMb: 256,
  timeoutMs: 120_000,
};

/** A division-code file (`doudi divisions load`): Liaoning has some 20,000 codes, the whole country under 700,000. */
export const DIVISION_FILE_LIMITS: UploadLimits = {
  ...RESULT_FILE_LIMITS,
  maxBytes: 128 * 1024 * 1024,
  maxRows: 1_000_000,
  maxCells: 5_000_000,
  maxColumns: 16,
  maxCellChars: 200,
};

/**
 * A registry import (户籍导入) of a village or a township: a township holds some thousands of persons, one row each; the
 * import is checked and applied in one request, so it is bounded tighter than a bank result.
 */
export const REGISTRY_FILE_LIMITS: UploadLimits = {
  ...RESULT_FILE_LIMITS,
  maxBytes: 16 * 1024 * 1024,
  maxUncompressedBytes: 128 * 1024 * 1024,
  maxRows: 30_000,
  maxCells: 1_200_000,
  maxColumns: 64,
  maxCellChars: 500,
  timeoutMs: 60_000,
};

/**
 * The poverty office's registry (建档立卡, issue 12): the city's file holds some tens of thousands of households, up to
 * 200,000 persons, one row each, 15 columns. Streamed through the reader and checked, then written in batches: the
 * bounds allow 200,000 rows with room, an XLSX of that size inflating to a few hundred MB of XML.
 */
export const POVERTY_FILE_LIMITS: UploadLimits = {
  ...RESULT_FILE_LIMITS,
  maxBytes: 64 * 1024 * 1024,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxRows: 210_000,
  maxCells: 3_500_000,
  maxColumns: 40,
  maxCellChars: 200,
  maxSharedStrings: 1_500_000,
  maxSharedStringChars: 32 * 1024 * 1024,
  // A 200,000-row workbook's shared strings take some 40 MB; a smaller heap than a result file's keeps the reader's
  // garbage collected early (the process's peak, ADR 0032).
  heapMb: 128,
  timeoutMs: 300_000,
};

export type LimitName = 'bytes' | 'uncompressed' | 'entries' | 'rows' | 'cells' | 'columns' | 'cellChars' | 'sharedStrings' | 'sharedStringChars' | 'memory' | 'time';

const LIMIT_TEXT: Record<LimitName, (max: number) => { zh: string; en: string }> = {
  bytes: (m) => ({ zh: `文件大小超过上限 ${mb(m)}`, en: `the file is larger than the limit of ${mb(m)}` }),
  uncompressed: (m) => ({ zh: `解压后内容超过上限 ${mb(m)}（疑似压缩炸弹）`, en: `its content unpacks to more than the limit of ${mb(m)} (a zip bomb?)` }),
  entries: (m) => ({ zh: `压缩包内文件数超过上限 ${n(m)} 个`, en: `the zip holds more than ${n(m)} entries (the limit)` }),
  rows: (m) => ({ zh: `行数超过上限 ${n(m)} 行`, en: `it has more than ${n(m)} rows (the limit)` }),
  cells: (m) => ({ zh: `单元格数超过上限 ${n(m)} 个`, en: `it has more than ${n(m)} cells (the limit)` }),
  columns: (m) => ({ zh: `列数超过上限 ${n(m)} 列`, en: `a row has more than ${n(m)} columns (the limit)` }),
  cellChars: (m) => ({ zh: `单元格内容超过上限 ${n(m)} 个字符`, en: `a cell holds more than ${n(m)} characters (the limit)` }),
  sharedStrings: (m) => ({ zh: `共享字符串数超过上限 ${n(m)} 个`, en: `its shared-string table has more than ${n(m)} entries (the limit)` }),
  sharedStringChars: (m) => ({ zh: `共享字符串总长度超过上限 ${n(m)} 个字符`, en: `its shared strings hold more than ${n(m)} characters (the limit)` }),
  memory: (m) => ({ zh: `解析所需内存超过上限 ${m} MB`, en: `reading it needs more than the memory limit of ${m} MB` }),
  time: (m) => ({ zh: `解析时间超过上限 ${Math.round(m / 1000)} 秒`, en: `reading it takes longer than the limit of ${Math.round(m / 1000)} s` }),
};

const n = (v: number) => v.toLocaleString('en-US');
const mb = (v: number) => `${Math.round(v / (1024 * 1024))} MB`;

/** `UPLOAD_TOO_LARGE` (413) naming the bound that was passed, in both languages; details carry it for programs. */
export function limitError(limit: LimitName, max: number): AppError {
  const t = LIMIT_TEXT[limit](max);
  return new AppError('UPLOAD_TOO_LARGE', { zh: `文件被拒绝：${t.zh}`, en: `File refused: ${t.en}` }, { status: 413, field: 'file', details: { limit, max } });
}

/** A file that is not what it claims to be (not a spreadsheet, not text, damaged). */
export function unreadable(code: 'UPLOAD_NOT_XLSX' | 'UPLOAD_NOT_TEXT' | 'UPLOAD_DAMAGED', detail?: string): AppError {
  const m = {
    UPLOAD_NOT_XLSX: { zh: '文件不是有效的 Excel（.xlsx）工作簿', en: 'The file is not a valid Excel (.xlsx) workbook' },
    UPLOAD_NOT_TEXT: { zh: '文件不是 UTF-8 编码的 CSV 文本', en: 'The file is not CSV text in UTF-8' },
    UPLOAD_DAMAGED: { zh: '文件已损坏，无法读取', en: 'The file is damaged and cannot be read' },
  }[code];
  const more = detail ? { zh: `${m.zh}（${detail}）`, en: `${m.en} (${detail})` } : m;
  return new AppError(code, more, { status: 400, field: 'file' });
}
