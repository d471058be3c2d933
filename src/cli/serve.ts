import { nightlyTime, startNightlyRuns } from '../commands/supervision/nightly.ts';
import { TrainingClock } from '../commands/admin/training-clock.ts';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { RateLimit } from '../api/route-deps.ts';
import { buildServer, type ServerDeps } from '../api/server.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '../commands/admin/demo-users.ts';
import { ROLE_LABELS, SECOND_FACTOR_ROLES } from '../contracts/roles.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import { openRuntimeDb } from './runtime.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const yes = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/** `20/1m`, `600/60s`, `off` (DOUDI_LOGIN_RATE_LIMIT, DOUDI_API_RATE_LIMIT); undefined keeps the default. */
export function parseRateLimit(name: string, text: string | undefined): RateLimit | false | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^(off|0|false|no)$/i.test(text)) return false;
  const m = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[3] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (!m || Number(m[1]) < 1) {
    throw new AppError('RATE_LIMIT_SETTING', { zh: `${name} 应形如 20/1m（次数/时间窗）或 off，而不是“${text}”`, en: `${name} must look like 20/1m (requests/window) or off, not "${text}"` }, { field: name });
  }
  return { max: Number(m[1]), windowMs: Number(m[2] ?? 1) * unit };
}

function trustProxyFrom(text: string | undefined): ServerDeps['trustProxy'] {
  if (!text) return undefined;
  if (yes(text)) return true;
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** An administrator who can sign in (active, role confirmed): a fresh non-demo system has none. */
async function hasAdministrator(db: Db): Promise<boolean> {
  const r = await db.kysely.selectFrom('app_user').select('id').where('role', 'in', ['system_admin', 'county_admin']).where('active', '=', 1).where('role_confirmed', '=', 1).limit(1).executeTakeFirst();
  return r !== undefined;
}

/**
 * What `doudi serve` prints once it listens: where, on what, the demo accounts in demo mode (and how their second
 * factor works), or — a system without an administrator — how to create the first one.
 */
export async function startupLines(db: Db, o: { url: string; demo: boolean; secureCookies: boolean }): Promise<string[]> {
  const { url, secureCookies } = o;
  const lines = [
    '',
    `兜底 doudi 已启动 running at ${url}`,
    `数据库 database: ${db.dialect} ${db.location}`,
    `API: ${url}api/openapi.json`,
    secureCookies ? '安全 Cookie 与 HSTS 已开启 secure cookies and HSTS on (serve behind TLS)' : '未开启安全 Cookie（仅限本机或演示） secure cookies off (localhost or demo only; use --secure-cookies behind TLS)',
  ];
  if (o.demo) {
    lines.push(`演示账号 demo accounts (密码 password: ${DEMO_PASSWORD}) — 演示数据均为合成 all demo data is synthetic:`);
    for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(10)} ${ROLE_LABELS[u.role].zh} ${ROLE_LABELS[u.role].en} — ${u.displayName}`);
    const twoStep = DEMO_USERS.filter((u) => SECOND_FACTOR_ROLES.includes(u.role)).map((u) => u.username);
    lines.push(`  ${twoStep.join(', ')}: 首次登录时用手机验证器（如 Microsoft Authenticator、Google 身份验证器）扫描二维码；之后每次登录输入验证码`);
    lines.push(`  ${' '.repeat(twoStep.join(', ').length)}  scan the QR code with an authenticator app at the first login, then enter its code at each login`);
  } else if (!(await hasAdministrator(db))) {
    lines.push(
      '',
      '尚无管理员账号。请先创建第一位系统管理员 No administrator yet. Create the first system administrator:',
      "  printf '%s\\n' '<密码 password, ≥ 12>' | npx doudi user add <用户名 name> --role system_admin --area 211200000000 --name '<显示名>' --password-stdin",
      '  首次登录时设置手机验证器 At the first login, set up an authenticator app (QR code).',
    );
  }
  return lines;
}

/** `doudi serve`: the server's composition root. With --demo, a fresh database gets demo accounts and synthetic data. */
export function registerServeCommand(program: Command, deps: { seedDemoData?: (db: Db) => Promise<string | null> } = {}): void {
  program
    .command('serve')
    .description('启动服务 Start the web server (PORT, default 3000)')
    .option('--demo', '首次启动时创建演示账号和合成数据 create demo accounts and synthetic data on first start')
    .option('--host <host>', 'listen address', process.env.HOST ?? '127.0.0.1')
    .option('--port <port>', 'port', process.env.PORT ?? '3000')
    .option('--secure-cookies', '部署在 TLS 之后：Secure 会话 Cookie 与 HSTS behind TLS: Secure session cookie and HSTS (DOUDI_SECURE_COOKIES=1)')
    .action(async (o: { demo?: boolean; host: string; port: string; secureCookies?: boolean }) => {
      const secureCookies = o.secureCookies === true || yes(process.env.DOUDI_SECURE_COOKIES);
      const rateLimit = {
        login: parseRateLimit('DOUDI_LOGIN_RATE_LIMIT', process.env.DOUDI_LOGIN_RATE_LIMIT),
        api: parseRateLimit('DOUDI_API_RATE_LIMIT', process.env.DOUDI_API_RATE_LIMIT),
      };
      const db = await openRuntimeDb();
      if (o.demo) {
        const created = await seedDemoUsers(db, new Date());
        if (created) process.stderr.write(`演示账号 demo accounts created: ${created}\n`);
        const msg = await deps.seedDemoData?.(db);
        if (msg) process.stderr.write(`${msg}\n`);
      }
      // Demo mode only: an administrator may move the day forward for a training class (never on a real server).
      const trainingClock = o.demo ? await new TrainingClock().load(db) : undefined;
      const app = await buildServer({
        db,
        webDist: WEB_DIST,
        logger: { level: process.env.LOG_LEVEL ?? 'warn' },
        secureCookies,
        rateLimit,
        trustProxy: trustProxyFrom(process.env.DOUDI_TRUST_PROXY),
        ...(trainingClock ? { trainingClock } : {}),
      });
      const close = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      // The anomaly rules every night (ADR 0046): DOUDI_NIGHTLY_ANOMALIES=HH:MM (China time, default 02:00) or off.
      const nightly = nightlyTime(process.env.DOUDI_NIGHTLY_ANOMALIES);
      if (nightly) startNightlyRuns(db, nightly, (line) => process.stderr.write(`${line}\n`));
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ host: o.host, port: Number(o.port) });
      const url = `http${secureCookies ? 's' : ''}://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}/`;
      const lines = await startupLines(db, { url, demo: o.demo === true, secureCookies });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
