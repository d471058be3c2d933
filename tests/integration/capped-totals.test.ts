import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { verifyAudit } from '../../src/db/audit.ts';
import type { PlainDate } from '../../src/kernel/plain-date.ts';
import { seedOpenCases } from '../factories/bulk-cases.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

const COUNTY = AREAS.county.slice(0, 6);
/** More than the 1,000 a first page counts to, so the county's lists are capped; few enough to write in a second. */
const HOUSEHOLDS = 1_050;
const CASES = 1_020;
/** The server's clock: a day when some of the seeded cases are overdue. */
const TODAY = new Date('2026-01-12T02:00:00Z');

/**
 * Page totals through the API with the real bound (ADR 0010): a county's lists stop counting at 1,000 and say so; a
 * deeper page counts further; a township's short lists stay exact. The figures to compare against are counted here
 * with plain SQL, not through the code under test.
 */
describe(`capped page totals on the list routes (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let county: Client;
  let township: Client;

  const get = async (c: Client, url: string) => {
    const r = await c.call('GET', url);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json;
  };
  const lastAudit = async (action: string) => {
    const r = await db.kysely.selectFrom('audit_event').select(['detail', 'actor_name']).where('action', '=', action).orderBy('at', 'desc').orderBy('seq', 'desc').executeTakeFirst();
    return r && { actor: r.actor_name, detail: JSON.parse(r.detail ?? 'null') };
  };
  const countOf = async (table: 'household' | 'assistance_case', prefix: string) => {
    const r = await db.kysely
      .selectFrom(table)
      .where('county_code', '=', COUNTY)
      .where('area_code', 'like', `${prefix}%`)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };

  beforeAll(async () => {
    db = await createTestDb();
    await generateDemo(operatorContext(db, { name: 'test', clock: () => new Date('2026-01-05T02:00:00Z') }), { households: HOUSEHOLDS, seed: 'capped-totals', county: COUNTY });
    await seedOpenCases(db, { county: COUNTY, state: 'county_review', count: CASES, firstDue: '2026-01-10' as PlainDate, at: '2026-01-05T02:00:00.000Z' });
    await makeUser(db, 'cty_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'twp_cw', 'township_caseworker', AREAS.township);
    app = await testServer(db, () => TODAY);
    county = await loginAs(app, 'cty_ap');
    township = await loginAs(app, 'twp_cw');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('household list: a county’s first page says "1,000+", a deep page counts on, the last page is reachable', async () => {
    expect(await countOf('household', COUNTY)).toBe(HOUSEHOLDS);
    const first = await get(county, '/api/households?pageSize=20');
    expect(first).toMatchObject({ total: 1_000, totalCapped: true, page: 1, pageSize: 20 });
    expect(first.items).toHaveLength(20);
    expect(await lastAudit('registry.search')).toMatchObject({ actor: 'cty_ap', detail: { total: 1_000, totalCapped: true, returned: 20 } });
    // Page 50 is the last the first page's total offers; from there the count reaches 2,000 and so the real total.
    const fiftieth = await get(county, '/api/households?pageSize=20&page=50');
    expect(fiftieth).toMatchObject({ total: HOUSEHOLDS, totalCapped: false });
    expect(fiftieth.items).toHaveLength(20);
    const last = await get(county, `/api/households?pageSize=20&page=${Math.ceil(HOUSEHOLDS / 20)}`);
    expect(last.items).toHaveLength(HOUSEHOLDS % 20);
    // Paging is stable across the cap: no household twice on pages 50 and 51.
    const next = await get(county, '/api/households?pageSize=20&page=51');
    const ids = new Set([...fiftieth.items, ...next.items].map((h: { id: string }) => h.id));
    expect(ids.size).toBe(40);
  });

  it('household list of a township: exact, not capped', async () => {
    const expected = await countOf('household', AREAS.township.slice(0, 9));
    expect(expected).toBeGreaterThan(0);
    expect(await get(township, '/api/households?pageSize=20')).toMatchObject({ total: expected, totalCapped: false });
  });

  it('name search: the capped total agrees with the real number of households with such a member', async () => {
    const names = await db.kysely.selectFrom('person').select('name').where('county_code', '=', COUNTY).execute();
    const freq = new Map<string, number>();
    for (const { name } of names) freq.set(name[0], (freq.get(name[0]) ?? 0) + 1);
    const surname = [...freq.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const real = Number(
      (
        await db.kysely
          .selectFrom('household')
          .where('county_code', '=', COUNTY)
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
          .executeTakeFirstOrThrow()
      ).n,
    );
    const page = await get(county, `/api/households?q=${encodeURIComponent(surname)}&pageSize=20`);
    expect(page).toMatchObject(real > 1_000 ? { total: 1_000, totalCapped: true } : { total: real, totalCapped: false });
  });

  it('case list: capped at 1,000 on the first page, exact from a deep page, exact when filtered small', async () => {
    expect(await countOf('assistance_case', COUNTY)).toBe(CASES);
    const first = await get(county, '/api/cases?pageSize=20');
    expect(first).toMatchObject({ total: 1_000, totalCapped: true });
    expect(first.items).toHaveLength(20);
    expect(await lastAudit('case.search')).toMatchObject({ actor: 'cty_ap', detail: { total: 1_000, totalCapped: true } });
    expect(await get(county, '/api/cases?pageSize=20&page=50')).toMatchObject({ total: CASES, totalCapped: false });
    expect(await get(county, '/api/cases?pageSize=20&state=applied')).toMatchObject({ total: 0, totalCapped: false, items: [] });
    const ownCases = await countOf('assistance_case', AREAS.township.slice(0, 9));
    expect(await get(township, '/api/cases?pageSize=20')).toMatchObject({ total: ownCases, totalCapped: false });
  });

  it('worklist: "1,000+" on every page of the county’s list while the keyset pages go on', async () => {
    const first = await get(county, '/api/worklist?pageSize=100');
    expect(first).toMatchObject({ total: 1_000, totalCapped: true });
    expect(first.items).toHaveLength(100);
    expect(await lastAudit('case.worklist')).toMatchObject({ detail: { total: 1_000, totalCapped: true, returned: 100 } });
    let after = first.nextCursor as string | null;
    let seen = first.items.length;
    while (after) {
      const p = await get(county, `/api/worklist?pageSize=100&after=${after}`);
      expect(p).toMatchObject({ total: 1_000, totalCapped: true });
      seen += p.items.length;
      after = p.nextCursor;
    }
    expect(seen).toBe(CASES);
    // Overdue on the server's day (2026-01-12): due on the 10th or 11th, two days in each sixty-day cycle of due dates.
    const overdue = await get(county, '/api/worklist?pageSize=50&overdue=true');
    expect(overdue).toMatchObject({ total: (CASES / 60) * 2, totalCapped: false, nextCursor: null });
    expect(overdue.items).toHaveLength((CASES / 60) * 2);
  });

  it('review, overdue-review and follow-up lists are audited by group commit: one event per page, the chain intact', async () => {
    const routes = [
      ['/api/reviews?pageSize=20', 'review.list'],
      ['/api/reviews/overdue?pageSize=20', 'review.overdue'],
      ['/api/follow-up-tasks?pageSize=20', 'follow_up.list'],
    ] as const;
    const before = async (action: string) =>
      Number((await db.kysely.selectFrom('audit_event').where('action', '=', action).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (const [url, action] of routes) {
      const n0 = await before(action);
      // Concurrent pages share commits; each is recorded before its answer comes back.
      const pages = await Promise.all(Array.from({ length: 5 }, () => get(county, url)));
      expect(await before(action)).toBe(n0 + 5);
      expect(await lastAudit(action)).toMatchObject({ actor: 'cty_ap', detail: { area: AREAS.county, returned: pages[0].items.length, total: pages[0].total } });
    }
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
  });
});
