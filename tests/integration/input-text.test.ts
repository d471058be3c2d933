import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

/**
 * Input defects (issue 9 point 13): names and addresses with bidi controls (U+202E reversed "张三" in the bank file),
 * zero-width characters (U+200B) or lone surrogates are refused with a code naming the field, and nothing is written;
 * accepted names are stored in NFC; `doudi divisions load /missing.csv` says plainly that the file is missing.
 */
describe(`names, addresses and operator files (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;
  let admin: Client;
  const tables = ['household', 'person', 'app_user', 'audit_event'] as const;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'tx_worker', 'township_caseworker', AREAS.township);
    await makeUser(db, 'tx_admin', 'county_admin', AREAS.county);
    app = await testServer(db);
    worker = await loginAs(app, 'tx_worker');
    admin = await loginAs(app, 'tx_admin');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const household = (names: [string, string, string], address?: string) => ({
    ...householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')], names),
    ...(address ? { address } : {}),
  });

  it('refuses U+202E, U+200B, U+2066, U+FEFF and a lone surrogate in a name or the address, naming the field; writes nothing', async () => {
    const headers = await headersOf('tx_worker');
    const before = await snapshotTables(db, tables);
    const cases: [object, string, string][] = [
      [household(['张三\u202E', '李四', '王五']), 'members.0.name', 'TEXT_BIDI_CONTROL'],
      [household(['张三', '李\u200B四', '王五']), 'members.1.name', 'TEXT_ZERO_WIDTH'],
      [household(['张三', '李四', '\u2066王五\u2069']), 'members.2.name', 'TEXT_BIDI_CONTROL'],
      [household(['张\uFEFF三', '李四', '王五']), 'members.0.name', 'TEXT_ZERO_WIDTH'],
      [household(['张三\uD800', '李四', '王五']), 'members.0.name', 'TEXT_LONE_SURROGATE'],
      [household(['张三', '李四', '王五'], '懿路村\u202E号21'), 'address', 'TEXT_BIDI_CONTROL'],
      [household(['张三', '李四', '王五'], '懿路村\n三组'), 'address', 'TEXT_CONTROL_CHAR'],
      [{ ...household(['张三', '李四', '王五']), bankName: '农村信用社\u200D' }, 'bankName', 'TEXT_ZERO_WIDTH'],
    ];
    for (const [body, field, code] of cases) {
      const r = await worker.call('POST', '/api/households', body);
      expect([r.status, r.json.code, r.json.field], JSON.stringify(r.json)).toEqual([400, code, field]);
      expect(r.json.message.zh).toContain(`（${field}）`);
      expect(r.json.message.en).toContain(`(${field})`);
    }
    // The lone surrogate also as JSON text escapes, as a client might send it.
    const raw = JSON.stringify(household(['张三', '李四', '王五'])).replace('张三', '张\\udc00三');
    const res = await app.inject({ method: 'POST', url: '/api/households', payload: raw, headers: { 'content-type': 'application/json', ...headers } });
    expect([res.statusCode, res.json().code]).toEqual([400, 'TEXT_LONE_SURROGATE']);
    expect(await snapshotTables(db, tables)).toBe(before);
  });

  it('stores names and addresses in NFC, and refuses the same characters on an edit', async () => {
    const created = await worker.call('POST', '/api/households', household(['Jose\u0301 张', '李四', '王五'], '懿路村 Cafe\u0301 1 号'));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.members[0].name).toBe('José 张');
    expect(created.json.address).toBe('懿路村 Café 1 号');
    const p = created.json.members[1];
    const edit = await worker.call('PUT', `/api/persons/${created.json.countyCode}/${p.id}`, { idNumber: p.idNumber, name: '李\u202E四', relation: p.relation, laborCapacity: 'full', version: p.version });
    expect([edit.status, edit.json.code, edit.json.field]).toEqual([400, 'TEXT_BIDI_CONTROL', 'name']);
  });

  it('refuses a display name with a bidi control or zero-width character', async () => {
    for (const displayName of ['系统管理员\u202E', '系统\u200B管理员']) {
      const r = await admin.call('POST', '/api/users', { username: `tx${Math.random().toString(36).slice(2, 8)}`, displayName, role: 'village_assistant', area: AREAS.village, password: TEST_PASSWORD });
      expect([r.status, r.json.field], JSON.stringify(r.json)).toEqual([400, 'displayName']);
      expect(r.json.code).toMatch(/^TEXT_/);
    }
  });

  it('`doudi divisions load /missing.csv` exits with a clear bilingual error, no stack trace', async () => {
    const r = await runDoudi(db, ['divisions', 'load', '/missing.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('FILE_NOT_FOUND: 找不到文件：/missing.csv / No such file: /missing.csv [file]');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const dir = await runDoudi(db, ['divisions', 'load', '/tmp']);
    expect(dir.stderr.trim()).toMatch(/^FILE_IS_DIRECTORY: .*\/tmp/);
  }, 60_000);

  async function headersOf(username: string): Promise<Record<string, string>> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    const token = res.cookies.find((c) => c.name === 'doudi_session')?.value;
    return { cookie: `doudi_session=${token}`, 'x-csrf-token': res.json().csrfToken };
  }
});
