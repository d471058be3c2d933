import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { checkpointOnClose } from '../../db/audit-checkpoint.ts';
import { connect, type Db } from '../../db/connect.ts';
import { isAppError } from '../../kernel/errors.ts';
import { prepareExport } from './export-roll.ts';
import { CHUNK_BYTES, type ExportJob, type FromExport, type ToExport, WINDOW } from './export-thread.ts';

/**
 * Sends what is written to the parent in pieces of at most CHUNK_BYTES, and holds the writer back while WINDOW pieces
 * wait unread: the reader's pace (a client's download) sets the export's.
 */
class PortWriter extends Writable {
  readonly #port: MessagePort;
  #unread = 0;
  #resume: ((e?: Error | null) => void) | null = null;
  #stopped = false;

  constructor(port: MessagePort) {
    super();
    this.#port = port;
  }

  /** The reader is gone: the write waiting for room fails, and so does any after it; the export ends there. */
  stop(): void {
    this.#stopped = true;
    const resume = this.#resume;
    this.#resume = null;
    resume?.(stopped());
  }

  taken(n: number): void {
    this.#unread -= n;
    const resume = this.#resume;
    if (resume && this.#unread <= WINDOW) {
      this.#resume = null;
      resume();
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.#stopped) {
      cb(stopped());
      return;
    }
    for (let i = 0; i < chunk.length; i += CHUNK_BYTES) {
      // A copy: a Buffer may be a slice of a pool that must not be transferred away.
      const data = new Uint8Array(chunk.subarray(i, i + CHUNK_BYTES));
      this.#port.postMessage({ kind: 'chunk', data } satisfies FromExport, [data.buffer]);
      this.#unread++;
    }
    if (this.#unread <= WINDOW) cb();
    else this.#resume = cb;
  }
}

const stopped = () => new Error('the reader is gone: export stopped');

/** The bank-file export in a thread of its own (export-thread.ts): its own connection, one file, then it ends. */
const job = workerData as ExportJob;
const port = parentPort as MessagePort;
const send = (m: FromExport) => port.postMessage(m);
let writer: PortWriter | null = null;
let stopRequested = false;
const onMessage = (m: ToExport) => {
  if (m.kind === 'stop') {
    stopRequested = true;
    writer?.stop();
  } else writer?.taken(m.n);
};
port.on('message', onMessage);
let db: Db | null = null;
let checkpoint: (() => Promise<void>) | null = null;
try {
  db = await connect(job.connect);
  // The export's audit event is checkpointed outside the database as the server's own are (ADR 0015).
  checkpoint = checkpointOnClose(db);
  // The thread acts for whoever started it (checked there), on the starter's clock.
  const file = await prepareExport({ db, actor: job.actor, clock: () => new Date(job.at) }, { ref: { county: job.county, id: job.rollId }, format: job.format });
  send({ kind: 'ready', filename: file.filename, contentType: file.contentType });
  writer = job.path === null ? new PortWriter(port) : null;
  if (stopRequested) writer?.stop();
  await file.write(writer ?? createWriteStream(job.path as string, { mode: 0o600 }));
  send({ kind: 'done' });
} catch (e) {
  send({
    kind: 'error',
    error: isAppError(e) ? { code: e.code, messages: e.messages, field: e.field, status: e.status } : { code: 'INTERNAL', messages: { zh: '导出失败', en: String((e as Error)?.message ?? e) }, status: 500 },
  });
} finally {
  // The port's listener would keep the thread alive.
  port.off('message', onMessage);
  await checkpoint?.().catch(() => {});
  await db?.close();
}
