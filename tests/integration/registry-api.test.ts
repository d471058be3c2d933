import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

describe(`registry API (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'worker', 'township_caseworker', AREAS.township);
    app = await testServer(db);
    worker = await loginAs(app, 'worker');
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('creates a household of three and finds it by name and by ID number', async () => {
    const ids: [string, string, string] = [nextId('19700501'), nextId('19720301'), nextId('20100901')];
    const created = await worker.call('POST', '/api/households', householdOfThree(AREAS.village, ids, ['甄建国', '李秀英', '甄小明']));
    expect(created.status).toBe(201);
    expect(created.json.memberCount).toBe(3);
    expect(created.json.headName).toBe('甄建国');
    expect(created.json.members[0].birthDate).toBe(`1970-05-${ids[0].slice(12, 14)}`);
    expect(created.json.incomes[0].annualYuan).toBe('6000.00');
    expect(created.json.assets[0].valueYuan).toBe('1200.50');

    const byName = await worker.call('GET', `/api/households?q=${encodeURIComponent('甄小')}`);
    expect(byName.status).toBe(200);
    expect(byName.json.items.map((h: { id: string }) => h.id)).toContain(created.json.id);
    const byId = await worker.call('GET', `/api/households?q=${ids[2]}`);
    expect(byId.json.total).toBe(1);
  });

  it('refuses a stale version with STALE_VERSION and changes nothing', async () => {
    const created = await worker.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20120101')]));
    const url = `/api/households/${created.json.countyCode}/${created.json.id}`;
    const body = { ...householdOfThree(AREAS.village, ['', '', '']), version: created.json.version, address: '新地址 1 号' };
    delete (body as { members?: unknown }).members;
    const first = await worker.call('PUT', url, body);
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(created.json.version + 1);
    const stale = await worker.call('PUT', url, { ...body, address: '另一个地址' });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('STALE_VERSION');
    expect(stale.json.message.zh).toMatch(/已被其他人修改/);
    const now = await worker.call('GET', url);
    expect(now.json.address).toBe('新地址 1 号');
  });

  it('moves a person between households', async () => {
    const a = await worker.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20120101')]));
    const b = await worker.call('POST', '/api/households', householdOfThree(AREAS.otherVillage, [nextId(), nextId(), nextId('20120101')]));
    const child = a.json.members.find((m: { relation: string }) => m.relation === 'child');
    const moved = await worker.call('POST', `/api/persons/${child.countyCode}/${child.id}/move`, { targetHouseholdId: b.json.id, relation: 'grandchild', version: child.version });
    expect(moved.status).toBe(200);
    expect(moved.json.memberCount).toBe(4);
    const aNow = await worker.call('GET', `/api/households/${a.json.countyCode}/${a.json.id}`);
    expect(aNow.json.memberCount).toBe(2);
  });

  it('serves a valid OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const { validate } = await import('@readme/openapi-parser');
    const result = await validate(structuredClone(res.json()));
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(Object.keys(res.json().paths)).toContain('/api/households');
  });
});
