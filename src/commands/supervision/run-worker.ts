import { workerData } from 'node:worker_threads';
import { checkpointOnClose } from '../../db/audit-checkpoint.ts';
import { connect } from '../../db/connect.ts';
import { type RunWorkerSetup, runJob } from './jobs.ts';

/** A rule run's worker thread (see jobs.ts): its own connection to the database, one run, then it ends. */
const setup = workerData as RunWorkerSetup;
const db = await connect(setup.connect);
// The run's audit events are checkpointed outside the database as the server's own are (ADR 0015).
const checkpoint = checkpointOnClose(db);
try {
  await runJob(db, setup.runId, setup.actor);
} finally {
  await checkpoint().catch(() => {});
  await db.close();
}
