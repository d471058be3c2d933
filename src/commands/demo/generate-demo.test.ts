import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../tests/factories/test-db.ts';
import { verifyAudit } from '../../db/audit.ts';
import { parseIdNumber } from '../../kernel/id-number.ts';
import { ageOn, type PlainDate } from '../../kernel/plain-date.ts';
import { BULK_ORDER, BULK_TABLES, comparableRow } from './bulk-writer.ts';
import { idHashOf, openAccount, openIdNumber, sealIdNumber } from '../../db/personal-data.ts';
import { DEMO_AS_OF, generateDemo } from './generate-demo.ts';
import { seedDemoIfEmpty } from './seed-demo.ts';
import { operatorContext } from '../context.ts';

const NOW = new Date('2026-01-05T02:00:00Z');
const ACTOR = { userId: null, username: 'test' };
const N = 2_000;
/** Rural dibao standard from 2019-07-01, yuan/person/year: only a yardstick for the income distribution here. */
const DIBAO_YUAN = 4_770;

async function digestRows(db: TestDb): Promise<string> {
  const h = createHash('sha256');
  for (const t of BULK_ORDER) {
    // Sealed values opened and keyed hashes left out: the two databases compared have keys of their own.
    const key = t === 'person_index' ? 'person_id' : 'id';
    const rows = await db.kysely.selectFrom(t).select(BULK_TABLES[t] as never).orderBy(key as never).execute();
    for (const r of rows) h.update(JSON.stringify(comparableRow(db.keys, t, r as Record<string, unknown>)));
  }
  return h.digest('hex');
}

