import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';
import { appendAudit, appendAuditBatch, eventHash, GENESIS_HASH, verifyAudit } from './audit.ts';

describe(`appendAuditBatch (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ seed: false });
    const { migrateToLatest } = await import('./connect.ts');
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  const actor = { userId: null, username: 'tester' };
  const ev = (chain: string, i: number) => ({ actor, input: { chain, action: 'x.read', entityType: 'household', detail: { i } }, at: `2026-01-05T02:00:0${i % 10}.000Z` });

  it('builds the chain appendAudit would: per chain contiguous, linked, in order, across new and existing chains', async () => {
    await appendAudit(db.kysely, actor, { chain: '211221', action: 'first', entityType: 'x' }, '2026-01-05T01:00:00.000Z');
    // Interleaved chains in one batch; 'city' is new (no head yet).
    const batch = [ev('211221', 1), ev('city', 2), ev('211221', 3), ev('211221', 4), ev('city', 5)];
    await db.kysely.transaction().execute((trx) => appendAuditBatch(trx, batch));
    await appendAudit(db.kysely, actor, { chain: 'city', action: 'after', entityType: 'x' }, '2026-01-05T03:00:00.000Z');
    const rows = await db.kysely.selectFrom('audit_event').selectAll().orderBy('chain').orderBy('seq').execute();
    const county = rows.filter((r) => r.chain === '211221');
    const city = rows.filter((r) => r.chain === 'city');
    expect(county.map((r) => [Number(r.seq), r.action, r.detail])).toEqual([
      [1, 'first', null],
      [2, 'x.read', '{"i":1}'],
      [3, 'x.read', '{"i":3}'],
      [4, 'x.read', '{"i":4}'],
    ]);
    expect(city.map((r) => [Number(r.seq), r.action])).toEqual([
      [1, 'x.read'],
      [2, 'x.read'],
      [3, 'after'],
    ]);
    expect(city[0].prev_hash).toBe(GENESIS_HASH);
    for (const chain of [county, city]) {
      for (let i = 0; i < chain.length; i++) {
        const { hash, ...fields } = chain[i];
        expect(eventHash(db.keys, fields)).toBe(hash);
        if (i > 0) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
      }
    }
    const heads = await db.kysely.selectFrom('audit_head').selectAll().orderBy('chain').execute();
    expect(heads.map((h) => [h.chain, Number(h.seq), h.hash])).toEqual([
      ['211221', 4, county[3].hash],
      ['city', 3, city[2].hash],
    ]);
    expect(await verifyAudit(db.kysely)).toMatchObject({ ok: true, events: 7 });
  });

  it('a batch larger than one insert statement stays one contiguous chain', async () => {
    const batch = Array.from({ length: 450 }, (_, i) => ev('211223', i));
    await db.kysely.transaction().execute((trx) => appendAuditBatch(trx, batch));
    const [{ n, max }] = await db.kysely
      .selectFrom('audit_event')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('max')])
      .where('chain', '=', '211223')
      .execute();
    expect([Number(n), Number(max)]).toEqual([450, 450]);
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
  });
});
