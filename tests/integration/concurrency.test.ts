import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idHashOf } from '../../src/db/personal-data.ts';
import { maskIdNumber } from '../../src/kernel/id-number.ts';
import { type Client, householdOfThree } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../factories/server-process.ts';
import { countRows } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

/**
 * Two servers in two processes on one database, so that requests really overlap: on SQLite two connections in
 * one process take turns (node:sqlite is synchronous), which would make these tests pass without proving much.
 * Several rounds, because one overlap may happen to run in sequence.
 */
const ROUNDS = 6;

describe(`concurrent writes (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let servers: ServerProcess[] = [];
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'racer', 'township_caseworker', AREAS.township);
    servers = await Promise.all([startServerProcess(db), startServerProcess(db)]);
    [a, b] = await Promise.all(servers.map((s) => httpLogin(s.baseUrl, 'racer')));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await db?.destroy();
  });

  it('two parallel updates of one household with the same version: exactly one 200, one 409 STALE_VERSION', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created = await a.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')]));
      expect(created.status).toBe(201);
      const { countyCode, id, version } = created.json;
      const url = `/api/households/${countyCode}/${id}`;
      const edit = (address: string) => {
        const { members: _m, ...rest } = householdOfThree(AREAS.village, ['', '', '']);
        return { ...rest, version, address };
      };
      const [ra, rb] = await Promise.all([a.call('PUT', url, edit(`甲 ${round}`)), b.call('PUT', url, edit(`乙 ${round}`))]);

      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      const [winner, loser] = ra.status === 200 ? [ra, rb] : [rb, ra];
      expect(loser.json).toMatchObject({ code: 'STALE_VERSION', field: 'version', message: { zh: expect.stringMatching(/已被其他人修改/), en: expect.any(String) } });
      expect(winner.json.version).toBe(version + 1);

      const row = await db.kysely.selectFrom('household').selectAll().where('county_code', '=', countyCode).where('id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.version)).toBe(version + 1);
      expect(row.address).toBe(winner.json.address);
      const updates = await db.kysely.selectFrom('audit_event').select('seq').where('action', '=', 'household.update').where('entity_id', '=', id).execute();
      expect(updates).toHaveLength(1);
    }
  });

  it('two parallel creates with the same ID number: exactly one 201, one 409, and no half-written household', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const shared = nextId('19650301');
      const households = await countRows(db, 'household');
      const persons = await countRows(db, 'person');
      const [ra, rb] = await Promise.all([
        a.call('POST', '/api/households', householdOfThree(AREAS.village, [shared, nextId(), nextId('20100101')], ['甲户主', '甲配偶', '甲子'])),
        b.call('POST', '/api/households', householdOfThree(AREAS.otherVillage, [shared, nextId(), nextId('20100101')], ['乙户主', '乙配偶', '乙子'])),
      ]);

      expect([ra.status, rb.status].sort()).toEqual([201, 409]);
      const [winner, loser] = ra.status === 201 ? [ra, rb] : [rb, ra];
      // Sequential on SQLite (the check finds the number), a unique-index conflict on PostgreSQL: both are 409s.

      expect(['PERSON_DUPLICATE_ID', 'CONFLICT_DUPLICATE']).toContain(loser.json.code);
      expect(loser.json.message).toEqual({ zh: expect.any(String), en: expect.any(String) });

      const indexed = await db.kysely.selectFrom('person_index').selectAll().where('id_hash', '=', idHashOf(db.keys, shared)).execute();
      expect(indexed).toHaveLength(1);
      expect(indexed[0].person_id).toBe(winner.json.members.find((m: { idNumber: string }) => m.idNumber === maskIdNumber(shared)).id);
      expect(await countRows(db, 'household')).toBe(households + 1);
      expect(await countRows(db, 'person')).toBe(persons + 3);
    }
  });
});
