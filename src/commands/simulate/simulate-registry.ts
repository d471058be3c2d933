import type { SimulationResult } from '../../contracts/simulate.ts';
import type { Db } from '../../db/connect.ts';
import { scopeOf } from '../../db/scope.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { runSimulation, type SimulationInput, simulationThreads } from './run-simulation.ts';

/**
 * `doudi simulate`: the operator's what-if over the whole city's registry (or one county), against the parameters
 * in force (files + database overrides), the counties spread over worker threads (one per core, SQLite).
 * Writes nothing, not even an audit event: the database may be a read-only copy.
 */
export async function simulateRegistry(
  db: Db,
  input: SimulationInput,
  opts: { onProgress?: (households: number, total: number) => void; batchSize?: number; threads?: number; threadsFrom?: number } = {},
): Promise<SimulationResult> {
  const baseline = await loadParameterSet(db);
  const scope = scopeOf(`${baseline.jurisdiction.city}000000`);
  const threads = opts.threads ?? simulationThreads(db);
  return runSimulation({ db, baseline, scope, input, onProgress: opts.onProgress, batchSize: opts.batchSize, threads, threadsFrom: opts.threadsFrom });
}
