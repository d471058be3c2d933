import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { exportRollToFile } from '../commands/payroll/operator.ts';
import { buildDisbursement } from '../commands/temporary/build-disbursement.ts';
import { disbursementDue } from '../commands/temporary/disbursement-due.ts';
import { reconcileDisbursement } from '../commands/temporary/reconcile-disbursement.ts';
import { DisbursementBuild } from '../contracts/temporary.ts';
import { AppError } from '../kernel/errors.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { formatOf } from './payroll.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['TEMPORARY_OPTION', 'PAYROLL_COUNTY_UNKNOWN', 'TEMPORARY_BATCH_FUTURE', 'PAYROLL_FORMAT']));
const yuan = (fen: number) => `${formatYuanGrouped(fen)} 元`;

function batchInput(o: { county: string; upTo?: string }): DisbursementBuild {
  const r = DisbursementBuild.safeParse({ county: o.county.trim(), upTo: o.upTo?.trim() });
  if (r.success) return r.data;
  const field = r.error.issues[0]?.path.map(String).join('.') || 'county';
  throw new AppError('TEMPORARY_OPTION', { zh: `参数无效：${field}（县区代码 6 位，日期 YYYY-MM-DD）`, en: `Invalid option: ${field} (a 6-digit county, a YYYY-MM-DD day)` }, { field });
}

/**
 * `doudi temporary batch due|build|reconcile|export`: 临时救助发放批次 (ADR 0040) — the stages due, a county's
 * disbursement batch built of them, the batch reconciled against the township reserves, its bank file. A batch is a
 * payment roll: `doudi payroll approve` (not by its maker) and `doudi payroll import` (the bank's result) as for any.
 */
export function registerTemporaryBatchCommands(program: Command): void {
  const temporary = program.commands.find((c) => c.name() === 'temporary') ?? program.command('temporary');
  const batch = temporary.command('batch').description('临时救助发放批次 disbursement batches of approved stages (approve/import: doudi payroll approve|import)');
  batch
    .command('due')
    .description('待发放 what a batch built now would pay (nothing written)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .option('--up-to <date>', '发放截止日期 YYYY-MM-DD (default today)')
    .option('--json', '输出 JSON')
    .action(async (o: { county: string; upTo?: string; json?: boolean }) => {
      const input = await asUsage(() => batchInput(o));
      const r = await asUsage(() => withDb((db) => disbursementDue(operatorContext(db), input), { quiet: true }));
      process.stdout.write(
        o.json
          ? `${JSON.stringify(r)}\n`
          : `${r.county} 截至 ${r.upTo}: 到期分次发放 ${r.stages} 笔 ${yuan(r.stagesFen)}（其中缺少银行账号 ${r.withoutAccount} 笔）；待重发 ${r.reissues} 笔 ${yuan(r.reissuesFen)}\n`,
      );
    });
  batch
    .command('build')
    .description('生成发放批次 build a county’s batch of the stages due (one transaction: all or nothing)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .option('--up-to <date>', '发放截止日期 YYYY-MM-DD (default today; never later)')
    .option('--as <username>', '以该用户生成（生成人不能审批）as this user (the maker cannot approve)')
    .option('--json', '输出 JSON (the roll)')
    .action(async (o: { county: string; upTo?: string; as?: string; json?: boolean }) => {
      const input = await asUsage(() => batchInput(o));
      const r = await asUsage(() => withDb(async (db) => buildDisbursement(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), input), { quiet: true }));
      const t = r.totals;
      process.stdout.write(
        o.json
          ? `${JSON.stringify(r)}\n`
          : `发放批次 batch ${r.id}\n  ${r.countyName} ${r.month} 第 ${r.round} 批: ${t.payLines} 笔 ${yuan(t.totalFen)}；代发文件 ${t.bankLines} 笔 ${yuan(t.bankFen)}；暂缓（缺少银行账号）${t.held} 笔 ${yuan(t.heldFen)}\n  审批 approve: doudi payroll approve --county ${r.county} --id ${r.id} --as <审批人>\n`,
      );
    });
  batch
    .command('reconcile')
    .description('备用金对账 a batch beside the township reserves’ assist-first payments')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '批次编号 batch (roll) id')
    .option('--json', '输出 JSON')
    .action(async (o: { county: string; roll: string; json?: boolean }) => {
      const r = await withDb((db) => reconcileDisbursement(operatorContext(db), { county: o.county.trim(), id: o.roll.trim() }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      const t = r.totals;
      process.stdout.write(`批次 ${r.rollId}: ${t.cases} 件，本批 ${yuan(t.thisBatchFen)}，备用金先行支付 ${yuan(t.reservePaidFen)}，批准合计 ${yuan(t.approvedFen)}；${t.problems === 0 ? '账目相符 balanced' : `${t.problems} 件不符 problems`}\n`);
      for (const w of r.townships) process.stdout.write(`  ${w.townshipName}: ${w.cases} 件，备用金 ${yuan(w.reservePaidFen)}（退回 ${yuan(w.reserveRefundedFen)}），本批 ${yuan(w.thisBatchFen)}\n`);
      for (const c of r.cases.filter((x) => x.problems.length > 0)) process.stdout.write(`  ! ${c.caseId} ${c.payeeName}: ${c.problems.join(', ')}\n`);
    });
  batch
    .command('export')
    .description('导出代发文件（须已审批；审计留痕）write the bank file of an approved batch (audited)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--roll <id>', '批次编号 batch (roll) id')
    .requiredOption('--out <file>', '输出文件 output file (.csv or .xlsx)')
    .option('--format <format>', 'csv | xlsx (default: from the file name)')
    .action(async (o: { county: string; roll: string; out: string; format?: string }) => {
      const r = await asUsage(() => withDb((db) => exportRollToFile(operatorContext(db), { county: o.county.trim(), rollId: o.roll.trim(), format: formatOf(o.format, o.out), path: o.out }), { quiet: true }));
      process.stderr.write(`已导出 exported ${o.out} (${r.filename})\n`);
    });
}
