import type { Command } from 'commander';
import { loadDivisions, TIELING_PREFIX } from '../commands/admin/load-divisions.ts';
import { verifyAuditAsOperator } from '../commands/admin/verify-audit.ts';
import { migrateOnly, withDb } from './runtime.ts';
import { registerUserCommands } from './users.ts';

/** `doudi db …`, `doudi user …`, `doudi audit …`, `doudi divisions …`. */
export function registerAdminCommands(program: Command): void {
  const db = program.command('db').description('数据库 Database');
  db.command('migrate')
    .description('迁移到最新结构 Migrate the database to the latest schema')
    .action(async () => {
      const { applied, dialect } = await migrateOnly();
      process.stdout.write(applied.length ? `已迁移 applied: ${applied.join(', ')}\n` : `已是最新 up to date (${dialect})\n`);
    });

  registerUserCommands(program);

  const audit = program.command('audit').description('审计 Audit trail');
  audit
    .command('verify')
    .description('校验审计链 Verify the hash chain of the audit trail')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await withDb(async (d) => {
        const r = await verifyAuditAsOperator(d);
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else if (r.ok) process.stdout.write(`审计链完整 audit chain intact: ${r.events} events in ${r.chains} chains\n`);
        else {
          const p = r.firstProblem;
          process.stdout.write(`审计链被破坏 audit chain BROKEN at chain ${p?.chain} event #${p?.seq}: ${p?.problem}\n`);
        }
        if (!r.ok) process.exitCode = 1;
      }, { quiet: true });
    });

  const div = program.command('divisions').description('区划代码 Division codes');
  div
    .command('load [file]')
    .description('加载区划代码 Load division codes from a CSV (code,name,level,parent_code); default: the bundled Liaoning file')
    .option('--all', 'load every code in the file (default: Tieling 2112 only)')
    .option('--prefix <digits>', 'load only codes starting with these digits')
    .action(async (file: string | undefined, o: { all?: boolean; prefix?: string }) => {
      await withDb(async (d) => {
        const r = await loadDivisions(d, { file, prefix: o.all ? '' : (o.prefix ?? TIELING_PREFIX) });
        process.stdout.write(`已加载 loaded ${r.loaded} divisions\n`);
      }, { quiet: true });
    });
}
