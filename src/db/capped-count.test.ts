import fc from 'fast-check';
import { openIdNumber } from './personal-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOpenCases } from '../../tests/factories/bulk-cases.ts';
import { seedHouseholds } from '../../tests/factories/bulk-households.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { COUNT_STEP, cappedCount, countBound, LOOKAHEAD_PAGES, totalOfShortPage } from './capped-count.ts';
import { CaseRepo } from './case-repo.ts';
import { RegistryRepo } from './registry-repo.ts';
import { scopeOf } from './scope.ts';

const COUNTY = '211221';
const HOUSEHOLDS = 30;
const CASES = 25;

describe('countBound', () => {
  it('covers the page asked for and the ten after it, in whole steps, and no step more than that', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5_000 }), (page, pageSize, step) => {
        const offset = (page - 1) * pageSize;
        const bound = countBound(offset, pageSize, step);
        expect(bound % step).toBe(0);
        // This page and the next LOOKAHEAD_PAGES − 1 lie wholly within the bound.
        expect(bound).toBeGreaterThanOrEqual(offset + pageSize * LOOKAHEAD_PAGES);
        expect(bound - step).toBeLessThan(Math.max(step, offset + pageSize * LOOKAHEAD_PAGES));
      }),
    );
  });

  it('is 1,000 for the first pages of a list and moves on as the user pages deeper', () => {
    expect(COUNT_STEP).toBe(1_000);
    expect(countBound(0, 20)).toBe(1_000);
    expect(countBound(49 * 20, 20)).toBe(2_000);
    expect(countBound(0, 100)).toBe(1_000);
    expect(countBound(95 * 100, 100)).toBe(11_000);
  });
});

describe('totalOfShortPage', () => {
  it('knows the total from a page that ends the list, and only from such a page', () => {
    expect(totalOfShortPage(40, 20, 7)).toEqual({ total: 47, totalCapped: false });
    expect(totalOfShortPage(0, 20, 0)).toEqual({ total: 0, totalCapped: false });
    expect(totalOfShortPage(0, 20, 20)).toBeNull();
    expect(totalOfShortPage(40, 20, 0)).toBeNull();
  });
});

