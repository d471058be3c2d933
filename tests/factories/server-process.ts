import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Db } from '../../src/db/connect.ts';
import type { Client } from './api.ts';
import { childEnvFor, PROJECT_ROOT } from './cli.ts';
import { finishLogin, type LoginTarget } from './login-steps.ts';
import { TEST_PASSWORD } from './users.ts';

/** The database each started server process serves (the login factory needs it for the second factor). */
const served = new Map<string, LoginTarget>();

export interface ServerProcess {
  baseUrl: string;
  /** The server's process id. */
  pid: number;
  close(): Promise<void>;
  /** Kills the process with SIGKILL (a crash: nothing is flushed or closed) and waits for it to be gone. */
  kill(): Promise<void>;
}

/**
 * Starts an API server in another process on the same database as `db`. Two of them give real parallelism on
 * SQLite, where two connections inside one process never overlap (node:sqlite is synchronous).
 */
export async function startServerProcess(db: Db, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const env = { ...(await childEnvFor(db)), ...extraEnv };
  const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'tests/factories/server-main.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    child.on('exit', (code) => rej(new Error(`server process exited (${code}) before listening: ${stderr}`)));
  });
  served.set(`http://127.0.0.1:${port}`, { db });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async close() {
      child.stdin.end();
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Logs in over HTTP and returns a client like `loginAs`'s (cookie and CSRF header on every call). */
export async function httpLogin(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const cookieOf = (r: Response) => /doudi_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? null;
  const { token, info } = await finishLogin(
    async (url, body, s) => {
      const r = await fetch(`${baseUrl}${url}`, {
        method: 'POST',
        headers: { cookie: `doudi_session=${s.token}`, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: await r.text(), token: cookieOf(r) };
    },
    served.get(baseUrl) ?? {},
    username,
    { token: cookieOf(res) ?? '', info: await res.json() },
  );
  const csrfToken = info.csrfToken;
  return {
    username,
    async call(method, url, body) {
      const r = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { cookie: `doudi_session=${token}`, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: r.status, json };
    },
  };
}
