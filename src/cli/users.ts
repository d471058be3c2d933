import type { Command } from 'commander';
import { addUser } from '../commands/admin/add-user.ts';
import { userNamed } from '../commands/admin/admin-context.ts';
import { listUsers } from '../commands/admin/list-users.ts';
import { changeRole, confirmGrant, listGrants, refuseGrant } from '../commands/admin/role-grants.ts';
import { resetPassword, revokeSessions, setUserActive } from '../commands/admin/user-accounts.ts';
import { provisionSecondFactor, resetSecondFactor } from '../commands/auth/second-factor.ts';
import { actorForUsername } from '../commands/auth/acting-user.ts';
import { ROLE_LABELS, ROLES, type Role } from '../contracts/roles.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import { readStdin, withDb } from './runtime.ts';
import { type CommandContext, operatorContext } from '../commands/context.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);

async function passwordFromStdin(flag: boolean | undefined): Promise<string> {
  if (!flag) throw new AppError('PASSWORD_STDIN_REQUIRED', { zh: '请用 --password-stdin 从标准输入提供密码', en: 'Give the password on standard input with --password-stdin' }, { field: 'password' });
  return (await readStdin()).replace(/\r?\n$/, '');
}

/** An administrator the operator acts as (`--as`): confirming a grant is a decision that names its decider. */
async function asAdmin(d: Db, username: string | undefined) {
  if (!username) throw new AppError('AS_REQUIRED', { zh: '请用 --as 指明以哪位管理员的身份确认', en: 'Name the administrator who decides with --as' }, { field: 'as' });
  const admin = await actorForUsername(d, username);
  return { db: d, actor: { ...admin, username: `${admin.username} (CLI)` }, clock: () => new Date() } satisfies CommandContext;
}

