/**
 * API benchmark (issue 4, point 9): with 1,000,000 persons in the database, the worklist and the registry search
 * answer with p95 under 100 ms at 20 concurrent connections, on SQLite and (with DOUDI_BENCH_DATABASE_URL) on
 * PostgreSQL. Each route's figures are printed with their ratio to a bare authenticated route (`GET /api/health/auth`:
 * session lookup only) measured in the same run.
 *
 *   npx node bench/api.bench.ts [--persons 1000000] [--cases 20000] [--seconds 10] [--connections 20] [--routes dashboard]
 *
 * The data set is generated once (the demo generator, then cases written straight into the case table in several
 * states with spread due dates) and cached: the SQLite file in `$TMPDIR/doudi-bench-api/`, on PostgreSQL a schema
 * `bench_api_<persons>_<cases>`. The server runs in a child process (its own event loop and core) on 127.0.0.1;
 * autocannon drives it from this one. p95 is computed from every response's own latency.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { analyzeAll, prepareDatabase } from '../src/commands/admin/bootstrap.ts';
import { addUser } from '../src/commands/admin/add-user.ts';
import { provisionSecondFactor } from '../src/commands/auth/second-factor.ts';
import { Secret, TOTP } from 'otpauth';
import { DEMO_AS_OF, generateDemo, loadVillages } from '../src/commands/demo/generate-demo.ts';
import { createIdAllocator } from '../src/commands/demo/id-allocator.ts';
import { createPopulation } from '../src/commands/demo/population.ts';
import { connect, type Db, migrateToLatest } from '../src/db/connect.ts';
import { DASHBOARD_MARK, seedBenchCases, seedBenchDashboard } from './api-bench-cases.ts';
import { addMeta, readMeta } from '../src/db/meta-repo.ts';
import { operatorContext } from '../src/commands/context.ts';

/** autocannon ships no types: the little of it used here. */
type Autocannon = (
  opts: { url: string; connections: number; duration: number; headers: Record<string, string>; pipelining: number },
  done: (err: Error | null, result: { errors: number; timeouts: number }) => void,
) => { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    cases: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    seed: { type: 'string', default: 'bench-api' },
    serve: { type: 'string' },
    /** `postgres` to measure PostgreSQL alone (its data set is the slow one to build; SQLite is measured by default). */
    only: { type: 'string' },
    /** Measure only the routes whose name contains this text (the baseline always): `--routes dashboard`. */
    routes: { type: 'string' },
  },
});
const PERSONS = Number(args.persons);
const CASES = Number(args.cases);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SEED = args.seed as string;
const NOW = new Date('2026-01-05T02:00:00Z');
const ACTOR = { userId: null, username: 'bench' };
const PASSWORD = 'Bench-pass-2026';
/** The county approver signs in with a second factor (ADR 0014): the benchmark's own authenticator secret. */
const BENCH_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TARGET_P95_MS = 100;
/** The server's "now" during the benchmark: a fortnight after the data set's cases were filed. */
const CLOCK = new Date('2026-01-20T02:00:00Z');

/** The users the routes are measured as: a township caseworker and a county approver of 铁岭县. */
const USERS = [
  { username: 'bench_cw', role: 'township_caseworker', area: '211221101000' },
  { username: 'bench_ap', role: 'county_approver', area: '211221000000' },
] as const;
/** The dashboard's city-wide reader (issue 15 point 6), added to data sets cached before the dashboard existed too. */
const SUPERVISOR = { username: 'bench_sup', role: 'city_supervisor', area: '211200000000' } as const;

interface Target {
  dialect: 'sqlite' | 'postgres';
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL: the data set's own key file, kept beside the SQLite cache (not the working copy's ./data). */
  keyFile?: string;
  pgSchema?: string;
}

const log = (s: string) => process.stdout.write(`${s}\n`);

// ---- server side (child process) -------------------------------------------------------------------------------

async function serve(t: Target): Promise<void> {
  const { buildServer } = await import('../src/api/server.ts');
  const db = await connect(t.dialect === 'sqlite' ? { dataDir: t.dataDir } : { databaseUrl: t.databaseUrl, pgSchema: t.pgSchema, keyFile: t.keyFile });
  await provisionSecondFactor(operatorContext(db, { name: ACTOR.username, clock: () => NOW }), { username: 'bench_ap', secret: BENCH_TOTP });
  // A fixed clock: the cached data set's due dates keep their meaning (some overdue), and sessions never time out;
  // the second factor is checked against it too (the benchmark makes its code for that instant).
  // The API's per-session rate limit (600 a minute by default) would stop 20 connections on one session at once: it
  // stays on, raised out of reach, so that its cost is in the figures.
  const app = await buildServer({ db, logger: false, clock: () => CLOCK, totpClock: () => CLOCK, rateLimit: { login: false, api: { max: 1_000_000_000, windowMs: 60_000 } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  process.send?.({ port: addr.port });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await app.close();
      await db.close();
      process.exit(0);
    }
  });
}

