import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoudi } from '../factories/cli.ts';
import { buildSimulationRegistry, EXPECTED_6000 } from '../factories/simulation-registry.ts';
import { snapshotTables, WATCHED_TABLES } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

const RAISE = ['simulate', '--set', 'dibao.standard.rural=6000', '--from', '2019-08'];

describe(`doudi simulate on the command line (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let before: string;

  beforeAll(async () => {
    db = await createTestDb();
    await buildSimulationRegistry(db);
    before = await snapshotTables(db, WATCHED_TABLES);
  });
  afterAll(async () => db?.destroy());

  it('--json prints { from, changes, counties, total, warnings, seconds } with the figures worked out by hand', async () => {
    const r = await runDoudi(db, [...RAISE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['from', 'changes', 'counties', 'total', 'warnings', 'seconds']);
    expect(out.from).toBe('2019-08');
    expect(out.changes).toEqual([{ name: 'dibao.standard.rural', value: 6000 }]);
    expect(out.counties).toHaveLength(7);
    for (const c of out.counties) expect(Object.keys(c)).toEqual(['county', 'name', 'assessed', 'baseline', 'scenario', 'delta', 'dibaoChanged']);
    for (const [code, expected] of Object.entries(EXPECTED_6000)) {
      const { county: _c, name: _n, ...figures } = out.counties.find((c: { county: string }) => c.county === code);
      expect(figures).toEqual(expected);
    }
    expect(Object.keys(out.total)).toEqual(['assessed', 'baseline', 'scenario', 'delta', 'dibaoChanged']);
    expect(out.total.delta.monthlyFen).toBe(138_417 + 30_750);
    expect(typeof out.seconds).toBe('number');
  });

  it('prints a table per county and the total, in Chinese and English', async () => {
    const r = await runDoudi(db, [...RAISE, '--county', '211221']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('铁岭县 Tieling County 211221');
    expect(r.stdout).toContain('低保新增 gained 3 户');
    // Baseline 2,127.00 yuan a month, scenario 3,511.17, change +1,384.17; tekun 816.75 → 950.00.
    expect(r.stdout).toMatch(/现行 baseline\s+4\s+7\s+2,127\.00\s+1\s+816\.75/);
    expect(r.stdout).toMatch(/调整后 scenario\s+7\s+11\s+3,511\.17\s+1\s+950\.00/);
    expect(r.stdout).toMatch(/变化 change\s+\+3\s+\+4\s+\+1,384\.17\s+0\s+\+133\.25/);
    expect(r.stdout).not.toContain('西丰县');
    expect(r.stdout).not.toContain('合计 total');
  });

  it('warns on stderr when the changed parameter enters no dibao or tekun determination', async () => {
    const r = await runDoudi(db, ['simulate', '--set', 'heating.dispersed.annual=300', '--from', '2019-08', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('SIMULATE_PARAM_NOT_USED');
    expect(JSON.parse(r.stdout).warnings[0].name).toBe('heating.dispersed.annual');
  });

  // One spawn per case: each starts a Node process, and a busy machine makes that slow.
  it.each([
    [['--set', 'dibao.standard.rurl=6000', '--from', '2019-08'], 'SIMULATE_PARAM_UNKNOWN', 'There is no parameter named dibao.standard.rurl'],
    [['--set', 'dibao.standard.rural=6k', '--from', '2019-08'], 'SIMULATE_VALUE_INVALID', 'Invalid value for dibao.standard.rural'],
    [['--set', 'dibao.standard.rural', '--from', '2019-08'], 'SIMULATE_SET_FORMAT', 'takes name=value'],
    [['--from', '2019-08'], 'SIMULATE_NO_CHANGES', 'Give at least one change'],
    [['--set', 'dibao.standard.rural=6000', '--from', '2019-8'], 'SIMULATE_FROM_INVALID', 'YYYY-MM'],
    [['--set', 'dibao.standard.rural=6000', '--from', '2018-12'], 'SIMULATE_MONTH_NO_VALUES', 'incomplete'],
    [['--set', 'dibao.standard.rural=6000', '--from', '2019-08', '--county', '211299'], 'SIMULATE_COUNTY_UNKNOWN', 'is not a county'],
    [['--set', 'dibao.standard.rural=6000', '--from', '2019-08', '--threads', 'all'], 'SIMULATE_THREADS_INVALID', 'whole number'],
  ])('exits 2 with a coded zh/en message: %j → %s', async (args, code, en) => {
    const r = await runDoudi(db, ['simulate', ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toContain(en);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });

  it('with --json the refusal is also a JSON error on stdout; a missing --from is a usage error (exit 2)', async () => {
    const json = await runDoudi(db, ['simulate', '--set', 'nope=1', '--from', '2019-08', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'SIMULATE_PARAM_UNKNOWN', field: 'changes.0.name' });
    const missing = await runDoudi(db, ['simulate', '--set', 'dibao.standard.rural=6000']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from');
  });

  it('changed nothing in the database', async () => {
    expect(await snapshotTables(db, WATCHED_TABLES)).toBe(before);
  });
});
