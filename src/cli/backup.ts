import type { Command } from 'commander';
import { type BackupCheck, backupDatabase, checkBackup, restoreDatabase } from '../commands/admin/backup.ts';
import { keyFileOf, resolveConnectOptions } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import { withExistingDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';

/**
 * `doudi backup --out FILE`, `doudi backup --check FILE [--deep] [--key-file K]`, `doudi restore FILE [--key-file K]`
 * (ADR 0016). The key file is never in a backup; it is backed up apart and given back to restore.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('备份数据库（运行中亦可；不含密钥文件）Back up the database, consistent while the server runs (the key file is not included)')
    .option('--out <file>', '备份文件（不存在的新文件，0600）the backup file to write (must not exist; 0600)')
    .option('--check <file>', '检查一个备份（SQLite 备份或 pg_dump 归档）check a backup (a SQLite backup or a pg_dump archive)')
    .option('--deep', '检查时也核对业务数据 with --check: also check the business rows against the audit trail')
    .option('--key-file <file>', '检查时使用的密钥文件 with --check: the key file (default: the configured one)')
    .option('--json', 'machine-readable output')
    .action(async (o: { out?: string; check?: string; deep?: boolean; keyFile?: string; json?: boolean }) => {
      if (o.check) {
        const r = await checkBackup(o.check, { keyFile: o.keyFile ?? keyFileOf(resolveConnectOptions()), deep: o.deep });
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else process.stdout.write(describeCheck(o.check, r));
        if (!r.ok) process.exitCode = 1;
        return;
      }
      if (!o.out) throw new AppError('BACKUP_OUT_REQUIRED', { zh: '请用 --out 指定备份文件', en: 'Give the backup file with --out' }, { field: 'out' });
      const out = o.out;
      await withExistingDb(
        async (db) => {
          const r = await backupDatabase(operatorContext(db), { out });
          if (o.json) process.stdout.write(`${JSON.stringify({ file: r.file, bytes: r.bytes, events: r.check.events, chains: r.check.chains, checkpoint: r.check.checkpoint, files: r.files })}\n`);
          else {
            process.stdout.write(
              `已备份 backup written: ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, 0600; 审计链完整 audit chains intact: ${r.check.events} events in ${r.check.chains} chains)\n` +
                `备份的检查点 the backup's checkpoint: ${JSON.stringify(r.check.checkpoint)}\n` +
                (r.files
                  ? `材料文件 files: ${r.files.dir} (新复制 copied ${r.files.copied}, ${(r.files.bytes / 1024 / 1024).toFixed(1)} MB; 记录所指文件 ${r.check.filesNamed ?? 0} 个齐全 every file the records name is there)\n`
                  : '材料文件在对象存储中，请按对象存储的方式备份 files live in the object store: back it up by its own means (versioning, replication)\n'),
            );
            process.stderr.write(`密钥文件不在备份中 the key file is NOT in the backup: 请另行备份 back up ${db.keyFile} separately; 恢复 restore with: doudi restore ${r.file} --key-file <doudi.keys>\n`);
          }
        },
        { readOnly: true },
      );
    });

  program
    .command('restore <file>')
    .description('从备份恢复到空的数据目录（DOUDI_DATA_DIR）Restore a SQLite backup into an empty data directory (DOUDI_DATA_DIR)')
    .option('--key-file <file>', '另行备份的密钥文件（复制到数据目录）the separately kept key file (copied into the data directory)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { keyFile?: string; json?: boolean }) => {
      const opts = resolveConnectOptions();
      if (opts.databaseUrl?.startsWith('postgres')) {
        throw new AppError(
          'RESTORE_USE_PG_RESTORE',
          { zh: 'PostgreSQL 请用 pg_restore 恢复（见 docs/decisions/0016），然后运行 doudi audit checkpoint --reset', en: 'For PostgreSQL restore with pg_restore (see docs/decisions/0016), then run doudi audit checkpoint --reset' },
          { status: 400 },
        );
      }
      const r = await restoreDatabase(file, { dataDir: opts.dataDir ?? './data', keyFile: o.keyFile, configuredKeyFile: opts.keyFile });
      if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        process.stdout.write(`已恢复 restored: ${r.database} (${r.events} events in ${r.chains} chains, 审计链完整 audit chains intact); 密钥文件 key file: ${r.keyFile}${r.keyCopied ? ' (已复制 copied, 0600)' : ''}\n`);
        if (r.files) process.stdout.write(`材料文件已恢复 files restored: ${r.files}\n`);
        if (r.supersededHeadFile) process.stdout.write(`旧检查点文件已另存 the previous head file was set aside: ${r.supersededHeadFile}\n`);
        process.stdout.write('下一步 next: doudi audit verify --deep\n');
      }
    });
}

function describeCheck(file: string, r: BackupCheck): string {
  if (r.kind === 'pg_dump') {
    return r.ok ? `pg_dump 归档完整 archive complete: ${file} (${r.integrity}, every doudi table with its data)\n` : `pg_dump 归档缺少 archive lacks: ${r.missing.join(', ')}\n`;
  }
  if (r.integrity !== 'ok') return `备份已损坏 backup damaged: ${r.integrity}\n`;
  const chain = r.firstProblem ? `审计链被破坏 audit chain BROKEN at chain ${r.firstProblem.chain} event #${r.firstProblem.seq}: ${r.firstProblem.problem}` : `审计链完整 audit chains intact: ${r.events} events in ${r.chains} chains`;
  const deep = r.deep ? `; 业务数据 business rows: ${r.deep.ok ? 'ok' : `${r.deep.problemCount} problems`}` : '';
  const files =
    r.filesMissing == null ? '' : r.filesMissing ? `; 材料文件缺少 files MISSING: ${r.filesMissing} of ${r.filesNamed}` : `; 材料文件齐全 files complete: ${r.filesNamed}`;
  return `备份 backup ${file}: integrity ok; ${chain}${deep}${files}\n`;
}
