import { availableParallelism } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { SimulationCounty, SimulationResult } from '../../contracts/simulate.ts';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { AreaScope } from '../../db/scope.ts';
import { countHouseholds, countiesInScope, countyBatches, readOnlySnapshot } from '../../db/simulation-source.ts';
import { AppError } from '../../kernel/errors.ts';
import { parsePlainMonth, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { determine } from '../../rules/engine.ts';
import type { Situation } from '../../rules/situation.ts';
import { type ParameterChange, validateChanges } from './changes.ts';
import { probeParameters } from './probe.ts';
import { registrySituations } from './registry-situations.ts';
import { simulateInWorkers } from './county-workers.ts';
import { type CountyTally, countyView, emptyTally, totalOf } from './tally.ts';

/**
 * 政策测算 What-if simulation: every household of the scope's registry determined for the month `from` under the
 * parameters in force (files + database overrides: `baseline`) and under the same with the changes applied from
 * that month (`baseline.withSituationParameters(changes)`, built once): dibao for the household unit, tekun for
 * each member who could qualify. Read in read-only snapshots, in keyset batches per county, the counties spread
 * over worker threads when the database allows; each household is determined once per set, untraced (the integer
 * fast path). Nothing is written.
 */
export interface SimulationInput {
  changes: readonly { name: string; value: unknown }[];
  from: string;
  county?: string;
}

export interface RunSimulationOptions {
  db: Db;
  baseline: ParameterSet;
  scope: AreaScope;
  input: SimulationInput;
  onProgress?: (households: number, total: number) => void;
  batchSize?: number;
  /** Worker threads to spread the counties over (`simulationThreads`); 0: this thread. */
  threads?: number;
  /** Fewer households than this run in this thread whatever `threads` says: starting workers would cost more. */
  threadsFrom?: number;
}

export const THREADS_FROM = 20_000;

/** The checked input: month, changes, counties to read, and both parameter sets. */
export interface PreparedSimulation {
  from: PlainMonth;
  changes: ParameterChange[];
  counties: string[];
  baseline: ParameterSet;
  scenario: ParameterSet;
  unused: string[];
}

export function prepareSimulation(baseline: ParameterSet, scope: AreaScope, input: SimulationInput): PreparedSimulation {
  const from = parsePlainMonth(input.from);
  if (!from) {
    throw new AppError('SIMULATE_FROM_INVALID', { zh: `起始月份应为 YYYY-MM：${input.from}`, en: `The month must be YYYY-MM: ${input.from}` }, { field: 'from' });
  }
  const all = baseline.counties().map((c) => c.code);
  if (input.county !== undefined && !all.includes(input.county)) {
    throw new AppError(
      'SIMULATE_COUNTY_UNKNOWN',
      { zh: `${input.county} 不是${baseline.jurisdiction.name.zh}所辖县（市）区`, en: `${input.county} is not a county of ${baseline.jurisdiction.name.en}` },
      { field: 'county' },
    );
  }
  const counties = countiesInScope(scope, input.county ? [input.county] : all);
  if (counties.length === 0) {
    throw new AppError('AREA_FORBIDDEN', { zh: '所选县区不在您的管辖区域内', en: 'The county chosen is outside your area' }, { field: 'county', status: 403 });
  }
  const changes = validateChanges(baseline, input.changes);
  const scenario = baseline.withSituationParameters(Object.fromEntries(changes.map((c) => [c.name, c.value])));
  const { unused } = probeParameters({ baseline, scenario }, counties, from, changes);
  return { from, changes, counties, baseline, scenario, unused };
}

/**
 * One county, read in keyset batches inside the caller's snapshot: each household determined under both sets.
 * The unit of work of a simulation (and of its worker threads): counties are independent, as under Citus.
 */
export async function simulateCounty(
  q: Kysely<Database> | Transaction<Database>,
  p: PreparedSimulation,
  scope: AreaScope,
  county: string,
  opts: { batchSize?: number; onBatch?: (households: number) => void } = {},
): Promise<CountyTally> {
  const t = emptyTally();
  for await (const batch of countyBatches(q, { scope, county, batchSize: opts.batchSize })) {
    for (const h of registrySituations(batch, p.from)) assess(h.dibao, h.tekunCandidates, p, t);
    opts.onBatch?.(batch.households.length);
  }
  return t;
}

/**
 * Worker threads for a database another connection can open (a SQLite file); none (this thread) for PostgreSQL,
 * whose driver is asynchronous, and for an in-memory database. At most `max`, and never more than four: the
 * largest county then bounds the run anyway.
 */
export function simulationThreads(db: Db, max = availableParallelism()): number {
  if (!opensTwice(db)) return 0;
  return Math.max(1, Math.min(max, 4));
}

const opensTwice = (db: Db) => db.dialect === 'sqlite' && db.location !== ':memory:';

export async function runSimulation(opts: RunSimulationOptions): Promise<SimulationResult> {
  const started = performance.now();
  const { db, scope } = opts;
  const p = prepareSimulation(opts.baseline, scope, opts.input);
  const counts = await readOnlySnapshot(db.kysely, db.dialect, (q) => countHouseholds(q, scope, p.counties));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  const onBatch = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  opts.onProgress?.(0, total);
  const threads = opensTwice(db) && total >= (opts.threadsFrom ?? THREADS_FROM) ? (opts.threads ?? 0) : 0;
  let tallies: Map<string, CountyTally>;
  if (threads > 0) {
    // Largest counties first, so that no thread is left with a big one at the end.
    const order = [...p.counties].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
    tallies = await simulateInWorkers({ connect: { databaseUrl: `sqlite:${db.location}` }, scope, input: opts.input, batchSize: opts.batchSize, counties: order, threads, onBatch });
  } else {
    tallies = new Map();
    await readOnlySnapshot(db.kysely, db.dialect, async (q) => {
      for (const c of p.counties) tallies.set(c, await simulateCounty(q, p, scope, c, { batchSize: opts.batchSize, onBatch }));
    });
  }
  const names = new Map(opts.baseline.counties().map((c) => [c.code, c.name]));
  const counties: SimulationCounty[] = p.counties.map((c) => countyView(c, names.get(c) ?? { zh: c, en: c }, tallies.get(c) ?? emptyTally()));
  return {
    from: p.from,
    changes: p.changes.map((c) => ({ name: c.name, value: c.value })),
    counties,
    total: totalOf(counties),
    warnings: p.unused.map((name) => ({
      code: 'SIMULATE_PARAM_NOT_USED',
      name,
      message: {
        zh: `低保和特困认定都不使用“${p.baseline.describe(name)?.zh ?? name}”，测算结果不受其影响`,
        en: `No dibao or tekun determination reads “${p.baseline.describe(name)?.en ?? name}” (${name}): the figures do not depend on it`,
      },
    })),
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}

/** One household under both sets: dibao for the household, tekun for each member who could qualify. */
function assess(s: Situation, tekunCandidates: readonly number[], p: PreparedSimulation, t: CountyTally): void {
  const n = s.household.members.length;
  t.households++;
  t.persons += n;
  const b = determine(s, p.baseline);
  const x = determine(s, p.scenario);
  if (b.eligible) {
    t.baseline.households++;
    t.baseline.persons += n;
    t.baseline.monthlyFen += b.amount.fen;
  }
  if (x.eligible) {
    t.scenario.households++;
    t.scenario.persons += n;
    t.scenario.monthlyFen += x.amount.fen;
  }
  if (x.eligible && !b.eligible) t.gained++;
  else if (b.eligible && !x.eligible) t.lost++;
  for (const applicant of tekunCandidates) {
    const ts: Situation = { ...s, program: 'tekun', applicant };
    const tb = determine(ts, p.baseline);
    const tx = determine(ts, p.scenario);
    if (tb.eligible) {
      t.baseline.tekun.persons++;
      t.baseline.tekun.monthlyFen += tb.amount.fen;
    }
    if (tx.eligible) {
      t.scenario.tekun.persons++;
      t.scenario.tekun.monthlyFen += tx.amount.fen;
    }
  }
}
