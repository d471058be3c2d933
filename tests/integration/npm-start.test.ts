import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/** Whether a process is still there (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start stops with its parent', () => {
  it('package.json starts the server in one node process, not behind `&&` in a shell', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });

  it('a server started as npm does (`sh -c node …`) stops when the shell is sent SIGTERM, through its own SIGTERM handler', async () => {
    // The child stands for `doudi serve`: it has scripts/start.mjs's first import and a SIGTERM handler that says so.
    // It says its pid once the watcher is loaded: before, a SIGTERM to the shell could not yet be noticed.
    const server = "process.on('SIGTERM', () => { console.log('closed cleanly'); process.exit(0); }); import('./scripts/stop-with-parent.mjs').then(() => console.log('pid ' + process.pid)); setInterval(() => {}, 1000);";
    const shell = spawn('sh', ['-c', `"${process.execPath}" --input-type=module -e "${server}"`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    shell.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    for (let i = 0; i < 400 && !/pid \d+/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(/pid (\d+)/.exec(out)?.[1]);
    expect(pid).toBeGreaterThan(0);
    shell.kill('SIGTERM');
    await once(shell, 'exit');
    // The watcher looks every 250 ms; a loaded machine (the whole suite beside it) may take seconds to schedule it.
    for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
    expect(out).toContain('closed cleanly');
  }, 60_000);
});
