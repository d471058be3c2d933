import type { Command } from 'commander';
import { collectOrphanFiles } from '../commands/admin/files-gc.ts';
import { renderPendingPreviews } from '../commands/cases/case-file-previews.ts';
import { AppError } from '../kernel/errors.ts';
import { operatorContext } from '../commands/context.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

/**
 * `doudi files previews [--json]` (ADR 0050): the file store's housekeeping — the PDFs uploaded before first-page
 * previews were rendered get theirs (the migration of the existing data, resumable).
 * `doudi files gc [--older-than-hours 24] [--dry-run] [--json]`: the stored files no record names (aborted uploads) removed.
 */
export function registerFileCommands(program: Command): void {
  const files = program.command('files').description('档案材料文件 the case files in the file store (ADR 0049, 0050)');
  files
    .command('previews')
    .description('为尚无预览的 PDF 材料生成首页预览（可中断后续跑）render the first-page preview of the PDFs that have none yet (resumable)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { json?: boolean }) => {
      const progress = buildProgress('首页预览 previews [{bar}] {percentage}% {value}/{total}', 1);
      const r = await withDb((db) => renderPendingPreviews(operatorContext(db), { onProgress: progress.report }), { quiet: true }).finally(() => progress.stop());
      if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        const lines = [`待生成预览 pending: ${r.pending} · 已生成 rendered: ${r.rendered} · 无法生成 failed: ${r.failed.length}`];
        for (const f of r.failed) lines.push(`  ${f.countyCode} ${f.caseId ?? '-'} ${f.id}: ${f.reason}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    });
  files
    .command('gc')
    .description('删除没有任何材料记录引用的存储文件（中断的上传留下的）；被引用的文件从不删除 remove the stored files no record names (left by aborted uploads); a named file is never removed')
    .option('--older-than-hours <n>', '只删除早于该小时数的文件（默认 24，至少 1）only files older than this (default 24, at least 1)', '24')
    .option('--dry-run', '只列出，不删除 list only, remove nothing')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { olderThanHours: string; dryRun?: boolean; json?: boolean }) => {
      const hours = Number(o.olderThanHours);
      if (!Number.isFinite(hours)) throw new AppError('GC_BOUND_INVALID', { zh: '--older-than-hours 应为数字', en: '--older-than-hours is a number' }, { field: 'older-than-hours' });
      const progress = buildProgress('存储文件 stored files {value}', 1);
      const r = await withDb((db) => collectOrphanFiles(operatorContext(db), { olderThanHours: hours, dryRun: o.dryRun, onProgress: (n) => progress.report(n, n) }), { quiet: true }).finally(() => progress.stop());
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      const lines = [
        `${r.dryRun ? '试运行（未删除）dry run (nothing removed)' : '已清理 cleaned'}：扫描 scanned ${r.scanned} · 未满 ${r.olderThanHours} 小时 younger ${r.young} · 被引用 named ${r.named} · 孤立 orphans ${r.orphans.length} · 已删除 removed ${r.removed} · 临时残留 tmp leftovers ${r.tmpLeftovers}`,
        ...r.orphans.slice(0, 100).map((d) => `  ${d}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
