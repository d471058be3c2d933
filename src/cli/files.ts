import type { Command } from 'commander';
import { renderPendingPreviews } from '../commands/cases/case-file-previews.ts';
import { operatorContext } from '../commands/context.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

/**
 * `doudi files previews [--json]` (ADR 0050): the file store's housekeeping — the PDFs uploaded before first-page
 * previews were rendered get theirs (the migration of the existing data, resumable).
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
}
