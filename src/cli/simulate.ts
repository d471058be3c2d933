import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parseSetOption } from '../commands/simulate/changes.ts';
import { simulateRegistry } from '../commands/simulate/simulate-registry.ts';
import { operatorContext } from '../commands/context.ts';
import type { SimulationFigures, SimulationResult } from '../contracts/simulate.ts';
import { AppError } from '../kernel/errors.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** Below this many households a run takes about a second: no progress display. */
const PROGRESS_FROM = 20_000;

/** Errors in what the operator typed: exit 2, like any other usage error. */
const INPUT_ERRORS = new Set([
  'SIMULATE_SET_FORMAT', 'SIMULATE_NO_CHANGES', 'SIMULATE_PARAM_UNKNOWN', 'SIMULATE_PARAM_TWICE', 'SIMULATE_VALUE_INVALID',
  'SIMULATE_FROM_INVALID', 'SIMULATE_COUNTY_UNKNOWN', 'SIMULATE_MONTH_NO_VALUES', 'SIMULATE_THREADS_INVALID',
]);
const asUsage = usageErrorsIn(INPUT_ERRORS);

/**
 * `doudi simulate --set <name>=<value> [--set …] --from YYYY-MM [--county C] [--json]`: what-if over the registry
 * in the database, which it does not change. Exit 0 with the figures, 2 for a bad option (unknown parameter, bad
 * value or month), 1 when the database fails.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('政策测算：按调整后的参数重算登记家庭，比较各县区低保、特困户数、人数和月支出 what-if over the registry: eligible households, persons and monthly cost per county')
    .option('--set <name=value>', '调整参数，可重复，如 dibao.standard.rural=6000 / change a parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .requiredOption('--from <month>', '调整起始月份（测算该月）YYYY-MM / month the changes apply from (the month simulated)')
    .option('--county <code>', '只测算一个县区（6 位代码）/ one county only (6 digits)')
    .option('--threads <n>', '工作线程数，0 为不用（默认每核一个，至多 4）/ worker threads, 0 for none (default: one per core, at most 4)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { set: string[]; from: string; county?: string; threads?: string; json?: boolean }) => {
      let bar: SingleBar | null = null;
      let lastLine = 0;
      const onProgress = (done: number, total: number) => {
        if (total < PROGRESS_FROM) return;
        if (process.stderr.isTTY) {
          if (!bar) {
            bar = new SingleBar({ format: '测算 simulating [{bar}] {percentage}% {value}/{total} 户 households, ETA {eta}s', hideCursor: true });
            bar.start(total, 0);
          }
          bar.update(done);
        } else if (done === total || performance.now() - lastLine > 2_000) {
          lastLine = performance.now();
          process.stderr.write(`测算 simulating: ${done}/${total} 户 households (${Math.floor((100 * done) / total)}%)\n`);
        }
      };
      const result = await asUsage(() => {
        const changes = o.set.map(parseSetOption);
        const threads = o.threads === undefined ? undefined : parseThreads(o.threads);
        return withDb((db) => simulateRegistry(operatorContext(db), { changes, from: o.from.trim(), county: o.county?.trim() }, { onProgress, threads }), { quiet: true });
      }).finally(() => (bar as SingleBar | null)?.stop());
      for (const w of result.warnings) process.stderr.write(`注意 warning ${w.code}: ${w.message.zh} / ${w.message.en}\n`);
      process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : report(result));
      process.exitCode = 0;
    });
}

function parseThreads(text: string): number {
  if (!/^\d{1,2}$/.test(text.trim())) {
    throw new AppError('SIMULATE_THREADS_INVALID', { zh: `线程数应为 0 至 99 的整数：${text}`, en: `--threads takes a whole number from 0 to 99: ${text}` }, { field: 'threads' });
  }
  return Number(text.trim());
}

const yuan = (fen: number) => formatYuanGrouped(fen);
const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

function row(label: string, f: SimulationFigures, delta = false): string {
  const num = (n: number) => (delta ? signed(n, String(n)) : String(n));
  const money = (n: number) => (delta ? signed(n, yuan(n)) : yuan(n));
  return `  ${label.padEnd(14)}${num(f.households).padStart(9)}${num(f.persons).padStart(10)}${money(f.monthlyFen).padStart(18)}${num(f.tekun.persons).padStart(10)}${money(f.tekun.monthlyFen).padStart(16)}`;
}

/** The figures as a readable table per county, Chinese first. */
export function report(r: SimulationResult): string {
  const lines = [
    `政策测算 what-if simulation · ${r.from} 起 from · ${r.changes.map((c) => `${c.name}=${Array.isArray(c.value) ? c.value.join(',') : c.value}`).join('; ')}`,
    `  ${''.padEnd(14)}${'低保户 hh'.padStart(9)}${'人 persons'.padStart(10)}${'低保 元/月 yuan/mo'.padStart(18)}${'特困 tekun'.padStart(10)}${'特困 元/月'.padStart(16)}`,
  ];
  const block = (title: string, c: Omit<SimulationResult['counties'][number], 'county' | 'name'>) => {
    lines.push(
      '',
      `${title} — 登记 assessed ${c.assessed.households} 户 households, ${c.assessed.persons} 人 persons; 低保新增 gained ${c.dibaoChanged.gained} 户, 退出 lost ${c.dibaoChanged.lost} 户`,
      row('现行 baseline', c.baseline),
      row('调整后 scenario', c.scenario),
      row('变化 change', c.delta, true),
    );
  };
  for (const c of r.counties) block(`${c.name.zh} ${c.name.en} ${c.county}`, c);
  if (r.counties.length > 1) block('合计 total', r.total);
  lines.push('', `用时 ${r.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
