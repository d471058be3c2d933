import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

/** The divisions browser's search (issue 11 point 11): by a part of a name or the beginning of a code, for every role that reads divisions. */
describe(`division search (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let liaison: Client;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'liaison', 'poverty_liaison', AREAS.city);
    await makeUser(db, 'adm', 'system_admin', AREAS.city);
    app = await testServer(db);
    liaison = await loginAs(app, 'liaison');
    admin = await loginAs(app, 'adm');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('finds a township by a part of its name, with its county as parent', async () => {
    const r = await liaison.call('GET', `/api/divisions?q=${encodeURIComponent('新台子')}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const town = r.json.find((d: { code: string }) => d.code === AREAS.township);
    expect(town).toMatchObject({ level: 'township', parentCode: AREAS.county, parentName: '铁岭县' });
  });

  it('finds divisions by the beginning of a code, in code order, at most 50', async () => {
    const r = await admin.call('GET', '/api/divisions?q=2112211012');
    expect(r.status).toBe(200);
    expect(r.json.length).toBeGreaterThan(0);
    expect(r.json.length).toBeLessThanOrEqual(50);
    for (const d of r.json) expect(d.code.startsWith('2112211012')).toBe(true);
    expect(r.json.map((d: { code: string }) => d.code)).toEqual([...r.json.map((d: { code: string }) => d.code)].sort());
  });

  it('treats LIKE wildcards as nothing and an empty search as no result', async () => {
    expect((await admin.call('GET', `/api/divisions?q=${encodeURIComponent('%')}`)).json).toEqual([]);
    expect((await admin.call('GET', '/api/divisions?q=')).json).toEqual([]);
    expect((await admin.call('GET', `/api/divisions?q=${'x'.repeat(31)}`)).status).toBe(400);
  });
});
