import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

/**
 * An ID number is registered once in the city (issue 9 point 6): a duplicate inside the user's area is named as such;
 * one registered outside it says only that the county must transfer the person — not where, not whose household —
 * so a village assistant cannot probe the city's registry by ID number.
 */
describe(`a duplicate ID number, inside and outside the area (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let mine: Client;
  let sibling: Client;
  let otherCounty: Client;
  const taken = [nextId('19610301'), nextId('19630701'), nextId('20060901')];

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'dup_a', 'township_caseworker', AREAS.township);
    await makeUser(db, 'dup_b', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'dup_o', 'county_admin', AREAS.otherCounty);
    app = await testServer(db);
    [mine, sibling, otherCounty] = await Promise.all([loginAs(app, 'dup_a'), loginAs(app, 'dup_b'), loginAs(app, 'dup_o')]);
    const created = await mine.call('POST', '/api/households', householdOfThree(AREAS.village, taken as [string, string, string], ['查重甲', '查重乙', '查重丙']));
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('inside the area: PERSON_DUPLICATE_ID, on the member', async () => {
    const r = await mine.call('POST', '/api/households', householdOfThree(AREAS.otherVillage, [nextId(), taken[1], nextId('20100101')]));
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'PERSON_DUPLICATE_ID', 'members.1.idNumber']);
  });

  it('outside it (another township, another county): only that the county must transfer the person, and nothing changes', async () => {
    const before = await snapshotTables(db);
    for (const [client, area] of [
      [sibling, AREAS.siblingVillage],
      [otherCounty, AREAS.otherCountyVillage],
    ] as const) {
      const r = await client.call('POST', '/api/households', householdOfThree(area, [taken[0], nextId(), nextId('20100101')]));
      expect([r.status, r.json.code, r.json.field]).toEqual([409, 'PERSON_TRANSFER_REQUIRED', 'members.0.idNumber']);
      const text = JSON.stringify(r.json);
      for (const secret of ['查重', AREAS.village, '懿路', '新台子', '211221101']) expect(text).not.toContain(secret);
      expect(r.json.message.zh).toContain('县级民政部门');
    }
    expect(await snapshotTables(db)).toBe(before);
  });
});
