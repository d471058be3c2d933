/**
 * The child-process phases the benches measure (payroll, report, match, anomaly): each side of a comparison runs in a
 * process of its own, so that its peak RSS is its own, and prints one JSON line as its last line of output. The parent
 * starts the same script with `--phase NAME …` and reads that line back.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's Node (node_modules/.bin/node), the one `npx node` runs the benches with. */
export const NODE = join(fileURLToPath(new URL('../..', import.meta.url)), 'node_modules/.bin/node');

/** Runs `script` with `argv` as a child phase and answers the JSON it printed last; rejects when it fails. */
export function childPhase<T>(script: string, argv: readonly string[], env: NodeJS.ProcessEnv, label = argv.join(' ')): Promise<T> {
  return new Promise((resolve, reject) => {
    const c = spawn(NODE, [script, ...argv], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as T) : reject(new Error(`${label} exited ${code}`))));
  });
}

/** The child's side: prints its result as the last line, with the process's peak RSS so far (MB). */
export function printPhase<T extends object>(result: T): void {
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: peakRssMb() })}\n`);
}

/** This process's peak resident memory so far, in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

export const mb = (x: number): string => `${x.toFixed(0)} MB`;
export const s = (x: number): string => `${x.toFixed(2)} s`;

/**
 * Runs `f` in this process and answers its time and peak RSS growth (MB) over the RSS after a collection (run with
 * `--expose-gc`), sampled every 2 ms: what the in-process benches (upload, case file) measure.
 */
export async function sampledRss<T>(f: () => Promise<T>): Promise<{ ms: number; growthMb: number; value: T }> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  const t0 = performance.now();
  try {
    const value = await f();
    return { ms: performance.now() - t0, growthMb: (Math.max(peak, process.memoryUsage.rss()) - base) / 2 ** 20, value };
  } finally {
    clearInterval(timer);
  }
}
