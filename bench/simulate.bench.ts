/**
 * Benchmark of `doudi simulate` (issue 3, point 10: 1,000,000 persons in under 10 seconds on SQLite).
 *
 *   npx node bench/simulate.bench.ts [--persons 1000000] [--seed bench-sim] [--runs 2]
 *
 * The registry is a synthetic population from the demo generator (`doudi demo generate`), made once by a child
 * process into a cached SQLite file under the temp directory (reused by later runs; delete it to start afresh), so
 * that this process's peak RSS is the simulation's. Then, in this process, best of --runs each:
 *   1. the baseline: raw node:sqlite, the simulation's own four statements per batch of households (SIMULATION_BATCH), every row
 *      read into JS and dropped — the cost of streaming the rows without determining anything;
 *   2. the simulation in one thread (the same reads, plus situations and two determinations per household);
 *   3. the simulation as `doudi simulate` runs it: the counties over worker threads (one per core, at most four).
 * Each line prints wall and CPU seconds (CPU: all threads), households/s, and its ratio to the baseline; then the
 * peak RSS and the RSS through the run (flat: one batch at a time). Exit 1 when `doudi simulate` took 10 s or more.
 * A cached registry is brought to the current schema first (migrations 0007 and 0015 hold the covering indexes these reads use)
 * and analysed once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { analyzeAll, prepareDatabase } from '../src/commands/admin/bootstrap.ts';
import { DEMO_AS_OF, generateDemo, loadVillages } from '../src/commands/demo/generate-demo.ts';
import { createIdAllocator } from '../src/commands/demo/id-allocator.ts';
import { createPopulation } from '../src/commands/demo/population.ts';
import { simulationThreads } from '../src/commands/simulate/run-simulation.ts';
import { simulateRegistry } from '../src/commands/simulate/simulate-registry.ts';
import type { SimulationResult } from '../src/contracts/simulate.ts';
import { connect, type Db, migrateToLatest } from '../src/db/connect.ts';
import { SIMULATION_BATCH } from '../src/db/simulation-source.ts';
import { operatorContext } from '../src/commands/context.ts';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'bench-sim' },
    runs: { type: 'string', default: '2' },
    prepare: { type: 'string' },
  },
});
const PERSONS = Number(args.persons);
const SEED = args.seed as string;
const RUNS = Math.max(1, Number(args.runs));
const NOW = new Date('2026-01-05T02:00:00Z');
const TARGET_SECONDS = 10;
const INPUT = { changes: [{ name: 'dibao.standard.rural', value: '6000' }], from: '2019-08' };
const BATCH = SIMULATION_BATCH;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** Child process: the cached registry, generated until it holds PERSONS persons, checkpointed into the main file. */
async function prepare(dir: string): Promise<void> {
  const db = await connect({ dataDir: dir });
  await prepareDatabase(db, NOW);
  const { counties, villages, scope } = await loadVillages(db.kysely, undefined);
  const pop = createPopulation({ seed: SEED, scope, asOf: DEMO_AS_OF, counties, villages, allocator: createIdAllocator(counties, DEMO_AS_OF), now: NOW.toISOString() });
  let households = 0;
  for (let p = 0; p < PERSONS; households++) p += pop.next().persons.length;
  const t0 = performance.now();
  const r = await generateDemo(operatorContext(db, { name: 'bench', clock: () => NOW }), {
    households, seed: SEED,
    onProgress: (done, total) => process.stderr.write(`\rgenerating ${fmt(done)}/${fmt(total)} households`),
  });
  await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
  await db.close();
  writeFileSync(join(dir, 'ready.json'), JSON.stringify({ households: r.households, persons: r.persons, seconds: (performance.now() - t0) / 1000 }));
  process.stderr.write('\n');
}

function ensureRegistry(): { dir: string; households: number; persons: number } {
  const dir = join(tmpdir(), `doudi-simulate-bench-${PERSONS}-${SEED.replace(/[^\w-]/g, '_')}`);
  const ready = join(dir, 'ready.json');
  if (!existsSync(ready)) {
    mkdirSync(dir, { recursive: true });
    console.log(`generating the registry into ${dir} (once; later runs reuse it) …`);
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, [self, '--prepare', dir, '--persons', String(PERSONS), '--seed', SEED], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`generating the registry failed (${r.status})`);
  }
  return { dir, ...JSON.parse(readFileSync(ready, 'utf8')) };
}

interface Timing {
  wall: number;
  cpu: number;
}

async function timed<T>(f: () => Promise<T> | T): Promise<Timing & { value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

async function best<T>(f: () => Promise<T> | T): Promise<Timing & { value: T }> {
  let out: (Timing & { value: T }) | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t = await timed(f);
    if (!out || t.wall < out.wall) out = t;
  }
  return out as Timing & { value: T };
}

