import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { simulateRegistry } from '../../src/commands/simulate/simulate-registry.ts';
import type { SimulationFigures, SimulationResult } from '../../src/contracts/simulate.ts';
import { mapRegistry } from '../../src/commands/registry/situation-from-registry.ts';
import { RegistryRepo } from '../../src/db/registry-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import type { ParameterSet } from '../../src/policy/parameter-set.ts';
import { determine } from '../../src/rules/engine.ts';
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
 * The oracle: every household read on its own through the single-household reader (the registry repository, as a
 * case's assessment reads it), made a situation by the one registry → situation mapping, determined on the exact
 * path (with the trace) under both parameter sets, and tekun determined for every member born by the month (no
 * pre-selection, each as the mapping makes a tekun case of that person). The simulation's keyset batches, its batch
 * reader and the matching of its rows, its tekun candidates, its integer fast path and its tally must come to the
 * same figures.
 */
async function oracle(db: TestDb, baseline: ParameterSet): Promise<Map<string, { baseline: SimulationFigures; scenario: SimulationFigures }>> {
  const scenario = baseline.withSituationParameters({ 'dibao.standard.rural': 5400, 'dibao.uplift.elderly': 0.15 });
  const out = new Map<string, { baseline: SimulationFigures; scenario: SimulationFigures }>();
  const registry = new RegistryRepo(db.kysely, scopeOf('211200000000'));
  const keys = await db.kysely.selectFrom('household').select(['county_code', 'id']).execute();
  for (const key of keys) {
    const household = await registry.getHousehold(key.county_code, key.id);
    if (!household) throw new Error(`household ${key.id} not read`);
    const facts = { household, ...(await registry.householdParts(household)) };
    const dibao = mapRegistry(facts, { kind: 'dibao_household', month: MONTH });
    if (!dibao.ok) continue;
    const n = dibao.situation.household.members.length;
    const tekun = facts.members.flatMap((m) => {
      const t = mapRegistry(facts, { kind: 'tekun', applicantPersonId: m.id, month: MONTH });
      return t.ok ? [t.situation] : [];
    });
    expect(tekun).toHaveLength(n);
    let slot = out.get(household.county_code);
    if (!slot) out.set(household.county_code, (slot = { baseline: zero(), scenario: zero() }));
    for (const [set, f] of [[baseline, slot.baseline], [scenario, slot.scenario]] as const) {
      const d = determine(dibao.situation, set, { trace: true });
      if (d.eligible) {
        f.households++;
        f.persons += n;
        f.monthlyFen += d.amount.fen;
      }
      for (const s of tekun) {
        const t = determine(s, set, { trace: true });
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
    result = await simulateRegistry(operatorContext(db), INPUT, { batchSize: 37, threads: 0 });
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
    const { seconds: _b, ...threaded } = await simulateRegistry(operatorContext(db), INPUT, { batchSize: 500, threads: 2, threadsFrom: 0 });
    expect(threaded).toEqual(inThread);
  });
});
