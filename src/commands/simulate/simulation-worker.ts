import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../../db/connect.ts';
import { readOnlySnapshot } from '../../db/simulation-source.ts';
import { isAppError } from '../../kernel/errors.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './county-workers.ts';
import { prepareSimulation, simulateCounty } from './run-simulation.ts';

/**
 * A simulation worker thread (see county-workers.ts): its own connection, the parameters in force, and then one
 * county at a time, each in a read-only snapshot, with the very code that runs in-process.
 */
const port = parentPort;
if (!port) throw new Error('simulation-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const send = (m: FromWorker) => port.postMessage(m);

function sendError(e: unknown): void {
  send(
    isAppError(e)
      ? { kind: 'error', error: { code: e.code, messages: e.messages, field: e.field, status: e.status, details: e.details } }
      : { kind: 'error', error: { code: 'INTERNAL', messages: { zh: '测算失败', en: `Simulation failed: ${(e as Error)?.message ?? String(e)}` }, status: 500 } },
  );
}

try {
  const db = await connect(setup.connect);
  const prepared = prepareSimulation(await loadParameterSet(db), setup.scope, setup.input);
  port.on('message', (m: ToWorker) => {
    if (m.kind === 'close') {
      void db.close().finally(() => port.close());
      return;
    }
    readOnlySnapshot(db.kysely, db.dialect, (q) =>
      simulateCounty(q, prepared, setup.scope, m.county, { batchSize: setup.batchSize, onBatch: (households) => send({ kind: 'batch', households }) }),
    ).then((tally) => send({ kind: 'tally', county: m.county, tally }), sendError);
  });
  send({ kind: 'ready' });
} catch (e) {
  sendError(e);
}
