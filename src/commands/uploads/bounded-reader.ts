import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { stringify } from 'csv-stringify/sync';
import { AppError, type BilingualMessage, isAppError } from '../../kernel/errors.ts';
import { isStorageFull, storageFull } from '../../kernel/storage-full.ts';
import { readCsvRows } from './csv-rows.ts';
import { limitError, type UploadLimits } from './limits.ts';
import { type Budget, readXlsxRows } from './xlsx-rows.ts';

export type SheetFormat = 'csv' | 'xlsx';

export interface NormaliseRequest {
  /** The file as received. */
  path: string;
  format: SheetFormat;
  limits: UploadLimits;
  /** Where the rows go, as plain CSV (UTF-8, no BOM): what the use case then reads, as often as it needs. */
  out: string;
  /** Column names the first row must hold (a file without them is refused before anything is queued). */
  requiredColumns?: readonly string[];
  /**
   * Each row written with its source row number first (1-based, as a spreadsheet program or editor numbers it; empty
   * rows are skipped but counted), so a row-by-row report names the row the user sees.
   */
  rowNumbers?: boolean;
}

export interface NormaliseResult {
  rows: number;
  cells: number;
  uncompressedBytes: number;
}

type WorkerReply = { ok: true; result: NormaliseResult } | { ok: false; error: { code: string; messages: BilingualMessage; field?: string; status: number; details?: unknown } };

/**
 * 有界读取 Reads an uploaded (or operator-supplied) spreadsheet — CSV or the first sheet of an XLSX — under its limits,
 * in a worker thread with a heap limit of its own (`resourceLimits`) and a time limit, and writes its rows as plain CSV
 * to `out`. The server's memory stays bounded whatever the file holds: the counts stop a zip bomb, a sheet of millions
 * of rows or a table of millions of shared strings while they are read; the heap limit stops whatever gets past them
 * (the worker dies, the server does not). A refused file comes back as an AppError naming the limit, in both languages.
 */
export async function normaliseSheet(req: NormaliseRequest): Promise<NormaliseResult> {
  await checkSize(req.path, req.limits);
  const w = new Worker(new URL('./reader-worker.ts', import.meta.url), {
    workerData: req,
    resourceLimits: { maxOldGenerationSizeMb: req.limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  try {
    return await new Promise<NormaliseResult>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const timer = setTimeout(() => settle(() => reject(limitError('time', req.limits.timeoutMs))), req.limits.timeoutMs);
      w.once('message', (m: WorkerReply) =>
        settle(() => {
          if (m.ok) return resolve(m.result);
          const e = m.error;
          reject(new AppError(e.code, e.messages, { status: e.status, ...(e.field ? { field: e.field } : {}), ...(e.details !== undefined ? { details: e.details } : {}) }));
        }),
      );
      // The heap limit reached: the worker is gone, the server is not.
      // Any other failure of the thread (it could not start, it ended without answering) is the server's, not the file's.
      w.once('error', (e: Error & { code?: string }) => settle(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limitError('memory', req.limits.heapMb) : readerFailed())));
      w.once('exit', () => settle(() => reject(readerFailed())));
    });
  } finally {
    await w.terminate();
  }
}

async function checkSize(path: string, limits: UploadLimits): Promise<void> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw fileError(path, e);
  }
  if (size > limits.maxBytes) throw limitError('bytes', limits.maxBytes);
  if (size === 0) throw new AppError('UPLOAD_EMPTY', { zh: '文件为空', en: 'The file is empty' }, { status: 400, field: 'file' });
}

/** A file the operator named that cannot be opened: said plainly (no stack trace), in both languages. */
export function fileError(path: string, e: unknown): AppError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new AppError('FILE_NOT_FOUND', { zh: `找不到文件：${path}`, en: `No such file: ${path}` }, { field: 'file', status: 400 });
  if (code === 'EISDIR') return new AppError('FILE_IS_DIRECTORY', { zh: `这是一个目录，不是文件：${path}`, en: `This is a directory, not a file: ${path}` }, { field: 'file', status: 400 });
  if (code === 'EACCES' || code === 'EPERM') return new AppError('FILE_NOT_READABLE', { zh: `没有读取文件的权限：${path}`, en: `Permission denied reading ${path}` }, { field: 'file', status: 400 });
  return new AppError('FILE_NOT_READABLE', { zh: `无法读取文件：${path}`, en: `Cannot read ${path}: ${(e as Error)?.message ?? String(e)}` }, { field: 'file', status: 400 });
}

