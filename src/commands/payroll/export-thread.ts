import { PassThrough, Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { type ConnectOptions, reopenOptions } from '../../db/connect.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { Actor, CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import type { BankFormat } from './bank-file.ts';
import { prepareExport } from './export-roll.ts';

/**
 * Young generation of the export thread, MB. A bank file makes garbage at a steady rate (rows, cells, XML, zip
 * chunks); V8's default young generation (tens of MB per semi-space) would hold well over 100 MB of it between
 * collections. Small: the garbage is collected young and the export's RSS stays flat and low (bench/payroll.bench.ts).
 */
const EXPORT_YOUNG_MB = 8;
/**
 * Old generation of the export thread, MB: what the export keeps alive is flat (its modules, one batch of 1,000 lines,
 * the writer's state), well under this; the bound makes V8 collect long-lived garbage (zip chunks) before it piles up.
 */
const EXPORT_OLD_MB = 128;
/** The largest piece of file one message carries. */
export const CHUNK_BYTES = 64 * 1024;
/**
 * Pieces the thread may have sent that the reader has not taken yet: with the reader's own buffer (one piece) at most
 * about 300 KB of the file wait between the thread and a slow client; beyond that the thread stops reading the roll.
 */
export const WINDOW = 4;

/** What the export thread is started with (plain data): its own connection, who exports, and where the file goes. */
export interface ExportJob {
  connect: ConnectOptions;
  /** Who exports (a signed-in user, or the CLI operator), whose area's scope the roll is read through. */
  actor: Actor;
  /** When the export is recorded (the request's clock for the API). */
  at: string;
  county: string;
  rollId: string;
  format: BankFormat;
  /** A file to write (the CLI), or null: the file comes back in pieces over the thread's port (the API). */
  path: string | null;
}

export type ExportErrorData = { code: string; messages: BilingualMessage; field?: string; status: number };
/** From the thread: `ready` once the export is audited (before any byte), then pieces, then `done`; or an error. */
export type FromExport =
  | { kind: 'ready'; filename: string; contentType: string }
  | { kind: 'chunk'; data: Uint8Array }
  | { kind: 'done' }
  | { kind: 'error'; error: ExportErrorData };
/** To the thread: the reader took `n` more pieces; or stop (the reader is gone): it ends its export and closes. */
export type ToExport = { kind: 'ack'; n: number } | { kind: 'stop' };

/**
 * How long a thread asked to stop has to end by itself before it is terminated. Stopping is asked, not forced: a
 * thread terminated while its SQLite connection is open (or inside a statement) can take the whole process down with
 * it (a native abort seen once in CI, the test of a client leaving mid-download); asked, it leaves its write, closes
 * the connection and ends.
 */
const STOP_GRACE_MS = 10_000;

export interface ExportStream {
  filename: string;
  contentType: string;
  /** The file; destroying it (a client gone) stops the thread. */
  stream: Readable;
}

/**
 * 导出代发文件 The bank file of a roll for a signed-in user, streamed from the export thread the CLI uses: a worker with a
 * small heap and a connection of its own, so neither the file's garbage nor (on SQLite) its reads land on the server's
 * request loop. The permission is checked here; the thread checks the roll and records the export before the first
 * byte, and its errors until then reject this promise (a plain API error). An in-memory database, which no other
 * thread can open, is exported on this thread.
 */
export async function streamExport(ctx: CommandContext, o: { ref: { county: string; id: string }; format: BankFormat }): Promise<ExportStream> {
  requirePermission(ctx.actor, 'payroll.export');
  const { ref, format } = o;
  const options = reopenOptions(ctx.db);
  if (!options) {
    const file = await prepareExport(ctx, { ref, format });
    const stream = new PassThrough();
    file.write(stream).catch((e) => stream.destroy(e));
    return { filename: file.filename, contentType: file.contentType, stream };
  }
  return startExportThread({
    // One connection is all an export uses.
    connect: { ...options, pgPoolSize: 1 },
    actor: ctx.actor,
    at: ctx.clock().toISOString(),
    county: ref.county,
    rollId: ref.id,
    format,
    path: null,
  });
}

/**
 * Export threads running in this process at most. Each may hold up to its heap limits (ADR 0008: peak RSS ~250 MB for
 * an XLSX of a 1,000,000-person roll), so a burst of downloads is refused (429) rather than let the server's memory grow
 * with the number of clicks.
 */
export const MAX_EXPORT_THREADS = 2;
let exportThreads = 0;

/**
 * Starts the export thread; resolves once the export is recorded, with the file as a stream (empty when the thread
 * writes a file: it ends when the file is complete). The stream takes a piece from the thread only when its reader
 * wants more: backpressure from the client reaches the thread's writer and from there the roll's reads.
 */
export function startExportThread(job: ExportJob): Promise<ExportStream> {
  if (exportThreads >= MAX_EXPORT_THREADS) {
    return Promise.reject(
      new AppError(
        'PAYROLL_EXPORT_BUSY',
        { zh: `已有 ${MAX_EXPORT_THREADS} 个代发文件正在导出，请稍后再试`, en: `${MAX_EXPORT_THREADS} bank files are being exported already; try again shortly` },
        { status: 429 },
      ),
    );
  }
  exportThreads++;
  const w = new Worker(new URL('./export-worker.ts', import.meta.url), {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: EXPORT_YOUNG_MB, maxOldGenerationSizeMb: EXPORT_OLD_MB },
  });
  const ack = (n: number) => w.postMessage({ kind: 'ack', n } satisfies ToExport);
  let exited = false;
  let stopping = false;
  const stop = () => {
    if (exited || stopping) return;
    stopping = true;
    w.postMessage({ kind: 'stop' } satisfies ToExport);
    setTimeout(() => {
      if (!exited) void w.terminate();
    }, STOP_GRACE_MS).unref();
  };
  let owed = 0;
  let done = false;
  const stream = new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      if (owed > 0) ack(owed);
      owed = 0;
    },
    destroy(err, cb) {
      if (!done) stop();
      cb(err);
    },
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (e: Error) => {
      if (ready) stream.destroy(e);
      else reject(e);
      stop();
    };
    w.on('message', (m: FromExport) => {
      if (m.kind === 'chunk') {
        if (stream.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength))) ack(1);
        else owed++;
      } else if (m.kind === 'ready') {
        ready = true;
        resolve({ filename: m.filename, contentType: m.contentType, stream });
      } else if (m.kind === 'done') {
        done = true;
        stream.push(null);
      } else fail(new AppError(m.error.code, m.error.messages, { field: m.error.field, status: m.error.status }));
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      exited = true;
      exportThreads--;
      if (!done) fail(new AppError('PAYROLL_EXPORT_FAILED', { zh: '导出线程意外退出', en: `The export thread ended early (code ${code})` }, { status: 500 }));
    });
  });
}
