import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { type CommandContext, operatorContext } from '../commands/context.ts';
import { documentPdf, documentWorkbook, quarterlyReportDocument } from '../commands/reports/report-documents.ts';
import { getReport, listOverdueReports } from '../commands/reports/report-view.ts';
import { FIGURE_WORDS, PROGRAM_WORDS } from '../commands/reports/report-words.ts';
import { ENROLLMENT_PROGRAMS } from '../contracts/report.ts';
import type { ReportView } from '../contracts/report-workflow.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['QUARTER_FORMAT', 'REPORT_COUNTY', 'REPORT_QUARTER_FUTURE', 'REPORT_OPTION']));
const asUser = async (db: Db, as: string | undefined): Promise<CommandContext> => (as ? contextAs(db, as.trim()) : operatorContext(db));
const yuan = (fen: number | null) => (fen === null ? '—' : `${formatYuanGrouped(fen)} 元`);

function summary(v: ReportView): string {
  const state = v.status === 'submitted' ? `已报送 submitted ${v.submittedAt}（${v.submittedBy}）` : v.status === 'draft' ? '草稿 draft（实时计算 computed now）' : '未起草 no draft（实时计算 computed now）';
  const lines = [`${v.countyName} ${v.quarter} 季度报告 quarterly report — ${state}；报送期限 due ${v.deadline.due}${v.deadline.overdue ? '（逾期 overdue）' : ''}`];
  if (v.figuresDigest) lines.push(`  数据摘要 digest ${v.figuresDigest}`);
  for (const p of ENROLLMENT_PROGRAMS) {
    const f = v.figures.programs[p];
    lines.push(`  ${PROGRAM_WORDS[p]}: ${f.households ?? '—'} 户 ${f.persons ?? '—'} 人；新增 ${f.newApprovals ?? '—'}，退出 ${f.exits ?? '—'}；本季 ${yuan(f.paidQuarterFen)}，累计 ${yuan(f.paidYearFen)}；月人均 ${yuan(f.averageMonthlyBenefitPerPersonFen)}`);
  }
  const t = v.figures.temporary;
  lines.push(`  ${PROGRAM_WORDS.temporary}: ${t.cases} 户次 ${t.personTimes} 人次 ${yuan(t.fen)}；先行救助 ${t.assistFirst.cases} 户次`);
  lines.push(`  ${PROGRAM_WORDS.heating}: ${v.figures.heating.households} 户 ${yuan(v.figures.heating.fen)}`);
  const p = v.figures.procedure;
  lines.push(`  ${PROGRAM_WORDS.procedure}: ${FIGURE_WORDS.casesDecided} ${p.casesDecided}，${FIGURE_WORDS.decidedWithinDeadline} ${p.decidedWithinDeadline}；${FIGURE_WORDS.overdueCases} ${p.overdueCases}；${FIGURE_WORDS.overdueReviews} ${p.overdueReviews}`);
  if (v.corrections.length > 0) lines.push(`  更正 corrections of ${v.correctionsOf}: ${v.corrections.length}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `doudi report quarterly|overdue`: 季度报告 (issue 15 point 5, ADR 0045) — a county's report of a quarter: the
 * submitted snapshot when the quarter was submitted, else the draft computed now; `--json` every figure by program,
 * `--xlsx` the statistics layout, `--pdf` the printable report. `overdue`: the reports not submitted by their deadline.
 */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('季度报告与通报 quarterly county reports');
  report
    .command('quarterly')
    .description('县区季度报告（已报送的为冻结数据，否则为实时计算的草稿）a county’s quarterly report')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--quarter <quarter>', '季度 e.g. 2019Q3')
    .option('--json', '输出 JSON（全部指标，按项目）every figure by program')
    .option('--xlsx <file>', '写出统计季报格式的 xlsx write the statistics-layout workbook')
    .option('--pdf <file>', '写出可打印的 PDF write the printable PDF')
    .option('--as <username>', '以该用户查看 as this user')
    .action(async (o: { county: string; quarter: string; json?: boolean; xlsx?: string; pdf?: string; as?: string }) => {
      const r = await asUsage(async () => {
        if ([o.json, o.xlsx, o.pdf].filter(Boolean).length > 1) throw new AppError('REPORT_OPTION', { zh: '--json、--xlsx、--pdf 只能选一个', en: 'Choose one of --json, --xlsx, --pdf' }, { field: 'format' });
        return withDb(async (db) => getReport(await asUser(db, o.as), { county: o.county, quarter: o.quarter }), { quiet: true });
      });
      if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
      if (o.xlsx || o.pdf) {
        const doc = quarterlyReportDocument(r);
        const file = (o.xlsx ?? o.pdf)!;
        writeFileSync(file, o.xlsx ? await documentWorkbook(doc) : await documentPdf(doc));
        return void process.stdout.write(`已写出 written ${file}（${r.countyName} ${r.quarter}，${r.status === 'submitted' ? '已报送数据 submitted snapshot' : '实时计算 computed now'}）\n`);
      }
      process.stdout.write(summary(r));
    });
  report
    .command('overdue')
    .description('逾期未报的季度报告 reports not submitted by their deadline')
    .option('--json', '输出 JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await asUsage(() => withDb((db) => listOverdueReports(operatorContext(db)), { quiet: true }));
      if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
      process.stdout.write(`逾期未报 overdue: ${r.length}\n`);
      for (const x of r) process.stdout.write(`  ${x.countyName} ${x.quarter}  期限 ${x.due}  逾期 ${x.workingDaysOverdue} 个工作日  ${x.status === 'draft' ? '草稿' : '未起草'}\n`);
    });
}
