import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/commands/simulate/run-simulation.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { simulateRegistry } from '../../src/commands/simulate/simulate-registry.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import type { SimulationResult } from '../../src/contracts/simulate.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { isAppError } from '../../src/kernel/errors.ts';
import { buildSimulationRegistry, EXPECTED_6000 } from '../factories/simulation-registry.ts';
import { snapshotTables, WATCHED_TABLES } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS } from '../factories/users.ts';

const RAISE = { changes: [{ name: 'dibao.standard.rural', value: '6000' }], from: '2019-08' };
const countyOf = (r: SimulationResult, code: string) => r.counties.find((c) => c.county === code)!;
const withoutSeconds = ({ seconds: _s, ...rest }: SimulationResult) => rest;

async function codeOf(p: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('expected an error');
}

describe(`doudi simulate over a hand-built registry (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let before: string;

  beforeAll(async () => {
    db = await createTestDb();
    await buildSimulationRegistry(db);
    before = await snapshotTables(db, WATCHED_TABLES);
  });
  afterAll(async () => db?.destroy());

  it('raising the rural standard from 4,770 to 6,000 from 2019-08 gives the figures worked out by hand', async () => {
    const r = await simulateRegistry(operatorContext(db), RAISE);
    expect(r.from).toBe('2019-08');
    expect(r.changes).toEqual([{ name: 'dibao.standard.rural', value: 6000 }]);
    for (const [code, expected] of Object.entries(EXPECTED_6000)) {
      const { county: _c, name: _n, ...figures } = countyOf(r, code);
      expect(figures, code).toEqual(expected);
    }
    expect(countyOf(r, '211221').name).toEqual({ zh: '铁岭县', en: 'Tieling County' });
    // Every county of the city is listed; those without households show zeros.
    expect(r.counties.map((c) => c.county)).toEqual(['211202', '211204', '211221', '211223', '211224', '211281', '211282']);
    expect(countyOf(r, '211224').assessed).toEqual({ households: 0, persons: 0 });
    expect(r.total.baseline).toEqual({ households: 6, persons: 10, monthlyFen: 252_783, tekun: { persons: 1, monthlyFen: 81_675 } });
    expect(r.total.scenario).toEqual({ households: 9, persons: 14, monthlyFen: 421_950, tekun: { persons: 1, monthlyFen: 95_000 } });
    expect(r.total.delta).toEqual({ households: 3, persons: 4, monthlyFen: 169_167, tekun: { persons: 0, monthlyFen: 13_325 } });
    expect(r.total.assessed).toEqual({ households: 11, persons: 18 });
    expect(r.warnings).toEqual([]);
    expect(r.seconds).toBeGreaterThan(0);
  });

  it('leaves the registry, the audit trail and everything else exactly as it was', async () => {
    await simulateRegistry(operatorContext(db), RAISE);
    await simulateRegistry(operatorContext(db), { ...RAISE, county: '211223' }, { threads: 0 });
    expect(await snapshotTables(db, WATCHED_TABLES)).toBe(before);
  });

  it('one county; lowering the standard loses the household whose income is no longer below it', async () => {
    const r = await simulateRegistry(operatorContext(db), { changes: [{ name: 'dibao.standard.rural', value: 4000 }], from: '2019-08', county: '211223' });
    expect(r.counties.map((c) => c.county)).toEqual(['211223']);
    const x = countyOf(r, '211223');
    expect(x.baseline).toEqual(EXPECTED_6000['211223'].baseline);
    // I: (8,000 − 5,000) / 12 = 250.00; K: 4,500 ≥ 4,000.
    expect(x.scenario).toEqual({ households: 1, persons: 2, monthlyFen: 25_000, tekun: { persons: 0, monthlyFen: 0 } });
    expect(x.dibaoChanged).toEqual({ gained: 0, lost: 1 });
    expect(r.total.delta.monthlyFen).toBe(25_000 - 40_083);
  });

  it('a list parameter: no longer excluding the family-planning award makes F ineligible', async () => {
    const r = await simulateRegistry(operatorContext(db), { changes: [{ name: 'dibao.income.excludedKinds', value: 'special_care, scholarship' }], from: '2019-08', county: '211221' });
    const t = countyOf(r, '211221');
    // F counts 9,600 + 3,000 = 12,600 ≥ 9,540; A, G and J stay as they were; J's tekun income is a pension either way.
    expect(t.scenario).toEqual({ households: 3, persons: 5, monthlyFen: 69_250 + 59_200 + 29_750, tekun: { persons: 1, monthlyFen: 81_675 } });
    expect(t.dibaoChanged).toEqual({ gained: 0, lost: 1 });
    expect(r.changes).toEqual([{ name: 'dibao.income.excludedKinds', value: ['special_care', 'scholarship'] }]);
  });

  it('several changes at once: the care amount moves tekun only', async () => {
    const r = await simulateRegistry(operatorContext(db), { changes: [{ name: 'dibao.standard.rural', value: 6000 }, { name: 'tekun.care.monthly.full', value: 500 }], from: '2019-08' });
    // J: 1.3 × 6,000 / 12 + 500 = 1,150.00
    expect(countyOf(r, '211221').scenario).toEqual({ ...EXPECTED_6000['211221'].scenario, tekun: { persons: 1, monthlyFen: 115_000 } });
  });

  it('gives the same figures whatever the batch size and whether counties run in worker threads or here', async () => {
    const reference = withoutSeconds(await simulateRegistry(operatorContext(db), RAISE, { threads: 0 }));
    for (const batchSize of [1, 2, 3, 5]) expect(withoutSeconds(await simulateRegistry(operatorContext(db), RAISE, { batchSize, threads: 0 })), `batch ${batchSize}`).toEqual(reference);
    expect(withoutSeconds(await simulateRegistry(operatorContext(db), RAISE, { batchSize: 2, threads: 2, threadsFrom: 0 }))).toEqual(reference);
  });

  it('reports progress up to every household of the scope', async () => {
    const seen: [number, number][] = [];
    await simulateRegistry(operatorContext(db), RAISE, { batchSize: 4, threads: 0, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen[0]).toEqual([0, 11]);
    expect(seen.at(-1)).toEqual([11, 11]);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
  });

  it('a township user’s scope reads only that township’s households', async () => {
    const baseline = await loadParameterSet(db);
    const r = await runSimulation({ db, baseline, scope: scopeOf(AREAS.township), input: RAISE });
    expect(r.counties.map((c) => c.county)).toEqual(['211221']);
    // Village 211221101200: A, B, C, G, H, J.
    const t = countyOf(r, '211221');
    expect(t.assessed).toEqual({ households: 6, persons: 10 });
    expect(t.baseline).toEqual({ households: 3, persons: 5, monthlyFen: 69_250 + 59_200 + 29_750, tekun: { persons: 1, monthlyFen: 81_675 } });
    expect(t.scenario.monthlyFen).toBe(100_000 + 16_667 + 10_250 + 59_200 + 40_000);
    expect(await codeOf(runSimulation({ db, baseline, scope: scopeOf(AREAS.township), input: { ...RAISE, county: '211223' } }))).toEqual({ code: 'AREA_FORBIDDEN', field: 'county' });
  });

  it('warns when a changed parameter is read by no dibao or tekun determination', async () => {
    const r = await simulateRegistry(operatorContext(db), { changes: [{ name: 'heating.dispersed.annual', value: 300 }], from: '2019-08' });
    expect(r.warnings.map((w) => [w.code, w.name])).toEqual([['SIMULATE_PARAM_NOT_USED', 'heating.dispersed.annual']]);
    // Said in words, not by the key.
    expect(r.warnings[0]?.message.zh).not.toContain('heating.dispersed.annual');
    expect(r.warnings[0]?.message.zh).toMatch(/^低保和特困认定都不使用“[^”]*取暖[^”]*”/);
    expect(r.total.delta).toEqual({ households: 0, persons: 0, monthlyFen: 0, tekun: { persons: 0, monthlyFen: 0 } });
    expect(r.total.baseline).toEqual(r.total.scenario);
  });

  it('refuses bad input with a code and the field at fault', async () => {
    const cases: [unknown, string, string][] = [
      [{ ...RAISE, changes: [] }, 'SIMULATE_NO_CHANGES', 'changes'],
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rurl', value: 6000 }] }, 'SIMULATE_PARAM_UNKNOWN', 'changes.0.name'],
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rural', value: 'lots' }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rural', value: -1 }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [{ name: 'dibao.standard.rural', value: '6000.001' }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [{ name: 'tekun.care.threshold.full', value: 3.5 }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [{ name: 'dibao.income.excludedKinds', value: 'lottery' }] }, 'SIMULATE_VALUE_INVALID', 'changes.0.value'],
      [{ ...RAISE, changes: [...RAISE.changes, { name: 'dibao.standard.rural', value: 5000 }] }, 'SIMULATE_PARAM_TWICE', 'changes.1.name'],
      [{ ...RAISE, from: '2019-13' }, 'SIMULATE_FROM_INVALID', 'from'],
      [{ ...RAISE, from: '2018-12' }, 'SIMULATE_MONTH_NO_VALUES', 'from'],
      [{ ...RAISE, county: '210102' }, 'SIMULATE_COUNTY_UNKNOWN', 'county'],
    ];
    for (const [input, code, field] of cases) expect(await codeOf(simulateRegistry(operatorContext(db), input as typeof RAISE)), JSON.stringify(input)).toEqual({ code, field });
  });
});
