import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { approveRoll } from '../commands/payroll/approve-roll.ts';
import { KIND_LABELS } from '../commands/payroll/bank-file.ts';
import { buildRoll } from '../commands/payroll/build-roll.ts';
import { getRoll } from '../commands/payroll/get-roll.ts';
import { listLines } from '../commands/payroll/list-lines.ts';
import { exportRollToFile, importResultsFile, listRollTotals } from '../commands/payroll/operator.ts';
import { refreshRoll } from '../commands/payroll/refresh-roll.ts';
import type { BuildResult, ImportReport, LineView, Program, RefreshResult, RollChange, RollView } from '../contracts/payroll.ts';
import { AppError } from '../kernel/errors.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2, like any other usage error. */
const INPUT_ERRORS = new Set(['PAYROLL_PROGRAM', 'PAYROLL_MONTH_FORMAT', 'PAYROLL_MONTH_FUTURE', 'PAYROLL_COUNTY_UNKNOWN', 'PAYROLL_FORMAT']);
/** Below this many enrollments a build takes about a second: no progress display. */
const PROGRESS_FROM = 20_000;

export const formatOf = (v: string | undefined, path?: string): 'csv' | 'xlsx' => {
  const f = (v ?? (path?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv')).toLowerCase();
  if (f !== 'csv' && f !== 'xlsx') throw new AppError('PAYROLL_FORMAT', { zh: '格式须为 csv 或 xlsx', en: 'The format is csv or xlsx' }, { field: 'format' });
  return f;
};

const asUsage = usageErrorsIn(INPUT_ERRORS);

/**
 * `doudi payroll build|list|refresh|held|export|import`: monthly payment rolls from the command line, as the operator
 * `cli:<user>`. A build killed at any point is completed by running the same command again; a roll awaiting approval
 * that the enrollments have moved on from is refreshed (`refresh`, the difference printed); `held` lists the payments
 * held out of the bank file for a missing account. `doudi payroll approve --as USER`: approval names its approver, so
 * it is a county approver's own act (role, area and maker ≠ checker as in the web app).
 */
export function registerPayrollCommands(program: Command): void {
  const payroll = program.command('payroll').description('发放花名册 monthly payment rolls: build, list, bank file export, bank result import');

  payroll
    .command('build')
    .description('生成（或续建）某县某月的花名册 build (or finish) the roll of a county and month')
    .requiredOption('--county <code>', '县区代码（6 位）6-digit county code')
    .requiredOption('--month <month>', '发放月份 YYYY-MM')
    .option('--program <program>', 'dibao | tekun', 'dibao')
    .option('--json', '输出 JSON { rollId, county, program, month, lines, persons, totalFen }')
    .action(async (o: { county: string; month: string; program: string; json?: boolean }) => {
      const progress = buildProgress('花名册 building [{bar}] {percentage}% {value}/{total} 保障对象 enrollments', PROGRESS_FROM);
      const batchSize = Number(process.env.DOUDI_PAYROLL_BATCH) || undefined;
      const r = await asUsage(() =>
        withDb((db) => buildRoll(operatorContext(db), { county: o.county.trim(), program: o.program.trim() as Program, month: o.month.trim(), batchSize, onProgress: progress.report }), { quiet: true }),
      ).finally(progress.stop);
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : summary(r));
    });

  payroll
    .command('list')
    .description('花名册列表 rolls, newest month first')
    .option('--county <code>', '县区代码 6-digit county code')
    .option('--json', '输出 JSON')
    .action(async (o: { county?: string; json?: boolean }) => {
      const rows = await withDb((db) => listRollTotals(operatorContext(db), { county: o.county?.trim() }), { quiet: true });
      if (o.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
      if (rows.length === 0) return void process.stdout.write('没有花名册 no rolls\n');
      for (const r of rows) {
        process.stdout.write(`${r.month}  ${r.county}  ${r.program}  ${r.status.padEnd(8)}  ${String(r.lines).padStart(8)} 笔 lines  ${String(r.persons).padStart(8)} 人  ${formatYuanGrouped(r.totalFen).padStart(16)} 元  ${r.rollId}\n`);
      }
    });

  payroll
    .command('approve')
    .description('审批花名册（以县区审批账号；生成人不能审批）approve a built roll as a named county approver, not its maker')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--id <roll>', '花名册编号 roll id')
    .requiredOption('--as <username>', '审批人账号（县区审批）the approving user (county approver)')
    .option('--json', '输出 JSON (the roll)')
    .action(async (o: { county: string; id: string; as: string; json?: boolean }) => {
      const r = await withDb(
        async (db) => {
          const ctx = await contextAs(db, o.as.trim());
          const ref = { county: o.county.trim(), id: o.id.trim() };
          // The version the approver sees now: the CLI reads and approves in one go.
          return approveRoll(ctx, { ref, input: { version: (await getRoll(ctx, ref)).version } });
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : approvedSummary(r));
    });

  payroll
    .command('refresh')
    .description('刷新待审批的花名册（按当前待遇重新生成明细，列出差异；审计留痕）refresh a roll awaiting approval and print the difference')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '花名册编号 roll id')
    .option('--json', '输出 JSON { changed, counts, items, truncated, totalsBefore, roll }')
    .action(async (o: { county: string; roll: string; json?: boolean }) => {
      const r = await withDb(
        async (db) => {
          const ctx = operatorContext(db);
          const ref = { county: o.county.trim(), id: o.roll.trim() };
          // The version the operator sees now: the CLI reads and refreshes in one go.
          return refreshRoll(ctx, { ref, input: { version: (await getRoll(ctx, ref)).version } });
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : refreshSummary(r));
    });

  payroll
    .command('held')
    .description('暂缓发放清单：缺少银行账号、未进入代发文件的发放（供乡镇补录账号；审计留痕）payments held out of the bank file for a missing account')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '花名册编号 roll id')
    .option('--json', '输出 JSON (lines, accounts masked)')
    .action(async (o: { county: string; roll: string; json?: boolean }) => {
      const items = await withDb(
        async (db) => {
          const ctx = operatorContext(db);
          const ref = { county: o.county.trim(), id: o.roll.trim() };
          const all: LineView[] = [];
          for (let page = 1; ; page++) {
            const p = await listLines(ctx, { ref, query: { held: 'true', page, pageSize: 200 } });
            all.push(...p.items);
            if (all.length >= p.total || p.items.length === 0) return all;
          }
        },
        { quiet: true },
      );
      if (o.json) return void process.stdout.write(`${JSON.stringify(items)}\n`);
      if (items.length === 0) return void process.stdout.write('没有暂缓发放的发放 no held payments\n');
      for (const l of items) {
        process.stdout.write(
          `${String(l.seq).padStart(6)}  ${l.householdId}  ${l.payeeName}  ${l.areaName ?? l.areaCode}  ${l.benefitMonth}  ${formatYuanGrouped(l.amountFen).padStart(12)} 元  暂缓发放：缺少银行账号 held: no bank account\n`,
        );
      }
      process.stdout.write(`共 ${items.length} 笔 ${formatYuanGrouped(items.reduce((s, l) => s + l.amountFen, 0))} 元 held in all\n`);
    });

  payroll
    .command('export')
    .description('导出代发文件（须已审批；审计留痕）write the bank file of an approved roll (audited)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '花名册编号 roll id')
    .requiredOption('--out <file>', '输出文件 output file (.csv or .xlsx)')
    .option('--format <format>', 'csv | xlsx (default: from the file name)')
    .action(async (o: { county: string; roll: string; out: string; format?: string }) => {
      const r = await asUsage(async () => {
        const format = formatOf(o.format, o.out);
        // Migrated and seeded before the export thread opens its own connection (which writes the file and its audit event).
        return withDb((db) => exportRollToFile(operatorContext(db), { county: o.county.trim(), rollId: o.roll.trim(), format, path: o.out }), { quiet: true });
      });
      process.stderr.write(`已导出 exported ${o.out} (${r.filename})\n`);
    });

  payroll
    .command('import')
    .description('导入银行回盘：全部无误才生效并关闭花名册 import the bank result file (applied only when every row is right; closes the roll)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '花名册编号 roll id')
    .requiredOption('--file <file>', '回盘文件 result file (.csv or .xlsx)')
    .option('--format <format>', 'csv | xlsx (default: from the file name)')
    .option('--json', '输出 JSON report')
    .action(async (o: { county: string; roll: string; file: string; format?: string; json?: boolean }) => {
      const r = await asUsage(() => {
        const format = formatOf(o.format, o.file);
        return withDb((db) => importResultsFile(operatorContext(db), { county: o.county.trim(), rollId: o.roll.trim(), format, path: o.file }), { quiet: true });
      });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : importSummary(r));
      if (!r.applied) process.exitCode = 1;
    });
}

function summary(r: BuildResult): string {
  const held = r.held > 0 ? `  暂缓发放 held (no bank account): ${r.held} 笔, ${formatYuanGrouped(r.heldFen)} 元 — doudi payroll held --county ${r.county} --roll ${r.rollId}\n` : '';
  const stale = r.stale
    ? `  已过期 STALE: 生成后保障待遇有变化，请刷新 the enrollments changed since it was built — doudi payroll refresh --county ${r.county} --roll ${r.rollId}\n`
    : '';
  return `花名册 roll ${r.rollId}\n  ${r.county} ${r.program} ${r.month}: ${r.lines} 笔 lines, ${r.persons} 人 persons, ${formatYuanGrouped(r.totalFen)} 元 yuan\n${held}${stale}`;
}

const CHANGE_LABELS: Record<RollChange['change'], string> = { added: '新增 added', removed: '删除 removed', changed: '变化 changed' };

function refreshSummary(r: RefreshResult): string {
  if (!r.changed) return `没有变化 no change: ${r.roll.id} 与当前待遇一致 matches the enrollments\n`;
  const side = (s: RollChange['before']) => (s ? `${formatYuanGrouped(s.amountFen)}${s.held ? '（暂缓 held）' : ''}` : '—');
  const rows = r.items.map(
    (d) => `  ${CHANGE_LABELS[d.change].padEnd(12)} ${d.householdId}  ${d.payeeName}  ${d.benefitMonth} ${KIND_LABELS[d.kind]}  ${side(d.before)} → ${side(d.after)} 元\n`,
  );
  return (
    `已刷新 refreshed ${r.roll.id}: 新增 added ${r.counts.added}, 删除 removed ${r.counts.removed}, 变化 changed ${r.counts.changed}\n` +
    rows.join('') +
    (r.truncated ? `  …（仅列出前 ${r.items.length} 项 first ${r.items.length} listed）\n` : '') +
    `  合计 total: ${formatYuanGrouped(r.totalsBefore.totalFen)} → ${formatYuanGrouped(r.roll.totals.totalFen)} 元; 暂缓 held ${r.roll.totals.held} 笔\n`
  );
}

function approvedSummary(r: RollView): string {
  const held = r.totals.held > 0 ? `; 暂缓发放 held ${r.totals.held} 笔 ${formatYuanGrouped(r.totals.heldFen)} 元 (not in the bank file)` : '';
  return `已审批 approved ${r.id}\n  ${r.county} ${r.program} ${r.month}: ${r.totals.payLines} 笔 payments, ${formatYuanGrouped(r.totals.totalFen)} 元${held}; 审批人 approver ${r.approvedByName}\n`;
}

function importSummary(r: ImportReport): string {
  const head = r.applied
    ? `已导入 applied: ${r.paid} 笔成功 paid (${formatYuanGrouped(r.paidFen)} 元), ${r.failed} 笔失败 failed (${formatYuanGrouped(r.failedFen)} 元)\n`
    : `未导入 NOT applied: ${r.problemCount} 处问题 problems in ${r.rows} rows; nothing changed\n`;
  return head + r.problems.map((p) => `  第 ${p.row} 行 row ${p.row}${p.seq === null ? '' : ` 序号 ${p.seq}`}: ${p.code} ${p.message.zh} / ${p.message.en}\n`).join('');
}
