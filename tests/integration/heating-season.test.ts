import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.ts';
import { buildSeason } from '../../src/commands/heating/build-season.ts';
import { openSeason } from '../../src/commands/heating/open-season.ts';
import { paramsOf } from '../../src/commands/heating/season-context.ts';
import { approveRoll } from '../../src/commands/payroll/approve-roll.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { CHECKERS, verifyDeep } from '../../src/db/audit-deep.ts';
import { linesDigest, stateRowJson } from '../../src/db/audit-state.ts';
import { seasonAmountSql } from '../../src/db/heating-ledger.ts';
import type { HeatingSeasonTable } from '../../src/db/schema.ts';
import { isAppError } from '../../src/kernel/errors.ts';
import { fromYmd } from '../../src/kernel/plain-date.ts';
import { paramContext } from '../../src/rules/common/param-context.ts';
import { Tracer } from '../../src/rules/common/tracer.ts';
import { prorateSeason, seasonAmount } from '../../src/rules/heating/heating.ts';
import { enrollPopulation, enrollmentIdOf, householdIdOf, putTerm } from '../factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const C = AREAS.county.slice(0, 6);
const N = 40;
const SEASON = '2019-2020';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : String((e as Error).message);
  }
  return 'no error';
}

/**
 * 取暖救助采暖季 (issue 14 points 2–4, ADR 0043) on both databases: a county opens the 2019–2020 season, its roll pays every
 * rural household enrolled on the reference day with its heating recorded — dispersed the flat amount, central rate ×
 * area up to the cap, the engine's amounts to the fen — and lists the rest as exceptions; building again gives the same
 * roll; the supplementary roll pays those enrolled after the reference day (pro-rated when the county says so) and those
 * whose heating was recorded since; a household is never paid twice for a season (the database's key); maker ≠ checker.
 */
