import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/payroll/terms-current.ts';
import { childEnvFor, PROJECT_ROOT, runDoudi } from '../factories/cli.ts';
import { amountOf, enrollmentIdOf, enrollPopulation, putTerm } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS } from '../factories/users.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const HOUSEHOLDS = 12_000;
/** Small batches: many commits, so that a kill lands between, inside and after them. */
const BATCH = '500';
const RAISE = 5_000;

/** A reproducible "random" stream (mulberry32), so a failing kill point can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Nothing is lost when a build dies (issue 5, point 6): `doudi payroll build` runs as a child process on a roll of
 * 12,000 households in 24 batches and is killed with SIGKILL after a random delay, ten times (one month each, with a
 * retroactive raise before it so the last phase has back-pay to write). After each kill there is no roll, or a roll
 * still `building` whose lines are exactly the committed batches up to its cursor, or a complete roll whose stored
 * control totals equal its lines and an independent recomputation; running the command again completes it.
 */
describe(`payroll build killed with SIGKILL (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const seed = Number(process.env.PAYROLL_CRASH_SEED ?? 20190810);
  const random = prng(seed);

  beforeAll(async () => {
    db = await createTestDb();
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.otherVillage], households: HOUSEHOLDS, prefix: 'k', startMonth: '2019-01', individualEvery: 11, headsOnly: true });
    // The enrollments module's first pass (reviews scheduled for every enrollment) here, so that each build's
    // start-up is the steady one and the kill points spread over the roll itself.
    await ensureTermsCurrent(operatorContext(db), { county: C, month: '2019-01' });
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  const build = (month: string) => ['payroll', 'build', '--county', C, '--month', month, '--json'];

  /**
   * Starts the build and kills it `ms` after the spawn, or (`fromRoll`) `ms` after its roll row appears: on a loaded
   * machine the process start-up alone takes seconds, and kill points should spread over the build itself.
   */
  async function killAfter(month: string, ms: number, fromRoll: boolean): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
    const env = { ...(await childEnvFor(db)), DOUDI_PAYROLL_BATCH: BATCH };
    const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), ...build(month)], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
    const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (code, signal) => res({ code, signal }));
    });
    let done = false;
    void exited.then(() => (done = true));
    if (fromRoll) {
      while (!done && !(await db.kysely.selectFrom('payroll_roll').select('id').where('county_code', '=', C).where('month', '=', month).executeTakeFirst())) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    const r = await exited;
    clearTimeout(timer);
    return r;
  }

  /** `doudi payroll build` in batches of BATCH, to its end. */
  async function smallBatches(month: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = { ...(await childEnvFor(db)), DOUDI_PAYROLL_BATCH: BATCH };
    const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), ...build(month)], { cwd: PROJECT_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((res, rej) => {
      child.on('error', rej);
      child.on('close', res);
    });
    return { code, stdout, stderr };
  }

  /** Regular lines the terms call for, by a query of its own. */
  async function expectedRegular(month: string, upTo?: string) {
    const bound = upTo === undefined ? sql`` : sql`and e.id <= ${upTo}`;
    const r = await sql<{ n: number; fen: number; persons: number }>`
      select count(*) as n, coalesce(sum(t.amount_fen), 0) as fen, coalesce(sum(case when e.unit = 'individual' then 1 else h.member_count end), 0) as persons
      from enrollment e
      join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
      join household h on h.county_code = e.county_code and h.id = e.household_id
      where e.county_code = ${C} and t.from_month <= ${month} ${bound}
        and not exists (select 1 from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id
                        and t2.from_month > t.from_month and t2.from_month <= ${month})
        and t.status in ('active', 'gradual_exit') and t.amount_fen > 0`.execute(db.kysely);
    return { n: Number(r.rows[0].n), fen: Number(r.rows[0].fen), persons: Number(r.rows[0].persons) };
  }

  async function linesOf(rollId: string) {
    const r = await sql<{ n: number; regular: number; fen: number; persons: number; backpay: number; maxseq: number; distinctseq: number }>`
      select count(*) as n, sum(case when kind = 'regular' then 1 else 0 end) as regular,
        coalesce(sum(case when kind <> 'recovery' then amount_fen else 0 end), 0) as fen,
        coalesce(sum(case when kind = 'regular' then person_count else 0 end), 0) as persons,
        coalesce(sum(case when kind = 'backpay' then amount_fen else 0 end), 0) as backpay,
        coalesce(max(seq), 0) as maxseq, count(distinct seq) as distinctseq
      from payroll_line where county_code = ${C} and roll_id = ${rollId}`.execute(db.kysely);
    const x = r.rows[0];
    return { n: Number(x.n), regular: Number(x.regular), fen: Number(x.fen), persons: Number(x.persons), backpay: Number(x.backpay), maxseq: Number(x.maxseq), distinct: Number(x.distinctseq) };
  }

  async function checkComplete(month: string, rollId: string, raised: number) {
    const roll = await db.kysely.selectFrom('payroll_roll').selectAll().where('id', '=', rollId).executeTakeFirstOrThrow();
    const lines = await linesOf(rollId);
    const want = await expectedRegular(month);
    expect(roll.status).toBe('built');
    expect(lines.regular).toBe(want.n);
    expect(lines.backpay).toBe(raised > 0 ? RAISE : 0);
    expect([Number(roll.line_count), Number(roll.person_count), Number(roll.total_fen)]).toEqual([lines.n, lines.persons, lines.fen]);
    expect([lines.persons, lines.fen]).toEqual([want.persons, want.fen + (raised > 0 ? RAISE : 0)]);
    expect([lines.maxseq, lines.distinct]).toEqual([lines.n, lines.n]);
  }

  it('leaves no roll, a resumable building roll, or a complete one, and the same command completes it', async () => {
    // Calibration: one uninterrupted build (months run in order), to know how long a run takes here.
    const t0 = Date.now();
    const first = await runDoudi(db, build('2019-01'));
    expect(first.code, first.stderr).toBe(0);
    const firstRoll = await db.kysely.selectFrom('payroll_roll').selectAll().where('id', '=', JSON.parse(first.stdout).rollId).executeTakeFirstOrThrow();
    await checkComplete('2019-01', firstRoll.id, 0);
    const startup = Math.max(100, Date.parse(firstRoll.build_started_at) - t0);
    const building = Math.max(100, Date.parse(firstRoll.built_at ?? '') - Date.parse(firstRoll.build_started_at));

    const seen = { none: 0, building: 0, built: 0 };
    const log: string[] = [];
    for (let k = 0; k < 10; k++) {
      const month = `2019-${String(k + 2).padStart(2, '0')}`;
      // A raise for the previous month, decided now: this month's roll owes it as back-pay.
      const i = 1 + k * 7;
      const prev = `2019-${String(k + 1).padStart(2, '0')}`;
      await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('k', i), from: prev, status: i % 10 === 0 ? 'gradual_exit' : 'active', amountFen: amountOf(i) + RAISE });
      // Two kills during start-up (before the roll exists), the others anywhere in the build or after it (a build takes
      // longer on a busy machine than in the calibration run: the window is three of those).
      const early = k % 5 === 0;
      const delay = Math.round(random() * (early ? startup : building * 3));
      const killed = await killAfter(month, delay, !early);
      const roll = await db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('month', '=', month).executeTakeFirst();
      log.push(`${month}: kill ${delay} ms after ${early ? 'spawn' : 'the roll appeared'} (${killed.signal ?? `exit ${killed.code}`}) → ${roll?.status ?? 'no roll'}`);
      if (!roll) seen.none++;
      else if (roll.status === 'building') {
        seen.building++;
        // Exactly the committed batches: every payable enrollment up to the cursor has its line, nothing beyond it.
        const lines = await linesOf(roll.id);
        if (roll.phase === 'regular') {
          const want = roll.cursor === null ? { n: 0, fen: 0, persons: 0 } : await expectedRegular(month, roll.cursor);
          expect([lines.n, lines.fen, lines.persons]).toEqual([want.n, want.fen, want.persons]);
        } else expect(lines.regular).toBe((await expectedRegular(month)).n);
        expect(lines.backpay).toBe(0);
        expect(Number(roll.line_count)).toBe(0);
      } else {
        seen.built++;
        await checkComplete(month, roll.id, 1);
      }
      if (db.dialect === 'sqlite') {
        const ic = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db.kysely);
        expect(ic.rows[0].integrity_check).toBe('ok');
      }
      const again = await runDoudi(db, build(month));
      expect(again.code, again.stderr).toBe(0);
      const out = JSON.parse(again.stdout);
      if (roll) expect(out.rollId).toBe(roll.id);
      await checkComplete(month, out.rollId, 1);
      expect(out).toEqual({ rollId: out.rollId, county: C, program: 'dibao', month, lines: expect.any(Number), persons: expect.any(Number), totalFen: expect.any(Number), held: 0, heldFen: 0, stale: false });
    }
    process.stdout.write(`payroll crash test (seed ${seed}; start-up ${startup} ms, build ${building} ms):\n  ${log.join('\n  ')}\n`);
    expect(seen.none + seen.building + seen.built).toBe(10);
    const rolls = await db.kysely.selectFrom('payroll_roll').select(['month', 'status']).orderBy('month').execute();
    expect(rolls.map((r) => r.status)).toEqual(Array(11).fill('built'));
  }, 600_000);

  it('two builds of the same roll at once cooperate: one roll, every line once, the same answer to both', async () => {
    const month = '2019-12';
    const [a, b] = await Promise.all([smallBatches(month), smallBatches(month)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    await checkComplete(month, JSON.parse(a.stdout).rollId, 0);
    const rolls = await db.kysely.selectFrom('payroll_roll').select('id').where('month', '=', month).execute();
    expect(rolls).toHaveLength(1);
  }, 300_000);
});
