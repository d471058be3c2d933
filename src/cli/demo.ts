import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { enrollDemo } from '../commands/demo/enroll-demo.ts';
import { generateDemo } from '../commands/demo/generate-demo.ts';
import { writeDemoPovertyFile } from '../commands/demo/poverty-file.ts';
import { seedDemoIfEmpty, seedDemoPovertyIfNone, seedDemoRequiredDocumentsIfNone, seedDemoReservesIfNone } from '../commands/demo/seed-demo.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { withDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';

/** Below this many households a run takes about a second: no progress bar. */
const PROGRESS_FROM = 20_000;

/** `doudi demo generate --households N --seed S [--county C] [--as-of D] [--json]`. */
export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('演示数据 Demo data (synthetic)');
  demo
    .command('generate')
    .description('生成合成人口（标记为合成） Generate a synthetic population, flagged synthetic')
    .requiredOption('--households <n>', '户数 number of households')
    .requiredOption('--seed <seed>', '随机种子：相同种子生成相同数据 seed: the same seed gives the same data')
    .option('--county <code>', '只在一个县区生成 confine to one county (6 or 12 digits)')
    .option('--as-of <date>', '年龄参照日期 the day ages refer to (YYYY-MM-DD)')
    .option('--enroll', '并为符合条件的合成家庭建立保障（合成决定，2019-01 起） also enroll the qualifying households (synthetic decisions, from 2019-01)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { households: string; seed: string; county?: string; asOf?: string; enroll?: boolean; json?: boolean }) => {
      if (!/^\d{1,9}$/.test(o.households.trim())) {
        throw new AppError(
          'DEMO_HOUSEHOLDS_RANGE',
          { zh: `户数须为正整数：${o.households}`, en: `The number of households must be a whole number: ${o.households}` },
          { field: 'households' },
        );
      }
      const households = Number(o.households.trim());
      const bar = households >= PROGRESS_FROM ? new SingleBar({ format: '合成 generating [{bar}] {percentage}% {value}/{total} 户 households, ETA {eta}s', hideCursor: true }) : null;
      bar?.start(households, 0);
      try {
        const { r, e } = await withDb(
          async (db) => {
            // Persons per transaction (tests make it small, to interrupt a run between its transactions).
            const transactionPersons = Number(process.env.DOUDI_DEMO_TRANSACTION_PERSONS) || undefined;
            const ctx = operatorContext(db);
            const r = await generateDemo(ctx, { households, seed: o.seed, county: o.county, asOf: o.asOf as PlainDate | undefined, transactionPersons, onProgress: (done) => bar?.update(done) });
            // Enrollment is its own pass, only when asked: generation alone stays as fast as its benchmark.
            const e = o.enroll ? await enrollDemo(ctx, { county: o.county ? o.county.slice(0, 6) : undefined }) : null;
            return { r, e };
          },
          { quiet: true },
        );
        bar?.stop();
        if (o.json) {
          const enrolled = e ? { enrolled: { dibao: e.dibao, tekun: e.tekun, recalculatedTerms: e.recalculatedTerms } } : {};
          const resumed = r.resumedFrom > 0 ? { resumedFrom: r.resumedFrom } : {};
          process.stdout.write(`${JSON.stringify({ households: r.households, persons: r.persons, seconds: Number(r.seconds.toFixed(3)), ...resumed, ...enrolled })}\n`);
        } else {
          if (e) process.stdout.write(`合成保障对象 synthetic enrollments: 低保 dibao ${e.dibao}, 特困 tekun ${e.tekun}, 重算 recalculated terms ${e.recalculatedTerms}\n`);
          process.stdout.write(
            `已生成合成数据 synthetic data created: ${r.households} 户 households, ${r.persons} 人 persons, ${r.incomes} 收入 incomes, ${r.assets} 财产 assets ` +
              `(${r.scope}, 年龄参照 as of ${r.asOf}) in ${r.seconds.toFixed(1)} s${r.resumedFrom > 0 ? ` — 续上次中断 resumed after ${r.resumedFrom} households` : ''}\n`,
          );
        }
      } finally {
        bar?.stop();
      }
    });

  demo
    .command('poverty-file')
    .description('生成与演示人口一致的合成建档立卡数据文件（含常见差错）write a synthetic poverty-registry file consistent with the demo population, with realistic faults')
    .requiredOption('--seed <seed>', '随机种子：相同数据库与种子生成相同文件 seed: the same database and seed give the same file')
    .requiredOption('--out <file>', '输出文件 output file')
    .option('--format <format>', 'csv | xlsx (default: from the file name)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { seed: string; out: string; format?: string; json?: boolean }) => {
      const format = (o.format ?? (o.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx')).toLowerCase();
      if (format !== 'csv' && format !== 'xlsx') throw new AppError('DEMO_FORMAT', { zh: '格式须为 csv 或 xlsx', en: 'The format is csv or xlsx' }, { field: 'format' });
      const r = await withDb(async (db) => writeDemoPovertyFile(operatorContext(db), { seed: o.seed, out: o.out, format }), { quiet: true });
      const faults = Object.entries(r.faults).map(([k, v]) => `${k} ${v}`).join(', ');
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `已生成合成建档立卡文件 synthetic poverty file written: ${o.out} — ${r.households} 户 households (${r.known} 户 known to doudi), ${r.persons} 人 persons; 差错 faults: ${faults}\n`);
    });
}

/** For `doudi serve --demo` (npm start): the starter demo on an empty registry. */
export async function seedDemoData(db: Db): Promise<string | null> {
  const lines = [await seedDemoIfEmpty(db), await seedDemoPovertyIfNone(db), await seedDemoReservesIfNone(db), await seedDemoRequiredDocumentsIfNone(db)].filter((l): l is string => l !== null);
  return lines.length ? lines.join('\n') : null;
}
