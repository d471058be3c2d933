import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPovertySnapshot } from '../../tests/factories/poverty.ts';
import { createTestDb, type TestDb } from '../../tests/factories/test-db.ts';
import { PovertyRepo } from './poverty-repo.ts';
import type { PovertyPersonTable } from './schema.ts';
import { scopeOf } from './scope.ts';

const COUNTY = '211221';
const VILLAGE = '211221101200';

function staged(snapshotId: string, key: string, idHash: string | null): PovertyPersonTable {
  return {
    snapshot_id: snapshotId, person_key: key, hh_no: 'H1', row_no: 2, name: '王淑芳', relation: '户主', id_number_sealed: null, id_hash: idHash,
    id_form: idHash ? '18' : 'invalid', birth_date: null, sex: null, labor_capacity: '无劳动力', health: 'healthy', disability_grade: null,
    county_code: COUNTY, village_code: VILLAGE, match_county: null, match_person_id: null, match_method: null, match_confidence: null,
  };
}

describe('PovertyRepo: the import stage and the ID pass (ADR 0033)', () => {
  let db: TestDb;
  const exists = async (name: string) =>
    db.dialect === 'postgres'
      ? (await sql<{ r: string | null }>`select to_regclass(${name}) as r`.execute(db.kysely)).rows[0].r !== null
      : Number((await sql<{ n: number }>`select count(*) as n from sqlite_temp_master where name = ${name}`.execute(db.kysely)).rows[0].n) > 0;
  beforeAll(async () => {
    db = await createTestDb();
    await db.kysely.insertInto('person_index').values({ id_hash: 'hash-known', county_code: COUNTY, person_id: 'reg-1' }).execute();
  });
  afterAll(() => db.destroy());

  it('matches staged persons by the keyed hash, writes every staged row once with its match, and drops the stage', async () => {
    const { snapshotId } = await insertPovertySnapshot(db, { households: [] });
    let stage = '';
    const counts = await db.kysely.transaction().execute(async (trx) => {
      const repo = new PovertyRepo(trx, scopeOf('211200000000'));
      stage = repo.stage;
      await repo.openPersonStage();
      await repo.stagePersons([staged(snapshotId, 'i:hash-known', 'hash-known'), staged(snapshotId, 'i:hash-other', 'hash-other'), staged(snapshotId, 'n:x', null)]);
      return { matched: await repo.matchStagedById(), written: await repo.writeStagedPersons() };
    });
    expect(counts).toEqual({ matched: 1, written: 3 });
    expect(await exists(stage)).toBe(false);
    const rows = await sql<{ person_key: string; match_county: string | null; match_person_id: string | null; match_method: string | null; match_confidence: number | null }>`
      select person_key, match_county, match_person_id, match_method, match_confidence from poverty_person where snapshot_id = ${snapshotId} order by person_key`.execute(db.kysely);
    expect(rows.rows.map((r) => ({ ...r, match_confidence: r.match_confidence === null ? null : Number(r.match_confidence) }))).toEqual([
      { person_key: 'i:hash-known', match_county: COUNTY, match_person_id: 'reg-1', match_method: 'id', match_confidence: 100 },
      { person_key: 'i:hash-other', match_county: null, match_person_id: null, match_method: null, match_confidence: null },
      { person_key: 'n:x', match_county: null, match_person_id: null, match_method: null, match_confidence: null },
    ]);
  });

  it('leaves neither the stage nor any person behind when the import fails after staging and matching', async () => {
    const { snapshotId } = await insertPovertySnapshot(db, { households: [] });
    let stage = '';
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        const repo = new PovertyRepo(trx, scopeOf('211200000000'));
        stage = repo.stage;
        await repo.openPersonStage();
        await repo.stagePersons([staged(snapshotId, 'i:hash-known', 'hash-known')]);
        expect(await repo.matchStagedById()).toBe(1);
        throw new Error('the file changed');
      }),
    ).rejects.toThrow('the file changed');
    // SQLite's temporary stage outlives a rollback on the connection: the next import's openPersonStage drops it.
    if (db.dialect === 'postgres') {
      expect(await exists(stage)).toBe(false);
      const left = await sql<{ n: string }>`select count(*) as n from pg_class where relname like 'poverty_person_stage%' and relnamespace = current_schema()::regnamespace`.execute(db.kysely);
      expect(Number(left.rows[0].n)).toBe(0);
    }
    const n = await db.kysely.selectFrom('poverty_person').select((e) => e.fn.countAll<number>().as('n')).where('snapshot_id', '=', snapshotId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
