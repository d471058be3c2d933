import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoudi } from '../../tests/factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';
import { legacyOverride } from '../../tests/factories/policy.ts';
import { AREAS, makeUser } from '../../tests/factories/users.ts';

const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
/** Each spawn starts Node and opens the database: seconds apiece on a loaded machine. */
const SPAWNS = 180_000;

describe(`doudi policy (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const doudi = (...args: string[]) => runDoudi(db, ['policy', ...args]);

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'cli_sup', 'city_supervisor', AREAS.city);
    await makeUser(db, 'cli_admin', 'system_admin', AREAS.city);
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
    expect(report.timeline).toEqual([]);
    expect(report.counties.map((c: { county: { code: string } }) => c.county.code)).toEqual(COUNTIES);
    for (const c of report.counties) expect(c.findings.map((f: { check: string; ok: boolean }) => f.ok)).toEqual([true, true, true, true, true, true, true]);
    expect(report.cityFindings[0]).toMatchObject({ check: 'CITY_AVERAGE_FLOOR', ok: true, values: { average: '4770', plan: '4770' } });

    const text = await doudi('check', '--at', '2020-02-01');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('全部达标 every floor holds');
    expect(text.stdout).toContain('全部日期 every day of the timeline: 各县区均有有效值，下限均达标');
    expect(text.stdout).not.toContain('FAIL');
  }, SPAWNS);

  it('an override is proposed, refused below the plan’s floor, confirmed by a named city supervisor, and withdrawn while pending (ADR 0017)', async () => {
    const below = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '211224', '--from', '2020-01-01', '--value', '1.2', '--citation', '昌图县 测试文件：1.2 倍');
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/^PARAM_BELOW_PLAN_FLOOR: 此调整（昌图县“特困人员基本生活标准（占同县同期低保标准的倍数）”，2020-01-01 起）将使昌图县自 2020年1月（2020-01-01）起低于实施方案的下限.*依据：《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）二\(一\)/);
    expect(await db.kysely.selectFrom('policy_override').selectAll().execute()).toHaveLength(0);

    const add = await doudi('override', 'add', 'tekun.basic.ratio', '--area', '211224', '--from', '2020-01-01', '--value', '1.4', '--citation', '昌图县 测试文件：1.4 倍', '--json');
    expect(add.code, add.stderr).toBe(0);
    const proposed = JSON.parse(add.stdout);
    expect(proposed).toMatchObject({ status: 'pending', name: 'tekun.basic.ratio', value: 1.4, proposedBy: { username: expect.stringMatching(/^cli:/) } });
    const rows = await db.kysely.selectFrom('policy_override').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'tekun.basic.ratio', area: '211224', effective_from: '2020-01-01', value_json: '1.4', citation: '昌图县 测试文件：1.4 倍', status: 'pending' });
    // Pending: the value in force is still the file's.
    const before = JSON.parse((await doudi('show', 'tekun.basic.ratio', '--json')).stdout);
    expect(before.areas.find((a: { area: { code: string } }) => a.area.code === '211224')).toBeUndefined();

    const noUser = await doudi('override', 'confirm', proposed.id, '--as', 'nobody');
    expect(noUser.stderr).toMatch(/USER_UNKNOWN/);
    const wrongRole = await doudi('override', 'confirm', proposed.id, '--as', 'cli_admin');
    expect(wrongRole.stderr).toMatch(/PERMISSION_DENIED/);
    const confirm = await doudi('override', 'confirm', proposed.id, '--as', 'cli_sup');
    expect(confirm.code, confirm.stderr).toBe(0);
    expect(confirm.stdout).toContain('已确认，自 2020-01-01 起生效');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', 'like', 'policy.override.%').orderBy('seq').execute();
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([['policy.override.propose', proposed.id], ['policy.override.confirm', proposed.id]]);
    expect(audit[0].actor_name).toMatch(/^cli:/);
    expect(audit[1].actor_name).toBe('cli_sup');

    expect((await doudi('check', '--at', '2020-02-01')).code).toBe(0);
    const show = await doudi('show', 'tekun.basic.ratio', '--json');
    const changtu = JSON.parse(show.stdout).areas.find((a: { area: { code: string } }) => a.area.code === '211224');
    expect(changtu.entries).toEqual([expect.objectContaining({ value: 1.4, source: 'override', author: rows[0].author, effectiveFrom: '2020-01-01' })]);

    const second = JSON.parse((await doudi('override', 'add', 'heating.dispersed.annual', '--area', '211221', '--from', '2031-11-01', '--value', '260', '--citation', '测试', '--json')).stdout);
    const withdrawn = await doudi('override', 'withdraw', second.id, '--reason', '文件未下发');
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    const list = await doudi('override', 'list');
    expect(list.stdout).toMatch(/已撤回 withdrawn {2}heating\.dispersed\.annual = 260/);
    expect(list.stdout).toMatch(/撤回 withdrawn: cli:\S+ \(cli:\S+\) \S+: 文件未下发/);
    expect(list.stdout).toMatch(/确认 confirmed: cli_sup \(CLI\) \(cli_sup\)/);
    const again = await doudi('override', 'confirm', second.id, '--as', 'cli_sup');
    expect(again.stderr).toMatch(/PARAM_OVERRIDE_STATE/);
  }, SPAWNS);

  it('refuses ending a county’s own standard with nothing to fall back on; check reports a county already without a value (data from before the checks), exit 1 (issue 11 point 3)', async () => {
    const end = await doudi('override', 'add', 'dibao.standard.rural', '--area', '211224', '--from', '2030-01-01', '--value', 'null', '--citation', '昌图县 测试');
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/^PARAM_LEAVES_NO_VALUE: 此调整（昌图县“农村最低生活保障标准（年）”，2030-01-01 起）将使昌图县自 2030年1月（2030-01-01）起没有有效的“农村最低生活保障标准（年）”（dibao\.standard\.rural）.*\[value\]/);
    const id = await legacyOverride(db, { name: 'dibao.standard.rural', area: '211224', effectiveFrom: '2030-01-01', value: null });
    try {
      const json = await doudi('check', '--at', '2020-02-01', '--json');
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.ok).toBe(false);
      expect(report.timeline[0]).toMatchObject({ kind: 'gap', area: { code: '211224' }, from: '2030-01-01', until: null, parameter: { name: 'dibao.standard.rural' } });
      const text = await doudi('check', '--at', '2020-02-01');
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/全部日期 every day of the timeline: \d+ 个问题 PROBLEMS\n {2}昌图县 Changtu County \(211224\) ✗ 缺少有效值 NO VALUE {2}dibao\.standard\.rural\n {4}自 2030-01-01 起没有有效的“农村最低生活保障标准（年）”/);
    } finally {
      await db.kysely.deleteFrom('policy_override').where('id', '=', id).execute();
    }
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

  it('check names the county, the temporary-aid standard at fault and its parameter; proposing it is refused (ADR 0038)', async () => {
    const refused = await doudi('override', 'add', 'temporary.standard.fire.severe.multiple', '--area', '211223', '--from', '2020-01-01', '--value', '7', '--citation', '西丰县 测试');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^PARAM_BELOW_PLAN_FLOOR: 此调整（西丰县“临时救助·火灾：重度档救助标准（月低保标准的倍数）”，2020-01-01 起）将使西丰县自 2020年1月（2020-01-01）起不符合实施方案的要求：临时救助标准有误：「火灾」重度档倍数 7 超过一般最高救助额的倍数 6/);
    const id = await legacyOverride(db, { name: 'temporary.standard.fire.severe.multiple', area: '211223', effectiveFrom: '2020-01-01', value: 7 });
    try {
      const json = await doudi('check', '--at', '2020-02-01', '--json');
      expect(json.code).toBe(1);
      const county = JSON.parse(json.stdout).counties.find((c: { county: { code: string } }) => c.county.code === '211223');
      expect(county.findings.find((f: { ok: boolean }) => !f.ok)).toMatchObject({ check: 'TEMPORARY_STANDARDS', parameters: ['temporary.standard.fire.severe.multiple'] });
      const text = await doudi('check', '--at', '2020-02-01');
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/西丰县 Xifeng County \(211223\): 未达标 FAIL[\s\S]*✗ 未达标 FAIL {2}临时救助各类别标准递增且 ≤ 一般最高救助额 \(TEMPORARY_STANDARDS\).*\n {4}临时救助标准有误：「火灾」重度档倍数 7 超过一般最高救助额的倍数 6 \/ .*\n {4}参数 parameters: temporary\.standard\.fire\.severe\.multiple/);
    } finally {
      await db.kysely.deleteFrom('policy_override').where('id', '=', id).execute();
    }
  }, SPAWNS);
});
