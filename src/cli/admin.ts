import type { Command } from 'commander';
import { addUser } from '../commands/admin/add-user.ts';
import { loadDivisions, TIELING_PREFIX } from '../commands/admin/load-divisions.ts';
import { verifyAuditAsOperator } from '../commands/admin/verify-audit.ts';
import { AppError } from '../kernel/errors.ts';
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
