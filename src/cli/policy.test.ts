import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoudi } from '../../tests/factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';

const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
/** Each spawn starts Node and opens the database: seconds apiece on a loaded machine. */
const SPAWNS = 180_000;

describe(`doudi policy (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const doudi = (...args: string[]) => runDoudi(db, ['policy', ...args]);

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('check passes with the shipped values: every county, every floor, exit 0', async () => {
    const json = await doudi('check', '--at', '2020-02-01', '--json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(true);
    expect(report.day).toBe('2020-02-01');
    expect(report.counties.map((c: { county: { code: string } }) => c.county.code)).toEqual(COUNTIES);
    for (const c of report.counties) expect(c.findings.map((f: { check: string; ok: boolean }) => f.ok)).toEqual([true, true, true]);
    expect(report.cityFindings[0]).toMatchObject({ check: 'CITY_AVERAGE_FLOOR', ok: true, values: { average: '4770', plan: '4770' } });

    const text = await doudi('check', '--at', '2020-02-01');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('全部达标 every floor holds');
    expect(text.stdout).not.toContain('FAIL');
  }, SPAWNS);

  it('an override that puts the tekun ratio below 1.3 makes check fail (exit 1) from its date, naming the county', async () => {
    const add = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '211224', '--from', '2020-01-01', '--value', '1.2', '--citation', '昌图县 测试文件：1.2 倍');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('override recorded');
    const rows = await db.kysely.selectFrom('policy_override').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'tekun.basic.ratio', area: '211224', effective_from: '2020-01-01', value_json: '1.2', citation: '昌图县 测试文件：1.2 倍' });
    expect(rows[0].author).toMatch(/^cli:/);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'policy.override').execute();
    expect(audit.map((a) => [a.actor_name, a.entity_id])).toEqual([[rows[0].author, 'tekun.basic.ratio']]);

    const failed = await doudi('check', '--at', '2020-02-01', '--json');
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.ok).toBe(false);
    expect(report.counties.filter((c: { ok: boolean }) => !c.ok).map((c: { county: { code: string } }) => c.county.code)).toEqual(['211224']);
    const text = await doudi('check', '--at', '2020-02-01');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/昌图县 Changtu County \(211224\): 未达标 FAIL\n {2}✗ 未达标 FAIL {2}特困/);
    // The day before the override nothing fails.
    expect((await doudi('check', '--at', '2019-12-31')).code).toBe(0);

    const show = await doudi('show', 'tekun.basic.ratio', '--json');
    const changtu = JSON.parse(show.stdout).areas.find((a: { area: { code: string } }) => a.area.code === '211224');
    expect(changtu.entries).toEqual([expect.objectContaining({ value: 1.2, source: 'override', author: rows[0].author, effectiveFrom: '2020-01-01' })]);
  }, SPAWNS);

  it('list gives the value in force per county on the day; show prints the history with citations', async () => {
    const list = await doudi('list', '--at', '2019-06-30', '--json');
    expect(list.code, list.stderr).toBe(0);
    const rural = JSON.parse(list.stdout).parameters.find((p: { name: string }) => p.name === 'dibao.standard.rural');
    expect(rural.values.map((v: { value: number }) => v.value)).toEqual(COUNTIES.map(() => 4350));
    const text = await doudi('list', '--at', '2019-07-01');
    expect(text.stdout).toMatch(/dibao\.standard\.rural {2}\[CNY\/person\/year\].*\n {2}各县区 all counties: 4770（2019-07-01 起）/);
    const show = await doudi('show', 'dibao.standard.rural');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('2019-01-01 至 until 2019-06-30: 4350');
    expect(show.stdout).toContain('依据 citation: ');
  }, SPAWNS);

  it('refuses a bad override with the field at fault and writes nothing', async () => {
    const before = await db.kysely.selectFrom('policy_override').selectAll().execute();
    const badDate = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '211224', '--from', '2020-02-30', '--value', '1.4', '--citation', 'x');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/DATE_INVALID.*\[effectiveFrom\]/);
    const badArea = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '110101', '--from', '2020-02-01', '--value', '1.4', '--citation', 'x');
    expect(badArea.stderr).toMatch(/PARAM_AREA_UNKNOWN.*\[area\]/);
    const noCitation = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '211224', '--from', '2020-02-01', '--value', '1.4');
    expect(noCitation.code).toBe(2);
    expect(noCitation.stderr).toContain('--citation');
    expect(await db.kysely.selectFrom('policy_override').selectAll().execute()).toEqual(before);
  });
});
