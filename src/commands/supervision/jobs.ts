import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { RunResult, RunView } from '../../contracts/supervision.ts';
import { type ConnectOptions, type Db, reopenOptions } from '../../db/connect.ts';
import type { SupervisionRunTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { readRun, SupervisionRepo, updateRun } from '../../db/supervision-repo.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import { isStorageFull, storageFull } from '../../kernel/storage-full.ts';
import { type Actor, type CommandContext, requirePermission } from '../context.ts';
import { HEARTBEAT_MS, jobEnded, jobLiveness, jobStarted, type Liveness, selfOwner, startJobThread } from '../payroll/job-owner.ts';
import { createRun, executeRun, type RunInput, runAnomalies } from './run-anomalies.ts';

/** What a run's worker thread needs: plain data only. */
export interface RunWorkerSetup {
  connect: ConnectOptions;
  runId: string;
  actor: Actor;
}

const wallNow = () => new Date().toISOString();

/**
 * A run's thread has a bounded heap. What it holds at once is one registry batch and the engine's garbage (about 25 MB
 * live), but V8 sizes a thread's young generation for the machine's memory and grows the old one well ahead of need,
 * so without a bound the run's resident memory followed the county's size (356 MB at 1,000,000 persons; ADR 0046).
 * Measured no slower with these (bench/anomaly.bench.ts); a run that did need more would fail with the thread's
 * out-of-memory error and resume from the counties it had merged.
 */
export const RUN_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 128 };
const RUN_WORKER = new URL('./run-worker.ts', import.meta.url);

/** How a thread of its own reaches the database: any file or server database; none for an in-memory one (tests). */
function threadSetup(db: Db, runId: string, actor: Actor): RunWorkerSetup | null {
  const connect = db.location === ':memory:' ? null : reopenOptions(db);
  return connect ? { connect, runId, actor } : null;
}

/**
 * 运行异常规则（后台） Starts a run of the rules for the UI (and the nightly timer) and answers at once with the run to
 * poll. The job machinery is payroll's (ADR 0046): the row names its owner (host, process, start time) and beats every
 * few seconds; on a SQLite file the run works in a worker thread with its own connection, on PostgreSQL on this loop.
 * A run of the same area still worked on is joined; one whose worker is gone (a crashed server) is resumed from the
 * counties it had merged — its row taken over by this process.
 */
export async function startRunJob(ctx: CommandContext, input: RunInput): Promise<RunView> {
  requirePermission(ctx.actor, 'supervision.run');
  const repo = new SupervisionRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode));
  const area = input.county ? `${input.county}000000` : ctx.actor.areaCode;
  for (const r of await repo.runningRuns()) {
    if (r.area_code !== area) continue;
    if (jobLiveness(r) === 'alive') return presentRun(r, 'alive');
    // Gone: resumed where it stopped, under this process.
    await updateRun(ctx.db.kysely, r.id, { owner: selfOwner(), heartbeat_at: wallNow(), updated_at: wallNow() });
    launch(ctx.db, r.id, ctx.actor);
    return presentRun({ ...r, owner: selfOwner() }, 'alive');
  }
  const row = await createRun(ctx, input);
  launch(ctx.db, row.id, ctx.actor);
  return presentRun(row, 'alive');
}

/** 规则运行进度 A run's progress and, once done, its counts per rule (a run of an area outside the reader's is not found). */
export async function getRun(ctx: CommandContext, id: string): Promise<RunView> {
  requirePermission(ctx.actor, 'findings.read');
  const run = await new SupervisionRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).getRun(id);
  if (!run) throw new AppError('NOT_FOUND', { zh: '未找到规则运行记录', en: 'Run not found' }, { status: 404 });
  return presentRun(run, jobLiveness(run));
}

function launch(db: Db, runId: string, actor: Actor): void {
  jobStarted(runId);
  const setup = threadSetup(db, runId, actor);
  if (setup) {
    startJobThread({
      id: runId,
      entry: RUN_WORKER,
      workerData: setup,
      resourceLimits: RUN_THREAD_LIMITS,
      onFail: (e) => void failRun(db, runId, e),
      exitError: (code) => new AppError('SUPERVISION_RUN_EXIT', { zh: '后台任务意外退出', en: `The run's worker exited (code ${code})` }, { status: 500 }),
    });
  } else void runJob(db, runId, actor).finally(() => jobEnded(runId));
}

