import type { Command } from 'commander';
import { addUser } from '../commands/admin/add-user.ts';
import { loadDivisions, TIELING_PREFIX } from '../commands/admin/load-divisions.ts';
import { AppError } from '../kernel/errors.ts';
import { registerAuditCommands } from './audit.ts';
import { migrateOnly, readStdin, withDb } from './runtime.ts';

const CLI_ACTOR = { userId: null, username: `cli:${process.env.USER ?? 'operator'}` };

/** `doudi db …`, `doudi user …`, `doudi audit …`, `doudi divisions …`. */
export function registerAdminCommands(program: Command): void {
  const db = program.command('db').description('数据库 Database');
  db.command('migrate')
    .description('迁移到最新结构 Migrate the database to the latest schema')
    .action(async () => {
      const { applied, dialect } = await migrateOnly();
      process.stdout.write(applied.length ? `已迁移 applied: ${applied.join(', ')}\n` : `已是最新 up to date (${dialect})\n`);
    });

  const user = program.command('user').description('用户 Users');
  user
    .command('add <username>')
    .description('新增用户 Add a user (password from standard input with --password-stdin)')
    .requiredOption('--role <role>', 'village_assistant | township_caseworker | township_reviewer | county_approver | county_admin | city_supervisor | poverty_liaison | auditor | system_admin')
    .requiredOption('--area <code>', '区划代码 12-digit (or 6-digit county) division code')
    .option('--name <displayName>', '显示名 display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { role: string; area: string; name?: string; passwordStdin?: boolean }) => {
      if (!o.passwordStdin) {
        throw new AppError('PASSWORD_STDIN_REQUIRED', { zh: '请用 --password-stdin 从标准输入提供密码', en: 'Give the password on standard input with --password-stdin' }, { field: 'password' });
      }
      const password = (await readStdin()).replace(/\r?\n$/, '');
      await withDb(async (d) => {
        const r = await addUser(d, { username, displayName: o.name, role: o.role, area: o.area, password }, { actor: CLI_ACTOR, areaCode: null }, new Date());
        process.stdout.write(`已创建用户 user created: ${username} (${o.role}, ${o.area}) id=${r.id}\n`);
      }, { quiet: true });
    });

  registerAuditCommands(program);

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
