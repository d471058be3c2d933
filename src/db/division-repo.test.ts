import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../tests/factories/test-db.ts';
import { divisionNames, forgetDivisionNames } from './division-repo.ts';

describe('divisionNames', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.destroy());

  it('reads names once, serves them from memory after, and reads again once told the table changed', async () => {
    const code = '211221101200';
    const first = await divisionNames(db.kysely, [code, code, '211221000000']);
    expect(first.get('211221000000')).toBe('铁岭县');
    const original = first.get(code) as string;
    expect(original).toBeTruthy();
    await db.kysely.updateTable('division').set({ name: '改名村' }).where('code', '=', code).execute();
    expect((await divisionNames(db.kysely, [code])).get(code)).toBe(original);
    forgetDivisionNames();
    expect((await divisionNames(db.kysely, [code])).get(code)).toBe('改名村');
    expect((await divisionNames(db.kysely, ['999999999999'])).size).toBe(0);
    expect((await divisionNames(db.kysely, [])).size).toBe(0);
  });
});
