import { Worker } from 'node:worker_threads';
import type { ConnectOptions } from '../../db/connect.ts';
import type { AreaScope } from '../../db/scope.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { SimulationInput } from './run-simulation.ts';
import type { CountyTally } from './tally.ts';

/** What each worker is started with: its own connection to the same database, and the simulation asked for. */
export interface WorkerSetup {
  connect: ConnectOptions;
  scope: AreaScope;
  input: SimulationInput;
  batchSize?: number;
}

/**
 * Each batch is garbage once determined: a small young generation collects it early instead of letting it pile up
 * (Node's default lets a worker's resident memory reach a few hundred MB; measured no slower with 16 MB).
 */
const YOUNG_GENERATION_MB = 16;

export type ToWorker = { kind: 'county'; county: string } | { kind: 'close' };
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'batch'; households: number }
  | { kind: 'tally'; county: string; tally: CountyTally }
  | { kind: 'error'; error: { code: string; messages: BilingualMessage; field?: string; status: number; details?: unknown } };

/**
 * Spreads the counties over `threads` worker threads (node:sqlite is synchronous: a simulation on the server's
 * request loop would stall every request, and one thread is one core). Each worker opens its own connection,
 * loads the parameters in force and checks the input as the caller did, then takes counties from the queue
 * (in the order given: largest first) and answers each with its tally. The first error stops them all.
 */
export function simulateInWorkers(opts: WorkerSetup & { counties: readonly string[]; threads: number; onBatch?: (households: number) => void }): Promise<Map<string, CountyTally>> {
  const queue = [...opts.counties];
  const tallies = new Map<string, CountyTally>();
  const setup: WorkerSetup = { connect: opts.connect, scope: opts.scope, input: opts.input, batchSize: opts.batchSize };
  const n = Math.max(1, Math.min(opts.threads, queue.length));
  const workers: Worker[] = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    let closed = 0;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./simulation-worker.ts', import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      workers.push(w);
      const next = () => {
        const county = queue.shift();
        w.postMessage(county === undefined ? ({ kind: 'close' } satisfies ToWorker) : ({ kind: 'county', county } satisfies ToWorker));
      };
      w.on('message', (m: FromWorker) => {
        if (m.kind === 'batch') opts.onBatch?.(m.households);
        else if (m.kind === 'ready') next();
        else if (m.kind === 'tally') {
          tallies.set(m.county, m.tally);
          next();
        } else fail(new AppError(m.error.code, m.error.messages, { field: m.error.field, status: m.error.status, details: m.error.details }));
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (settled) return;
        if (code !== 0) return fail(new AppError('SIMULATE_WORKER_EXIT', { zh: '测算线程意外退出', en: `A simulation worker exited (code ${code})` }, { status: 500 }));
        if (++closed < n) return;
        // Every county answered, or the run is not a result: a missing county must never read as zeros.
        const missing = opts.counties.filter((c) => !tallies.has(c));
        if (missing.length > 0) return fail(new AppError('SIMULATE_WORKER_EXIT', { zh: '测算线程未完成全部县区', en: `Simulation workers ended without ${missing.join(', ')}` }, { status: 500 }));
        settled = true;
        resolve(tallies);
      });
    }
  });
}
