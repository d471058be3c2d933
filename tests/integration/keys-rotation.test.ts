import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/commands/context.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { approveRoll } from '../../src/commands/payroll/approve-roll.ts';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { importResultsFile } from '../../src/commands/payroll/operator.ts';
import { baselineStates } from '../../src/db/audit-deep.ts';
import { readKeyFileJson } from '../../src/db/key-file.ts';
import { SEALED_COLUMNS, columnName } from '../../src/db/sealed-columns.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { resultCsv } from '../factories/payroll-api.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { bankFileRows, byColumn, byKey, keyedHashes, type SealedValue, sealedValues } from '../factories/sealed-values.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const operator = { userId: null, username: 'cli:test', displayName: 'cli:test' };

/**
 * Rotating the data keys (issue 9 point 15, ADR 0019) on a populated database: ID numbers, household accounts and
 * phones, the accounts of closed, approved and built payment rolls, a user's second-factor secret. `doudi keys rotate`
 * re-seals every value under a new key; everything opens to what it was, through a server that was running all along;
 * search by ID number, the bank file, second-factor sign-in and `audit verify --deep` are as before; the keyed hashes do
 * not change; `keys status` counts move to the new key; `keys retire` refuses the current key, then removes the old one.
 */
describe(`key rotation (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let clerk: Client;
  let approver: Actor;
  let dir: string;
  const rolls: Record<'closed' | 'approved' | 'built', string> = { closed: '', approved: '', built: '' };
  let before: Map<string, SealedValue>;
  let hashesBefore: string[];
  const bankBefore: Record<string, string[][]> = {};
  let householdId = '';
  let memberIds: string[] = [];
  let k1 = '';
  let k2 = '';

  const keys = (args: string[], env?: Record<string, string>) => runDoudi(db, ['keys', ...args], env ? { env } : {});
  const status = async () => {
    const r = await runDoudi(db, ['keys', 'status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doudi-keys-'));
    db = await createTestDb();
    await makeUser(db, 'kr_clerk', 'township_caseworker', AREAS.township);
    approver = await makeUser(db, 'kr_approver', 'county_approver', AREAS.county);
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.otherVillage], households: 40, prefix: 'kr', startMonth: '2019-01', individualEvery: 7 });
    // The factory writes rows directly: their state is taken as the trusted start, as the upgrade to deep checks did.
    await baselineStates(db.kysely, operator, new Date().toISOString(), 'test population');
    await generateDemo(operatorContext(db, { name: operator.username }), { households: 60, seed: 'keys', county: C });
    for (const month of ['2019-01', '2019-02', '2019-03']) {
      const r = await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month });
      if (month === '2019-03') rolls.built = r.rollId;
      else {
        const ctx = { db, actor: approver, clock: () => new Date() };
        const v = (await db.kysely.selectFrom('payroll_roll').select('version').where('id', '=', r.rollId).executeTakeFirstOrThrow()).version;
        await approveRoll(ctx, { ref: { county: C, id: r.rollId }, input: { version: Number(v) } });
        if (month === '2019-01') rolls.closed = r.rollId;
        else rolls.approved = r.rollId;
      }
    }
    const file = join(dir, 'result.csv');
    writeFileSync(file, resultCsv(await bankFileRows(db, C, rolls.closed)));
    expect((await importResultsFile(operatorContext(db), { county: C, rollId: rolls.closed, format: 'csv', path: file })).applied).toBe(true);
    for (const r of ['closed', 'approved'] as const) bankBefore[r] = await bankFileRows(db, C, rolls[r]);

    app = await testServer(db);
    clerk = await loginAs(app, 'kr_clerk');
    const demo = await db.kysely
      .selectFrom('household')
      .select(['id'])
      .where('county_code', '=', C)
      .where('synthetic', '=', 1)
      .where('phone_sealed', 'is not', null)
      .where('bank_account_sealed', 'is not', null)
      .where('area_code', 'like', `${AREAS.township.slice(0, 9)}%`)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    householdId = demo.id;
    memberIds = (await db.kysely.selectFrom('person').select('id').where('county_code', '=', C).where('household_id', '=', householdId).execute()).map((p) => p.id);
    before = await sealedValues(db);
    hashesBefore = await keyedHashes(db);
    k1 = db.keys.current;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('before: one data key seals every value; audit verify --deep is intact; the current key cannot be retired', async () => {
    const cols = byColumn(before);
    for (const c of ['person.id_number_sealed', 'household.bank_account_sealed', 'household.phone_sealed', 'payroll_line.bank_account_sealed', 'app_user.totp_secret']) {
      expect(cols[c], c).toBeGreaterThan(0);
    }
    const s = await status();
    expect(s).toMatchObject({ keyFile: db.keyFile, mode: '0600', tooOpen: false, current: k1, unknownKeys: [], notSealed: {}, rotation: null });
    expect(s.dataKeys).toEqual([{ id: k1, created: expect.any(String), current: true, sealed: cols, total: before.size }]);
    expect(JSON.stringify(s)).not.toContain(readKeyFileJson(db.keyFile as string).data[0].key);
    const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const fileBefore = readFileSync(db.keyFile as string, 'utf8');
    const current = await keys(['retire', k1]);
    expect([current.code, current.stderr]).toEqual([1, expect.stringContaining('KEY_RETIRE_CURRENT')]);
    const unknown = await keys(['retire', 'd20990101ffff']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('KEY_UNKNOWN')]);
    expect(readFileSync(db.keyFile as string, 'utf8')).toBe(fileBefore);
  }, 120_000);

  it('every column holding sealed values is one rotation knows (SEALED_COLUMNS)', async () => {
    const columns =
      TEST_DIALECT === 'postgres'
        ? (
            await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns
              where table_schema = current_schema() and data_type = 'text'`.execute(db.kysely)
          ).rows
        : (
            await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
              where m.type = 'table' and upper(p.type) = 'TEXT'`.execute(db.kysely)
          ).rows;
    const holding: string[] = [];
    for (const { t, c } of columns) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)} where ${sql.ref(c)} like 's1.%'`.execute(db.kysely);
      if (Number(rows[0].n) > 0) holding.push(`${t}.${c}`);
    }
    expect(holding.sort()).toEqual(Object.keys(byColumn(before)).sort());
    expect(SEALED_COLUMNS.map(columnName)).toEqual(expect.arrayContaining(holding));
  }, 60_000);

  it('rotate: a new current key, every value re-sealed under it in batches, each batch audited', async () => {
    const r = await keys(['rotate', '--json'], { DOUDI_KEYS_BATCH: '25' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    k2 = out.key;
    expect(k2).not.toBe(k1);
    expect(out).toMatchObject({ previous: k1, resumed: false, complete: true, remaining: 0, resealed: { ...Object.fromEntries(SEALED_COLUMNS.map((c) => [columnName(c), 0])), ...byColumn(before) } });
    const file = readKeyFileJson(db.keyFile as string);
    expect([file.current, file.data.map((d) => d.id)]).toEqual([k2, [k1, k2]]);

    const events = await db.kysely.selectFrom('audit_event').select(['action', 'detail', 'entity_type', 'entity_id']).where('chain', '=', 'city').where('action', 'like', 'keys.%').orderBy('seq').execute();
    expect(events[0]).toMatchObject({ action: 'keys.rotate', entity_type: 'data_key', entity_id: k2 });
    expect(events[events.length - 1]).toMatchObject({ action: 'keys.rotated', entity_id: k2 });
    const resealed = events.filter((e) => e.action === 'keys.resealed').map((e) => JSON.parse(e.detail ?? '{}'));
    // Batches of 25: the persons alone take several.
    expect(resealed.length).toBeGreaterThan(SEALED_COLUMNS.length);
    expect(resealed.reduce((s, d) => s + d.count, 0)).toBe(before.size);
    for (const d of resealed) expect(Object.keys(d).sort()).toEqual(['column', 'count', 'key']);
    // Counts and key ids only: no value, clear or sealed, in the trail.
    const details = events.map((e) => e.detail ?? '').join('\n');
    for (const v of before.values()) {
      expect(details.includes(v.sealed)).toBe(false);
      if (v.plain.length >= 8) expect(details.includes(v.plain), 'a clear value in an audit detail').toBe(false);
    }
  }, 120_000);

  it('after: every value opens to what it was, under the new key; the keyed hashes, the bank files and audit verify --deep are unchanged', async () => {
    // This process's connection was opened before the rotation: it takes up the new key from the key file.
    const after = await sealedValues(db);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [k, v] of after) {
      expect(v.keyId, k).toBe(k2);
      expect(v.plain, k).toBe(before.get(k)?.plain);
      expect(v.sealed).not.toBe(before.get(k)?.sealed);
    }
    expect(await keyedHashes(db)).toEqual(hashesBefore);
    for (const r of ['closed', 'approved'] as const) expect(await bankFileRows(db, C, rolls[r]), r).toEqual(bankBefore[r]);
    // The accounts are in the file, in clear.
    const accounts = new Set([...before].filter(([k]) => k.startsWith('payroll_line.')).map(([, v]) => v.plain));
    expect(bankBefore.closed.slice(1, -1).every((row) => accounts.has(row[6]))).toBe(true);

    const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, deep: { ok: true } });

    const s = await status();
    expect(s.current).toBe(k2);
    expect(s.dataKeys).toEqual([
      { id: k1, created: expect.any(String), current: false, sealed: {}, total: 0 },
      { id: k2, created: expect.any(String), current: true, sealed: byColumn(before), total: before.size },
    ]);
    expect(s.rotation).toMatchObject({ key: k2, completedAt: expect.any(String) });
  }, 120_000);

  it('after: the server that ran through the rotation searches by ID number, reveals the new-sealed values and signs in with a second factor', async () => {
    const id = before.get(`person.id_number_sealed|${C}/${memberIds[0]}`)?.plain as string;
    const found = await clerk.call('GET', `/api/households?q=${id}`);
    expect([found.status, found.json.total, found.json.items[0]?.id]).toEqual([200, 1, householdId]);
    const shown = await clerk.call('POST', `/api/households/${C}/${householdId}/reveal`, {
      fields: [...memberIds.map((personId) => ({ field: 'idNumber', personId })), { field: 'bankAccount' }, { field: 'phone' }],
    });
    expect(shown.status, JSON.stringify(shown.json)).toBe(200);
    expect(shown.json).toEqual({
      idNumbers: Object.fromEntries(memberIds.map((p) => [p, before.get(`person.id_number_sealed|${C}/${p}`)?.plain])),
      bankAccount: before.get(`household.bank_account_sealed|${C}/${householdId}`)?.plain,
      phone: before.get(`household.phone_sealed|${C}/${householdId}`)?.plain,
    });
    // The second factor's secret was re-sealed too: the approver still signs in with the same authenticator.
    const signedIn = await loginAs(app, 'kr_approver');
    expect((await signedIn.call('GET', '/api/session')).status).toBe(200);
    // A new household gets the new key.
    const created = await clerk.call('POST', '/api/households', {
      areaCode: AREAS.village,
      address: '铁岭县新台子镇懿路村一组 3 号',
      hukouType: 'rural',
      registeredPoor: false,
      bankName: '铁岭农商银行',
      bankAccount: '6230990011223344',
      phone: '13900001111',
      members: [{ idNumber: nextId('19650301'), name: '钥新', relation: 'head', laborCapacity: 'full' }],
      incomes: [],
      assets: [],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const row = await db.kysely.selectFrom('household').select(['bank_account_sealed', 'phone_sealed']).where('county_code', '=', C).where('id', '=', created.json.id).executeTakeFirstOrThrow();
    expect([row.bank_account_sealed?.split('.')[1], row.phone_sealed?.split('.')[1]]).toEqual([k2, k2]);
  }, 120_000);

  it('retire: the old key, which nothing uses any more, leaves the key file; a new connection opens everything', async () => {
    const r = await keys(['retire', k1, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ key: k1, current: k2, dataKeys: [k2] });
    expect(readKeyFileJson(db.keyFile as string).data.map((d) => d.id)).toEqual([k2]);
    expect(existsSync(`${db.keyFile}.lock`)).toBe(false);
    const event = await db.kysely.selectFrom('audit_event').select(['detail', 'actor_name']).where('chain', '=', 'city').where('action', '=', 'keys.retire').executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail ?? '{}')).toEqual({ key: k1, current: k2 });
    const fresh = await db.reopen();
    try {
      expect([...fresh.keys.data.keys()]).toEqual([k2]);
      const values = await sealedValues(fresh);
      expect(byKey(values)).toEqual({ [k2]: values.size });
      for (const [k, v] of before) expect(values.get(k)?.plain, k).toBe(v.plain);
    } finally {
      await fresh.close();
    }
    const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // Rotating again starts a new rotation (the last one is complete).
    const again = await keys(['rotate', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ previous: k2, resumed: false, complete: true });
  }, 120_000);

  it('status warns when the key file is readable by others', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(db.keyFile as string, 0o644);
    try {
      const r = await runDoudi(db, ['keys', 'status']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('(0644)');
      expect(r.stderr).toContain('KEY_FILE_TOO_OPEN');
    } finally {
      chmodSync(db.keyFile as string, 0o600);
    }
  }, 60_000);
});
