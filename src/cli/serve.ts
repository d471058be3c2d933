import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildServer } from '../api/server.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '../commands/admin/demo-users.ts';
import { ROLE_LABELS } from '../contracts/roles.ts';
import { openRuntimeDb } from './runtime.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** `doudi serve`: the server's composition root. With --demo, a fresh database gets demo accounts and synthetic data. */
export function registerServeCommand(program: Command, deps: { seedDemoData?: (db: import('../db/connect.ts').Db) => Promise<string | null> } = {}): void {
  program
    .command('serve')
    .description('启动服务 Start the web server (PORT, default 3000)')
    .option('--demo', '首次启动时创建演示账号和合成数据 create demo accounts and synthetic data on first start')
    .option('--host <host>', 'listen address', process.env.HOST ?? '127.0.0.1')
    .option('--port <port>', 'port', process.env.PORT ?? '3000')
    .action(async (o: { demo?: boolean; host: string; port: string }) => {
      const db = await openRuntimeDb();
      if (o.demo) {
        const created = await seedDemoUsers(db, new Date());
        if (created) process.stderr.write(`演示账号 demo accounts created: ${created}\n`);
        const msg = await deps.seedDemoData?.(db);
        if (msg) process.stderr.write(`${msg}\n`);
      }
      const app = await buildServer({ db, webDist: WEB_DIST, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
      const close = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ host: o.host, port: Number(o.port) });
      const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}/`;
      const lines = [
        '',
        `兜底 doudi 已启动 running at ${url}`,
        `数据库 database: ${db.dialect} ${db.location}`,
        `API: ${url}api/openapi.json`,
      ];
      if (o.demo) {
        lines.push(`演示账号 demo accounts (密码 password: ${DEMO_PASSWORD}) — 演示数据均为合成 all demo data is synthetic:`);
        for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(10)} ${ROLE_LABELS[u.role].zh} ${ROLE_LABELS[u.role].en} — ${u.displayName}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
