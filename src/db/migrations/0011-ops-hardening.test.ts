import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';
import { isAppError } from '../../kernel/errors.ts';
import { canonicalJson, eventHash, GENESIS_HASH, verifyAudit } from '../audit.ts';
import { migrateToLatest, migratorFor } from '../connect.ts';

/** A chain as the code before issue 9 wrote it: plain sha256 of the canonical fields. */
async function plainChain(db: TestDb, chain: string, n: number): Promise<void> {
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      chain, seq, at: `2025-06-0${(seq % 9) + 1}T00:00:00.000Z`, actor_id: null, actor_name: 'old', action: 'household.update', entity_type: 'household',
      entity_id: `h${seq}`, before_digest: null, after_digest: 'a'.repeat(64), detail: seq % 2 ? canonicalJson({ n: seq }) : null, prev_hash: prev,
    };
    const hash = createHash('sha256').update(canonicalJson(fields)).digest('hex');
    await db.kysely.insertInto('audit_event').values({ ...fields, hash }).execute();
    prev = hash;
  }
  await db.kysely.insertInto('audit_head').values({ chain, seq: n, hash: prev }).execute();
}

async function upTo0008(db: TestDb): Promise<void> {
  const m = migratorFor(db);
  const { error } = await m.migrateTo('0008-worklist-cover');
  if (error) throw error;
}

describe(`migration 0011: the audit chain keyed (${TEST_DIALECT})`, () => {
  let db: TestDb | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it('verifies the plain chains of an existing database and re-seals them under the audit key, links and heads included', async () => {
    db = await createTestDb({ seed: false });
    await upTo0008(db);
    await plainChain(db, '211221', 2_345);
    await plainChain(db, 'city', 3);
    await migrateToLatest(db);
    const r = await verifyAudit(db.kysely);
    expect(r).toEqual({ ok: true, chains: 2, events: 2_348, firstProblem: null });
    const rows = await db.kysely.selectFrom('audit_event').selectAll().where('chain', '=', '211221').orderBy('seq').limit(3).execute();
    for (const row of rows) {
      const { hash, ...fields } = row;
      expect(hash).toBe(eventHash(db.keys, fields));
      // The plain hash no longer stands: without the key nobody can make an edited chain consistent again.
      expect(hash).not.toBe(createHash('sha256').update(canonicalJson({ ...fields, seq: Number(fields.seq) })).digest('hex'));
    }
    expect(rows[1].prev_hash).toBe(rows[0].hash);
  });

  it('refuses a chain that is already broken, naming it, and changes nothing', async () => {
    db = await createTestDb({ seed: false });
    await upTo0008(db);
    await plainChain(db, '211221', 10);
    await db.kysely.updateTable('audit_event').set({ actor_name: 'forger' }).where('chain', '=', '211221').where('seq', '=', 7).execute();
    const before = await db.kysely.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const e = await migrateToLatest(db).then(() => null, (x) => x);
    expect(isAppError(e) ? { code: e.code, details: e.details } : e).toEqual({ code: 'AUDIT_CHAIN_BROKEN', details: { chain: '211221', seq: 7, problem: 'hash mismatch' } });
    expect(await db.kysely.selectFrom('audit_event').selectAll().orderBy('seq').execute()).toEqual(before);
  });
});
