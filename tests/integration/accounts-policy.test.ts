import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKeys, migrateToLatest, migratorFor } from '../../src/db/connect.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { countRows } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

/**
 * Issue 9 point 14: `Password123` and the published demo password were accepted, `ADMIN` could be created beside
 * `admin`, and a second account could take the display name "系统管理员".
 */
describe(`account rules (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let adm: Client;
  let sys: Client;
  const add = (by: Client, body: Record<string, unknown>) => by.call('POST', '/api/users', { role: 'township_caseworker', area: AREAS.township, password: 'Copper-kettle-song-42', ...body });

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'padm', 'county_admin', AREAS.county);
    await makeUser(db, 'admin', 'system_admin', AREAS.city);
    await db.kysely.updateTable('app_user').set({ display_name: '系统管理员' }).where('username', '=', 'admin').execute();
    app = await testServer(db);
    adm = await loginAs(app, 'padm');
    sys = await loginAs(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('refuses short and common passwords, common ones dressed up, the demo password, and the user name inside the password', async () => {
    const users = await countRows(db, 'app_user');
    for (const [password, what] of [
      ['Password123', 'too short'],
      ['Password1234', 'common + digits'],
      ['P@ssw0rd2024!', 'leet'],
      ['qwertyuiop12', 'keyboard'],
      ['Demo-2019-doudi', 'the demo password'],
      ['aaaaaaaaaaaaaaaa', 'one letter'],
      ['weaver-Weaver-2031', 'contains the user name'],
    ]) {
      const r = await add(adm, { username: 'weaver', password });
      expect(r.status, `${what}: ${JSON.stringify(r.json)}`).toBe(400);
      expect(r.json).toMatchObject({ code: 'PASSWORD_WEAK', field: 'password', message: { zh: expect.any(String), en: expect.any(String) } });
    }
    expect(await countRows(db, 'app_user')).toBe(users);
    expect((await add(adm, { username: 'weaver', password: 'Copper-kettle-song-42' })).status).toBe(201);
  });

  it('user names are unique whatever their case (API and CLI)', async () => {
    const r = await add(sys, { username: 'ADMIN', role: 'city_supervisor', area: AREAS.city });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('USERNAME_TAKEN');
    expect((await add(adm, { username: 'Weaver' })).json.code).toBe('USERNAME_TAKEN');
    const cli = await runDoudi(db, ['user', 'add', 'Admin', '--role', 'auditor', '--area', AREAS.city, '--password-stdin'], { stdin: 'Copper-kettle-song-42\n' });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('USERNAME_TAKEN');
    // The database holds the rule too, whatever writes to it.
    await expect(
      db.kysely.updateTable('app_user').set({ username: 'PADM' }).where('username', '=', 'weaver').execute(),
    ).rejects.toThrow();
  }, 60_000);

  it('an administrator’s display name is theirs alone; the administrator roles’ names are reserved', async () => {
    const taken = await add(adm, { username: 'fake1', displayName: '系统管理员' });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('DISPLAY_NAME_TAKEN');
    expect((await add(adm, { username: 'fake2', displayName: ' 系统管理员 ' })).json.code).toBe('DISPLAY_NAME_TAKEN');
    expect((await add(adm, { username: 'fake3', displayName: 'System Administrator' })).json.code).toBe('DISPLAY_NAME_TAKEN');
    expect((await add(adm, { username: 'fake4', displayName: '县区管理员' })).json.code).toBe('DISPLAY_NAME_TAKEN');
    // An administrator cannot take a name someone already has either.
    await add(adm, { username: 'zhangwei', displayName: '张伟' });
    const cadm = await add(sys, { username: 'cadm9', displayName: '张伟', role: 'county_admin', area: AREAS.otherCounty });
    expect(cadm.json.code).toBe('DISPLAY_NAME_TAKEN');
    // Two caseworkers may share a common name.
    expect((await add(adm, { username: 'zhangwei2', displayName: '张伟' })).status).toBe(201);
  });
});

describe(`migration 0010-accounts settles existing clashes (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    await ensureKeys(db);
    const migrator = migratorFor(db);
    const r = await migrator.migrateTo('0008-worklist-cover');
    if (r.error) throw r.error;
  });
  afterAll(() => db.destroy());

  it('keeps the oldest of each clash; renames, deactivates and signs out the later ones', async () => {
    const row = (id: string, username: string, display: string, role: string, created: string) => ({
      id, username, display_name: display, role, area_code: AREAS.city, password_hash: 'x', failed_logins: 0, locked_until: null, active: 1, created_at: created, updated_at: created, version: 1,
    });
    const raw = db.kysely as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
    await raw.insertInto('app_user').values([
      row('u1', 'admin', '系统管理员', 'system_admin', '2026-01-01T00:00:00Z'),
      row('u2', 'ADMIN', '系统管理员', 'system_admin', '2026-01-02T00:00:00Z'),
      row('u3', 'Admin', '审计', 'auditor', '2026-01-03T00:00:00Z'),
      row('u4', 'other', '系统管理员', 'auditor', '2026-01-04T00:00:00Z'),
    ]).execute();
    await raw.insertInto('session').values({ token_hash: 't2', user_id: 'u2', csrf_token: 'c', created_at: '2026-01-05T00:00:00Z', last_seen_at: '2026-01-05T00:00:00Z' }).execute();
    expect(await migrateToLatest(db)).toContain('0010-accounts');
    const users = await db.kysely.selectFrom('app_user').select(['id', 'username', 'display_name', 'active']).orderBy('id').execute();
    expect(users.map((u) => [u.id, u.username, u.display_name, Number(u.active)])).toEqual([
      ['u1', 'admin', '系统管理员', 1],
      ['u2', 'ADMIN~2', '系统管理员 (2)', 0],
      ['u3', 'Admin~3', '审计', 0],
      // Not an administrator: the display-name rule is enforced for new and changed accounts from now on.
      ['u4', 'other', '系统管理员', 1],
    ]);
    expect(await db.kysely.selectFrom('session').select('token_hash').execute()).toEqual([]);
  });
});
