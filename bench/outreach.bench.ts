/**
 * Benchmark of the 应保尽保 outreach list (issue 16 point 5, ADR 0047): one county's registry read through the
 * simulation's batch path and determined for dibao, tekun and 单人保, the covered households left out.
 *
 *   npx node bench/outreach.bench.ts [--households 3000] [--county 211221] [--runs 3]
 *
 * A synthetic population of --households households in one county (the demo generator), enrolled as the demo enrolls
 * it (synthetic decisions from 2019-01), in a temporary SQLite database — and in a PostgreSQL schema of its own when
 * DOUDI_BENCH_DATABASE_URL=postgres://… is set. Then, median of --runs each:
 *   1. the baseline: the what-if simulation of the same county in one thread (the same batch reads, two dibao
 *      determinations per household and tekun for candidates) — `runSimulation` with a standard raise;
 *   2. the outreach list of the county (`listOutreach`, as `GET /api/outreach?county=` serves it).
 * Prints seconds, the rows listed and the ratio to the baseline. The demo (`npm start`) holds 3,000 households over
 * the whole city; the default here puts them all in one county.
 */
import { parseArgs } from 'node:util';
import { operatorContext } from '../src/commands/context.ts';
import { enrollDemo } from '../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../src/commands/demo/generate-demo.ts';
import { listOutreach } from '../src/commands/outreach/outreach.ts';
import { loadParameterSet } from '../src/commands/policy/parameters.ts';
import { runSimulation } from '../src/commands/simulate/run-simulation.ts';
import type { Db } from '../src/db/connect.ts';
import { scopeOf } from '../src/db/scope.ts';
import type { PlainMonth } from '../src/kernel/plain-date.ts';
import { forEachDatabase } from './lib/databases.ts';

const { values: args } = parseArgs({ options: { households: { type: 'string', default: '3000' }, county: { type: 'string', default: '211221' }, runs: { type: 'string', default: '3' } } });
const HOUSEHOLDS = Number(args.households);
const COUNTY = args.county as string;
const RUNS = Math.max(1, Number(args.runs));
const MONTH = '2019-08';
const NOW = new Date('2019-08-12T02:00:00Z');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function benchOn(label: string, db: Db): Promise<void> {
  const t0 = performance.now();
  await generateDemo(operatorContext(db, { name: 'bench', clock: () => new Date('2019-02-10T02:00:00Z') }), { households: HOUSEHOLDS, seed: 'bench-outreach', county: COUNTY });
  await enrollDemo(operatorContext(db, { name: 'bench', clock: () => new Date('2019-02-10T02:00:00Z') }), { county: COUNTY, lastStart: '2019-01' as PlainMonth });
  process.stdout.write(`\n${label}: ${HOUSEHOLDS} households generated and enrolled in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const ctx = operatorContext(db, { clock: () => NOW });
  const baseline = await loadParameterSet(db);
  const sim: number[] = [];
  const out: number[] = [];
  let rows = 0;
  let scanned = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await runSimulation({ db, baseline, scope: scopeOf('211200000000'), input: { changes: [{ name: 'dibao.standard.rural', value: '6000' }], from: MONTH, county: COUNTY }, threads: 0 });
    sim.push((performance.now() - t) / 1000);
    t = performance.now();
    const l = await listOutreach(ctx, { county: COUNTY, month: MONTH });
    out.push((performance.now() - t) / 1000);
    rows = l.rows.length;
    scanned = l.scanned;
  }
  const s = median(sim);
  const o = median(out);
  process.stdout.write(`  simulation of the county (baseline): ${s.toFixed(3)} s  [${sim.map((x) => x.toFixed(3)).join(', ')}]\n`);
  process.stdout.write(`  outreach list of the county:         ${o.toFixed(3)} s  [${out.map((x) => x.toFixed(3)).join(', ')}]  ${scanned} read, ${rows} listed\n`);
  process.stdout.write(`  ratio outreach / simulation: ${(o / s).toFixed(2)}\n`);
}

async function main(): Promise<void> {
  await forEachDatabase({ name: 'outreach', sqliteLabel: 'SQLite' }, async ({ label, db }) => {
    await benchOn(label, db);
    return true;
  });
}

await main();
