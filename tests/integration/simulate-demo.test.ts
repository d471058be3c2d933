import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { simulateRegistry } from '../../src/commands/simulate/simulate-registry.ts';
import type { SimulationFigures, SimulationResult } from '../../src/contracts/simulate.ts';
import type { PlainDate, PlainMonth } from '../../src/kernel/plain-date.ts';
import type { ParameterSet } from '../../src/policy/parameter-set.ts';
import { determine } from '../../src/rules/engine.ts';
import type { IncomeKind, Member, Situation } from '../../src/rules/situation.ts';
import { snapshotTables, WATCHED_TABLES } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { operatorContext } from '../../src/commands/context.ts';

const MONTH = '2019-08' as PlainMonth;
/** A standard raise and an uplift for the elderly: ages, incomes by kind, assets and tekun all matter. */
const INPUT = {
  changes: [
    { name: 'dibao.standard.rural', value: '5400' },
    { name: 'dibao.uplift.elderly', value: '0.15' },
  ],
  from: MONTH,
};

const zero = (): SimulationFigures => ({ households: 0, persons: 0, monthlyFen: 0, tekun: { persons: 0, monthlyFen: 0 } });

/**
 * The oracle: every household read on its own with plain queries, members and sums built here, and tekun determined
 * for every member (no pre-selection), under both parameter sets. An independent path from the registry to the
 * engine: the simulation's batched SQL aggregation, its matching of rows and its choice of tekun candidates must
 * come to the same figures.
 */
async function oracle(db: TestDb, baseline: ParameterSet): Promise<Map<string, { baseline: SimulationFigures; scenario: SimulationFigures }>> {
  const scenario = baseline.withSituationParameters({ 'dibao.standard.rural': 5400, 'dibao.uplift.elderly': 0.15 });
  const out = new Map<string, { baseline: SimulationFigures; scenario: SimulationFigures }>();
  const households = await db.kysely.selectFrom('household').selectAll().execute();
  for (const h of households) {
    const persons = await db.kysely.selectFrom('person').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).execute();
    const incomes = await db.kysely.selectFrom('income_item').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).execute();
    const assets = await db.kysely.selectFrom('asset_item').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).execute();
    const members: Member[] = persons
      .filter((p) => p.birth_date <= '2019-08-31')
      .map((p) => ({
        birthDate: p.birth_date as PlainDate,
        relation: p.relation,
        seriousIllness: Number(p.serious_illness) === 1,
        laborCapacity: p.labor_capacity,
        selfCareFailed: [0, 1, 2, 3, 4, 5].filter((b) => (Number(p.self_care_mask) >> b) & 1).length,
        supporter: p.supporter_status as Member['supporter'],
        status: 'resident',
        ...(p.disability_kind ? { disability: { kind: p.disability_kind as 'physical', grade: Number(p.disability_grade) } } : {}),
      }));
    if (members.length === 0) continue;
    const byKind = new Map<string, number>();
    for (const i of incomes) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + Number(i.annual_fen));
    const s: Situation = {
      program: 'dibao',
      month: MONTH,
      county: h.county_code,
      unit: 'household',
      household: {
        hukou: h.hukou_type,
        registeredPoor: Number(h.registered_poor) === 1,
        members,
        incomes: [...byKind].map(([kind, fen]) => ({ kind: kind as IncomeKind, annual: fen / 100 })),
        deductions: [],
        assets: {
          financial: assets.filter((a) => a.kind === 'financial').reduce((n, a) => n + Number(a.value_fen), 0) / 100,
          vehicles: assets.filter((a) => a.kind === 'vehicle').reduce((n, a) => n + Number(a.quantity), 0),
        },
      },
    };
    let slot = out.get(h.county_code);
    if (!slot) out.set(h.county_code, (slot = { baseline: zero(), scenario: zero() }));
    for (const [set, f] of [[baseline, slot.baseline], [scenario, slot.scenario]] as const) {
      const d = determine(s, set);
      if (d.eligible) {
        f.households++;
        f.persons += members.length;
        f.monthlyFen += d.amount.fen;
      }
      for (let applicant = 0; applicant < members.length; applicant++) {
        const t = determine({ ...s, program: 'tekun', applicant }, set);
        if (t.eligible) {
          f.tekun.persons++;
          f.tekun.monthlyFen += t.amount.fen;
        }
      }
    }
  }
  return out;
}

describe(`doudi simulate over a synthetic population agrees with household-by-household determinations (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let result: SimulationResult;

  beforeAll(async () => {
    db = await createTestDb();
    await generateDemo(operatorContext(db, { name: 'test', clock: () => new Date('2026-01-05T02:00:00Z') }), { households: 600, seed: 'simulate-oracle' });
  });
  afterAll(async () => db?.destroy());

  it('per county: the same eligible households, persons and fen as the oracle', async () => {
    const before = await snapshotTables(db, WATCHED_TABLES);
    result = await simulateRegistry(db, INPUT, { batchSize: 37, threads: 0 });
    const expected = await oracle(db, await loadParameterSet(db));
    expect(result.counties.filter((c) => c.assessed.households > 0).length).toBeGreaterThan(3);
    for (const c of result.counties) {
      const o = expected.get(c.county) ?? { baseline: zero(), scenario: zero() };
      expect(c.baseline, c.county).toEqual(o.baseline);
      expect(c.scenario, c.county).toEqual(o.scenario);
    }
    // The population is varied enough for the comparison to mean something.
    expect(result.total.baseline.households).toBeGreaterThan(20);
    expect(result.total.baseline.tekun.persons).toBeGreaterThan(5);
    expect(result.total.delta.households).toBeGreaterThan(0);
    expect(result.total.delta.tekun.monthlyFen).toBeGreaterThan(0);
    expect(await snapshotTables(db, WATCHED_TABLES)).toBe(before);
  });

  it('worker threads and another batch size come to the very same result', async () => {
    const { seconds: _a, ...inThread } = result;
    const { seconds: _b, ...threaded } = await simulateRegistry(db, INPUT, { batchSize: 500, threads: 2, threadsFrom: 0 });
    expect(threaded).toEqual(inThread);
  });
});
