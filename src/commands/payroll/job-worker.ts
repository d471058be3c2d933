import { workerData } from 'node:worker_threads';
import { connect } from '../../db/connect.ts';
import { runJob, type WorkerSetup } from './jobs.ts';

/** A payroll job's worker thread (see jobs.ts): its own connection to the database, one job, then it ends. */
const setup = workerData as WorkerSetup;
const db = await connect(setup.connect);
try {
  await runJob(db, setup.spec);
} finally {
  await db.close();
}