describe(`heating season rolls (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let admin: CommandContext;
  let approver: CommandContext;
  let other: CommandContext;
  const at = (day: string) => () => new Date(`${day}T02:00:00.000Z`);
  const h = (i: number) => householdIdOf('hs', i);

  beforeAll(async () => {
    db = await createTestDb();
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: N, prefix: 'hs', startMonth: '2019-06', headsOnly: true });
    // Heating: i % 5 = 0 not recorded; 1 dispersed; 2 central 45.5 m²; 3 central 80 m² (above the 60 m² cap); 4 none.
    const mode = sql.raw(`case cast(substr(id, 4) as integer) % 5 when 1 then 'dispersed' when 2 then 'central' when 3 then 'central' when 4 then 'none' end`);
    const area = sql.raw(`case cast(substr(id, 4) as integer) % 5 when 2 then 4550 when 3 then 8000 end`);
    await sql`update household set heating_mode = ${mode}, heated_area_dm2 = ${area} where county_code = ${C} and id like 'hs%'`.execute(db.kysely);
    // Household 6 (dispersed) is urban: not covered. Household 11 (dispersed) enrolled only from 2019-12 (after the reference day).
    await sql`update household set hukou_type = 'urban' where county_code = ${C} and id = ${h(6)}`.execute(db.kysely);
    await sql`update enrollment_term set from_month = '2019-12' where county_code = ${C} and enrollment_id = ${enrollmentIdOf('hs', 11)}`.execute(db.kysely);
    // Household 16 (dispersed) left dibao in 2019-12, after the reference day: paid (enrolled that day), listed as changed.
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('hs', 16), from: '2019-12', status: 'ended', amountFen: 0 });
    const ctxOf = async (name: string, role: 'county_admin' | 'county_approver', area: string): Promise<CommandContext> => ({
      db, actor: await makeUser(db, name, role, area, { secondFactor: false }), clock: at('2019-10-20'),
    });
    admin = await ctxOf('hs_admin', 'county_admin', AREAS.county);
    approver = await ctxOf('hs_approver', 'county_approver', AREAS.county);
    other = await ctxOf('hs_other', 'county_admin', AREAS.otherCounty);
  });
  afterAll(() => db.destroy());

  const season = () => db.kysely.selectFrom('heating_season').selectAll().where('county_code', '=', C).where('id', '=', SEASON).executeTakeFirstOrThrow();
  const lines = (rollId: string) =>
    db.kysely.selectFrom('payroll_line').selectAll().where('county_code', '=', C).where('roll_id', '=', rollId).orderBy('seq').execute();

  it('refuses a malformed season, a reference day outside it, another county, and changes nothing', async () => {
    expect(await codeOf(openSeason(admin, { county: C, season: '2019-2021' }))).toBe('HEATING_SEASON_FORMAT');
    expect(await codeOf(openSeason(admin, { county: C, season: SEASON, referenceDay: '2020-04-01' }))).toBe('HEATING_REFERENCE_DAY');
    expect(await codeOf(openSeason(other, { county: C, season: SEASON }))).toMatch(/AREA|SCOPE|FORBIDDEN/);
    expect(await codeOf(buildSeason(admin, { county: C, season: SEASON }))).toBe('HEATING_SEASON_NOT_OPEN');
    expect(await db.kysely.selectFrom('heating_season').selectAll().execute()).toEqual([]);
  });

  it('opens the season: November to March, the reference day the 1st, the parameters of that day with their citations', async () => {
    const s = await openSeason(admin, { county: C, season: SEASON });
    expect([s.first_month, s.last_month, s.reference_day, s.status]).toEqual(['2019-11', '2020-03', '2019-11-01', 'open']);
    const p = paramsOf(s);
    expect(p.amounts).toEqual({ dispersedFen: 20_000, centralRateMicro: 2_400_000, maxAreaDm2: 6_000, seasonMonths: 5, supplementary: 'full', concentrated: 'institution' });
    expect(p.read.find((r) => r.name === 'heating.dispersed.annual')?.citation).toContain('铁市民发〔2019〕45号');
    expect(await codeOf(openSeason(admin, { county: C, season: SEASON }))).toBe('HEATING_SEASON_EXISTS');
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'entity_id']).where('action', '=', 'heating.season.open').execute();
    expect(audit).toEqual([{ action: 'heating.season.open', entity_id: SEASON }]);
  });

  it('pays every rural household enrolled on the reference day with its heating recorded, at the engine’s amount', async () => {
    const r = await buildSeason(admin, { county: C, season: SEASON }, { batchSize: 7 });
    const paid = (await lines(r.rollId)).map((l) => [l.household_id, l.amount_fen, l.heating_mode, l.heated_area_dm2, l.kind, l.program, l.benefit_month]);
    const ps = await loadParameterSet(db);
    const ctx = paramContext(ps, C, fromYmd(2019, 11, 1));
    const engine = (mode: 'central' | 'dispersed', dm2: number | null) => seasonAmount(ctx, { mode, area: dm2 === null ? 0 : dm2 / 100 }, new Tracer(false), []);
    const expected: unknown[] = [];
    for (let i = 1; i <= N; i++) {
      const m = i % 5;
      if (m === 0 || m === 4 || i === 6 || i === 11) continue;
      const mode = m === 1 ? 'dispersed' : 'central';
      const dm2 = m === 2 ? 4550 : m === 3 ? 8000 : null;
      expected.push([h(i), engine(mode, dm2), mode, dm2, 'regular', 'heating', '2019-11']);
    }
    expect(paid).toEqual(expected);
    // 45.5 m² × 24 = 1,092 yuan; 80 m² capped at 60: 1,440 yuan; dispersed 200 yuan.
    expect(new Set(paid.map((p) => p[1]))).toEqual(new Set([109_200, 144_000, 20_000]));
    expect(r).toMatchObject({ county: C, season: SEASON, round: 0, lines: expected.length, households: expected.length });
    expect(r.totalFen).toBe(expected.reduce((s: number, p) => s + Number((p as unknown[])[1]), 0));
    expect(await buildSeason(admin, { county: C, season: SEASON })).toEqual(r);
    // The roll's digest (its build event's state) reads each line's state text from the database: the same as JS writes.
    const sha = createHash('sha256');
    for (const l of await lines(r.rollId)) sha.update(`${stateRowJson(db.keys, 'payroll_line', l)}\n`);
    expect(await linesDigest(db.kysely, db.keys, C, r.rollId)).toEqual({ count: expected.length, digest: sha.digest('hex') });
  });

  it('audit verify --deep proves the roll’s lines: one line changed behind the application is reported for its roll, in step again once undone', async () => {
    const [roll] = await db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('program', '=', 'heating').execute();
    const rolls = CHECKERS.filter((c) => c.type === 'payroll_roll');
    const deep = () => verifyDeep(db.kysely, { checkers: rolls });
    expect((await deep()).problems).toEqual([]);
    const line = (await lines(roll.id))[2];
    // Columns the roll's guard lets change once it is built (the amount, the account and the heating basis it refuses itself).
    for (const [column, to] of [['payee_name', '冒名顶替'], ['bank_name', '别的银行'], ['bank_status', 'paid']] as const) {
      await db.kysely.updateTable('payroll_line').set({ [column]: to }).where('county_code', '=', C).where('roll_id', '=', roll.id).where('seq', '=', line.seq).execute();
      try {
        expect((await deep()).problems, column).toEqual([{ entityType: 'payroll_roll', chain: C, id: roll.id, problem: 'state_mismatch' }]);
      } finally {
        await db.kysely.updateTable('payroll_line').set({ [column]: line[column] }).where('county_code', '=', C).where('roll_id', '=', roll.id).where('seq', '=', line.seq).execute();
      }
      expect((await deep()).problems, column).toEqual([]);
    }
  });

  it('computes in SQL exactly what the engine computes, for any area and rate (fast-check)', async () => {
    const ps = await loadParameterSet(db);
    const ctx = paramContext(ps, C, fromYmd(2019, 11, 1));
    const s = paramsOf(await season());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ central: fc.boolean(), dm2: fc.integer({ min: 1, max: 100_000 }) }), { minLength: 1, maxLength: 40 }), async (rows) => {
        const values = sql.join(rows.map((x, k) => sql`(${k}, ${x.central ? 'central' : 'dispersed'}, ${x.dm2})`));
        const got = await sql<{ k: number; fen: number }>`with v (k, mode, dm2) as (values ${values})
          select k, ${seasonAmountSql(s.amounts, sql.raw('v.mode'), sql.raw('cast(v.dm2 as integer)'))} as fen from v`.execute(db.kysely);
        expect([...got.rows].sort((x, y) => Number(x.k) - Number(y.k)).map((x) => Number(x.fen))).toEqual(
          rows.map((x) => seasonAmount(ctx, { mode: x.central ? 'central' : 'dispersed', area: (x.dm2 / 100).toFixed(2) }, new Tracer(false), [])),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('a household is paid once a season: a second heating line for it, in any roll of the season, is refused by the database', async () => {
    const s = await season();
    const [roll] = await db.kysely.selectFrom('payroll_roll').selectAll().where('program', '=', 'heating').execute();
    const [line] = await lines(roll.id);
    expect(line.benefit_month).toBe(s.first_month);
    // Another roll of the season, still being built (lines can go in), and the same household's line in it.
    const other = { ...roll, id: 'hs-other-roll', round: 9, status: 'building' as const };
    await db.kysely.insertInto('payroll_roll').values(other).execute();
    try {
      await expect(db.kysely.insertInto('payroll_line').values({ ...line, roll_id: other.id, seq: 1 }).execute()).rejects.toThrow(/unique|UNIQUE|duplicate/);
    } finally {
      await db.kysely.deleteFrom('payroll_roll').where('id', '=', other.id).execute();
    }
  });

  it('maker ≠ checker: the builder cannot approve; another approver does', async () => {
    const r = await buildSeason(admin, { county: C, season: SEASON });
    const makerAsApprover: CommandContext = { ...approver, actor: { ...admin.actor, role: 'county_approver' } };
    expect(await codeOf(approveRoll(makerAsApprover, { ref: { county: C, id: r.rollId }, input: { version: 1 } as never }))).toBe('PAYROLL_MAKER_CHECKER');
    const roll = await db.kysely.selectFrom('payroll_roll').selectAll().where('id', '=', r.rollId).executeTakeFirstOrThrow();
    const view = await approveRoll(approver, { ref: { county: C, id: r.rollId }, input: { version: roll.version } as never });
    expect(view.status).toBe('approved');
  });

  it('the supplementary roll pays the late enrolled (pro-rated when the county says so) and the households recorded since', async () => {
    // The county pro-rates (its parameter on the reference day): 2019-12 to 2020-03 is 4 of the season's 5 months.
    const s = await season();
    const p = paramsOf(s);
    await db.kysely.updateTable('heating_season').set({ params: JSON.stringify({ ...p, amounts: { ...p.amounts, supplementary: 'prorated' } }) }).where('id', '=', SEASON).execute();
    // Household 5's heating is recorded now: dispersed.
    await sql`update household set heating_mode = 'dispersed' where county_code = ${C} and id = ${h(5)}`.execute(db.kysely);
    const late: CommandContext = { ...admin, clock: at('2020-01-10') };
    const r = await buildSeason(late, { county: C, season: SEASON, supplementary: true }, { batchSize: 9 });
    const got = (await lines(r.rollId)).map((l) => [l.household_id, l.amount_fen, l.heating_months]);
    const ps = await loadParameterSet(db);
    const ctx = paramContext(ps, C, fromYmd(2019, 11, 1));
    expect(got).toEqual([
      [h(11), 16_000, 4],
      [h(5), 20_000, null],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(prorateSeason(ctx, 20_000, 4, new Tracer(false), [])).toBe(16_000);
    expect(r).toMatchObject({ round: 1, households: 2, totalFen: 36_000 });
    // Built but not approved: asked again, the same roll.
    expect((await buildSeason(late, { county: C, season: SEASON, supplementary: true })).rollId).toBe(r.rollId);
    const roll = await db.kysely.selectFrom('payroll_roll').selectAll().where('id', '=', r.rollId).executeTakeFirstOrThrow();
    await approveRoll({ ...approver, clock: at('2020-01-10') }, { ref: { county: C, id: r.rollId }, input: { version: roll.version } as never });
    // Nothing left: refused, and no empty roll kept.
    expect(await codeOf(buildSeason(late, { county: C, season: SEASON, supplementary: true }))).toBe('HEATING_SUPPLEMENTARY_EMPTY');
    expect(await db.kysely.selectFrom('payroll_roll').select('round').where('program', '=', 'heating').orderBy('round').execute()).toEqual([{ round: 0 }, { round: 1 }]);
    const s2: HeatingSeasonTable = await season();
    expect(s2.status).toBe('open');
  });
});
