import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { auditCheckpoint, type VerifyReport, verifyAuditInFull } from '../commands/admin/verify-audit.ts';
import { AppError } from '../kernel/errors.ts';
import { buildProgress } from './progress.ts';
import { withExistingDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';

/**
 * `doudi audit verify [--deep] [--checkpoint FILE…] [--json]` and `doudi audit checkpoint [--json]` (ADR 0015). Both open
 * an existing database read-only: a mistyped data directory is an error, never a new empty database "intact".
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计 Audit trail');
  audit
    .command('verify')
    .description('校验审计链（只读）Verify the audit trail, read-only: keyed hash chains, checkpoints, and with --deep the business rows')
    .option('--deep', '并核对业务数据与审计记录的状态摘要，并逐一读取材料文件核对摘要 also check the business rows against the audit trail, and read every stored file back against its digest')
    .option('--checkpoint <file>', '操作员保存的检查点（可多次）a checkpoint kept by an operator (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--json', 'machine-readable output')
    .action(async (o: { deep?: boolean; checkpoint: string[]; json?: boolean }) => {
      const checkpoints = o.checkpoint.map((source) => ({ source, text: readCheckpointFile(source) }));
      await withExistingDb(
        async (d) => {
          const progress = buildProgress('材料文件 files [{bar}] {percentage}% {value}/{total}', 1);
          const r = await verifyAuditInFull(operatorContext(d), { checkpoints, deep: o.deep, onFilesProgress: progress.report }).finally(() => progress.stop());
          if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else process.stdout.write(describe(r));
          for (const w of r.warnings) process.stderr.write(`${w.code}: ${w.message.zh} / ${w.message.en}\n`);
          if (!r.ok) process.exitCode = 1;
        },
        { readOnly: true },
      );
    });
  audit
    .command('checkpoint')
    .description('打印审计链检查点（请另行保存）Print a signed checkpoint of the audit chains, for the operator to keep elsewhere')
    .option('--json', 'only the checkpoint line')
    .option('--reset', '恢复旧副本后：另存旧检查点文件，从当前数据库重新开始 after restoring an older copy: set the old head file aside and start anew')
    .action(async (o: { json?: boolean; reset?: boolean }) => {
      await withExistingDb(
        async (d) => {
          const { checkpoint, headFile, headFileError, superseded } = await auditCheckpoint(operatorContext(d), { reset: o.reset });
          if (superseded) process.stderr.write(`旧检查点文件已另存 the old head file was set aside: ${superseded}\n`);
          process.stdout.write(`${JSON.stringify(checkpoint)}\n`);
          if (!o.json) {
            const n = Object.values(checkpoint.chains).reduce((s, h) => s + h.seq, 0);
            process.stderr.write(`审计检查点 audit checkpoint: ${Object.keys(checkpoint.chains).length} chains, ${n} events, ${checkpoint.at}. 请将上面一行另行保存 keep the line above elsewhere; 校验 verify with: doudi audit verify --checkpoint FILE\n`);
          }
          if (headFileError) process.stderr.write(`检查点文件未更新 head file ${headFile} not updated: ${headFileError}\n`);
        },
        { readOnly: true },
      );
    });
}

function readCheckpointFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new AppError('CHECKPOINT_FILE_MISSING', { zh: `读不到检查点文件 ${path}`, en: `Cannot read the checkpoint file ${path}` }, { field: 'checkpoint' });
  }
}

function describe(r: VerifyReport): string {
  const lines: string[] = [];
  const p = r.firstProblem;
  if (r.ok) lines.push(`审计链完整 audit chain intact: ${r.events} events in ${r.chains} chains`);
  else if (p && 'problem' in p && !String(p.problem).startsWith('deep:')) lines.push(`审计链被破坏 audit chain BROKEN at chain ${p.chain} event #${p.seq}: ${p.problem}`);
  else lines.push(`审计核对发现问题 audit check FAILED: ${p?.problem}`);
  for (const c of r.checkpoints) {
    lines.push(c.problems.length === 0 ? `  检查点一致 checkpoint ${c.source} (${c.at}): ok` : `  检查点不符 checkpoint ${c.source} (${c.at}): ${c.problems.map((x) => `${x.chain}#${x.seq} ${x.problem}`).join(', ')}`);
  }
  if (r.deep) {
    const checked = Object.entries(r.deep.checked).map(([t, n]) => `${t} ${n}`).join(', ');
    lines.push(`  业务数据 business rows (${checked}): ${r.deep.ok ? 'ok' : `${r.deep.problemCount} problems`}`);
    for (const d of r.deep.problems.slice(0, 20)) lines.push(`    ${d.entityType} ${d.chain}/${d.id}: ${d.problem}`);
  }
  if (r.files) {
    lines.push(`  材料文件 files (${r.files.checked}, ${(r.files.bytes / 1024 / 1024).toFixed(1)} MB): ${r.files.ok ? 'ok' : `${r.files.problemCount} problems`}`);
    const word = { missing: '缺失 missing', altered: '被改动 altered', record_altered: '记录与审计不符 record differs from its upload event', unaudited: '无上传审计事件 no upload event' } as const;
    for (const f of r.files.problems.slice(0, 50)) lines.push(`    ${f.countyCode} 案件 case ${f.caseId ?? `(${f.ownerKind})`} 文件 file ${f.fileId}: ${word[f.problem]}`);
  }
  return `${lines.join('\n')}\n`;
}
