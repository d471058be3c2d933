import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'doudi-demo-cli-'));

/** Runs the real `doudi` bin on the project's Node 24 against a fresh SQLite directory. */
function doudi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOUDI_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['bin/doudi.mjs', ...args], { cwd: root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('doudi demo generate', () => {
  it('prints { households, persons, seconds } with --json', async () => {
    const r = await doudi('demo', 'generate', '--households', '120', '--seed', 'cli', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['households', 'persons', 'seconds']);
    expect(out.households).toBe(120);
    expect(out.persons).toBeGreaterThan(120);
    expect(out.seconds).toBeGreaterThan(0);
  });

  it('prints a summary, confined to one county', async () => {
    const r = await doudi('demo', 'generate', '--households', '30', '--seed', 'cli-2', '--county', '211223');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('30 户 households');
    expect(r.stdout).toContain('211223');
  });

  it('exits 1 with a coded, bilingual message for a reused seed or a bad count', async () => {
    const again = await doudi('demo', 'generate', '--households', '5', '--seed', 'cli');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('DEMO_SEED_USED');
    expect(again.stderr).toContain('use another seed');
    const bad = await doudi('demo', 'generate', '--households', '12x', '--seed', 'z');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DEMO_HOUSEHOLDS_RANGE');
  });

  it('exits 2 when --seed is missing', async () => {
    const r = await doudi('demo', 'generate', '--households', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed');
  });
});
