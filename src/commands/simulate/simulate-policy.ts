import { availableParallelism } from 'node:os';
import type { SimulationRequest, SimulationResult } from '../../contracts/simulate.ts';
import { appendAudit } from '../../db/audit.ts';
import { scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { prepareSimulation, runSimulation, simulationThreads } from './run-simulation.ts';

/** One simulation at a time per server process: each reads the whole registry and keeps a core busy. */
let running = false;

/** Runs `fn` in the server's one simulation slot, or refuses (429) while another simulation holds it. */
export async function inSimulationSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running) {
    throw new AppError('SIMULATE_BUSY', { zh: '已有测算正在进行，请稍后再试', en: 'A simulation is already running; try again shortly' }, { status: 429 });
  }
  running = true;
  try {
    return await fn();
  } finally {
    running = false;
  }
}

/**
 * 政策测算 A city supervisor's what-if over the registry of their area (the city). The input is checked here, on
 * the request, so that a bad parameter name or value is a 400 at once; the simulation itself then runs in worker
 * threads (SQLite), off the request loop. It reads personal data in bulk and returns only aggregates: the run is recorded in
 * the audit trail (area, month, the parameters changed and the count of households read), nothing else is written.
 */
export async function simulatePolicy(ctx: CommandContext, req: SimulationRequest): Promise<SimulationResult> {
  requirePermission(ctx.actor, 'policy.simulate');
  const scope = scopeOf(ctx.actor.areaCode);
  const baseline = await loadParameterSet(ctx.db);
  prepareSimulation(baseline, scope, req);
  // Always off the request loop on SQLite, however small the registry, leaving a core to the requests; on PostgreSQL
  // (asynchronous driver) it runs here, yielding at every read.
  const threads = simulationThreads(ctx.db, availableParallelism() - 1);
  const result = await inSimulationSlot(() => runSimulation({ db: ctx.db, baseline, scope, input: req, threads, threadsFrom: 0 }));
  const detail = { area: scope.areaCode, from: result.from, changes: result.changes.map((c) => c.name), households: result.total.assessed.households };
  const actor = { userId: ctx.actor.userId, username: ctx.actor.username };
  // The head update and the event insert of one audit entry go together.
  await ctx.db.kysely
    .transaction()
    .execute((trx) => appendAudit(trx, actor, { chain: scope.countyCode ?? 'city', action: 'policy.simulate', entityType: 'registry', detail }, nowIso(ctx)));
  return result;
}
