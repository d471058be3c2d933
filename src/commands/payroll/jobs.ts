import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobView, Program, RollBuildRequest } from '../../contracts/payroll.ts';
import { type ConnectOptions, type Db, reopenOptions } from '../../db/connect.ts';
import { updateJob } from '../../db/payroll-repo.ts';
import type { PayrollJobTable } from '../../db/schema.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import { isStorageFull, storageFull } from '../../kernel/storage-full.ts';
import { type Actor, type CommandContext, actorName, requirePermission } from '../context.ts';
import type { BankFormat } from './bank-file.ts';
import { buildRoll } from './build-roll.ts';
import { importResults, requireImportable } from './import-results.ts';
import { payrollRepo, requireRoll, validateRollKey } from './payroll-context.ts';
import { HEARTBEAT_MS, jobEnded, jobLiveness, jobStarted, selfOwner, startJobThread } from './job-owner.ts';
import { presentJob } from './present.ts';

/** What a job needs to run anywhere (this thread or a worker): plain data only. */
export interface JobSpec {
  county: string;
  id: string;
  kind: 'build' | 'import';
  /** Who started the job: it acts for them, in their area (the import reads the roll through that scope). */
  actor: Actor;
  /** The starter's "now" (the roll's build and audit times). */
  at: string;
  build?: { program: Program; month: string; batchSize?: number };
  import?: { rollId: string; path: string; format: BankFormat };
}

export interface WorkerSetup {
  connect: ConnectOptions;
  spec: JobSpec;
}

const wallNow = () => new Date().toISOString();

/**
 * 生成花名册（后台） Starts a roll build for the UI and answers at once with the job to poll. The checks a user can
 * get wrong (permission, county in the area, program, month) run here, on the request; the build itself runs in a
 * worker thread with its own connection (node:sqlite is synchronous: a build on the request loop would stall every
 * request) or, on PostgreSQL, on this loop (its driver is asynchronous). A build already running for the same roll
 * is joined rather than started twice (and two would cooperate anyway: see build-roll.ts).
 */
export async function startBuildJob(ctx: CommandContext, req: RollBuildRequest): Promise<JobView> {
  requirePermission(ctx.actor, 'payroll.build');
  const repo = payrollRepo(ctx);
  repo.assertCounty(req.county);
  const key = await validateRollKey(ctx, req);
  const params = JSON.stringify({ program: key.program, month: key.month });
  const running = await repo.runningJobs(key.county, 'build', params);
  // A build still being worked on is joined; one whose worker is gone (a crashed server, a dead thread) is recorded
  // as interrupted at once and a new one starts, resuming the roll where the dead one stopped.
  for (const j of running) {
    if (jobLiveness(j) === 'alive') return presentJob(j, 'alive');
    await interrupted(ctx.db, j);
  }
  // DOUDI_PAYROLL_BATCH: enrollments per committed batch, as for `doudi payroll build` (tests make it small).
  const batchSize = Number(process.env.DOUDI_PAYROLL_BATCH) || undefined;
  return launch(ctx, { kind: 'build', county: key.county, params, build: { program: key.program, month: key.month, batchSize } });
}

/**
 * 导入银行回盘（后台） Checks that the user may import results into this roll and that the roll takes them, then saves the
 * upload (`save` writes it to a private temporary file and reads it with the bounded reader: a refused file queues
 * nothing) and starts the job that checks and applies it; the job deletes the file.
 */
export async function startImportJob(ctx: CommandContext, o: { ref: { county: string; id: string }; file: { format: BankFormat; save: () => Promise<string> } }): Promise<JobView> {
  requirePermission(ctx.actor, 'payroll.reconcile');
  const { ref, file } = o;
  const roll = await requireRoll(payrollRepo(ctx), ref.county, ref.id);
  requireImportable(roll);
  const path = await file.save();
  try {
    return await launch(ctx, { kind: 'import', county: roll.county_code, params: JSON.stringify({ rollId: roll.id, format: file.format }), import: { rollId: roll.id, path, format: file.format } });
  } catch (e) {
    await removeUpload(path);
    throw e;
  }
}

/** Uploads live alone in a temporary directory of their own. */
const removeUpload = (path: string) => rm(dirname(path), { recursive: true, force: true }).catch(() => {});

export async function getJob(ctx: CommandContext, ref: { county: string; id: string }): Promise<JobView> {
  requirePermission(ctx.actor, 'payroll.read');
  const job = await payrollRepo(ctx).getJob(ref.county, ref.id);
  if (!job) throw new AppError('NOT_FOUND', { zh: '未找到任务', en: 'Job not found' }, { status: 404 });
  return presentJob(job, jobLiveness(job));
}

