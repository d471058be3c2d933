import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessCase } from '../../src/commands/cases/assess-case.ts';
import { type Actor, operatorContext } from '../../src/commands/context.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { assessEnrollment, situationForEnrollment } from '../../src/commands/enrollments/registry-facts.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { type RegistryHousehold, registrySituations } from '../../src/commands/simulate/registry-situations.ts';
import type { CaseListRow } from '../../src/db/case-repo.ts';
import { RegistryRepo } from '../../src/db/registry-repo.ts';
import type { EnrollmentTable } from '../../src/db/schema.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { countyBatches, readOnlySnapshot } from '../../src/db/simulation-source.ts';
import { isAppError } from '../../src/kernel/errors.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import type { ParameterSet } from '../../src/policy/parameter-set.ts';
import type { Situation } from '../../src/rules/situation.ts';
import type { CaseKind } from '../../src/workflow/case-types.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

/** A month many of the synthetic registry's children were born after: the mapping leaves them out. */
const MONTH = '2019-08' as PlainMonth;
const CITY = '211200000000';
const actor: Actor = { userId: 'u-city', username: 'city', displayName: '市级', role: 'city_admin' as Actor['role'], areaCode: CITY };

type EnrollmentKey = Pick<EnrollmentTable, 'county_code' | 'program' | 'unit' | 'household_id' | 'person_id'>;
const caseRow = (county: string, household: string, kind: CaseKind, applicant: string) =>
  ({ county_code: county, household_id: household, kind, program: kind === 'tekun' ? 'tekun' : 'dibao', applicant_person_id: applicant }) as CaseListRow;
const enrollment = (county: string, household: string, kind: CaseKind, person: string): EnrollmentKey => ({
  county_code: county,
  program: kind === 'tekun' ? 'tekun' : 'dibao',
  unit: kind === 'dibao_household' ? 'household' : 'individual',
  household_id: household,
  person_id: person,
});

/** The situation, or the code of the refusal. */
async function attempt(f: () => Promise<Situation> | Situation): Promise<Situation | string> {
  try {
    return await f();
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.code;
  }
}

/**
 * Issue 10 point 1: the simulation (batch reader), the approval (a case's assessment, single-household reader) and
 * the recalculation (batch facts of the enrollment jobs, and the single-household reader of changes and reviews) see
 * the same situation for the same household and month — deep-equal — and refuse the same households.
 */
