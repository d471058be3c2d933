import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The environment under which another process (the CLI, a second server) opens the same database as `db`:
 * the SQLite file's directory, or the PostgreSQL test database with the test's own schema on the search path.
 */
export async function childEnvFor(db: Db): Promise<NodeJS.ProcessEnv> {
  // No nightly anomaly run in a test's server (ADR 0046): a test runs the rules when it means to.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DOUDI_NIGHTLY_ANOMALIES: 'off' };
  delete env.DATABASE_URL;
  delete env.DOUDI_DATA_DIR;
  delete env.PGOPTIONS;
  delete env.DOUDI_KEY_FILE;
  // The child opens the same data with the same keys (ADR 0012).
  if (db.keyFile) env.DOUDI_KEY_FILE = db.keyFile;
  if (db.dialect === 'sqlite') {
    env.DOUDI_DATA_DIR = dirname(db.location);
  } else {
    const url = process.env.DOUDI_TEST_DATABASE_URL;
    if (!url) throw new Error('childEnvFor: a PostgreSQL test database needs DOUDI_TEST_DATABASE_URL');
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
    env.DATABASE_URL = url;
    env.PGOPTIONS = `-c search_path=${rows[0].schema}`;
  }
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `doudi <args>` on the project's pinned Node against the test database, feeding `stdin` if given; `env` adds to
 * (or, with undefined, removes from) the child's environment, `user` runs it as another user (root only).
 */
export async function runDoudi(db: Db, args: string[], opts: { stdin?: string; env?: Record<string, string | undefined>; user?: { uid: number; gid: number } } = {}): Promise<CliResult> {
  const env = await childEnvFor(db);
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(opts.stdin ?? '');
  const code = await new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('close', (c) => res(c));
  });
  return { code, stdout, stderr };
}