/** The worker's side (reader-worker.ts): read, count, write the rows out. Runs inside the limited heap. */
export async function normaliseInThisThread(req: NormaliseRequest): Promise<NormaliseResult> {
  const budget: Budget = { uncompressed: 0, rows: 0, cells: 0 };
  const rows = req.format === 'xlsx' ? readXlsxRows(req.path, req.limits, budget) : readCsvRows(req.path, req.limits, budget);
  const out = createWriteStream(req.out, { mode: 0o600 });
  // The stream's own failure (the disk full, the file not writable) is kept and thrown where the rows are written, so it
  // is answered for what it is (replyOf); after a refusal the stream is destroyed with a write still pending, and the
  // error that write then reports is not a second failure to end the thread with.
  let outError: unknown;
  out.on('error', (e) => {
    outError ??= e;
  });
  let batch: string[][] = [];
  let first = true;
  const flush = async () => {
    if (outError) throw outError;
    if (batch.length === 0) return;
    if (!out.write(stringify(batch))) await once(out, 'drain');
    batch = [];
  };
  try {
    for await (const cells of rows) {
      if (first) {
        first = false;
        checkColumns(cells, req.requiredColumns);
      }
      batch.push(req.rowNumbers ? [String(budget.line ?? budget.rows), ...cells] : cells);
      if (batch.length >= 1000) await flush();
    }
    if (first) throw new AppError('UPLOAD_EMPTY', { zh: '文件中没有数据', en: 'The file holds no rows' }, { status: 400, field: 'file' });
    await flush();
    out.end();
    // Settles whether the stream finishes or has already failed (`once(out, 'finish')` would wait for ever on the latter).
    await finished(out);
  } catch (e) {
    out.destroy();
    throw e;
  }
  return { rows: budget.rows, cells: budget.cells, uncompressedBytes: budget.uncompressed };
}

function checkColumns(header: readonly string[], required: readonly string[] | undefined): void {
  if (!required?.length) return;
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const missing = required.filter((k) => !names.includes(k));
  if (missing.length) {
    throw new AppError(
      'UPLOAD_COLUMNS',
      { zh: `文件第一行缺少列：${missing.join('、')}（不是回盘文件？）`, en: `The first row lacks the columns ${missing.join(', ')} (not the expected file?)` },
      { status: 400, field: 'file', details: { missing } },
    );
  }
}

export function replyOf(e: unknown): WorkerReply {
  const fromError = (x: AppError): WorkerReply => ({ ok: false, error: { code: x.code, messages: x.messages, field: x.field, status: x.status, details: x.details } });
  if (isAppError(e)) return fromError(e);
  // The server's side failing (its storage full, a file it could not write) is not the user's file being damaged.
  if (isStorageFull(e)) return fromError(storageFull());
  if (isSystemError(e)) return fromError(readerFailed());
  const m = String((e as Error)?.message ?? e).slice(0, 200);
  return { ok: false, error: { code: 'UPLOAD_DAMAGED', messages: { zh: `文件无法读取：${m}`, en: `The file cannot be read: ${m}` }, field: 'file', status: 400 } };
}

/** A Node system error (a failed open, write or read of the server's own files): it carries the call that failed. */
function isSystemError(e: unknown): boolean {
  const x = (e ?? {}) as { syscall?: unknown; errno?: unknown };
  return typeof x.syscall === 'string' || typeof x.errno === 'number';
}

/** The reader itself stopped or failed on the server's side: said as such, never as a fault of the file (500). */
function readerFailed(): AppError {
  return new AppError(
    'UPLOAD_READER_FAILED',
    {
      zh: '服务器读取上传文件时出错（不是文件本身的问题），未做任何更改。请稍后重试；如仍出错，请联系系统管理员。',
      en: 'The server failed while reading the upload (not a fault of the file itself); nothing was changed. Try again later; if it persists, ask the system administrator.',
    },
    { status: 500 },
  );
}