describe(`one registry → situation mapping on every path (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let ps: ParameterSet;
  const simulated = new Map<string, RegistryHousehold>();
  let households: { county_code: string; id: string }[];

  beforeAll(async () => {
    db = await createTestDb();
    await generateDemo(operatorContext(db, { name: 'test', clock: () => new Date('2026-01-05T02:00:00Z') }), { households: 160, seed: 'one-mapping' });
    ps = await loadParameterSet(db);
    const k = db.kysely;
    households = await k.selectFrom('household').select(['county_code', 'id']).orderBy('county_code').orderBy('id').execute();
    // Rows only written around the registry's API can hold, and orders only the mapping settles.
    const income = await k.selectFrom('income_item').select(['county_code', 'id', 'household_id', 'person_id']).where('person_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    await k.updateTable('income_item').set({ kind: 'lottery' }).where('county_code', '=', income.county_code).where('id', '=', income.id).execute();
    const item = (county: string, household: string, kind: string, fen: number, person: string | null) => ({
      county_code: county, id: randomUUID(), household_id: household, person_id: person, kind, annual_fen: fen, note: null, created_at: '2026-01-06T00:00:00.000Z',
    });
    await k
      .insertInto('income_item')
      .values([item(income.county_code, income.household_id, 'scholarship', 0, null), item(income.county_code, income.household_id, 'wage', 12_345, income.person_id)])
      .execute();
    const later = await k.selectFrom('person').select(['county_code', 'id', 'household_id']).where('birth_date', '>', '2019-08-31').orderBy('id').executeTakeFirstOrThrow();
    await k.insertInto('income_item').values(item(later.county_code, later.household_id, 'assistance', 60_000, later.id)).execute();
    const big = await k
      .selectFrom('person')
      .select(['county_code', 'household_id'])
      .where('relation', '!=', 'head')
      .where('birth_date', '<=', '2019-08-31')
      .groupBy(['county_code', 'household_id'])
      .having((eb) => eb.fn.countAll(), '>=', 2)
      .orderBy('household_id')
      .executeTakeFirstOrThrow();
    // Twins: the same birth date, in an order only the person id decides; and a relation the engine does not know.
    const kids = await k.selectFrom('person').select('id').where('county_code', '=', big.county_code).where('household_id', '=', big.household_id).where('relation', '!=', 'head').execute();
    await k.updateTable('person').set({ birth_date: '2001-03-04' }).where('county_code', '=', big.county_code).where('id', 'in', kids.map((x) => x.id)).execute();
    await k.updateTable('person').set({ relation: 'lodger' }).where('county_code', '=', big.county_code).where('id', '=', kids[0].id).execute();
    // A household nobody of which was born by the month.
    const alone = await k
      .selectFrom('person')
      .select(['county_code', 'household_id'])
      .groupBy(['county_code', 'household_id'])
      .having((eb) => eb.fn.countAll(), '=', 1)
      .orderBy('household_id')
      .executeTakeFirstOrThrow();
    await k.updateTable('person').set({ birth_date: '2020-02-02' }).where('county_code', '=', alone.county_code).where('household_id', '=', alone.household_id).execute();

    await readOnlySnapshot(db.kysely, db.dialect, async (q) => {
      for (const county of [...new Set(households.map((h) => h.county_code))]) {
        for await (const batch of countyBatches(q, { scope: scopeOf(CITY), county, batchSize: 7 })) {
          for (const h of registrySituations(batch, MONTH)) simulated.set(`${county}/${h.householdId}`, h);
        }
      }
    });
  });
  afterAll(async () => db?.destroy());

  it('the simulation, the approval and the recalculation build deep-equal situations, and refuse the same households', async () => {
    let compared = 0;
    let refused = 0;
    let tekun = 0;
    let withUnborn = 0;
    let attributed = 0;
    for (const county of [...new Set(households.map((h) => h.county_code))]) {
      const ids = households.filter((h) => h.county_code === county).map((h) => h.id);
      await db.kysely.transaction().execute(async (trx) => {
        const batchFacts = await new RegistryRepo(trx, scopeOf(actor.areaCode)).householdsWithParts(county, ids);
        for (const id of ids) {
          const facts = batchFacts.get(id);
          if (!facts) throw new Error(`household ${id} not in the batch facts`);
          const sim = simulated.get(`${county}/${id}`);
          const born = facts.members.filter((m) => m.birth_date <= '2019-08-31');
          if (born.length < facts.members.length) withUnborn++;
          const recalculated = await attempt(() => situationForEnrollment(facts, enrollment(county, id, 'dibao_household', facts.members[0].id), MONTH));
          const changed = await attempt(async () => (await assessEnrollment(trx, actor, ps, enrollment(county, id, 'dibao_household', facts.members[0].id), MONTH)).situation);
          expect(changed, id).toEqual(recalculated);
          if (!sim) {
            // Not assessed by the simulation: refused on the other paths (nobody in the household was born yet).
            expect(born, id).toHaveLength(0);
            expect(recalculated, id).toBe('SITUATION_INVALID');
            refused++;
            continue;
          }
          const approved = (await assessCase(trx, actor, ps, caseRow(county, id, 'dibao_household', born[0].id), MONTH, { trace: false })).situation;
          expect(approved, id).toEqual(sim.dibao);
          expect(recalculated, id).toEqual(sim.dibao);
          compared++;
          // Tekun and individual inclusion: the person assessed, as each path names them.
          const seen = new Set<number>();
          for (const m of born) {
            const t = (await assessCase(trx, actor, ps, caseRow(county, id, 'tekun', m.id), MONTH, { trace: false })).situation;
            expect(situationForEnrollment(facts, enrollment(county, id, 'tekun', m.id), MONTH), id).toEqual(t);
            expect(t, id).toEqual({ ...sim.dibao, program: 'tekun', applicant: t.applicant });
            seen.add(t.applicant as number);
            const i = (await assessCase(trx, actor, ps, caseRow(county, id, 'dibao_individual', m.id), MONTH, { trace: false })).situation;
            expect(situationForEnrollment(facts, enrollment(county, id, 'dibao_individual', m.id), MONTH), id).toEqual(i);
            expect(i.applicant).toBe(t.applicant);
            attributed += i.household.incomes.filter((x) => x.member === i.applicant).length;
          }
          expect(seen.size, id).toBe(born.length);
          for (const c of sim.tekunCandidates) expect(seen.has(c)).toBe(true);
          tekun += sim.tekunCandidates.length;
          // Someone born after the month assessed for it is refused on both paths.
          for (const m of facts.members.filter((x) => x.birth_date > '2019-08-31')) {
            expect(await attempt(async () => (await assessCase(trx, actor, ps, caseRow(county, id, 'tekun', m.id), MONTH, { trace: false })).situation)).toBe('APPLICANT_NOT_IN_HOUSEHOLD');
            expect(await attempt(() => situationForEnrollment(facts, enrollment(county, id, 'tekun', m.id), MONTH))).toBe('APPLICANT_NOT_IN_HOUSEHOLD');
          }
        }
      });
    }
    expect(compared + refused).toBe(households.length);
    // The population exercises what the paths used to disagree on.
    expect(compared).toBeGreaterThan(100);
    expect(refused).toBe(1);
    expect(withUnborn).toBeGreaterThan(5);
    expect(tekun).toBeGreaterThan(5);
    expect(attributed).toBeGreaterThan(20);
    const all = [...simulated.values()].map((h) => h.dibao.household);
    expect(all.some((h) => h.incomes.some((i) => i.kind === 'other'))).toBe(true);
    expect(all.some((h) => h.incomes.some((i) => i.kind === 'scholarship' && i.annual === 0))).toBe(true);
    expect(all.some((h) => h.members.some((m) => m.relation === 'spouse'))).toBe(true);
    expect(all.some((h) => h.members.filter((m) => m.birthDate === '2001-03-04').length >= 2)).toBe(true);
  });
});
