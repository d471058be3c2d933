import { workerData } from 'node:worker_threads';
import { checkpointOnClose } from '../../db/audit-checkpoint.ts';
import { connect } from '../../db/connect.ts';
import { runJob, type WorkerSetup } from './jobs.ts';

/** A payroll job's worker thread (see jobs.ts): its own connection to the database, one job, then it ends. */
const setup = workerData as WorkerSetup;
const db = await connect(setup.connect);
// The job's audit events are checkpointed outside the database as the server's own are (ADR 0015).
const checkpoint = checkpointOnClose(db);
try {
  await runJob(db, setup.spec);
} finally {
  await checkpoint().catch(() => {});
  await db.close();
}
