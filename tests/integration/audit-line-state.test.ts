import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedLineStateSql, stateRowJson } from '../../src/db/audit-state.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

const C = '211221';
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('铁岭农商银行', '户主"甲"', 'a\\b', '换\n行', '制\t表', '\u0001\u001f', '😀 表情', 'ʼ', '2019-11'),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

/**
 * A heating line's state written by the database (the SQL a season roll's digest reads, ADR 0043) is exactly the text
 * `stateRowJson` writes for the row: for any values — Chinese, quotes, backslashes, control characters, emoji, nulls —
 * on both databases. Otherwise the deep audit would report a roll it cannot recompute.
 */
describe(`a heating line's state text in SQL (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    const at = '2019-11-01T00:00:00.000Z';
    await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
      values (${C}, 'r', 'heating', '2019-11', 'season', 0, 'building', 'regular', 'u', '经办', ${at}, ${at}, ${at})`.execute(db.kysely);
  });
  afterAll(() => db.destroy());

  it('equals stateRowJson for any line (fast-check)', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          payee_name: text,
          bank_name: maybe(text),
          bank_reason: maybe(text),
          area_code: text,
          amount_fen: fc.integer({ min: 1, max: 2_000_000_000 }),
          person_count: fc.integer({ min: 0, max: 20 }),
          heating_mode: maybe(fc.constantFrom('central', 'dispersed')),
          heated_area_dm2: maybe(fc.integer({ min: 1, max: 100_000 })),
          heating_months: maybe(fc.integer({ min: 1, max: 12 })),
          bank_status: maybe(fc.constantFrom('paid', 'failed')),
          hold: fc.boolean(),
        }),
        async (x) => {
          seq += 1;
          await sql`insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id,
              area_code, payee_name, bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq,
              bank_status, bank_reason, bank_at, hold_reason, case_id, stage_n, heating_mode, heated_area_dm2, heating_months)
            values (${C}, 'r', ${seq}, 'stage', 'heating', '2019-11', null, 'household', ${`h${seq}`}, ${`h${seq}`}, null, ${x.area_code}, ${x.payee_name},
              ${x.bank_name}, null, ${x.hold ? null : `hash${seq}`}, ${x.person_count}, ${x.amount_fen}, 'active', null, null, ${x.bank_status}, ${x.bank_reason},
              ${x.bank_status ? '2019-12-01T00:00:00.000Z' : null}, ${x.hold ? 'no_account' : null}, 'c', ${seq}, ${x.heating_mode}, ${x.heated_area_dm2}, ${x.heating_months})`.execute(db.kysely);
          const row = await db.kysely.selectFrom('payroll_line').selectAll().where('roll_id', '=', 'r').where('seq', '=', seq).executeTakeFirstOrThrow();
          const r = await sql<{ s: string }>`select ${sql.raw(keyedLineStateSql(db.dialect === 'postgres'))} as s from payroll_line where roll_id = 'r' and seq = ${seq}`.execute(db.kysely);
          expect(r.rows[0].s).toBe(stateRowJson(db.keys, 'payroll_line', row));
        },
      ),
      { numRuns: 150 },
    );
  });
});
