import { DatabaseSync } from 'node:sqlite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeSqliteDialect } from '../sqlite-dialect.ts';
import { up } from './0018-document-numbers.ts';

/** Migration 0018 numbers the decisions taken before it, per county and year in the order of their decision time. */
describe('migration 0018: existing decisions numbered in order', () => {
  let db: Kysely<any>;
  beforeAll(async () => {
    db = new Kysely<any>({ dialect: new NodeSqliteDialect(new DatabaseSync(':memory:')) });
    await sql`create table division (code text primary key, name text, level text, parent_code text, county_code text)`.execute(db);
    await sql`create table case_decision (county_code text, id text, case_id text, outcome text, decided_on text, decided_at text, decider_id text, decider_name text)`.execute(db);
    await db.insertInto('division').values([{ code: '211221000000', name: '铁岭县', level: 'county', parent_code: '211200000000', county_code: '211221' }]).execute();
    const d = (id: string, county: string, outcome: string, at: string) => ({ county_code: county, id, case_id: `c${id}`, outcome, decided_on: at.slice(0, 10), decided_at: at, decider_id: 'u', decider_name: '审批员' });
    await db
      .insertInto('case_decision')
      .values([
        d('3', '211221', 'approved', '2019-09-02T02:00:00.000Z'),
        d('1', '211221', 'approved', '2019-08-01T02:00:00.000Z'),
        d('2', '211221', 'refused', '2019-08-05T02:00:00.000Z'),
        d('4', '211221', 'approved', '2020-01-03T02:00:00.000Z'),
        d('5', '211223', 'approved', '2019-08-03T02:00:00.000Z'),
      ])
      .execute();
    await up(db);
  });
  afterAll(() => db.destroy());

  it('gives each decision its number and starts each counter after them', async () => {
    const rows = await db.selectFrom('issued_document').select(['case_id', 'number', 'issuer_level', 'issued_on']).orderBy('case_id').execute();
    expect(rows.map((r) => [r.case_id, r.number])).toEqual([
      ['c1', '铁县民批〔2019〕1号'],
      ['c2', '铁县民驳〔2019〕1号'],
      ['c3', '铁县民批〔2019〕2号'],
      ['c4', '铁县民批〔2020〕1号'],
      // A county whose division is not loaded keeps its code as the prefix rather than failing.
      ['c5', '211223民批〔2019〕1号'],
    ]);
    const counters = await db.selectFrom('document_counter').selectAll().orderBy('county_code').orderBy('kind').orderBy('year').execute();
    expect(counters.map((c) => `${c.county_code}/${c.kind}/${c.year}=${c.last_seq}`)).toEqual([
      '211221/approval/2019=2',
      '211221/approval/2020=1',
      '211221/refusal/2019=1',
      '211223/approval/2019=1',
    ]);
  });
});
