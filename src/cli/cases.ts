import type { Command } from 'commander';
import { listDeadlines } from '../commands/cases/deadlines.ts';
import { AppError } from '../kernel/errors.ts';
import { chinaDateOf, parsePlainDate } from '../kernel/plain-date.ts';
import { STATE_LABELS, STEP_LABELS } from '../workflow/case-types.ts';
import { withDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';

/**
 * `doudi deadlines [--overdue] [--county C] [--on YYYY-MM-DD] [--json]`: the procedure's due and overdue steps,
 * with the operator's rights on the server (no area scope). Ids, states and dates only: no personal data.
 */
export function registerCaseCommands(program: Command): void {
  program
    .command('deadlines')
    .description('办理时限 Due and overdue case steps (working days on the official calendar)')
    .option('--overdue', '只列逾期 only overdue steps')
    .option('--county <code>', '县（区）代码 6-digit county code')
    .option('--on <date>', '以该日为"今天" as of this day (default: today in China)')
    .option('--json', 'machine-readable output')
    .action(async (o: { overdue?: boolean; county?: string; on?: string; json?: boolean }) => {
      if (o.county !== undefined && !/^\d{6}$/.test(o.county)) {
        throw new AppError('COUNTY_CODE_FORMAT', { zh: '县（区）代码须为 6 位数字', en: 'A county code has 6 digits' }, { field: 'county' });
      }
      const on = o.on === undefined ? chinaDateOf(new Date()) : parsePlainDate(o.on);
      if (!on) throw new AppError('DATE_INVALID', { zh: `日期无效：${o.on}`, en: `Invalid date: ${o.on}` }, { field: 'on' });
      const rows = await withDb((db) => listDeadlines(operatorContext(db), { county: o.county, overdue: o.overdue, on }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ on, overdueOnly: Boolean(o.overdue), county: o.county ?? null, items: rows })}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`${o.overdue ? '没有逾期事项 nothing overdue' : '没有待办时限 no pending deadlines'} (${on})\n`);
        return;
      }
      for (const r of rows) {
        const late = r.overdue ? `逾期 OVERDUE ${r.workingDaysOverdue} WD` : '';
        const steps = r.nextSteps.map((s) => STEP_LABELS[s].zh).join('/');
        process.stdout.write(`${r.dueDate}  ${r.countyCode}  ${r.caseId}  ${r.kind}  ${STATE_LABELS[r.state].zh} → ${steps}  ${late}\n`.replace(/ +\n$/, '\n'));
      }
      process.stdout.write(`共 ${rows.length} 件 total ${rows.length}, ${rows.filter((r) => r.overdue).length} overdue (${on})\n`);
    });
}
