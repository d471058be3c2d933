import type { Command } from 'commander';
import { loadDivisions, TIELING_PREFIX } from '../commands/admin/load-divisions.ts';
import { registerAuditCommands } from './audit.ts';
import { migrateOnly, withDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';
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

  registerAuditCommands(program);

  const div = program.command('divisions').description('区划代码 Division codes');
  div
    .command('load [file]')
    .description('加载区划代码 Load division codes from a CSV (code,name,level,parent_code); default: the bundled Liaoning file')
    .option('--all', 'load every code in the file (default: Tieling 2112 only)')
    .option('--prefix <digits>', 'load only codes starting with these digits')
    .action(async (file: string | undefined, o: { all?: boolean; prefix?: string }) => {
      await withDb(async (d) => {
        const r = await loadDivisions(operatorContext(d), { file, prefix: o.all ? '' : (o.prefix ?? TIELING_PREFIX) });
        process.stdout.write(`已加载 loaded ${r.loaded} divisions\n`);
      }, { quiet: true });
    });
}
