import type { SimulationResult } from '../../contracts/simulate.ts';
import { scopeOf } from '../../db/scope.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { runSimulation, type SimulationInput, simulationThreads } from './run-simulation.ts';

/**
 * `doudi simulate`: the operator's what-if over the registry of its area (the whole city, or one county), against
 * the parameters in force (files + database overrides), the counties spread over worker threads (one per core,
 * SQLite). Writes nothing, not even an audit event: the database may be a read-only copy.
 */
export async function simulateRegistry(
  ctx: CommandContext,
  input: SimulationInput,
  opts: { onProgress?: (households: number, total: number) => void; batchSize?: number; threads?: number; threadsFrom?: number } = {},
): Promise<SimulationResult> {
  requirePermission(ctx.actor, 'policy.simulate');
  const { db } = ctx;
  const baseline = await loadParameterSet(db);
  const scope = scopeOf(ctx.actor.areaCode);
  const threads = opts.threads ?? simulationThreads(db);
  return runSimulation({ db, baseline, scope, input, onProgress: opts.onProgress, batchSize: opts.batchSize, threads, threadsFrom: opts.threadsFrom });
}
