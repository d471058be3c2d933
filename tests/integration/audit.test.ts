import type { FastifyInstance } from 'fastify';
import { openIdNumber } from '../../src/db/personal-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/db/audit.ts';
import { writeHeadFile } from '../../src/db/audit-checkpoint.ts';
import type { AuditEventTable } from '../../src/db/schema.ts';
import { type Client, householdOfThree, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { CASE_TABLES, countRows, snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const COUNTY_CHAIN = AREAS.county.slice(0, 6);

describe(`audit trail (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;
  let auditor: Client;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'clerk', 'township_caseworker', AREAS.township);
    await makeUser(db, 'inspector', 'auditor', AREAS.city);
    app = await testServer(db);
    worker = await loginAs(app, 'clerk');
    auditor = await loginAs(app, 'inspector');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const events = (chain: string) => db.kysely.selectFrom('audit_event').selectAll().where('chain', '=', chain).orderBy('seq').execute();
  const createHousehold = (names = ['审户主', '审配偶', '审子女']) =>
    worker.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')], names));

  it('a write appends one event in its own transaction, naming who, what and when, with digests and no personal data', async () => {
    const before = await countRows(db, 'audit_event');
    const created = await createHousehold(['甄审计', '李审计', '甄小审']);
    expect(created.status).toBe(201);
    const added = await db.kysely.selectFrom('audit_event').selectAll().where('entity_id', '=', created.json.id).execute();
    expect(added).toHaveLength(1);
    expect(await countRows(db, 'audit_event')).toBe(before + 1);
    const e = added[0];
    expect(e).toMatchObject({ chain: COUNTY_CHAIN, action: 'household.create', entity_type: 'household', actor_name: 'clerk' });
    expect(e.after_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(e.prev_hash).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(e);
    for (const m of created.json.members as { idNumber: string; name: string }[]) {
      expect(text).not.toContain(m.idNumber);
      expect(text).not.toContain(m.name);
    }
  });

  it('a refused command appends no event and changes nothing', async () => {
    const created = await createHousehold();
    const snapshot = await snapshotTables(db);
    const { members: _m, ...rest } = householdOfThree(AREAS.village, ['', '', '']);
    const stale = await worker.call('PUT', `/api/households/${created.json.countyCode}/${created.json.id}`, { ...rest, version: created.json.version + 7 });
    expect(stale.status).toBe(409);
    const [{ id_number_sealed }] = await db.kysely.selectFrom('person').select('id_number_sealed').where('id', '=', created.json.members[0].id).execute();
    const taken = openIdNumber(db.keys, { id_number_sealed });
    const dup = await worker.call('POST', '/api/households', householdOfThree(AREAS.village, [taken, nextId(), nextId('20100101')]));
    expect(dup.status).toBe(409);
    expect(await snapshotTables(db)).toBe(snapshot);
  });

  it('when the event cannot be appended the write itself is rolled back (same transaction)', async () => {
    await createHousehold();
    const head = await db.kysely.selectFrom('audit_head').selectAll().where('chain', '=', COUNTY_CHAIN).executeTakeFirstOrThrow();
    // A squatter on the next sequence number makes the append fail after the household rows are written.
    const squatter = { chain: COUNTY_CHAIN, seq: Number(head.seq) + 1, at: '2026-01-01T00:00:00.000Z', actor_id: null, actor_name: 'x', action: 'x', entity_type: 'x', entity_id: null, before_digest: null, after_digest: null, detail: null, prev_hash: 'x', hash: 'x' };
    await db.kysely.insertInto('audit_event').values(squatter).execute();
    const cases = await snapshotTables(db, CASE_TABLES);
    const res = await createHousehold(['滚回户主', '滚回配偶', '滚回子女']);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.json).toEqual(expect.objectContaining({ code: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } }));
    expect(await snapshotTables(db, CASE_TABLES)).toBe(cases);
    const headAfter = await db.kysely.selectFrom('audit_head').selectAll().where('chain', '=', COUNTY_CHAIN).executeTakeFirstOrThrow();
    expect(Number(headAfter.seq)).toBe(Number(head.seq));
    await db.kysely.deleteFrom('audit_event').where('chain', '=', COUNTY_CHAIN).where('seq', '=', squatter.seq).execute();
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
  });

  it('an intact chain verifies, in the library, the API and the CLI (exit 0)', async () => {
    for (let i = 0; i < 4; i++) expect((await createHousehold()).status).toBe(201);
    const r = await verifyAudit(db.kysely);
    expect(r).toEqual({ ok: true, chains: await countRows(db, 'audit_head'), events: await countRows(db, 'audit_event'), firstProblem: null });
    expect(r.chains).toBeGreaterThanOrEqual(2); // the county's chain and the city's (users, logins)
    const api = await auditor.call('POST', '/api/audit/verify');
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({ ok: true, firstProblem: null });
    // The server writes the head file a moment after its commits; written now, verify compares with it at once.
    await writeHeadFile(db);
    const cli = await runDoudi(db, ['audit', 'verify']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/intact/);
  }, 90_000);

  type Tamper = {
    name: string;
    chain: string;
    /** Picks the victim from the chain's events (ordered by seq) and returns where verification must fail. */
    pick: (chain: AuditEventTable[]) => { victim: AuditEventTable; seq: number; problem: string };
    apply: (victim: AuditEventTable) => Promise<void>;
  };
  const middle = (rows: AuditEventTable[]) => rows[Math.floor(rows.length / 2)];
  const where = (v: AuditEventTable) => ({ chain: v.chain, seq: Number(v.seq) });
  const update = async (v: AuditEventTable, set: Partial<AuditEventTable>) => {
    const r = await db.kysely.updateTable('audit_event').set(set).where('chain', '=', v.chain).where('seq', '=', Number(v.seq)).executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(1);
  };
  const remove = async (v: AuditEventTable) => {
    const r = await db.kysely.deleteFrom('audit_event').where('chain', '=', v.chain).where('seq', '=', Number(v.seq)).executeTakeFirst();
    expect(Number(r.numDeletedRows)).toBe(1);
  };

  const TAMPERS: Tamper[] = [
    { name: 'UPDATE the action of a middle event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: middle(c), seq: where(middle(c)).seq, problem: 'hash_mismatch' }), apply: (v) => update(v, { action: 'household.delete' }) },
    { name: 'UPDATE the actor of a middle event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: middle(c), seq: where(middle(c)).seq, problem: 'hash_mismatch' }), apply: (v) => update(v, { actor_name: 'someone-else' }) },
    { name: 'UPDATE the time of the first event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: c[0], seq: 1, problem: 'hash_mismatch' }), apply: (v) => update(v, { at: '2020-01-01T00:00:00.000Z' }) },
    { name: 'UPDATE the after-digest of the newest event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: c.at(-1)!, seq: c.length, problem: 'hash_mismatch' }), apply: (v) => update(v, { after_digest: 'f'.repeat(64) }) },
    { name: 'UPDATE a field of a city-chain event', chain: 'city', pick: (c) => ({ victim: middle(c), seq: where(middle(c)).seq, problem: 'hash_mismatch' }), apply: (v) => update(v, { entity_id: 'forged' }) },
    {
      name: 'UPDATE a middle event and recompute its own hash',
      chain: COUNTY_CHAIN,
      pick: (c) => ({ victim: middle(c), seq: where(middle(c)).seq + 1, problem: 'broken_link' }),
      apply: async (v) => {
        const { eventHash } = await import('../../src/db/audit.ts');
        const { hash: _h, ...fields } = { ...v, actor_name: 'forger' };
        await update(v, { actor_name: 'forger', hash: eventHash(db.keys, { ...fields, seq: Number(v.seq) }) });
      },
    },
    { name: 'DELETE a middle event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: middle(c), seq: where(middle(c)).seq, problem: 'missing_event' }), apply: remove },
    { name: 'DELETE the newest event', chain: COUNTY_CHAIN, pick: (c) => ({ victim: c.at(-1)!, seq: c.length, problem: 'missing_event' }), apply: remove },
    { name: 'DELETE the newest city-chain event', chain: 'city', pick: (c) => ({ victim: c.at(-1)!, seq: c.length, problem: 'missing_event' }), apply: remove },
  ];

  it.each(TAMPERS)('$name: verify names the first bad event (library, API, CLI exit ≠ 0), and restoring the row heals it', async (t) => {
    const chain = await events(t.chain);
    expect(chain.length).toBeGreaterThanOrEqual(3);
    expect(chain.map((e) => Number(e.seq))).toEqual(chain.map((_, i) => i + 1));
    const { victim, seq, problem } = t.pick(chain);
    const original = { ...victim, seq: Number(victim.seq) };
    await t.apply(victim);
    try {
      const r = await verifyAudit(db.kysely);
      expect(r.ok).toBe(false);
      expect(r.firstProblem).toEqual({ chain: t.chain, seq, problem });

      const api = await auditor.call('POST', '/api/audit/verify');
      expect(api.json).toMatchObject({ ok: false, firstProblem: { chain: t.chain, seq, problem } });

      const [cli, json] = await Promise.all([runDoudi(db, ['audit', 'verify']), runDoudi(db, ['audit', 'verify', '--json'])]);
      expect(cli.code).not.toBe(0);
      expect(cli.stdout).toContain(`chain ${t.chain} event #${seq}`);
      expect(json.code).not.toBe(0);
      expect(JSON.parse(json.stdout).firstProblem).toEqual({ chain: t.chain, seq, problem });
    } finally {
      await db.kysely.deleteFrom('audit_event').where('chain', '=', original.chain).where('seq', '=', original.seq).execute();
      await db.kysely.insertInto('audit_event').values(original).execute();
    }
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
  }, 90_000);
});