// ---- data set ---------------------------------------------------------------------------------------------------

async function householdsFor(db: Db, persons: number): Promise<number> {
  const { counties, villages, scope } = await loadVillages(db.kysely, undefined);
  const allocator = createIdAllocator(counties, DEMO_AS_OF);
  const pop = createPopulation({ seed: SEED, scope, asOf: DEMO_AS_OF, counties, villages, allocator, now: NOW.toISOString() });
  let n = 0;
  for (let p = 0; p < persons; n++) p += pop.next().persons.length;
  return n;
}

async function fill(db: Db): Promise<void> {
  await prepareDatabase(db, NOW);
  const households = await householdsFor(db, PERSONS);
  log(`  generating ${households.toLocaleString('en-US')} households (≥ ${PERSONS.toLocaleString('en-US')} persons)…`);
  const started = performance.now();
  let shown = 0;
  const r = await generateDemo(operatorContext(db, { name: ACTOR.username, clock: () => NOW }), {
    households,
    seed: SEED,
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 10);
      if (pct > shown) {
        shown = pct;
        log(`    ${pct * 10}%`);
      }
    },
  });
  log(`  ${r.persons.toLocaleString('en-US')} persons in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const c = await seedBenchCases(db, { cases: CASES, now: NOW });
  log(`  ${c.toLocaleString('en-US')} cases`);
  for (const u of USERS) await addUser(operatorContext(db, { name: ACTOR.username, clock: () => NOW }), { input: { ...u, password: PASSWORD } });
  await withDashboard(db);
}

/** A cached data set made by older code gets the current schema (new indexes included) and fresh statistics. */
async function upToDate(db: Db): Promise<void> {
  const applied = await migrateToLatest(db);
  const seeded = await withDashboard(db);
  if (applied.length > 0 || seeded) {
    log(`  ${applied.length > 0 ? `migrated: ${applied.join(', ')}; ` : ''}analysing…`);
    await analyzeAll(db);
  }
  await db.close();
}

/**
 * The dashboard's records and reader (issue 15 point 6), once per data set (a meta mark): enrollments, terms, review
 * schedules and the month's rolls (api-bench-cases.ts), and the city supervisor. True when written now.
 */
async function withDashboard(db: Db): Promise<boolean> {
  if (await readMeta(db.kysely, DASHBOARD_MARK)) return false;
  const r = await seedBenchDashboard(db, { now: NOW });
  log(`  dashboard: ${r.enrollments.toLocaleString('en-US')} enrollments, ${r.lines.toLocaleString('en-US')} roll lines`);
  const ctx = operatorContext(db, { name: ACTOR.username, clock: () => NOW });
  if (!(await db.kysely.selectFrom('app_user').select('id').where('username', '=', SUPERVISOR.username).executeTakeFirst())) {
    await addUser(ctx, { input: { ...SUPERVISOR, password: PASSWORD } });
  }
  await addMeta(db.kysely, DASHBOARD_MARK, NOW.toISOString());
  return true;
}

async function sqliteTarget(): Promise<Target> {
  const dir = join(tmpdir(), 'doudi-bench-api', `${SEED}-${PERSONS}-${CASES}`);
  const ready = join(dir, 'ready.json');
  if (!existsSync(ready)) {
    log(`SQLite data set: building in ${dir} (cached for later runs)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const db = await connect({ dataDir: dir });
    await fill(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
    await db.close();
    writeFileSync(ready, JSON.stringify({ persons: PERSONS, cases: CASES, seed: SEED }));
  } else {
    log(`SQLite data set: cached in ${dir}`);
    await upToDate(await connect({ dataDir: dir }));
  }
  return { dialect: 'sqlite', dataDir: dir };
}

