import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { verifyAudit } from '../../src/db/audit.ts';
import { verifyDeep } from '../../src/db/audit-deep.ts';
import { childEnvFor, PROJECT_ROOT, runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211223';
const HOUSEHOLDS = 2_500;
const SEED = 'crash-demo';
const RUN_KEY = `demo.run:${C}:${SEED}`;
const args = ['demo', 'generate', '--households', String(HOUSEHOLDS), '--seed', SEED, '--county', C, '--json'];

/**
 * An interrupted `doudi demo generate` (issue 9, point 11): killed with SIGKILL between and inside its transactions,
 * it leaves whole, audited households and its progress; the same command then completes the population — each
 * household exactly once, the same households an uninterrupted run makes — and a third run is refused.
 */
describe(`demo generation killed with SIGKILL (${TEST_DIALECT})`, () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const count = async (table: 'household' | 'person' | 'person_index') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const progress = async () => {
    const r = await db.kysely.selectFrom('meta').select('value').where('key', '=', RUN_KEY).executeTakeFirst();
    return r ? (JSON.parse(r.value) as { done: number; households: number }) : null;
  };

  /** Starts the command and kills it once `minDone` households are committed (0: as soon as it runs). */
  async function killAfter(minDone: number): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
    const env = { ...(await childEnvFor(db)), DOUDI_DEMO_TRANSACTION_PERSONS: '500' };
    const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), ...args], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
    const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (code, signal) => res({ code, signal }));
    });
    let done = false;
    void exited.then(() => (done = true));
    while (!done && ((await progress())?.done ?? 0) < minDone) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    return exited;
  }

  /** Whole households, each audited with its state; the chain intact; progress equal to what is written. */
  async function consistent(): Promise<number> {
    const households = await count('household');
    const persons = await count('person');
    expect(await count('person_index')).toBe(persons);
    const members = await db.kysely.selectFrom('household as h').select(['h.id', 'h.member_count']).select((eb) => eb.selectFrom('person as p').select((e) => e.fn.countAll<number>().as('n')).whereRef('p.household_id', '=', 'h.id').as('n')).execute();
    for (const h of members) expect(Number(h.n)).toBe(Number(h.member_count));
    expect((await progress())?.done ?? 0).toBe(households);
    const audited = await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'demo.household').executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(households);
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
    const deep = await verifyDeep(db.kysely);
    expect(deep.problems).toEqual([]);
    return households;
  }

  it('leaves whole audited households, resumes with the same command, and ends with the complete population once', async () => {
    const early = await killAfter(0);
    expect(early.signal).toBe('SIGKILL');
    const first = await consistent();
    const middle = await killAfter(first + 1);
    expect(middle.signal).toBe('SIGKILL');
    const second = await consistent();
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThan(HOUSEHOLDS);

    const rest = await runDoudi(db, args, {});
    expect(rest.code, rest.stderr).toBe(0);
    const out = JSON.parse(rest.stdout);
    expect(out).toMatchObject({ households: HOUSEHOLDS, resumedFrom: second });
    expect(await consistent()).toBe(HOUSEHOLDS);
    expect(out.persons).toBe(await count('person'));
    const summary = await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'demo.generate').execute();
    expect(summary.map((s) => JSON.parse(s.detail ?? '{}'))).toEqual([expect.objectContaining({ households: HOUSEHOLDS, resumedFrom: second, synthetic: true })]);

    // The same households an uninterrupted run makes: same ids, same members per household.
    const clean = await createTestDb();
    try {
      await generateDemo(operatorContext(clean, { name: 'test' }), { households: HOUSEHOLDS, seed: SEED, county: C });
      const shape = (d: TestDb) => d.kysely.selectFrom('household').select(['id', 'member_count', 'area_code', 'head_name']).orderBy('id').execute();
      expect(await shape(db)).toEqual(await shape(clean));
    } finally {
      await clean.destroy();
    }

    const again = await runDoudi(db, args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('DEMO_SEED_USED');
    expect(await count('household')).toBe(HOUSEHOLDS);
  }, 300_000);
});