describe(`capped page totals on the repositories (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const county = scopeOf(`${COUNTY}000000`);
  /** What an exact count says, by a plain `count(*)` written here rather than through the code under test. */
  const exactHouseholds = async (namePrefix?: string) => {
    let q = db.kysely.selectFrom('household').where('household.county_code', '=', COUNTY);
    if (namePrefix) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('person')
            .select('person.id')
            .whereRef('person.county_code', '=', 'household.county_code')
            .whereRef('person.household_id', '=', 'household.id')
            .where('person.name', 'like', `${namePrefix}%`),
        ),
      );
    }
    const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  };

  beforeAll(async () => {
    db = await createTestDb();
    // Two villages of one township and one of another; heads 王/李/张, spouses 刘/王: 王 is in 20 of the 30 households.
    await seedHouseholds(db, {
      villages: ['211221101200', '211221101201', '211221102200'],
      count: HOUSEHOLDS,
      headNames: ['王', '李', '张'],
      spouseNames: ['刘', '王'],
      prefix: 'cc',
      at: '2026-01-05T02:00:00.000Z',
    });
    await seedOpenCases(db, { county: COUNTY, state: 'county_review', count: CASES, firstDue: '2026-01-10' as PlainDate, at: '2026-01-05T02:00:00.000Z' });
  });
  afterAll(async () => db?.destroy());

  it('the fixture has more households than the small bounds below', async () => {
    expect(await exactHouseholds()).toBe(HOUSEHOLDS);
  });

  it('household list: the bound and capped past it, exact at and below it, and every page up to the bound is served', async () => {
    const repo = new RegistryRepo(db.kysely, county);
    // pageSize 2, step 5: page 1 counts to ceil(20 / 5) × 5 = 20 < 30.
    const first = await repo.searchHouseholds({ page: 1, pageSize: 2, countStep: 5 });
    expect(first).toMatchObject({ total: 20, totalCapped: true });
    expect(first.rows).toHaveLength(2);
    // The last page the capped total lets the user reach holds rows.
    const tenth = await repo.searchHouseholds({ page: 10, pageSize: 2, countStep: 5 });
    expect(tenth.rows).toHaveLength(2);
    // Page 10 (offset 18) counts to 40 ≥ 30: exact.
    expect(tenth).toMatchObject({ total: HOUSEHOLDS, totalCapped: false });
    // A bound equal to the count is exact, not capped (pageSize 3 × 10 pages = 30 = step).
    expect(await repo.searchHouseholds({ page: 1, pageSize: 3, countStep: 30 })).toMatchObject({ total: HOUSEHOLDS, totalCapped: false });
    // A bound one short of the count: capped at the bound.
    expect(await repo.searchHouseholds({ page: 1, pageSize: 1, countStep: 29 })).toMatchObject({ total: 29, totalCapped: true });
    // The default bound (1,000) leaves a small list exact.
    expect(await repo.searchHouseholds({ page: 1, pageSize: 20 })).toMatchObject({ total: HOUSEHOLDS, totalCapped: false });
  });

  it('name search: capped or exact against the real count of households with such a member', async () => {
    const repo = new RegistryRepo(db.kysely, county);
    const surname = '王';
    const real = await exactHouseholds(surname);
    expect(real).toBeGreaterThan(10);
    const small = await repo.searchHouseholds({ q: surname, page: 1, pageSize: 1, countStep: 1 });
    // pageSize 1 × 10 pages: the bound is 10.
    expect(small).toMatchObject({ total: 10, totalCapped: true });
    const exact = await repo.searchHouseholds({ q: surname, page: 1, pageSize: 20 });
    expect(exact).toMatchObject({ total: real, totalCapped: false });
    // Within a township (the count is drawn from members' areas, the page from households' areas: they agree).
    const township = scopeOf('211221101000');
    const inTownship = await new RegistryRepo(db.kysely, township).searchHouseholds({ q: surname, page: 1, pageSize: 100 });
    const [{ n }] = await db.kysely
      .selectFrom('household')
      .where('county_code', '=', COUNTY)
      .where('area_code', 'like', `${township.prefix}%`)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('person')
            .select('person.id')
            .whereRef('person.county_code', '=', 'household.county_code')
            .whereRef('person.household_id', '=', 'household.id')
            .where('person.name', 'like', `${surname}%`),
        ),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    expect(Number(n)).toBeGreaterThan(0);
    expect(Number(n)).toBeLessThan(real);
    expect(inTownship).toMatchObject({ total: Number(n), totalCapped: false });
    expect(inTownship.rows).toHaveLength(Number(n));
  });

  it('name search: households in the order of their first matching member, each once, page after page', async () => {
    // Heads 王3, 王9 … have a spouse 王3, 王9 … too: two matching members, one household.
    const persons = await db.kysely.selectFrom('person').select(['household_id', 'name', 'area_code']).where('county_code', '=', COUNTY).where('name', 'like', '王%').execute();
    const first = new Map<string, { name: string; area: string }>();
    for (const p of persons) {
      const f = first.get(p.household_id);
      if (!f || p.name < f.name) first.set(p.household_id, { name: p.name, area: p.area_code });
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = [...first].sort(([ia, a], [ib, b]) => cmp(a.name, b.name) || cmp(a.area, b.area) || cmp(ia, ib)).map(([id]) => id);
    expect(persons.length).toBeGreaterThan(expected.length);
    const repo = new RegistryRepo(db.kysely, county);
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / 3) + 1; page++) {
      const r = await repo.searchHouseholds({ q: '王', page, pageSize: 3 });
      expect(r).toMatchObject({ total: expected.length, totalCapped: false });
      seen.push(...r.rows.map((h) => h.id));
    }
    expect(seen).toEqual(expected);
  });

  it('ID-number search: one household, exact', async () => {
    const [person] = await db.kysely.selectFrom('person').select('id_number_sealed').where('household_id', '=', 'cc-0007').execute();
    const found = await new RegistryRepo(db.kysely, county).searchHouseholds({ q: openIdNumber(db.keys, person), page: 1, pageSize: 20, countStep: 1 });
    expect(found).toMatchObject({ total: 1, totalCapped: false });
    expect(found.rows.map((r) => r.id)).toEqual(['cc-0007']);
  });

  it('case list: capped past the bound, exact below it, and filters count the same rows the page is drawn from', async () => {
    const repo = new CaseRepo(db.kysely, county);
    expect(await repo.search({ page: 1, pageSize: 1, countStep: 5 })).toMatchObject({ total: 10, totalCapped: true });
    expect(await repo.search({ page: 3, pageSize: 2, countStep: 5 })).toMatchObject({ total: 25, totalCapped: false });
    expect(await repo.search({ page: 1, pageSize: 20 })).toMatchObject({ total: CASES, totalCapped: false });
    expect(await repo.search({ state: 'applied', page: 1, pageSize: 1, countStep: 1 })).toMatchObject({ total: 0, totalCapped: false });
  });

  it('worklist: a fixed bound, capped past it, exact at or below it', async () => {
    const repo = new CaseRepo(db.kysely, county);
    const filters = [{ kind: 'dibao_household', states: ['county_review'] }];
    const capped = await repo.worklist({ filters, limit: 5, countBound: 10 });
    expect(capped).toMatchObject({ total: 10, totalCapped: true });
    expect(capped.rows).toHaveLength(5);
    expect(await repo.worklist({ filters, limit: 5, countBound: CASES })).toMatchObject({ total: CASES, totalCapped: false });
    expect(await repo.worklist({ filters, limit: 5 })).toMatchObject({ total: CASES, totalCapped: false });
    expect(await repo.worklist({ filters, limit: 1, overdueBefore: '2026-01-12', countBound: 1 })).toMatchObject({ total: 1, totalCapped: true });
    // A short first page is the whole list: its length is the exact total, whatever the bound.
    expect(await repo.worklist({ filters, limit: 5, overdueBefore: '2026-01-12', countBound: 1 })).toMatchObject({ total: 2, totalCapped: false });
    // A later (keyset) page, short or not, still reports the whole list's total.
    const second = await repo.worklist({ filters, limit: 5, countBound: 100, after: { due: capped.rows[4].due_date, county: capped.rows[4].county_code, id: capped.rows[4].id } });
    expect(second).toMatchObject({ total: CASES, totalCapped: false });
    const tail = await repo.worklist({ filters, limit: 30, countBound: 100, after: { due: capped.rows[4].due_date, county: capped.rows[4].county_code, id: capped.rows[4].id } });
    expect(tail.rows).toHaveLength(CASES - 5);
    expect(tail).toMatchObject({ total: CASES, totalCapped: false });
  });

  it('a short page is its own total; a page past the end is counted', async () => {
    const repo = new RegistryRepo(db.kysely, county);
    // 30 households, 7 a page: page 5 holds the last 2. With a step of 1 the bound would be 7 × 10 + 28 = 98 anyway.
    const last = await repo.searchHouseholds({ page: 5, pageSize: 7, countStep: 1 });
    expect(last.rows).toHaveLength(2);
    expect(last).toMatchObject({ total: HOUSEHOLDS, totalCapped: false });
    expect(await repo.searchHouseholds({ page: 9, pageSize: 7, countStep: 1 })).toMatchObject({ rows: [], total: HOUSEHOLDS, totalCapped: false });
    const cases = new CaseRepo(db.kysely, county);
    expect(await cases.search({ page: 4, pageSize: 8, countStep: 1 })).toMatchObject({ total: CASES, totalCapped: false });
    expect(await cases.search({ page: 40, pageSize: 8, countStep: 1 })).toMatchObject({ rows: [], total: CASES, totalCapped: false });
  });

  it('cappedCount on any filtered query: min(count, bound), capped exactly when the count exceeds the bound', async () => {
    const q = db.kysely.selectFrom('person').where('county_code', '=', COUNTY);
    const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute();
    const real = Number(n);
    for (const bound of [1, real - 1, real, real + 1, 10 * real]) {
      expect(await cappedCount(db.kysely, q, bound)).toEqual({ total: Math.min(real, bound), totalCapped: real > bound });
    }
  });
});