async function postgresTarget(url: string): Promise<Target> {
  const schema = `bench_api_${PERSONS}_${CASES}`;
  const keyFile = join(tmpdir(), 'doudi-bench-api', `${schema}.keys`);
  mkdirSync(dirname(keyFile), { recursive: true });
  const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
  const marker = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${schema} and table_name = 'bench_ready'`.execute(admin.kysely);
  if (marker.rows[0].n === 0) {
    log(`PostgreSQL data set: building schema ${schema} (kept for later runs)`);
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.kysely);
    await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
    rmSync(keyFile, { force: true });
    const db = await connect({ databaseUrl: url, pgSchema: schema, keyFile });
    await fill(db);
    await sql`analyze`.execute(db.kysely);
    await sql`create table bench_ready (persons integer, cases integer)`.execute(db.kysely);
    await db.close();
  } else {
    log(`PostgreSQL data set: cached in schema ${schema}`);
    await upToDate(await connect({ databaseUrl: url, pgSchema: schema, keyFile }));
  }
  await admin.close();
  return { dialect: 'postgres', databaseUrl: url, pgSchema: schema, keyFile };
}

// ---- client side ------------------------------------------------------------------------------------------------

interface Figures {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  /** Shown for information, not held to the target (the dashboard counted afresh, one request at a time). */
  info?: boolean;
}

/** Logs in; the session's CSRF token is kept for the one POST the benchmark makes (revealing an ID number). */
const csrfOf = new Map<string, string>();

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  let cookie = res.headers.getSetCookie().find((c) => c.startsWith('doudi_session='))?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  const info = (await res.json()) as { step: string; csrfToken: string };
  if (info.step === 'totp') {
    const code = new TOTP({ secret: Secret.fromBase32(BENCH_TOTP) }).generate({ timestamp: CLOCK.getTime() });
    const r2 = await fetch(`${base}/api/auth/second-factor`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': info.csrfToken }, body: JSON.stringify({ code }) });
    if (!r2.ok) throw new Error(`second factor ${username}: ${r2.status} ${await r2.text()}`);
    cookie = r2.headers.getSetCookie().find((c) => c.startsWith('doudi_session='))?.split(';')[0] ?? cookie;
  }
  csrfOf.set(cookie, info.csrfToken);
  return cookie;
}

async function getJson(base: string, cookie: string, path: string): Promise<any> {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : Number.NaN);

function measure(name: string, base: string, cookie: string, path: string, seconds: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let errors = 0;
    const inst = autocannon(
      { url: `${base}${path}`, connections: CONNECTIONS, duration: seconds, headers: { cookie }, pipelining: 1 },
      (err, result) => {
        if (err) return reject(err);
        times.sort((a, b) => a - b);
        resolve({ name, requests: times.length, errors: errors + result.errors + result.timeouts, p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99), rps: times.length / seconds });
      },
    );
    inst.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) times.push(ms);
      else errors++;
    });
  });
}

async function runAgainst(t: Target): Promise<{ dialect: string; rows: Figures[] }> {
  const child = fork(new URL(import.meta.url).pathname, ['--serve', JSON.stringify(t)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const cw = await login(base, 'bench_cw');
    const ap = await login(base, 'bench_ap');
    const sup = await login(base, SUPERVISOR.username);
    // Realistic queries: a common surname and a full name in the caseworker's township, an ID number found in it.
    const first = await getJson(base, cw, '/api/households?pageSize=1');
    const h = first.items[0];
    const detail = await getJson(base, cw, `/api/households/${h.countyCode}/${h.id}`);
    // The API shows ID numbers masked (ADR 0012): the caseworker reveals one, as staff do, to search by it.
    const revealed = await fetch(`${base}/api/households/${h.countyCode}/${h.id}/reveal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cw, 'x-csrf-token': csrfOf.get(cw) ?? '' },
      body: JSON.stringify({ fields: [{ field: 'idNumber', personId: detail.members[0].id }] }),
    });
    if (!revealed.ok) throw new Error(`reveal: ${revealed.status} ${await revealed.text()}`);
    const person = { ...detail.members[0], idNumber: ((await revealed.json()) as { idNumbers: Record<string, string> }).idNumbers[detail.members[0].id] };
    const apPage = await getJson(base, ap, '/api/worklist?pageSize=20');
    if (!apPage.nextCursor) throw new Error('the county worklist has a single page: too few cases for a meaningful benchmark');
    const scenarios: [string, string, string][] = [
      ['health/auth (baseline)', cw, '/api/health/auth'],
      ['worklist · township caseworker', cw, '/api/worklist?pageSize=20'],
      ['worklist · county approver', ap, '/api/worklist?pageSize=20'],
      ['worklist · county, page 2 (keyset)', ap, `/api/worklist?pageSize=20&after=${apPage.nextCursor}`],
      ['worklist · county, overdue only', ap, '/api/worklist?pageSize=20&overdue=true'],
      ['registry search · township, surname', cw, `/api/households?q=${encodeURIComponent(person.name.slice(0, 1))}&pageSize=20`],
      ['registry search · township, full name', cw, `/api/households?q=${encodeURIComponent(person.name)}&pageSize=20`],
      ['registry search · county, full name', ap, `/api/households?q=${encodeURIComponent(person.name)}&pageSize=20`],
      ['registry search · county, ID number', ap, `/api/households?q=${person.idNumber}&pageSize=20`],
      ['registry list · county, page 1', ap, '/api/households?pageSize=20'],
      // A single household, masked and audited as a read of personal data (issue 9 point 17).
      ['household detail · township', cw, `/api/households/${h.countyCode}/${h.id}`],
      // 领导驾驶舱 (issue 15 point 6): the city with its counties, a county with its townships, a township with its villages.
      ['dashboard · city (supervisor)', sup, '/api/dashboard'],
      ['dashboard · county (approver)', ap, '/api/dashboard'],
      ['dashboard · township (approver)', ap, '/api/dashboard?area=211221101000'],
    ];
    const city = await getJson(base, sup, '/api/dashboard');
    log(`  dashboard: city ${city.totals.coverage.dibaoHouseholds} dibao households, ${city.totals.coverage.registeredPersons} persons, ${city.totals.overdue.reviews} reviews overdue, ${city.totals.spending.dibao.approvedFen} fen approved`);
    log(`  worklist totals: county ${apPage.total}, township ${(await getJson(base, cw, '/api/worklist?pageSize=1')).total}`);
    const rows: Figures[] = [];
    for (const [name, cookie, path] of scenarios.filter(([n], i) => i === 0 || !args.routes || n.includes(args.routes as string))) {
      await measure(name, base, cookie, path, 1); // warm-up: caches, prepared statements, JIT
      rows.push(await measure(name, base, cookie, path, SECONDS));
    }
    if (!args.routes || 'dashboard'.includes(args.routes as string) || (args.routes as string).includes('dashboard')) rows.push(...(await coldDashboards(base, sup, ap)));
    return { dialect: t.dialect, rows };
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