async function count(db: TestDb, table: (typeof BULK_ORDER)[number]): Promise<number> {
  const r = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * One test database open at a time: on PostgreSQL, Kysely's migrator looks for its bookkeeping tables in every
 * schema, so migrating a second schema while another test schema exists fails.
 */
async function withTestDb<T>(fn: (db: TestDb) => Promise<T>): Promise<T> {
  const db = await createTestDb();
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

describe('doudi demo generate', () => {
  let a: TestDb;
  let first: Awaited<ReturnType<typeof generateDemo>>;
  // Small transactions so that the run spans several of them.
  const opts = { households: N, seed: 's1', transactionPersons: 1_500 };
  const ctx = (db: TestDb) => operatorContext(db, { name: ACTOR.username, clock: () => NOW });

  beforeAll(async () => {
    a = await createTestDb();
    first = await generateDemo(ctx(a), opts);
  });
  afterAll(async () => {
    await a?.destroy();
  });

  it('is deterministic: two fresh databases, same seed, same rows (ids included)', async () => {
    expect(first.households).toBe(N);
    expect(await count(a, 'household')).toBe(N);
    expect(await count(a, 'person')).toBe(first.persons);
    const digestA = await digestRows(a);
    await a.destroy();
    a = await createTestDb(); // a second fresh database; the tests below go on with it
    const again = await generateDemo(ctx(a), opts);
    expect(again).toMatchObject({ households: N, persons: first.persons, incomes: first.incomes, assets: first.assets });
    expect(await digestRows(a)).toBe(digestA);
  });

  it('writes valid ID numbers whose birth date and sex match the columns', async () => {
    const rows = await a.kysely.selectFrom('person').select(['id_number_sealed', 'id_hash', 'birth_date', 'sex', 'county_code', 'synthetic']).execute();
    const persons = rows.map((r) => ({ ...r, id_number: openIdNumber(a.keys, r) }));
    expect(persons).toHaveLength(first.persons);
    for (const p of persons) {
      expect(p.id_hash).toBe(idHashOf(a.keys, p.id_number));
      const r = parseIdNumber(p.id_number, { today: '2026-01-05' as PlainDate });
      expect(r.ok, p.id_number).toBe(true);
      if (!r.ok) continue;
      expect(r.value.birthDate).toBe(p.birth_date);
      expect(r.value.sex).toBe(p.sex);
      expect(r.value.regionCode).toBe(p.county_code);
      expect(p.synthetic).toBe(1);
    }
    expect(new Set(persons.map((p) => p.id_number)).size).toBe(persons.length);
  });

  it('gives every household exactly one head, the right member count and head name', async () => {
    const rows = await a.kysely
      .selectFrom('household as h')
      .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'h.county_code').onRef('p.household_id', '=', 'h.id'))
      .select(['h.id', 'h.member_count', 'h.head_name', 'h.synthetic', 'p.relation', 'p.name'])
      .execute();
    const byHousehold = new Map<string, typeof rows>();
    for (const r of rows) byHousehold.set(r.id, [...(byHousehold.get(r.id) ?? []), r]);
    expect(byHousehold.size).toBe(N);
    for (const members of byHousehold.values()) {
      const heads = members.filter((m) => m.relation === 'head');
      expect(heads).toHaveLength(1);
      expect(members[0].member_count).toBe(members.length);
      expect(members[0].head_name).toBe(heads[0].name);
      expect(members[0].synthetic).toBe(1);
    }
  });

  it('fills person_index with every person', async () => {
    const joined = await a.kysely
      .selectFrom('person_index as i')
      .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'i.county_code').onRef('p.id', '=', 'i.person_id'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .whereRef('p.id_hash', '=', 'i.id_hash')
      .executeTakeFirstOrThrow();
    expect(Number(joined.n)).toBe(first.persons);
    expect(await count(a, 'person_index')).toBe(first.persons);
  });

  it('has a plausible distribution: ageing, small households, ~5–8% registered poor, a minority below the dibao line', async () => {
    const persons = await a.kysely.selectFrom('person').select(['birth_date', 'disability_kind', 'labor_capacity', 'in_school', 'hukou_type']).execute();
    const share = (f: (p: (typeof persons)[number]) => boolean) => persons.filter(f).length / persons.length;
    const old = share((p) => ageOn(p.birth_date as PlainDate, DEMO_AS_OF) >= 60);
    expect(old).toBeGreaterThan(0.22);
    expect(old).toBeLessThan(0.42);
    const disabled = share((p) => p.disability_kind !== null);
    expect(disabled).toBeGreaterThan(0.02);
    expect(disabled).toBeLessThan(0.08);
    expect(share((p) => p.hukou_type === 'rural')).toBeGreaterThan(0.85);
    expect(share((p) => p.in_school === 1)).toBeGreaterThan(0.05);
    const mean = first.persons / N;
    expect(mean).toBeGreaterThan(2.1);
    expect(mean).toBeLessThan(2.8);

    const households = (await a.kysely.selectFrom('household').select(['id', 'registered_poor', 'member_count', 'bank_account_sealed']).execute()).map((h) => ({
      ...h,
      bank_account: openAccount(a.keys, h),
    }));
    const poor = households.filter((h) => h.registered_poor === 1).length / N;
    expect(poor).toBeGreaterThan(0.04);
    expect(poor).toBeLessThan(0.09);
    const singles = households.filter((h) => h.member_count === 1).length / N;
    expect(singles).toBeGreaterThan(0.12);
    expect(households.filter((h) => h.bank_account !== null).length / N).toBeGreaterThan(0.8);

    const incomes = await a.kysely.selectFrom('income_item').select(['household_id', 'annual_fen', 'kind']).execute();
    const income = new Map<string, number>();
    for (const it of incomes) income.set(it.household_id, (income.get(it.household_id) ?? 0) + Number(it.annual_fen));
    const below = households.filter((h) => (income.get(h.id) ?? 0) / h.member_count < DIBAO_YUAN * 100).length / N;
    expect(below).toBeGreaterThan(0.05);
    expect(below).toBeLessThan(0.25);
    expect(new Set(incomes.map((i) => i.kind))).toEqual(new Set(['wage', 'business', 'property', 'pension', 'transfer', 'family_planning_award', 'other', 'special_care']));
    const assetKinds = await a.kysely.selectFrom('asset_item').select('kind').distinct().execute();
    expect(assetKinds.map((r) => r.kind).sort()).toEqual(['financial', 'house', 'vehicle']);
  });

  it('records one audit event with counts only, and the chain verifies', async () => {
    const events = await a.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'demo.generate').execute();
    expect(events).toHaveLength(1);
    expect(events[0].chain).toBe('city');
    expect(JSON.parse(events[0].detail ?? '{}')).toEqual({ households: N, persons: first.persons, incomes: first.incomes, assets: first.assets, synthetic: true });
    expect((await verifyAudit(a.kysely)).ok).toBe(true);
  });

  it('adds a second population with another seed without any collision', async () => {
    const second = await generateDemo(operatorContext(a, { name: ACTOR.username, clock: () => NOW }), { households: 500, seed: 's2' });
    const persons = await a.kysely.selectFrom('person').select(['id', 'id_number_sealed']).execute();
    expect(persons).toHaveLength(first.persons + second.persons);
    expect(new Set(persons.map((p) => openIdNumber(a.keys, p))).size).toBe(persons.length);
    expect(new Set(persons.map((p) => p.id)).size).toBe(persons.length);
    expect(await count(a, 'person_index')).toBe(persons.length);
    expect(await count(a, 'household')).toBe(N + 500);
  });

  it('refuses a seed already used in the database, changing nothing', async () => {
    const before = await count(a, 'person');
    await expect(generateDemo(operatorContext(a, { name: ACTOR.username, clock: () => NOW }), { households: 10, seed: 's1' })).rejects.toMatchObject({ code: 'DEMO_SEED_USED' });
    expect(await count(a, 'person')).toBe(before);
  });

  it('confines a run to one county and records it on that county\'s chain', async () => {
    const b = a;
    const inCounty = async () =>
      Number((await b.kysely.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', '211223').executeTakeFirstOrThrow()).n);
    const [before, total] = [await inCounty(), await count(b, 'person')];
    const r = await generateDemo(operatorContext(b, { name: ACTOR.username, clock: () => NOW }), { households: 200, seed: 's3', county: '211223' });
    expect(r.scope).toBe('211223');
    expect(before).toBeLessThan(total); // the first run covered the whole city
    expect(await inCounty()).toBe(before + r.persons);
    expect(await count(b, 'person')).toBe(total + r.persons);
    const ev = await b.kysely.selectFrom('audit_event').select(['chain']).where('action', '=', 'demo.generate').execute();
    expect(ev.map((e) => e.chain).sort()).toEqual(['211223', 'city', 'city']);
    await expect(generateDemo(operatorContext(b, { name: ACTOR.username }), { households: 1, seed: 'x', county: '211299' })).rejects.toMatchObject({ code: 'DEMO_COUNTY_UNKNOWN' });
    await expect(generateDemo(operatorContext(b, { name: ACTOR.username }), { households: 0, seed: 'x' })).rejects.toMatchObject({ code: 'DEMO_HOUSEHOLDS_RANGE' });
  });
});

describe('demo generation around existing data', () => {
  it('never hands out an ID number already registered (e.g. typed in by hand)', async () => {
    // Find the numbers seed "m" would use on an empty database, then register some of them first.
    const wanted = await withTestDb(async (probe) => {
      await generateDemo(operatorContext(probe, { name: ACTOR.username, clock: () => NOW }), { households: 50, seed: 'm' });
      return (await probe.kysely.selectFrom('person').select('id_number_sealed').orderBy('id').execute()).map((r) => openIdNumber(probe.keys, r));
    });
    const taken = wanted.slice(0, 20);
    await withTestDb(async (c) => {
      const at = NOW.toISOString();
      await c.kysely.transaction().execute(async (trx) => {
        for (const [i, n] of taken.entries()) {
          const county = n.slice(0, 6);
          const household = `manual-h${i}`;
          await trx
            .insertInto('household')
            .values({
              county_code: county, id: household, area_code: `${county}101200`, address: '手工登记', hukou_type: 'rural', registered_poor: 0, bank_name: null,
              bank_account_sealed: null, bank_account_hash: null, phone_sealed: null, head_name: '手工', member_count: 1, synthetic: 0, version: 1, created_at: at, updated_at: at,
            })
            .execute();
          const id = sealIdNumber(c.keys, n);
          await trx
            .insertInto('person')
            .values({
              county_code: county, id: `manual-${i}`, household_id: household, area_code: `${county}101200`, ...id, name: '手工', sex: 'M', birth_date: '1970-01-01',
              relation: 'head', hukou_type: 'rural', disability_kind: null, disability_grade: null, serious_illness: 0, labor_capacity: 'full', self_care_mask: 0,
              supporter_status: 'none', in_school: 0, synthetic: 0, version: 1, created_at: at, updated_at: at,
            })
            .execute();
          await trx.insertInto('person_index').values({ id_hash: id.id_hash, county_code: county, person_id: `manual-${i}` }).execute();
        }
      });
      const r = await generateDemo(operatorContext(c, { name: ACTOR.username, clock: () => NOW }), { households: 50, seed: 'm' });
      const got = (await c.kysely.selectFrom('person').select('id_number_sealed').where('synthetic', '=', 1).execute()).map((p) => openIdNumber(c.keys, p));
      expect(got).toHaveLength(r.persons);
      for (const n of taken) expect(got).not.toContain(n);
      expect(await count(c, 'person_index')).toBe(r.persons + taken.length);
    });
  });

  it('leaves only whole households when a run stops part-way', async () => {
    await withTestDb(async (d) => {
      let calls = 0;
      await expect(
        generateDemo(operatorContext(d, { name: ACTOR.username }), {
          households: 600,
          seed: 'crash',
          transactionPersons: 300,
          onProgress: () => {
            if (++calls === 2) throw new Error('interrupted');
          },
        }),
      ).rejects.toThrow('interrupted');
      const households = await d.kysely.selectFrom('household').select(['id', 'member_count']).execute();
      expect(households.length).toBeGreaterThan(0);
      expect(households.length).toBeLessThan(600);
      const persons = await d.kysely.selectFrom('person').select('household_id').execute();
      const members = new Map<string, number>();
      for (const p of persons) members.set(p.household_id, (members.get(p.household_id) ?? 0) + 1);
      for (const h of households) expect(members.get(h.id)).toBe(h.member_count);
      expect(await count(d, 'person_index')).toBe(persons.length);
    });
  });

  it('completes an interrupted starter demo on the next start (npm start killed during its first seeding)', async () => {
    await withTestDb(async (e) => {
      let calls = 0;
      const stop = () => {
        if (++calls === 2) throw new Error('interrupted');
      };
      await expect(generateDemo(operatorContext(e, { name: ACTOR.username }), { households: 600, seed: 'starter-x', transactionPersons: 300, onProgress: stop })).rejects.toThrow('interrupted');
      const partial = await count(e, 'household');
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(600);
      const msg = await seedDemoIfEmpty(e, { households: 600, seed: 'starter-x', enroll: false });
      expect(msg).toContain(`resumed after ${partial}`);
      expect(await count(e, 'household')).toBe(600);
      expect(await seedDemoIfEmpty(e, { households: 600, seed: 'starter-x', enroll: false })).toBeNull();
      expect((await verifyAudit(e.kysely)).ok).toBe(true);
    });
  });

  it('seeds the starter demo on an empty registry only', async () => {
    await withTestDb(async (e) => {
      const msg = await seedDemoIfEmpty(e, { households: 40, seed: 'starter' });
      const persons = await count(e, 'person');
      expect(msg).toContain('40 户');
      expect(msg).toContain(`${persons} persons`);
      expect(await seedDemoIfEmpty(e, { households: 40, seed: 'other' })).toBeNull();
      expect(await count(e, 'household')).toBe(40);
    });
  });
});
