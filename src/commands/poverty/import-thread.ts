import { Worker } from 'node:worker_threads';
import type { PovertyImportResult } from '../../contracts/poverty.ts';
import type { ConnectOptions } from '../../db/connect.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { Actor } from '../context.ts';
import type { SheetFormat } from '../uploads/bounded-reader.ts';
import type { ImportPhase } from './import-snapshot.ts';

/**
 * Young generation of the import thread, MB. Checking and writing 200,000 rows makes garbage at a steady rate (parsed
 * rows, cells, sealed numbers, statements); with V8's default young generation (tens of MB per semi-space) the caller's
 * heap grew to ~200 MB of mostly dead objects and the process's peak RSS past 300 MB (bench/poverty-import.bench.ts).
 * Small, as the bank-file export's (export-thread.ts): the garbage is collected young.
 */
const IMPORT_YOUNG_MB = 8;
/**
 * Old generation of the import thread, MB: what an import keeps alive is some 30 MB for the largest file the limits
 * let through (households stored flat, ID numbers as numbers, one batch of rows); the bound makes V8 collect early.
 */
const IMPORT_OLD_MB = 160;

/**
 * Import threads running in this process at most. One import may hold some 240 MB at its peak (200,000 rows,
 * bench/poverty-import.bench.ts) and every import writes in one transaction of the one database, so a second import at
 * the same time would only wait for the first's lock while holding its own memory: it is refused (429) instead, before
 * its upload is saved, and may be tried again once the first has ended.
 */
export const MAX_IMPORT_THREADS = 1;
let importThreads = 0;

/** Takes an import thread's place, or refuses (429 POVERTY_IMPORT_BUSY); the returned function gives it back (once). */
export function reserveImportThread(): () => void {
  if (importThreads >= MAX_IMPORT_THREADS) {
    throw new AppError(
      'POVERTY_IMPORT_BUSY',
      { zh: '已有建档立卡数据正在导入，请待其完成后再试（未做任何更改）', en: 'A poverty-registry import is running already; try again once it has ended (nothing was changed)' },
      { status: 429 },
    );
  }
  importThreads++;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    importThreads--;
  };
}

/** What the import thread is started with (plain data): its own connection, who imports, and the file. */
export interface ImportJob {
  connect: ConnectOptions;
  actor: Actor;
  /** The starter's clock: the import is recorded at this instant and its day is "today". */
  at: string;
  path: string;
  format: SheetFormat;
  county?: string;
  asOf?: string;
  fileName: string;
}

export type ImportErrorData = { code: string; messages: BilingualMessage; field?: string; status: number; details?: unknown };
/** From the thread: each phase as it starts, then the result or an error. */
export type FromImport = { kind: 'phase'; phase: ImportPhase } | { kind: 'done'; result: PovertyImportResult } | { kind: 'error'; error: ImportErrorData };

/**
 * Runs one poverty-registry import in a worker thread with a heap of its own (import-worker.ts), and resolves with its
 * result; its errors come back as the AppErrors they were. The thread ends with the import.
 */
export function runImportThread(job: ImportJob & { onPhase?: (phase: ImportPhase) => void }): Promise<PovertyImportResult> {
  const { onPhase, ...data } = job;
  const w = new Worker(new URL('./import-worker.ts', import.meta.url), {
    workerData: data satisfies ImportJob,
    resourceLimits: { maxYoungGenerationSizeMb: IMPORT_YOUNG_MB, maxOldGenerationSizeMb: IMPORT_OLD_MB },
  });
  return new Promise<PovertyImportResult>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    w.on('message', (m: FromImport) => {
      if (m.kind === 'phase') onPhase?.(m.phase);
      else if (m.kind === 'done') settle(() => resolve(m.result));
      else {
        const e = m.error;
        settle(() => reject(new AppError(e.code, e.messages, { status: e.status, ...(e.field ? { field: e.field } : {}), ...(e.details !== undefined ? { details: e.details } : {}) })));
      }
    });
    w.on('error', (e: Error & { code?: string }) =>
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('POVERTY_IMPORT_MEMORY', { zh: '导入所需内存超过上限，未做任何更改', en: 'The import needed more memory than its limit; nothing was changed' }, { status: 500 })
            : e,
        ),
      ),
    );
    w.on('exit', (code) =>
      settle(() => reject(new AppError('POVERTY_IMPORT_FAILED', { zh: '导入线程意外退出，未做任何更改', en: `The import thread ended early (code ${code}); nothing was changed` }, { status: 500 }))),
    );
  });
}
