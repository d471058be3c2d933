import type { Command } from 'commander';
import { operatorContext } from '../commands/context.ts';
import { runAnomalies } from '../commands/supervision/run-anomalies.ts';
import { RULE_CODES, type RuleCode, type RunResult } from '../contracts/supervision.ts';
import { AppError } from '../kernel/errors.ts';
import { usageErrorsIn } from './failure.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['ANOMALY_RULE_UNKNOWN', 'COUNTY_UNKNOWN', 'AREA_FORBIDDEN']));

/**
 * `doudi anomalies run [--county C] [--rule R …] [--json]`: the anomaly rules run now by the operator (ADR 0024) over
 * the city or one county — the same run as the nightly job and the UI's, on this process, with a progress bar. Prints
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
        return withDb((db) => runAnomalies(operatorContext(db), { county: o.county?.trim(), rules, onProgress: progress.report }), { quiet: true });
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
