import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupLines } from '../../src/cli/serve.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '../../src/commands/admin/demo-users.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { countRows } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

/**
 * Issue 9 point 19: demo accounts only in demo mode; a start without users says how to create the first
 * administrator; the demo administrators and approvers enrol an authenticator at their first login.
 */
describe(`first start (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.destroy());

  it('without --demo and without users: no account is created, and the start says how to create the first administrator', async () => {
    const lines = await startupLines(db, { url: 'http://127.0.0.1:3000/', demo: false, secureCookies: false });
    expect(await countRows(db, 'app_user')).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('doudi user add');
    expect(text).toContain('--role system_admin');
    expect(text).not.toContain(DEMO_PASSWORD);
  });

  it('once an administrator exists the hint is gone', async () => {
    const r = await runDoudi(db, ['user', 'add', 'firstadmin', '--role', 'system_admin', '--area', '211200000000', '--name', '运维 第一位管理员', '--password-stdin'], { stdin: 'Granite-river-morning-31\n' });
    expect(r.code, r.stderr).toBe(0);
    const text = (await startupLines(db, { url: 'http://127.0.0.1:3000/', demo: false, secureCookies: true })).join('\n');
    expect(text).not.toContain('doudi user add');
    expect(text).toContain('HSTS');
  }, 60_000);

  it('demo mode seeds the demo accounts with the published password; their administrators and approvers enrol at first login', async () => {
    expect(await seedDemoUsers(db, new Date())).toBe(DEMO_USERS.length);
    expect(await seedDemoUsers(db, new Date())).toBe(0);
    const app = await testServer(db);
    const login = (username: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    expect((await login('jingban')).json().step).toBe('done');
    for (const u of ['admin', 'xianadmin', 'shenpi', 'xifeng']) expect((await login(u)).json().step, u).toBe('enrol');
    const lines = (await startupLines(db, { url: 'http://127.0.0.1:3000/', demo: true, secureCookies: false })).join('\n');
    expect(lines).toContain(DEMO_PASSWORD);
    expect(lines).toMatch(/admin, .*扫描二维码/);
    await app.close();
  });
});
