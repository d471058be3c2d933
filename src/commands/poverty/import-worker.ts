import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { checkpointOnClose } from '../../db/audit-checkpoint.ts';
import { connect, type Db } from '../../db/connect.ts';
import { isAppError } from '../../kernel/errors.ts';
import { importInThisThread } from './import-snapshot.ts';
import type { FromImport, ImportJob } from './import-thread.ts';

/** The poverty-registry import in a thread of its own (import-thread.ts): its own connection, one file, then it ends. */
const job = workerData as ImportJob;
const port = parentPort as MessagePort;
const send = (m: FromImport) => port.postMessage(m);
let db: Db | null = null;
let checkpoint: (() => Promise<void>) | null = null;
try {
  db = await connect(job.connect);
  // The import's audit event is checkpointed outside the database as the server's own are (ADR 0015).
  checkpoint = checkpointOnClose(db);
  // The thread acts for whoever started it (checked there too), on the starter's clock.
  const result = await importInThisThread(
    { db, actor: job.actor, clock: () => new Date(job.at) },
    { file: job.path, format: job.format, county: job.county, asOf: job.asOf, fileName: job.fileName, onPhase: (phase) => send({ kind: 'phase', phase }) },
  );
  send({ kind: 'done', result });
} catch (e) {
  send({
    kind: 'error',
    error: isAppError(e)
      ? { code: e.code, messages: e.messages, field: e.field, status: e.status, details: e.details }
      : { code: 'INTERNAL', messages: { zh: '导入失败，未做任何更改', en: String((e as Error)?.message ?? e) }, status: 500 },
  });
} finally {
  await checkpoint?.().catch(() => {});
  await db?.close();
}