/** A running job whose worker is gone, recorded as such (its roll resumes with the next build). */
async function interrupted(db: Db, j: PayrollJobTable): Promise<void> {
  const error = { code: 'PAYROLL_JOB_INTERRUPTED', message: { zh: '后台任务已中断（执行它的进程或线程已不在）', en: 'The job was interrupted (the process or thread running it is gone)' } };
  await updateJob(db.kysely, j.county_code, j.id, { status: 'failed', error: JSON.stringify(error), updated_at: wallNow() }, { onlyRunning: true });
}

async function launch(ctx: CommandContext, o: { kind: 'build' | 'import'; county: string; params: string } & Pick<JobSpec, 'build' | 'import'>): Promise<JobView> {
  const at = wallNow();
  const row: PayrollJobTable = {
    county_code: o.county, id: randomUUID(), kind: o.kind, status: 'running', roll_id: o.import?.rollId ?? null, params: o.params, done: 0, total: 0,
    result: null, error: null, created_by: ctx.actor.userId, created_by_name: actorName(ctx.actor), created_at: at, updated_at: at,
    owner: selfOwner(), heartbeat_at: at,
  };
  await payrollRepo(ctx).insertJob(row);
  const spec: JobSpec = { county: o.county, id: row.id, kind: o.kind, actor: ctx.actor, at: ctx.clock().toISOString(), build: o.build, import: o.import };
  jobStarted(row.id);
  if (ctx.db.dialect === 'sqlite' && ctx.db.location !== ':memory:') inWorker(ctx.db, spec);
  else void runJob(ctx.db, spec).finally(() => jobEnded(row.id));
  return presentJob(row, 'alive');
}

function inWorker(db: Db, spec: JobSpec): void {
  // The thread opens the same database with the same key file (the audit chain is keyed with it).
  const setup: WorkerSetup = { connect: reopenOptions(db) ?? { databaseUrl: `sqlite:${db.location}` }, spec };
  startJobThread({
    id: spec.id,
    entry: new URL('./job-worker.ts', import.meta.url),
    workerData: setup,
    onFail: (e) => void failJob(db, spec, e),
    exitError: (code) => new AppError('PAYROLL_JOB_EXIT', { zh: '后台任务意外退出', en: `The job's worker exited (code ${code})` }, { status: 500 }),
  });
}

/**
 * Runs a job to its end and records the outcome on its row; never throws (it runs detached). Not a use case: the
 * worker's entry, which acts for the job's starter on the starter's clock.
 */
export async function runJob(db: Db, spec: JobSpec): Promise<void> {
  const ctx: CommandContext = { db, actor: spec.actor, clock: () => new Date(spec.at) };
  // The heartbeat tells other hosts the job is still worked on (job-owner.ts); this host asks the process itself.
  const beat = setInterval(() => void updateJob(db.kysely, spec.county, spec.id, { heartbeat_at: wallNow() }).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    if (spec.kind === 'build' && spec.build) {
      const result = await buildRoll(ctx, {
        county: spec.county,
        ...spec.build,
        onProgress: (done, total) => updateJob(db.kysely, spec.county, spec.id, { done, total, updated_at: wallNow() }),
      });
      await updateJob(db.kysely, spec.county, spec.id, { status: 'done', roll_id: result.rollId, result: JSON.stringify(result), updated_at: wallNow() });
    } else if (spec.kind === 'import' && spec.import) {
      const { rollId, path, format } = spec.import;
      const report = await importResults(ctx, {
        county: spec.county, id: rollId, path, format,
        // Progress is also the heartbeat: a job checking a large file keeps showing as running.
        onProgress: (done, total) => updateJob(db.kysely, spec.county, spec.id, { done, total, updated_at: wallNow() }),
      });
      await updateJob(db.kysely, spec.county, spec.id, { status: 'done', done: report.rows, total: report.rows, result: JSON.stringify(report), updated_at: wallNow() });
    }
  } catch (e) {
    await failJob(db, spec, e);
  } finally {
    clearInterval(beat);
    if (spec.import) await removeUpload(spec.import.path);
  }
}

async function failJob(db: Db, spec: JobSpec, cause: unknown): Promise<void> {
  const e = isStorageFull(cause) ? storageFull() : cause;
  const error = isAppError(e)
    ? { code: e.code, message: e.messages }
    : { code: 'INTERNAL', message: { zh: '后台任务失败', en: `The job failed: ${(e as Error)?.message ?? String(e)}` } };
  await updateJob(db.kysely, spec.county, spec.id, { status: 'failed', error: JSON.stringify(error), updated_at: wallNow() }).catch(() => {});
}