/** The baseline: the simulation's statements on raw node:sqlite, rows read and dropped. */
function rawRead(file: string, counties: readonly string[]): { households: number; rows: number } {
  const raw = new DatabaseSync(file, { readOnly: true });
  const hq = raw.prepare('select id, county_code, hukou_type, registered_poor from household where county_code = ? and id > ? order by id limit ?');
  const pq = raw.prepare(
    'select household_id, birth_date, sex, relation, disability_kind, disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status from person where county_code = ? and household_id > ? and household_id <= ? order by household_id',
  );
  const iq = raw.prepare(
    'select household_id, kind, sum(annual_fen) as annual_fen from income_item where county_code = ? and household_id > ? and household_id <= ? group by household_id, kind order by household_id, kind',
  );
  const aq = raw.prepare('select household_id, kind, value_fen, quantity from asset_item where county_code = ? and household_id > ? and household_id <= ? order by household_id');
  let households = 0;
  let rows = 0;
  raw.exec('begin');
  for (const c of counties) {
    let after = '';
    for (;;) {
      const hs = hq.all(c, after, BATCH) as { id: string }[];
      if (hs.length === 0) break;
      const last = hs[hs.length - 1].id;
      households += hs.length;
      rows += hs.length + pq.all(c, after, last).length + iq.all(c, after, last).length + aq.all(c, after, last).length;
      if (hs.length < BATCH) break;
      after = last;
    }
  }
  raw.exec('rollback');
  raw.close();
  return { households, rows };
}

async function measure(db: Db, label: string): Promise<{ simulated: SimulationResult; cli: Timing }> {
  const counties = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
  const threads = simulationThreads(db);
  rawRead(db.location, counties); // warm the page cache for everyone alike
  const base = await best(() => rawRead(db.location, counties));
  const rss: number[] = [];
  const one = await best(() => simulateRegistry(operatorContext(db), INPUT, { threads: 0 }));
  const many = await best(() =>
    simulateRegistry(operatorContext(db), INPUT, {
      threads,
      onProgress: (done, total) => {
        if (done >= ((rss.length + 1) * total) / 10) rss.push(process.memoryUsage().rss);
      },
    }),
  );
  const n = base.value.households;
  const line = (name: string, t: Timing) =>
    `${name.padEnd(46)}${t.wall.toFixed(2).padStart(7)} s wall ${t.cpu.toFixed(2).padStart(7)} s cpu ${fmt(n / t.wall).padStart(9)} households/s   ${(t.wall / base.wall).toFixed(2).padStart(5)} × baseline (cpu ${(t.cpu / base.cpu).toFixed(2)} ×)`;
  console.log(`\n${label}`);
  console.log(line(`baseline: raw SQL, ${fmt(base.value.rows)} rows read, dropped`, base));
  console.log(line('simulation, one thread', one));
  console.log(line(`doudi simulate (${threads} worker thread${threads === 1 ? '' : 's'})`, many));
  console.log(`RSS at each 10% of the threaded run: ${rss.map((x) => (x / 1048576).toFixed(0)).join(', ')} MB`);
  const { seconds: _a, ...x } = one.value;
  const { seconds: _b, ...y } = many.value;
  if (JSON.stringify(x) !== JSON.stringify(y)) throw new Error('one thread and worker threads disagree');
  return { simulated: many.value, cli: many };
}

if (args.prepare) {
  await prepare(args.prepare);
} else {
  const reg = ensureRegistry();
  const db = await connect({ dataDir: reg.dir });
  const applied = await migrateToLatest(db);
  if (applied.length) {
    console.log(`cached registry migrated: ${applied.join(', ')}; analysing …`);
    await analyzeAll(db);
  }
  console.log(`doudi simulate: ${fmt(reg.persons)} persons in ${fmt(reg.households)} households (demo generator, seed ${SEED}), SQLite ${db.location}`);
  console.log(`scenario: dibao.standard.rural=6000 from 2019-08; best of ${RUNS} runs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
  const { simulated, cli } = await measure(db, 'schema as migrated');
  const t = simulated.total;
  console.log(
    `dibao households ${fmt(t.baseline.households)} → ${fmt(t.scenario.households)} (${t.delta.households >= 0 ? '+' : ''}${fmt(t.delta.households)}), monthly ${(t.baseline.monthlyFen / 100).toFixed(2)} → ${(t.scenario.monthlyFen / 100).toFixed(2)} yuan; tekun persons ${fmt(t.baseline.tekun.persons)} → ${fmt(t.scenario.tekun.persons)}`,
  );
  await db.close();
  console.log(`\npeak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (this process: baseline and simulations, worker threads included)`);
  const met = cli.wall < TARGET_SECONDS;
  console.log(`target: doudi simulate over ${fmt(reg.persons)} persons in under ${TARGET_SECONDS} s: ${met ? 'met' : 'MISSED'} (${cli.wall.toFixed(2)} s wall)`);
  if (!met) process.exitCode = 1;
}
