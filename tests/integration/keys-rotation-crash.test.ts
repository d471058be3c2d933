import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineStates } from '../../src/db/audit-deep.ts';
import { readKeyFileJson } from '../../src/db/key-file.ts';
import { childEnvFor, PROJECT_ROOT, runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { enrollPopulation, householdIdOf, padded } from '../factories/payroll-population.ts';
import { byKey, sealedValues } from '../factories/sealed-values.ts';
import { type ServerProcess, httpLogin, startServerProcess } from '../factories/server-process.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const C = '211221';
const N = 1_500;

interface Written {
  id: string;
  personId: string;
  idNumber: string;
  account: string;
  phone: string;
}

/**
 * The server keeps working through a key rotation, and a rotation killed half-way completes when run again (issue 9
 * point 15, ADR 0019). A server in another process creates households and reveals bank accounts throughout; `doudi keys
 * rotate` (batches of 10) is killed with SIGKILL after some batches have committed. Then the values are split between
 * the old and the new key and all open; the old key cannot be retired; running the command again carries on with the
 * same key and completes; every request the server answered meanwhile succeeded with the right values; what the server
 * wrote after the rotation is sealed with the new key; `audit verify --deep` is intact; the old key can then go.
 */
describe(`key rotation killed half-way while a server writes (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'kc_clerk', 'township_caseworker', AREAS.township);
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.otherVillage], households: N, prefix: 'kc', startMonth: '2019-01', headsOnly: true });
    await baselineStates(db.kysely, { userId: null, username: 'test' }, new Date().toISOString(), 'test population');
  }, 300_000);
  afterAll(async () => {
    await server?.close().catch(() => {});
    await db?.destroy();
  });

  it('carries on after SIGKILL and completes, the server answering rightly all along', async () => {
    const k1 = db.keys.current;
    server = await startServerProcess(db);
    const client = await httpLogin(server.baseUrl, 'kc_clerk');
    const failures: string[] = [];
    const written: Written[] = [];
    let go = true;
    const loop = (async () => {
      for (let i = 1; go; i++) {
        const w = { idNumber: nextId('19600101'), account: `62309${String(i).padStart(11, '0')}`, phone: `139${String(i).padStart(8, '0')}` };
        const r = await client.call('POST', '/api/households', {
          areaCode: AREAS.village,
          address: `铁岭县新台子镇懿路村 ${i} 号`,
          hukouType: 'rural',
          registeredPoor: false,
          bankName: '铁岭农商银行',
          bankAccount: w.account,
          phone: w.phone,
          members: [{ idNumber: w.idNumber, name: '钥测', relation: 'head', laborCapacity: 'full' }],
          incomes: [],
          assets: [],
        });
        if (r.status !== 201) failures.push(`create ${r.status} ${JSON.stringify(r.json)}`);
        else written.push({ ...w, id: r.json.id, personId: r.json.members[0].id });
        // A household of the population, re-sealed (or not yet) by the rotation.
        const j = 1 + ((i * 37) % N);
        const v = await client.call('POST', `/api/households/${C}/${householdIdOf('kc', j)}/reveal`, { fields: [{ field: 'bankAccount' }] });
        if (v.status !== 200 || v.json.bankAccount !== `6230${padded(j)}`) failures.push(`reveal ${j}: ${v.status} ${JSON.stringify(v.json)}`);
      }
    })();
    const resealed = async () =>
      Number((await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('chain', '=', 'city').where('action', '=', 'keys.resealed').executeTakeFirstOrThrow()).n);
    try {
      while (written.length < 3) await new Promise((r) => setTimeout(r, 20));

      // The first run, killed once some batches have committed.
      const env = { ...(await childEnvFor(db)), DOUDI_KEYS_BATCH: '10' };
      const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), 'keys', 'rotate', '--json'], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res, rej) => {
        child.on('error', rej);
        child.on('exit', (code, signal) => res({ code, signal }));
      });
      let ended = false;
      void exited.then(() => (ended = true));
      while (!ended && (await resealed()) < 20) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      expect((await exited).signal, 'the rotation ended before it could be interrupted').toBe('SIGKILL');

      const file = readKeyFileJson(db.keyFile as string);
      const k2 = file.current;
      expect(file.data.map((d) => d.id)).toEqual([k1, k2]);
      expect(existsSync(`${db.keyFile}.lock`), 'the killed run left its lock').toBe(true);
      const half = await db.reopen();
      try {
        const split = byKey(await sealedValues(half));
        expect(split[k1], 'values still under the old key').toBeGreaterThan(0);
        expect(split[k2], 'values already under the new key').toBeGreaterThan(0);
      } finally {
        await half.close();
      }
      const keyFileBefore = readFileSync(db.keyFile as string, 'utf8');
      const refused = await runDoudi(db, ['keys', 'retire', k1]);
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('KEY_STILL_IN_USE')]);
      expect(readFileSync(db.keyFile as string, 'utf8')).toBe(keyFileBefore);

      // The same command again carries on with the same key and completes.
      const again = await runDoudi(db, ['keys', 'rotate', '--json'], { env: { DOUDI_KEYS_BATCH: '50' } });
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ key: k2, previous: null, resumed: true, complete: true, remaining: 0 });
      expect(existsSync(`${db.keyFile}.lock`)).toBe(false);

      // The server goes on writing with the new key.
      const n = written.length;
      while (written.length < n + 3) await new Promise((r) => setTimeout(r, 20));
    } finally {
      go = false;
      await loop;
    }
    expect(failures).toEqual([]);
    const k2 = readKeyFileJson(db.keyFile as string).current;

    const values = await sealedValues(db);
    expect(byKey(values), 'every value under the new key, including what the server wrote').toEqual({ [k2]: values.size });
    for (const w of written) {
      expect(values.get(`person.id_number_sealed|${C}/${w.personId}`)?.plain).toBe(w.idNumber);
      expect(values.get(`household.bank_account_sealed|${C}/${w.id}`)?.plain).toBe(w.account);
      expect(values.get(`household.phone_sealed|${C}/${w.id}`)?.plain).toBe(w.phone);
    }
    for (let j = 1; j <= N; j++) expect(values.get(`household.bank_account_sealed|${C}/${householdIdOf('kc', j)}`)?.plain).toBe(`6230${padded(j)}`);

    const events = await db.kysely.selectFrom('audit_event').select(['action', 'detail']).where('chain', '=', 'city').where('action', 'like', 'keys.%').orderBy('seq').execute();
    expect(events.filter((e) => e.action === 'keys.rotate').map((e) => JSON.parse(e.detail ?? '{}'))).toMatchObject([{ key: k2, previous: k1, resumed: false }, { key: k2, previous: null, resumed: true }]);
    expect(events.filter((e) => e.action === 'keys.rotated')).toHaveLength(1);
    const count = events.filter((e) => e.action === 'keys.resealed').reduce((s, e) => s + JSON.parse(e.detail ?? '{}').count, 0);
    expect(count).toBeGreaterThanOrEqual(2 * N);

    const verify = await runDoudi(db, ['audit', 'verify', '--deep', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, deep: { ok: true } });

    const retired = await runDoudi(db, ['keys', 'retire', k1, '--json']);
    expect(retired.code, retired.stderr).toBe(0);
    // The server, which held the old key too, keeps opening what it shows.
    const client2 = await httpLogin(server.baseUrl, 'kc_clerk');
    const w = written[written.length - 1];
    const shown = await client2.call('POST', `/api/households/${C}/${w.id}/reveal`, { fields: [{ field: 'idNumber', personId: w.personId }, { field: 'bankAccount' }, { field: 'phone' }] });
    expect(shown.json).toEqual({ idNumbers: { [w.personId]: w.idNumber }, bankAccount: w.account, phone: w.phone });
  }, 600_000);
});
