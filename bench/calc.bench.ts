/**
 * Benchmark of the dibao determination (issue 3, item 10): N synthetic households (default 1,000,000) in one
 * process, determined without trace and with full trace (the one dibao rule in fixed-point integers over parameters
 * precompiled per county and month, ADR 0020), each printed with its ratio to a bare loop that does
 * only the arithmetic — count members, add incomes, compare with standard × members, divide the gap by 12
 * — over the same households in the same run (the limit).
 *
 *   npx node bench/calc.bench.ts [--households 1000000] [--traced 200000] [--seed 1] [--runs 3]
 *
 * Each loop is timed --runs times and the best run is reported (the machine is shared).
 * The traced run covers the first --traced households (default 200,000: enough for a steady rate) and is
 * checked against the untraced results. Exits 1 when a target is missed or the two runs disagree.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { addMonths, type PlainDate, type PlainMonth } from '../src/kernel/plain-date.ts';
import { loadDefaultPolicy } from '../src/policy/loader.ts';
import { determine } from '../src/rules/engine.ts';
import { INCOME_KINDS, type Income, type Member, type Situation } from '../src/rules/situation.ts';

const { values: args } = parseArgs({
  options: {
    households: { type: 'string', default: '1000000' },
    traced: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
  },
});
const N = Number(args.households);
const TRACED = Math.min(N, Number(args.traced));
const RUNS = Math.max(1, Number(args.runs));
const TARGET_PLAIN = 1_000_000;
const TARGET_TRACED = 100_000;

/** mulberry32: a small seeded generator, so every run determines the same households. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
const MONTHS: PlainMonth[] = Array.from({ length: 36 }, (_, i) => addMonths('2019-01' as PlainMonth, i));

function generate(n: number, seed: number): Situation[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const memberPool: Member[][] = Array.from({ length: 10_000 }, () =>
    Array.from({ length: 1 + Math.floor(r() * 5) }, () => ({
      birthDate: `${1930 + Math.floor(r() * 85)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}` as PlainDate,
      relation: 'other',
      seriousIllness: r() < 0.05,
      status: r() < 0.02 ? ('imprisoned' as const) : ('resident' as const),
    })),
  );
  const out: Situation[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const incomes: Income[] = [];
    for (let k = Math.floor(r() * 4); k > 0; k--) incomes.push({ kind: pick(INCOME_KINDS), annual: Math.floor(r() * 600_000) / 100 });
    out[i] = {
      program: 'dibao',
      month: pick(MONTHS),
      county: pick(COUNTIES),
      unit: 'household',
      household: {
        hukou: r() < 0.9 ? 'rural' : 'urban',
        registeredPoor: r() < 0.3,
        members: pick(memberPool),
        incomes,
        deductions: [],
        assets: { financial: r() < 0.9 ? 0 : Math.floor(r() * 3_000_000) / 100, vehicles: r() < 0.97 ? 0 : 1 },
      },
    };
  }
  return out;
}

const ps = loadDefaultPolicy();

/** The limit: the bare arithmetic of the determination, standards read from a plain map. */
function bareLoop(xs: Situation[], standardFen: Map<string, Map<string, { rural: number; urban: number }>>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const s = xs[i];
    const h = s.household;
    let n = 0;
    for (const m of h.members) if (m.status === 'resident') n++;
    let income = 0;
    for (const x of h.incomes) income += Math.round(x.annual * 100);
    const limit = (standardFen.get(s.county)?.get(s.month)?.[h.hukou] as number) * n;
    if (income < limit) sum += Math.floor((limit - income + 6) / 12);
  }
  return sum;
}

function engine(xs: Situation[], count: number, trace: boolean): { sum: number; eligible: number; fens: Int32Array } {
  let sum = 0;
  let eligible = 0;
  const fens = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const d = determine(xs[i], ps, { trace });
    fens[i] = d.amount.fen;
    sum += d.amount.fen;
    if (d.eligible) eligible++;
  }
  return { sum, eligible, fens };
}

/**
 * Best of `runs` timings, by the process's CPU time (user + system, all threads, so GC helpers count too)
 * and by wall time: on a shared machine CPU time is the figure that other jobs do not distort.
 */
function timed<T>(f: () => T, runs = 1): { value: T; cpu: number; wall: number } {
  let cpu = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = f();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { value: value as T, cpu, wall };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

const gen = timed(() => generate(N, Number(args.seed)));
const households = gen.value;
const standards = new Map<string, Map<string, { rural: number; urban: number }>>();
for (const c of COUNTIES) {
  const byMonth = new Map<string, { rural: number; urban: number }>();
  standards.set(c, byMonth);
  for (const m of MONTHS) {
    const day = `${m}-01` as PlainDate;
    byMonth.set(m, { rural: ps.number('dibao.standard.rural', c, day).value * 100, urban: ps.number('dibao.standard.urban', c, day).value * 1200 });
  }
}

// Warm-up so that each measured loop runs optimised code.
const warm = households.slice(0, Math.min(N, 50_000));
bareLoop(warm, standards);
engine(warm, warm.length, false);
engine(warm, Math.min(warm.length, 10_000), true);

const bare = timed(() => bareLoop(households, standards), RUNS);
const plain = timed(() => engine(households, N, false), RUNS);
const traced = timed(() => engine(households, TRACED, true), RUNS);

const rates = (count: number, t: { cpu: number; wall: number }) => ({ cpu: count / t.cpu, wall: count / t.wall });
const bareRate = rates(N, bare);
const plainRate = rates(N, plain);
const tracedRate = rates(TRACED, traced);
let disagreements = 0;
for (let i = 0; i < TRACED; i++) if (traced.value.fens[i] !== plain.value.fens[i]) disagreements++;

const line = (label: string, r: { cpu: number; wall: number }, target?: number) =>
  `${label.padEnd(34)}${fmt(r.cpu).padStart(11)} /cpu-s ${fmt(r.wall).padStart(11)} /s   ${(r.cpu / bareRate.cpu).toFixed(3).padStart(6)} × bare` +
  (target ? `   target ≥ ${fmt(target)}: ${r.cpu >= target ? 'met' : 'MISSED'}` : '');

console.log(`dibao determinations: ${fmt(N)} synthetic households (7 counties × 36 months, seed ${args.seed}); generated in ${gen.wall.toFixed(2)} s; best of ${RUNS} runs`);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs; rates per CPU-second (targets judged on these) and per wall-second`);
console.log(line('bare arithmetic loop (the limit)', bareRate));
console.log(line('engine, no trace', plainRate, TARGET_PLAIN));
console.log(line(`engine, full trace (${fmt(TRACED)})`, tracedRate, TARGET_TRACED));
console.log(`eligible ${fmt(plain.value.eligible)} of ${fmt(N)}; monthly total ${(plain.value.sum / 100).toFixed(2)} yuan; traced and untraced amounts disagree for ${disagreements} households`);
if (plainRate.cpu < TARGET_PLAIN || tracedRate.cpu < TARGET_TRACED || disagreements > 0) process.exitCode = 1;
