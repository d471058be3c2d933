import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvFor, PROJECT_ROOT, runDoudi } from '../factories/cli.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS } from '../factories/users.ts';
import { digest } from '../../src/db/audit.ts';
import { CHECKERS, verifyDeep } from '../../src/db/audit-deep.ts';
import { stateOf, stateRowJson } from '../../src/db/audit-state.ts';
import { mulberry32 } from '../../src/workflow/spot-check.ts';

const C = '211221';
const HOUSEHOLDS = 4_000;
/** Small batches: many commits, so that kills land between, inside and after them. */
const BATCH = '200';
const SEASON = '2019-2020';

/**
 * Nothing is lost when a season build dies (issue 14 point 9): `doudi heating season build` runs as a child process over
 * 6,000 households in 20 batches and is killed with SIGKILL after a random delay, again and again, each run resuming the
 * last one's roll. After each kill there is no roll, or one still `building` whose lines are exactly the eligible
 * households up to its cursor, or the complete roll; at the end the roll holds every eligible household once, at its
 * amount, with control totals equal to its lines, and building again prints the same roll.
 */
describe(`heating season build killed with SIGKILL (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const seed = Number(process.env.HEATING_CRASH_SEED ?? 20191101);
  const random = mulberry32(seed);

  beforeAll(async () => {
    db = await createTestDb();
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: HOUSEHOLDS, prefix: 'k', startMonth: '2019-01', headsOnly: true });
    // Heating by household number: i % 6 = 0 not recorded (an exception), 1–2 dispersed, 3–5 central of 30–89.99 m².
    const i = sql.raw('cast(substr(id, 3) as integer)');
    await sql`update household set heating_mode = case ${i} % 6 when 0 then null when 1 then 'dispersed' when 2 then 'dispersed' else 'central' end,
      heated_area_dm2 = case when ${i} % 6 >= 3 then 3000 + (${i} * 37) % 6000 end where county_code = ${C}`.execute(db.kysely);
    const open = await runDoudi(db, ['heating', 'season', 'open', '--county', C, '--season', SEASON, '--json']);
    expect(open.code, open.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  const build = ['heating', 'season', 'build', '--county', C, '--season', SEASON, '--json'];

  /** The eligible households (every one is enrolled from 2019-01) with id ≤ upTo, by a query of its own: count and amount. */
  async function expected(upTo?: string) {
    const bound = upTo === undefined ? sql`` : sql`and id <= ${upTo}`;
    const r = await sql<{ n: number; fen: number }>`
      select count(*) as n, coalesce(sum(case when heating_mode = 'dispersed' then 20000
        else (case when heated_area_dm2 < 6000 then heated_area_dm2 else 6000 end) * 24 end), 0) as fen
      from household where county_code = ${C} and heating_mode in ('central', 'dispersed') ${bound}`.execute(db.kysely);
    return { n: Number(r.rows[0].n), fen: Number(r.rows[0].fen) };
  }

  async function linesOf(rollId: string) {
    const r = await sql<{ n: number; fen: number; households: number; maxseq: number; distinctseq: number }>`
      select count(*) as n, coalesce(sum(amount_fen), 0) as fen, count(distinct household_id) as households, coalesce(max(seq), 0) as maxseq, count(distinct seq) as distinctseq
      from payroll_line where county_code = ${C} and roll_id = ${rollId}`.execute(db.kysely);
    const x = r.rows[0];
    return { n: Number(x.n), fen: Number(x.fen), households: Number(x.households), maxseq: Number(x.maxseq), distinct: Number(x.distinctseq) };
  }

  /**
   * Starts the build and kills it: `early`, `ms` after the spawn (during start-up: no roll yet, or its first batch);
   * otherwise once the roll's cursor has passed household `passed` (batches committed up to there), `ms` later.
   */
  async function killAt(o: { early: boolean; ms: number; passed?: string }): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
    const env = { ...(await childEnvFor(db)), DOUDI_PAYROLL_BATCH: BATCH };
    const child = spawn(resolve(PROJECT_ROOT, 'node_modules/.bin/node'), [resolve(PROJECT_ROOT, 'bin/doudi.mjs'), ...build], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
    let done = false;
    const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((res, rej) => {
      child.on('error', rej);
      child.on('exit', (code, signal) => {
        done = true;
        res({ code, signal });
      });
    });
    if (!o.early && o.passed) {
      const passed = o.passed;
      const reached = async () => {
        const r = await db.kysely.selectFrom('payroll_roll').select(['cursor', 'phase']).where('county_code', '=', C).where('program', '=', 'heating').executeTakeFirst();
        return r !== undefined && (r.phase !== 'regular' || (r.cursor !== null && r.cursor >= passed));
      };
      while (!done && !(await reached())) await new Promise((r) => setTimeout(r, 5));
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), o.ms);
    const r = await exited;
    clearTimeout(timer);
    return r;
  }

  it('leaves no roll, a resumable building roll, or the complete one; the same command completes it, every household once', async () => {
    const roll = () => db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('program', '=', 'heating').executeTakeFirst();
    const log: string[] = [];
    const seen = { none: 0, building: 0, built: 0 };
    for (let k = 0; k < 8; k++) {
      const r0 = await roll();
      if (r0?.status === 'built') break;
      // The first kill during start-up; then each a few batches further than the last roll's cursor, a few ms after.
      const early = k === 0;
      const at = r0?.cursor ? Number(r0.cursor.slice(2)) : 0;
      const passed = `kh${String(Math.min(HOUSEHOLDS, at + Math.ceil(random() * 4) * Number(BATCH))).padStart(9, '0')}`;
      const delay = Math.round(early ? random() * 1_500 : random() * 30);
      const killed = await killAt({ early, ms: delay, passed });
      const r = await roll();
      log.push(`kill ${delay} ms after ${early ? 'spawn' : `passing ${passed}`} (${killed.signal ?? `exit ${killed.code}`}) → ${r ? `${r.status}/${r.phase} cursor ${r.cursor}` : 'no roll'}`);
      if (!r) seen.none++;
      else if (r.status === 'building') {
        seen.building++;
        const lines = await linesOf(r.id);
        const want = r.phase === 'regular' ? (r.cursor === null ? { n: 0, fen: 0 } : await expected(r.cursor)) : await expected();
        expect([lines.n, lines.fen, lines.households]).toEqual([want.n, want.fen, want.n]);
        expect(Number(r.line_count)).toBe(0);
      } else seen.built++;
      if (db.dialect === 'sqlite') {
        const ic = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db.kysely);
        expect(ic.rows[0].integrity_check).toBe('ok');
      }
    }
    process.stdout.write(`heating crash test (seed ${seed}):\n  ${log.join('\n  ')}\n`);
    const done = await runDoudi(db, build);
    expect(done.code, done.stderr).toBe(0);
    const out = JSON.parse(done.stdout);
    const final = await roll();
    expect(final?.status).toBe('built');
    expect(out.rollId).toBe(final?.id);
    const lines = await linesOf(out.rollId);
    const want = await expected();
    expect([lines.n, lines.households, lines.fen]).toEqual([want.n, want.n, want.fen]);
    expect([lines.maxseq, lines.distinct]).toEqual([lines.n, lines.n]);
    expect([Number(final?.line_count), Number(final?.total_fen)]).toEqual([lines.n, lines.fen]);
    expect(out).toEqual({ rollId: out.rollId, county: C, season: SEASON, round: 0, lines: want.n, households: want.n, totalFen: want.fen, held: 0, heldFen: 0 });
    // The build event's recorded state proves the lines as they stand after all those kills: its digest is the one
    // recomputed from the rows (deep verification), and the lines' part is the sha256 of their states written line by line.
    const event = await db.kysely.selectFrom('audit_event').select('after_digest').where('action', '=', 'heating.roll.build').where('entity_id', '=', out.rollId).executeTakeFirstOrThrow();
    const state = (await stateOf(db.kysely, 'payroll_roll', C, out.rollId)) as { lines: unknown };
    expect(event.after_digest).toBe(digest(state));
    const sha = createHash('sha256');
    const rows = await db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', C).where('roll_id', '=', out.rollId).orderBy('seq').execute();
    for (const l of rows) sha.update(`${stateRowJson(db.keys, 'payroll_line', l)}\n`);
    expect(state.lines).toEqual({ count: want.n, digest: sha.digest('hex') });
    expect((await verifyDeep(db.kysely, { checkers: CHECKERS.filter((c) => c.type === 'payroll_roll') })).problems).toEqual([]);
    // Built: the same command prints the same roll, and writes nothing.
    const again = await runDoudi(db, build);
    expect(JSON.parse(again.stdout)).toEqual(out);
    expect(seen.none + seen.building + seen.built).toBeGreaterThan(0);
  }, 300_000);
});