/**
 * The dashboard counted afresh: its figures are shared for a minute (src/commands/reports/dashboard.ts), so the routes
 * above measure mostly shared answers. Here each request asks for another month (never counted before in this server),
 * one at a time, 24 per area: what the first reader of a dashboard waits.
 */
async function coldDashboards(base: string, sup: string, ap: string): Promise<Figures[]> {
  const out: Figures[] = [];
  for (const [name, cookie, area, year] of [
    ['dashboard · city, counted afresh (1 conn)', sup, '', 2023],
    ['dashboard · county, counted afresh (1 conn)', ap, '', 2023],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 24; i++) {
      const month = `${year + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      const started = performance.now();
      await getJson(base, cookie, `/api/dashboard?month=${month}${area}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    out.push({ name, requests: times.length, errors: 0, p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99), rps: 1000 / (times.reduce((a, b) => a + b, 0) / times.length), info: true });
  }
  return out;
}

function print(r: { dialect: string; rows: Figures[] }): boolean {
  const base = r.rows[0];
  log(`\n${r.dialect}: ${PERSONS.toLocaleString('en-US')} persons, ${CASES.toLocaleString('en-US')} cases, ${CONNECTIONS} connections, ${SECONDS} s per route`);
  log(`${'route'.padEnd(40)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'p95 ×base'.padStart(10)} ${'errors'.padStart(7)}  verdict`);
  let ok = true;
  for (const f of r.rows) {
    const pass = f.p95 < TARGET_P95_MS && f.errors === 0;
    if (f !== base && !f.info) ok &&= pass;
    log(
      `${f.name.padEnd(40)} ${f.rps.toFixed(0).padStart(8)} ${f.p50.toFixed(1).padStart(8)} ${f.p95.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${(f.p95 / base.p95).toFixed(2).padStart(10)} ${String(f.errors).padStart(7)}  ${f === base ? 'baseline' : f.info ? 'info' : pass ? 'ok' : 'MISS'}`,
    );
  }
  return ok;
}

async function main(): Promise<void> {
  if (args.serve) return serve(JSON.parse(args.serve) as Target);
  const targets: (() => Promise<Target>)[] = args.only === 'postgres' ? [] : [sqliteTarget];
  const pg = process.env.DOUDI_BENCH_DATABASE_URL;
  if (pg) targets.push(() => postgresTarget(pg));
  else log('(PostgreSQL skipped: set DOUDI_BENCH_DATABASE_URL=postgres://… to measure it too)');
  let allOk = true;
  for (const make of targets) {
    const t = await make();
    allOk = print(await runAgainst(t)) && allOk;
  }
  log(`\np95 target ${TARGET_P95_MS} ms: ${allOk ? 'met on every route' : 'MISSED on some route'}`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