/**
 * 运行异常规则（命令行） The rules run now for the operator's command and the bench, the way the server's job runs them:
 * the run recorded, then worked in a thread of its own with the job's bounded heap while this thread reports its
 * progress from the run's row; answers the run's result or throws its error. An in-memory database runs it here.
 */
export async function runAnomaliesInThread(ctx: CommandContext, input: RunInput & { onProgress?: (done: number, total: number) => void }): Promise<RunResult> {
  const probe = threadSetup(ctx.db, '', ctx.actor);
  if (!probe) return runAnomalies(ctx, input);
  const run = await createRun(ctx, input);
  jobStarted(run.id);
  try {
    await new Promise<void>((resolve) => {
      const w = new Worker(RUN_WORKER, { workerData: { ...probe, runId: run.id } satisfies RunWorkerSetup, resourceLimits: RUN_THREAD_LIMITS });
      const poll = setInterval(() => {
        void readRun(ctx.db.kysely, run.id)
          .then((r) => r && input.onProgress?.(r.done, r.total))
          .catch(() => {});
      }, 500);
      // An error (the thread out of memory) is recorded before its exit is (failRun keeps the first).
      let failing = Promise.resolve();
      w.on('error', (e) => {
        failing = failRun(ctx.db, run.id, e);
      });
      w.on('exit', (code) => {
        clearInterval(poll);
        const exitError = () => failRun(ctx.db, run.id, new AppError('SUPERVISION_RUN_EXIT', { zh: '后台任务意外退出', en: `The run's worker exited (code ${code})` }, { status: 500 }));
        void failing.then(() => (code === 0 ? undefined : exitError())).then(resolve);
      });
    });
  } finally {
    jobEnded(run.id);
  }
  const row = await readRun(ctx.db.kysely, run.id);
  const view = row ? presentRun(row, 'alive') : null;
  if (view?.status === 'done' && view.result) {
    input.onProgress?.(view.total, view.total);
    return view.result;
  }
  const error = view?.error ?? { code: 'INTERNAL', message: { zh: '后台任务失败', en: 'The run failed' } };
  throw new AppError(error.code, error.message, { status: 500 });
}

/** Runs (or resumes) a run to its end and records the outcome; never throws (it runs detached). The worker's entry. */
export async function runJob(db: Db, runId: string, actor: Actor): Promise<void> {
  const beat = setInterval(() => void updateRun(db.kysely, runId, { heartbeat_at: wallNow() }).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    await executeRun(db, actor, runId, { onProgress: (done, total) => updateRun(db.kysely, runId, { done, total, updated_at: wallNow() }) });
  } catch (e) {
    await failRun(db, runId, e);
  } finally {
    clearInterval(beat);
  }
}

async function failRun(db: Db, runId: string, cause: unknown): Promise<void> {
  const e = isStorageFull(cause) ? storageFull() : cause;
  const error = isAppError(e)
    ? { code: e.code, message: e.messages }
    : { code: 'INTERNAL', message: { zh: '后台任务失败', en: `The run failed: ${(e as Error)?.message ?? String(e)}` } };
  await updateRun(db.kysely, runId, { status: 'failed', error: JSON.stringify(error), updated_at: wallNow() }, { onlyRunning: true }).catch(() => {});
}

export function presentRun(r: SupervisionRunTable, liveness: Liveness): RunView {
  const parsed = r.status === 'done' && r.result ? (JSON.parse(r.result) as Partial<RunResult>) : null;
  return {
    id: r.id,
    area: r.area_code,
    trigger: r.trigger,
    status: r.status === 'running' && liveness === 'gone' ? 'interrupted' : r.status,
    done: r.done,
    total: r.total,
    result: parsed?.runId ? { runId: parsed.runId, day: parsed.day ?? r.run_day, counties: parsed.counties ?? [], rules: parsed.rules ?? [] } : null,
    error: r.error ? (JSON.parse(r.error) as RunView['error']) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