/**
 * `doudi user …`: the server operator's account commands (ADR 0013). The operator has the database and its key file,
 * so what they do takes effect at once and is audited as `cli:<login>`; confirming or refusing an administrator's
 * pending grant is done as a named administrator (`--as`), with that administrator's rules.
 */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('用户 Users');
  user
    .command('add <username>')
    .description('新增用户 Add a user (password from standard input with --password-stdin); the role takes effect at once')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--area <code>', '区划代码 12-digit (or 6-digit county) division code')
    .option('--name <displayName>', '显示名 display name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--temporary', '首次登录须修改密码 the user must change the password at first login')
    .action(async (username: string, o: { role: string; area: string; name?: string; passwordStdin?: boolean; temporary?: boolean }) => {
      const password = await passwordFromStdin(o.passwordStdin);
      await withDb(async (d) => {
        const r = await addUser(operatorContext(d), { input: { username, displayName: o.name, role: o.role, area: o.area, password, mustChangePassword: o.temporary } });
        out(`已创建用户 user created: ${username} (${o.role}, ${o.area}) id=${r.id}`);
      }, { quiet: true });
    });
  user
    .command('list')
    .description('用户列表 List users')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await withDb(async (d) => {
        const users = await listUsers(operatorContext(d));
        if (o.json) return out(JSON.stringify(users));
        for (const u of users) {
          const flags = [!u.active && '停用 inactive', u.locked && '锁定 locked', !u.roleConfirmed && '待确认 pending', u.mustChangePassword && '须改密 must change password', u.secondFactor && '2FA'].filter(Boolean);
          out(`${u.username.padEnd(16)} ${u.role.padEnd(20)} ${u.areaCode} ${u.displayName}${flags.length ? ` [${flags.join(', ')}]` : ''}`);
        }
      }, { quiet: true });
    });
  user
    .command('grants')
    .description('待确认授权 Role grants awaiting a second administrator')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      await withDb(async (d) => {
        const grants = await listGrants(operatorContext(d));
        if (o.json) return out(JSON.stringify(grants));
        if (grants.length === 0) return out('没有待确认的授权 no pending grants');
        for (const g of grants) out(`${g.id}  ${g.username} → ${ROLE_LABELS[g.role].zh} ${g.role} (${g.areaCode})  由 by ${g.requestedBy} ${g.requestedAt}`);
      }, { quiet: true });
    });
  user
    .command('confirm <grantId>')
    .description('确认授权 Confirm a pending grant as a named administrator (--as)')
    .option('--as <admin>', '以此管理员身份 as this administrator')
    .action(async (grantId: string, o: { as?: string }) => {
      await withDb(async (d) => {
        await confirmGrant(await asAdmin(d, o.as), { grantId });
        out(`已确认 confirmed: ${grantId}`);
      }, { quiet: true });
    });
  user
    .command('refuse <grantId>')
    .description('驳回授权 Refuse (or, as its requester, withdraw) a pending grant as a named administrator (--as)')
    .option('--as <admin>', '以此管理员身份 as this administrator')
    .action(async (grantId: string, o: { as?: string }) => {
      await withDb(async (d) => {
        const r = await refuseGrant(await asAdmin(d, o.as), { grantId });
        out(`${r.state === 'refused' ? '已驳回' : '已撤回'} ${r.state}: ${grantId}`);
      }, { quiet: true });
    });
  user
    .command('role <username>')
    .description('变更角色 Change a user’s role (and area) at once')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--area <code>', '区划代码 division code (default: the user’s)')
    .action(async (username: string, o: { role: string; area?: string }) => {
      if (!(ROLES as readonly string[]).includes(o.role)) throw new AppError('ROLE_UNKNOWN', { zh: `未知角色，可选：${ROLES.join(', ')}`, en: `Unknown role; one of: ${ROLES.join(', ')}` }, { field: 'role' });
      await withDb(async (d) => {
        const ctx = operatorContext(d);
        const u = await userNamed(ctx, { username });
        await changeRole(ctx, { userId: u.id, input: { role: o.role as Role, area: o.area } });
        out(`已变更角色 role changed: ${u.username} → ${o.role}`);
      }, { quiet: true });
    });
  const simple = (name: string, description: string, run: (d: Db, id: string) => Promise<string>) =>
    user
      .command(`${name} <username>`)
      .description(description)
      .action(async (username: string) => {
        await withDb(async (d) => out(await run(d, (await userNamed(operatorContext(d), { username })).id)), { quiet: true });
      });
  simple('deactivate', '停用账号 Deactivate a user (their sessions end)', async (d, id) => {
    await setUserActive(operatorContext(d), { userId: id, active: false });
    return '已停用 deactivated';
  });
  simple('activate', '启用账号 Reactivate a user', async (d, id) => {
    await setUserActive(operatorContext(d), { userId: id, active: true });
    return '已启用 activated';
  });
  simple('revoke-sessions', '强制下线 End every session of a user', async (d, id) => {
    const r = await revokeSessions(operatorContext(d), { userId: id });
    return `已结束会话 sessions ended: ${r.ended}`;
  });
  user
    .command('reset-password <username>')
    .description('重置密码 Set a password (standard input) the user must change at the next login')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }) => {
      const password = await passwordFromStdin(o.passwordStdin);
      await withDb(async (d) => {
        const ctx = operatorContext(d);
        await resetPassword(ctx, { userId: (await userNamed(ctx, { username })).id, password });
        out('已重置密码，用户下次登录须修改 password reset: the user changes it at the next login');
      }, { quiet: true });
    });
  user
    .command('reset-2fa <username>')
    .description('重置二次验证 Forget a user’s authenticator and recovery codes (a lost phone); they set up a new one at the next login')
    .action(async (username: string) => {
      await withDb(async (d) => {
        await resetSecondFactor(operatorContext(d), { username });
        out('已重置二次验证 second factor reset');
      }, { quiet: true });
    });
  user
    .command('provision-2fa <username>')
    .description('写入验证器密钥 Give a user a TOTP secret (base32, standard input): a hardware token’s seed, an automated client')
    .action(async (username: string) => {
      const secret = (await readStdin()).trim();
      await withDb(async (d) => {
        await provisionSecondFactor(operatorContext(d), { username, secret });
        out('已写入验证器密钥 TOTP secret set');
      }, { quiet: true });
    });
}
