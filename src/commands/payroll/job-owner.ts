import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { type ResourceLimits, threadId, Worker } from 'node:worker_threads';

/**
 * Who runs a payroll job, and whether they still do (issue 9, point 12). A job row names its owner: the host, the
 * process id and the process's start time (so a reused process id is not taken for the old process). Asked whether a
 * running job is still being worked on:
 * - jobs of this very process: alive while this process's registry holds them — the registry loses a job the moment
 *   its worker thread exits or its run ends, so a thread that died is seen at once;
 * - jobs of another process on this host: alive while that process exists with the same start time — a crashed or
 *   killed server is seen at once by the next one;
 * - jobs of another host: alive while their heartbeat (every HEARTBEAT_MS) is younger than HEARTBEAT_STALE_MS.
 */
export const HEARTBEAT_MS = 5_000;
export const HEARTBEAT_STALE_MS = 20_000;
/** Rows written before jobs named their owner: taken as gone once they have not reported for this long. */
export const LEGACY_STALE_MS = 120_000;

const HOST = hostname();
const START = processStart(process.pid);

/** This process as a job owner (the thread that launched the job is noted, not used). */
export function selfOwner(): string {
  return `${HOST}|${process.pid}|${START ?? '?'}|${threadId}`;
}

const live = new Set<string>();

export function jobStarted(id: string): void {
  live.add(id);
}

export function jobEnded(id: string): void {
  live.delete(id);
}

export type Liveness = 'alive' | 'gone';

export function jobLiveness(j: { id: string; status: string; owner?: string | null; heartbeat_at?: string | null; updated_at: string }, now: Date = new Date()): Liveness {
  if (j.status !== 'running') return 'alive';
  const age = (iso: string | null | undefined) => now.getTime() - Date.parse(iso ?? j.updated_at);
  if (!j.owner) return age(j.updated_at) > LEGACY_STALE_MS ? 'gone' : 'alive';
  const [host, pidText, start] = j.owner.split('|');
  const pid = Number(pidText);
  if (host !== HOST) return age(j.heartbeat_at) > HEARTBEAT_STALE_MS ? 'gone' : 'alive';
  if (pid === process.pid && start === (START ?? '?')) return live.has(j.id) ? 'alive' : 'gone';
  if (start !== '?') return processStart(pid) === start ? 'alive' : 'gone';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'gone';
  }
}

/** A process's start time in clock ticks since boot (Linux /proc), or null when it does not exist (or no /proc). */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; the start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * A job's worker thread (payroll's builds and imports, the supervision's rule runs: ADR 0046): `entry` opens its own
 * connection from `workerData` and runs one job. The thread does not keep the process alive (a job killed mid-way is
 * resumable or leaves nothing); the job leaves this process's registry when the thread exits, and `onFail` is told
 * of an error or a non-zero exit (the job's row is marked failed by the caller).
 */
export function startJobThread(o: { id: string; entry: URL; workerData: unknown; onFail: (cause: unknown) => void; exitError: (code: number) => unknown; resourceLimits?: ResourceLimits }): void {
  const w = new Worker(o.entry, { workerData: o.workerData, ...(o.resourceLimits ? { resourceLimits: o.resourceLimits } : {}) });
  w.unref();
  w.on('error', (e) => o.onFail(e));
  w.on('exit', (code) => {
    jobEnded(o.id);
    if (code !== 0) o.onFail(o.exitError(code));
  });
}
