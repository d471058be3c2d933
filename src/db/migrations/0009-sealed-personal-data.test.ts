import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';
import { nextId } from '../../../tests/factories/ids.ts';
import { sealedKeyId } from '../../kernel/sealing.ts';
import { migrateToLatest, migratorFor } from '../connect.ts';
import { accountHashOf, idHashOf, openAccount, openIdNumber, openPhone, sealAccount } from '../personal-data.ts';
import { RegistryRepo } from '../registry-repo.ts';
import { scopeOf } from '../scope.ts';

const AT = '2026-01-05T02:00:00.000Z';
const C = '211221';
const AREA = '211221101200';

/**
 * Migration 0009 on a database that holds personal data in clear (as every database did before issue 9): each ID
 * number, bank account and phone number comes out sealed under the database's keys, with the keyed hashes that search,
 * uniqueness and the payroll guards use, and nothing in clear is left in the tables.
 */
describe(`migration 0009: personal data sealed at rest (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const ids = [nextId('19600301'), nextId('19650701'), nextId('20050901')];
  const lineAccount = '6230000000000123';

  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    const m = migratorFor(db);
    const { error } = await m.migrateTo('0008-worklist-cover');
    if (error) throw error;
    const q = db.kysely as never;
    await sql`insert into household (county_code, id, area_code, address, hukou_type, registered_poor, bank_name, bank_account, phone, head_name, member_count, synthetic, version, created_at, updated_at)
              values (${C}, 'h1', ${AREA}, '懿路村 1 号', 'rural', 0, '农商银行', '6228480012345678', '0410-01234567', '户主甲', 3, 0, 1, ${AT}, ${AT}),
                     (${C}, 'h2', ${AREA}, '懿路村 2 号', 'rural', 0, null, null, null, '户主乙', 0, 0, 1, ${AT}, ${AT})`.execute(q);
    for (const [i, id] of ids.entries()) {
      await sql`insert into person (county_code, id, household_id, area_code, id_number, name, sex, birth_date, relation, hukou_type, disability_kind, disability_grade,
                  serious_illness, labor_capacity, self_care_mask, supporter_status, in_school, synthetic, version, created_at, updated_at)
                values (${C}, ${`p${i}`}, 'h1', ${AREA}, ${id}, ${`成员${i}`}, 'M', '1960-03-01', ${i === 0 ? 'head' : 'other'}, 'rural', null, null,
                  0, 'full', 0, 'none', 0, 0, 1, ${AT}, ${AT})`.execute(q);
      await sql`insert into person_index (id_number, county_code, person_id) values (${id}, ${C}, ${`p${i}`})`.execute(q);
    }
    // A roll that went to the bank and was reconciled: closed, its line frozen. Its enrollment is not the point here:
    // the line goes in with foreign-key checks off (SQLite's pragma; PostgreSQL's replica role, in one transaction).
    const lineWithoutEnrollment = async (insert: (q: never) => Promise<unknown>) => {
      if (TEST_DIALECT === 'sqlite') {
        await sql`pragma foreign_keys = off`.execute(q);
        await insert(q);
        await sql`pragma foreign_keys = on`.execute(q);
      } else {
        await db.kysely.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await insert(trx as never);
        });
      }
    };
    await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
              values (${C}, 'r1', 'dibao', '2019-08', 'regular', 0, 'building', 'done', 'u', '经办', ${AT}, ${AT}, ${AT})`.execute(q);
    await lineWithoutEnrollment((t) =>
      sql`insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code,
                payee_name, bank_name, bank_account, person_count, amount_fen, term_status)
              values (${C}, 'r1', 1, 'regular', 'dibao', '2019-08', 'e1', 'household', 'h1', 'h1', null, ${AREA}, '户主甲', '农商银行', ${lineAccount}, 3, 69250, 'active')`.execute(t),
    );
    await sql`update payroll_roll set status = 'closed' where id = 'r1'`.execute(q);
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it('seals every ID number under the current key, with its keyed hash, and keeps the city index by the hash', async () => {
    const persons = await db.kysely.selectFrom('person').selectAll().orderBy('id').execute();
    expect(persons.map((p) => openIdNumber(db.keys, p))).toEqual(ids);
    for (const p of persons) {
      expect(sealedKeyId(p.id_number_sealed)).toBe(db.keys.current);
      expect(p.id_hash).toBe(idHashOf(db.keys, openIdNumber(db.keys, p)));
      expect(Object.keys(p)).not.toContain('id_number');
    }
    const index = await db.kysely.selectFrom('person_index').selectAll().orderBy('person_id').execute();
    expect(index).toEqual(persons.map((p) => ({ id_hash: p.id_hash, county_code: C, person_id: p.id })));
  });

  it('leaves no ID number, account or phone in clear anywhere in the tables', async () => {
    const dump = JSON.stringify([
      await db.kysely.selectFrom('person').selectAll().execute(),
      await db.kysely.selectFrom('person_index').selectAll().execute(),
      await db.kysely.selectFrom('household').selectAll().execute(),
      await db.kysely.selectFrom('payroll_line').selectAll().execute(),
    ]);
    for (const clear of [...ids, '6228480012345678', '01234567', lineAccount]) expect(dump).not.toContain(clear);
  });

  it('seals accounts and phones, and leaves missing ones missing', async () => {
    const [h1, h2] = await db.kysely.selectFrom('household').selectAll().orderBy('id').execute();
    expect([openAccount(db.keys, h1), openPhone(db.keys, h1), h1.bank_account_hash]).toEqual(['6228480012345678', '0410-01234567', accountHashOf(db.keys, '6228480012345678')]);
    expect([h2.bank_account_sealed, h2.bank_account_hash, h2.phone_sealed]).toEqual([null, null, null]);
    const [line] = await db.kysely.selectFrom('payroll_line').selectAll().execute();
    expect([openAccount(db.keys, line), line.bank_account_hash]).toEqual([lineAccount, accountHashOf(db.keys, lineAccount)]);
  });

  it('finds a member by the whole ID number, and keeps a number unique in its county', async () => {
    const repo = new RegistryRepo(db.kysely, scopeOf(`${C}000000`));
    const found = await repo.searchHouseholds({ q: ids[1], page: 1, pageSize: 20 });
    expect(found.rows.map((r) => r.id)).toEqual(['h1']);
    expect((await repo.searchHouseholds({ q: ids[1].slice(0, 17), page: 1, pageSize: 20 })).rows).toEqual([]);
    const [p] = await db.kysely.selectFrom('person').selectAll().where('id', '=', 'p1').execute();
    await expect(db.kysely.insertInto('person').values({ ...p, id: 'p-copy' }).execute()).rejects.toThrow();
  });

  it('lets a closed roll\'s line be re-sealed (key rotation) and nothing else', async () => {
    const [line] = await db.kysely.selectFrom('payroll_line').selectAll().execute();
    const resealed = sealAccount(db.keys, lineAccount).bank_account_sealed;
    await db.kysely.updateTable('payroll_line').set({ bank_account_sealed: resealed }).where('roll_id', '=', 'r1').execute();
    const [after] = await db.kysely.selectFrom('payroll_line').select('bank_account_sealed').execute();
    expect(after.bank_account_sealed).toBe(resealed);
    expect(after.bank_account_sealed).not.toBe(line.bank_account_sealed);
    for (const change of [{ amount_fen: 692500 }, { bank_account_hash: accountHashOf(db.keys, '6228489999999999') }, { payee_name: '他人' }, { bank_status: 'paid' as const }]) {
      await expect(db.kysely.updateTable('payroll_line').set(change).where('roll_id', '=', 'r1').execute()).rejects.toThrow(/PAYROLL_ROLL_FROZEN/);
    }
  });

  it.runIf(TEST_DIALECT === 'sqlite')('rebuilds the SQLite person table with every index it had', async () => {
    const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'person'`.execute(db.kysely)).rows.map((r) => r.name);
    for (const n of ['person_name', 'person_area', 'person_county_name', 'person_household_cover']) expect(names).toContain(n);
    const fk = (await sql<{ table: string }>`pragma foreign_key_list(person)`.execute(db.kysely)).rows.map((r) => r.table);
    expect([...new Set(fk)]).toEqual(['household']);
  });
});
