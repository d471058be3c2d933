import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PayrollJobTable } from '../../db/schema.ts';
import { jobEnded, jobLiveness, jobStarted, processStart, selfOwner } from './job-owner.ts';
import { presentJob } from './present.ts';

const NOW = new Date('2026-03-01T08:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const job = (o: Partial<PayrollJobTable>): PayrollJobTable => ({
  county_code: '211221', id: 'j1', kind: 'build', status: 'running', roll_id: null, params: '{}', done: 0, total: 0, result: null, error: null,
  created_by: 'u', created_by_name: 'u', created_at: ago(600_000), updated_at: ago(600_000), owner: selfOwner(), heartbeat_at: ago(600_000), ...o,
});
const [HOST, , , THREAD] = selfOwner().split('|');

/** A process that exists for a moment: its pid and start time while it runs, and after it exited. */
async function shortLived(): Promise<{ pid: number; start: string; end: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  const exited = new Promise((r) => child.once('exit', r));
  const pid = child.pid as number;
  return { pid, start: processStart(pid) as string, end: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('whether a payroll job is still worked on (issue 9, point 12)', () => {
  it("this process's jobs: alive while registered, gone the moment their thread or run ends — however recently they reported", () => {
    const j = job({ id: 'mine', updated_at: ago(1_000), heartbeat_at: ago(1_000) });
    jobStarted('mine');
    expect(jobLiveness(j, NOW)).toBe('alive');
    jobEnded('mine');
    expect(jobLiveness(j, NOW)).toBe('gone');
  });

  it("another process's jobs on this host: alive while that very process runs (its start time guards against a reused pid), gone once it died", async () => {
    const p = await shortLived();
    const owner = `${HOST}|${p.pid}|${p.start}|${THREAD}`;
    expect(jobLiveness(job({ owner, updated_at: ago(3_600_000) }), NOW)).toBe('alive');
    expect(jobLiveness(job({ owner: `${HOST}|${p.pid}|1|0` }), NOW)).toBe('gone');
    await p.end();
    expect(jobLiveness(job({ owner, updated_at: ago(500), heartbeat_at: ago(500) }), NOW)).toBe('gone');
  });

  it("another host's jobs: by their heartbeat; rows from before owners were recorded: by their last report", () => {
    expect(jobLiveness(job({ owner: 'elsewhere|123|456|0', heartbeat_at: ago(5_000) }), NOW)).toBe('alive');
    expect(jobLiveness(job({ owner: 'elsewhere|123|456|0', heartbeat_at: ago(60_000) }), NOW)).toBe('gone');
    expect(jobLiveness(job({ owner: null, heartbeat_at: null, updated_at: ago(10_000) }), NOW)).toBe('alive');
    expect(jobLiveness(job({ owner: null, heartbeat_at: null, updated_at: ago(200_000) }), NOW)).toBe('gone');
  });

  it('the job shown: running while worked on even after ten quiet minutes, interrupted when its worker is gone even a second after its last report', () => {
    expect(presentJob(job({ updated_at: ago(600_000) }), 'alive').status).toBe('running');
    expect(presentJob(job({ updated_at: ago(1_000) }), 'gone').status).toBe('interrupted');
    const error = JSON.stringify({ code: 'PAYROLL_JOB_INTERRUPTED', message: { zh: 'x', en: 'x' } });
    expect(presentJob(job({ status: 'failed', error }), 'alive').status).toBe('interrupted');
    expect(presentJob(job({ status: 'done' }), 'gone').status).toBe('done');
  });
});
