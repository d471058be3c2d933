import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { importDeaths } from '../commands/supervision/import-deaths.ts';
import { writeImportReport } from '../commands/uploads/import-report.ts';
import { operatorContext } from '../commands/context.ts';
import { runAnomaliesInThread } from '../commands/supervision/jobs.ts';
import { RULE_CODES, type RuleCode, type RunResult } from '../contracts/supervision.ts';
import { AppError } from '../kernel/errors.ts';
import { spreadsheetFormatOf, usageErrorsIn } from './failure.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['ANOMALY_RULE_UNKNOWN', 'COUNTY_UNKNOWN', 'AREA_FORBIDDEN', 'DEATHS_FORMAT']));

/**
 * `doudi anomalies run [--county C] [--rule R …] [--json]`: the anomaly rules run now by the operator (ADR 0024) over
 * the city or one county — the same run as the nightly job and the UI's, in a thread with the job's bounded heap, with a
 * progress bar. Prints
 * per rule the findings opened, those already open and found again, those reopened and those not seen; `--json` one
 * document. Exit 2 for an unknown rule or county.
 */
export function registerAnomalyCommands(program: Command): void {
  const anomalies = program.command('anomalies').description('异常规则（监督检查）anomaly rules (supervision)');
  anomalies
    .command('run')
    .description('运行异常规则，记录问题线索 run the anomaly rules and record their findings')
    .option('--county <code>', '只检查一个县区（6 位代码）/ one county only (6 digits)')
    .option('--rule <code>', `只运行指定规则，可重复 / only this rule (repeatable): ${RULE_CODES.join(', ')}`, (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { county?: string; rule: string[]; json?: boolean }) => {
      const progress = buildProgress('异常规则 rules [{bar}] {percentage}% {value}/{total}', 1);
      const result = await asUsage(() => {
        const rules = o.rule.flatMap((r) => r.split(',')).map((r) => parseRule(r.trim()));
        return withDb((db) => runAnomaliesInThread(operatorContext(db), { county: o.county?.trim(), rules, onProgress: progress.report }), { quiet: true });
      }).finally(() => progress.stop());
      process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : report(result));
      process.exitCode = 0;
    });
}

function parseRule(text: string): RuleCode {
  const code = text.toUpperCase();
  if ((RULE_CODES as readonly string[]).includes(code)) return code as RuleCode;
  throw new AppError('ANOMALY_RULE_UNKNOWN', { zh: `未知的异常规则：${text}（可选：${RULE_CODES.join('、')}）`, en: `Unknown rule: ${text} (one of ${RULE_CODES.join(', ')})` }, { field: 'rule' });
}

/** The counts per rule as a table, Chinese first. */
export function report(r: RunResult): string {
  const lines = [`异常规则运行 anomaly run ${r.runId} · ${r.day} · 县区 counties: ${r.counties.join(', ')}`, '  规则 rule                          新发现 new  仍未整改 open  重新打开 reopened  本次未见 not seen'];
  for (const x of r.rules) {
    lines.push(`  ${x.name.zh}`);
    lines.push(`    ${x.code.padEnd(30)}${String(x.counts.new).padStart(8)}${String(x.counts.open).padStart(14)}${String(x.counts.reopened).padStart(18)}${String(x.counts.notSeen).padStart(18)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `doudi deaths import FILE [--as USER] [--report FILE] [--json]`: a death-record file imported through the one import
 * pipeline (all or nothing, a row-by-row report), by the operator over the city or `--as` a county administrator.
 * Exit 1 when refused (the problems listed), 2 for a bad option.
 */
export function registerDeathCommands(program: Command): void {
  const deaths = program.command('deaths').description('死亡信息（用于异常规则）death records (for the anomaly rules)');
  deaths
    .command('import')
    .description('导入死亡信息：全部无误才导入，否则逐行列出问题 import death records (all or nothing, a row-by-row report)')
    .argument('<file>', '导入文件 the filled-in template (.xlsx or .csv)')
    .option('--as <username>', '导入人账号（县区管理员，在其辖区内）the importing user (default: the operator, whole city)')
    .option('--format <format>', 'xlsx | csv (default: from the file name)')
    .option('--report <file>', '被拒绝时把问题清单写入此文件（xlsx）write a refused file’s report here (.xlsx)')
    .option('--json', '输出 JSON report')
    .action(async (file: string, o: { as?: string; format?: string; report?: string; json?: boolean }) => {
      const r = await asUsage(() => {
        const format = spreadsheetFormatOf(o.format, file, 'DEATHS_FORMAT');
        return withDb(async (db) => importDeaths(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { file, format, fileName: basename(file) }), { quiet: true });
      });
      if (!r.applied && o.report) await writeFile(o.report, await writeImportReport(r));
      if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (r.applied) process.stdout.write(`死亡信息已导入 imported: ${r.rows} 行 rows（新增 added ${r.added}，更正 changed ${r.changed}）\n`);
      else process.stdout.write(`未导入 not imported: ${r.problemCount} 处问题 problems\n${r.problems.map((p) => `  第 ${p.row} 行 row ${p.column ? `[${p.column}] ` : ''}${p.code}: ${p.message.zh} / ${p.message.en}`).join('\n')}\n`);
      if (!r.applied) process.exitCode = 1;
    });
}
