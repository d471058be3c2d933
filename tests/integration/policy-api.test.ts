import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];

/** POLICY.md §3 worked example: Tieling county, rural, a household of 3, annual net income 6,000. */
const workedExample = (month: string, county = '211221') => ({
  program: 'dibao',
  month,
  county,
  household: {
    hukou: 'rural',
    members: [
      { birthDate: '1970-03-01', relation: 'head', laborCapacity: 'full' },
      { birthDate: '1972-05-01', relation: 'spouse', laborCapacity: 'full' },
      { birthDate: '2008-09-01', relation: 'child' },
    ],
    incomes: [{ kind: 'wage', annual: 6000 }],
  },
});

interface Trace {
  step: string;
  label: { zh: string; en: string };
  value: string;
  shown: { zh: string; en: string };
  params: { name: string; value: unknown; effectiveFrom: string; citation: { zh: string; en: string }; source: string; area: string; illustrative: boolean }[];
}

describe(`policy API (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let worker: Client;
  let supervisor: Client;
  let admin: Client;

  const overrideRows = async () => db.kysely.selectFrom('policy_override').selectAll().execute();
  const calc = async (body: unknown, who = () => worker) => who().call('POST', '/api/policy/calculate', body);

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'worker', 'township_caseworker', AREAS.township);
    await makeUser(db, 'sup', 'city_supervisor', AREAS.city);
    await makeUser(db, 'adm', 'system_admin', AREAS.city);
    app = await testServer(db);
    worker = await loginAs(app, 'worker');
    supervisor = await loginAs(app, 'sup');
    admin = await loginAs(app, 'adm');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('calculates the worked example: 692.50 yuan in 2019-08 and 587.50 in 2019-06, with reasons and trace', async () => {
    const aug = await calc(workedExample('2019-08'));
    expect(aug.status, JSON.stringify(aug.json)).toBe(200);
    expect(aug.json.eligible).toBe(true);
    expect(aug.json.amount).toEqual({ fen: 69250, yuan: '692.50', per: 'month' });
    expect(aug.json.county).toEqual({ code: '211221', name: { zh: '铁岭县', en: 'Tieling County' } });
    expect(aug.json.reasons.map((r: { code: string }) => r.code)).toContain('INCOME_BELOW_STANDARD');
    for (const r of aug.json.reasons) expect(r.citation.zh.length).toBeGreaterThan(3);
    const trace = aug.json.trace as Trace[];
    const step = (name: string) => trace.find((s) => s.step === name);
    expect(step('standard.monthly')?.value).toBe('397.5');
    expect(step('standard.monthly')?.label.zh).toBe('低保标准（月）');
    expect(step('income.perCapitaMonthly')?.value).toMatch(/^166\.6666/);
    expect(step('income.perCapitaMonthly')?.shown).toEqual({ zh: '166.67 元', en: '166.67 yuan' });
    expect(step('amount.exact')?.value).toBe('692.5');
    const standard = trace.flatMap((s) => s.params).find((p) => p.name === 'dibao.standard.rural');
    expect(standard).toMatchObject({ value: 4770, effectiveFrom: '2019-07-01', source: 'file', area: '211221', illustrative: false });
    expect(standard?.citation.zh).toMatch(/^铁市民发〔2019〕45号 二\(一\)/);

    const jun = await calc(workedExample('2019-06'));
    expect(jun.json.amount.fen).toBe(58750);
  });

  it('refuses an invalid situation with 400 and the field at fault', async () => {
    const cases: [unknown, string][] = [
      [{ ...workedExample('2019-08'), month: '2019-13' }, 'month'],
      [{ ...workedExample('2019-08'), county: '110101' }, 'county'],
      [{ ...workedExample('2019-08'), program: 'pension' }, 'program'],
      [{ ...workedExample('2019-08'), household: { ...workedExample('2019-08').household, members: [{ id: '211221197003010010', relation: 'head' }] } }, 'household.members.0.id'],
      [{ ...workedExample('2019-08'), parameters: { 'no.such.parameter': 1 } }, 'parameters.no.such.parameter'],
      [{ ...workedExample('2019-08'), month: '2001-01' }, 'month'],
      [{ program: 'heating', month: '2019-11', county: '211221', household: workedExample('2019-08').household }, 'heating'],
    ];
    for (const [body, field] of cases) {
      const r = await calc(body);
      expect(r.status, `${field}: ${JSON.stringify(r.json)}`).toBe(400);
      expect(r.json.code).toBe('SITUATION_INVALID');
      expect(r.json.field).toBe(field);
      expect(r.json.message.zh.length).toBeGreaterThan(0);
      expect(r.json.message.en.length).toBeGreaterThan(0);
    }
  });

  it('refuses a member born after the benefit month with 400 on the member’s birth date (issue 10, point 8)', async () => {
    const example = workedExample('2019-08');
    const child = await calc({ ...example, household: { ...example.household, members: [...example.household.members, { birthDate: '2019-09-03', relation: 'child' }] } });
    expect(child.status).toBe(400);
    expect(child.json).toMatchObject({ code: 'SITUATION_INVALID', field: 'household.members.3.birthDate' });
    expect(child.json.message.en).toContain('BIRTH_DATE_FUTURE');
    expect(child.json.message.zh).not.toMatch(/household\.|[A-Z]+_[A-Z]+/);
  });

  it('tekun without what it needs says in words what is missing, on the member’s field (issue 11 point 6)', async () => {
    const example = workedExample('2019-08');
    const head = { birthDate: '1950-01-01', relation: 'head', laborCapacity: 'none', selfCareFailed: 4 };
    const r = await calc({ ...example, program: 'tekun', applicant: 0, household: { ...example.household, members: [head], incomes: [] } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'SITUATION_INVALID', field: 'household.members.0.supporter' });
    expect(r.json.message.zh).toBe('无法计算：第 1 位成员的「法定赡养、抚养、扶养义务人情况」：被评估成员必填');
    expect(r.json.message.en).toBe('Cannot calculate: member 1: legal supporter: required for the member assessed');
    const ok = await calc({ ...example, program: 'tekun', applicant: 0, household: { ...example.household, members: [{ ...head, supporter: 'none' }], incomes: [] } });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
  });

  it('lists every parameter with the value in force per county on the day asked', async () => {
    const before = await worker.call('GET', '/api/policy/parameters?at=2019-06-30');
    expect(before.status).toBe(200);
    expect(before.json.counties.map((c: { code: string }) => c.code)).toEqual(COUNTIES);
    const rural = before.json.parameters.find((p: { name: string }) => p.name === 'dibao.standard.rural');
    expect(rural).toMatchObject({ group: 'dibao', unit: 'CNY/person/year', kind: 'number' });
    expect(rural.values.map((v: { value: number }) => v.value)).toEqual(COUNTIES.map(() => 4350));
    const after = await worker.call('GET', '/api/policy/parameters?at=2019-07-01');
    const rural2 = after.json.parameters.find((p: { name: string }) => p.name === 'dibao.standard.rural');
    expect(rural2.values.map((v: { value: number; effectiveFrom: string }) => [v.value, v.effectiveFrom])).toEqual(COUNTIES.map(() => [4770, '2019-07-01']));
    // A demo default is labelled as such, a cited value is not.
    const ceiling = after.json.parameters.find((p: { name: string }) => p.name === 'temporary.townshipCeiling');
    expect(ceiling.values.every((v: { illustrative: boolean }) => v.illustrative)).toBe(true);
    expect(rural2.values.some((v: { illustrative: boolean }) => v.illustrative)).toBe(false);
    // What a reader is shown: the unit and the value in words, the citation as the real documents (a demo default
    // says it is one), list codes as their names — no code, no internal specification.
    expect(rural2.unitLabel).toEqual({ zh: '元/人/年', en: 'yuan per person per year' });
    expect(rural2.values[0].valueText.zh).toBe('4,770.00 元/人/年');
    expect(rural2.values[0].citationText.zh).toContain('铁市民发〔2019〕45号');
    expect(ceiling.values[0].citationText.zh).toMatch(/^示例值：/);
    const excluded = after.json.parameters.find((p: { name: string }) => p.name === 'dibao.income.excludedKinds');
    expect(excluded.values[0].valueText.zh).toContain('优抚金');
    expect(excluded.allowedLabels.map((l: { zh: string }) => l.zh)).toContain('工资性收入');
    for (const p of after.json.parameters) {
      for (const v of p.values.filter(Boolean)) {
        expect(`${v.valueText.zh} ${v.citationText.zh}`, p.name).not.toMatch(/POLICY\.md|illustrative|[a-z]+_[a-z]+/);
      }
    }
    // The plan's tekun floor takes effect on 2019-07-01: no value in force the day before.
    const floor = (r: typeof before) => r.json.parameters.find((p: { name: string }) => p.name === 'plan.tekun.minRatio').values[0];
    expect(floor(before)).toBeNull();
    expect(floor(after)?.value).toBe(1.3);

    const bad = await worker.call('GET', '/api/policy/parameters?at=2019-02-30');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'DATE_INVALID', field: 'at' });
  });

  it('shows a parameter’s dated history per area with citations and sources', async () => {
    const r = await supervisor.call('GET', '/api/policy/parameters/dibao.standard.rural');
    expect(r.status).toBe(200);
    expect(r.json.areas.map((a: { area: { code: string } }) => a.area.code)).toEqual(COUNTIES);
    const tieling = r.json.areas.find((a: { area: { code: string } }) => a.area.code === '211221');
    expect(tieling.entries.map((e: { effectiveFrom: string; until: string | null; value: number }) => [e.effectiveFrom, e.until, e.value])).toEqual([
      ['2019-01-01', '2019-06-30', 4350],
      ['2019-07-01', null, 4770],
    ]);
    expect(tieling.entries[1]).toMatchObject({ source: 'file', file: 'dibao/standard/rural.yaml', illustrative: false, superseded: false });
    expect(tieling.entries[1].citation).toMatch(/4770/);

    const unknown = await worker.call('GET', '/api/policy/parameters/no.such.thing');
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('PARAM_UNKNOWN');
  });

  it('an administrator’s override, once a city supervisor confirms it, changes a later calculation, shows in the history and is audited', async () => {
    const auditBefore = await db.kysely.selectFrom('audit_event').selectAll().where('action', 'like', 'policy.override%').execute();
    const body = { name: 'dibao.standard.rural', area: '211221', effectiveFrom: '2019-08-01', value: 5000, citation: '铁岭县民政局 测试文件 第1条' };
    const r = await admin.call('POST', '/api/policy/overrides', body);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json).toMatchObject({ status: 'pending', proposedBy: { username: 'adm' }, confirmedBy: null, can: { confirm: false, withdraw: true } });
    // Pending: not in force.
    expect((await calc(workedExample('2019-08'))).json.amount.fen).toBe(69250);
    const confirmed = await supervisor.call('POST', `/api/policy/overrides/${r.json.id}/confirm`, { version: r.json.version });
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'confirmed', confirmedBy: { username: 'sup' } });

    // (5000 × 3 − 6000) / 12 = 750.00 in the county from August; July and the other counties are unchanged.
    expect((await calc(workedExample('2019-08'))).json.amount.fen).toBe(75000);
    expect((await calc(workedExample('2019-07'))).json.amount.fen).toBe(69250);
    expect((await calc(workedExample('2019-08', '211223'))).json.amount.fen).toBe(69250);
    const used = ((await calc(workedExample('2019-09'))).json.trace as Trace[]).flatMap((s) => s.params).find((p) => p.name === 'dibao.standard.rural');
    expect(used).toMatchObject({ value: 5000, effectiveFrom: '2019-08-01', source: 'override', citation: { zh: body.citation, en: body.citation } });

    const list = await worker.call('GET', '/api/policy/parameters?at=2019-08-01');
    const rural = list.json.parameters.find((p: { name: string }) => p.name === 'dibao.standard.rural');
    expect(rural.values[COUNTIES.indexOf('211221')]).toMatchObject({ value: 5000, source: 'override', author: 'adm' });
    expect(rural.values[COUNTIES.indexOf('211223')]).toMatchObject({ value: 4770, source: 'file' });
    const history = await worker.call('GET', '/api/policy/parameters/dibao.standard.rural');
    const tieling = history.json.areas.find((a: { area: { code: string } }) => a.area.code === '211221');
    expect(tieling.entries.at(-2).until).toBe('2019-07-31');
    expect(tieling.entries.at(-1)).toMatchObject({ effectiveFrom: '2019-08-01', value: 5000, source: 'override', author: 'adm', citation: body.citation, until: null });

    const rows = await overrideRows();
    expect(rows.map((x) => [x.name, x.area, x.effective_from, JSON.parse(x.value_json), x.author, x.status])).toContainEqual(['dibao.standard.rural', '211221', '2019-08-01', 5000, 'adm', 'confirmed']);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', 'like', 'policy.override%').orderBy('seq').execute();
    expect(audit.slice(auditBefore.length).map((a) => [a.action, a.actor_name, a.entity_id])).toEqual([
      ['policy.override.propose', 'adm', r.json.id],
      ['policy.override.confirm', 'sup', r.json.id],
    ]);
    expect(audit.at(-1)).toMatchObject({ chain: 'city' });
    const verify = await admin.call('POST', '/api/audit/verify');
    expect(verify.json.ok).toBe(true);
  });

  it('only a system administrator may override; refusals write nothing', async () => {
    const before = await overrideRows();
    const body = { name: 'tekun.basic.ratio', area: '211202', effectiveFrom: '2020-01-01', value: 1.5, citation: '无权录入' };
    for (const who of [worker, supervisor]) {
      const r = await who.call('POST', '/api/policy/overrides', body);
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('PERMISSION_DENIED');
    }
    const invalid: [object, number, string, string][] = [
      [{ ...body, citation: '   ' }, 400, 'FIELD_TOO_SMALL', 'citation'],
      [{ ...body, area: '211299' }, 400, 'PARAM_AREA_UNKNOWN', 'area'],
      [{ ...body, effectiveFrom: '2020-02-30' }, 400, 'DATE_INVALID', 'effectiveFrom'],
      [{ ...body, value: ['a'] }, 400, 'PARAM_VALUE_KIND', 'value'],
      [{ ...body, value: -1 }, 400, 'PARAM_VALUE_KIND', 'value'],
      // The parameter's declared range and its unit's precision (issue 9 point 4): 1e308 never gets in.
      [{ ...body, value: 1e308 }, 400, 'PARAM_VALUE_BOUNDS', 'value'],
      [{ ...body, value: 6 }, 400, 'PARAM_VALUE_BOUNDS', 'value'],
      [{ ...body, value: 1.3000001 }, 400, 'PARAM_VALUE_PRECISION', 'value'],
      [{ ...body, name: 'heating.season.months', value: 4.5 }, 400, 'PARAM_VALUE_PRECISION', 'value'],
      [{ ...body, name: 'dibao.income.excludedKinds', value: ['wage', 'lottery'] }, 400, 'PARAM_VALUE_CODES', 'value'],
      [{ ...body, name: 'no.such.parameter' }, 400, 'PARAM_UNKNOWN', 'name'],
    ];
    for (const [b, status, code, field] of invalid) {
      const r = await admin.call('POST', '/api/policy/overrides', b);
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      expect(r.json).toMatchObject({ code, field });
    }
    expect(await overrideRows()).toEqual(before);
  });

  it('compliance: every county passes; an override that would break a floor for one county is refused with the reason and changes nothing', async () => {
    const ok = await supervisor.call('GET', '/api/policy/compliance?at=2020-02-01');
    expect(ok.status).toBe(200);
    expect(ok.json.ok).toBe(true);
    expect(ok.json.timeline).toEqual([]);
    expect(ok.json.counties.map((c: { county: { code: string } }) => c.county.code)).toEqual(COUNTIES);
    for (const c of ok.json.counties) {
      expect(c.findings.map((f: { check: string }) => f.check).sort()).toEqual([
        'HEATING_CENTRAL_FLOOR', 'HEATING_DISPERSED_FLOOR', 'TEKUN_FLOOR', 'TEMPORARY_CATEGORIES', 'TEMPORARY_CEILING', 'TEMPORARY_PAPERWORK', 'TEMPORARY_STANDARDS',
      ]);
    }
    expect(ok.json.cityFindings.map((f: { check: string; ok: boolean }) => [f.check, f.ok])).toEqual([['CITY_AVERAGE_FLOOR', true]]);

    const denied = await worker.call('GET', '/api/policy/compliance?at=2020-02-01');
    expect(denied.status).toBe(403);
    expect(denied.json.code).toBe('PERMISSION_DENIED');

    const before = await overrideRows();
    const bad = await admin.call('POST', '/api/policy/overrides', { name: 'tekun.basic.ratio', area: '211224', effectiveFrom: '2020-01-01', value: 1.2, citation: '昌图县 测试：低于下限' });
    expect([bad.status, bad.json.code, bad.json.field], JSON.stringify(bad.json)).toEqual([422, 'PARAM_BELOW_PLAN_FLOOR', 'value']);
    expect(bad.json.message.zh).toMatch(/昌图县自 2020年1月（2020-01-01）起低于实施方案的下限：特困人员基本生活标准低于农村低保标准的规定倍数（倍数 1\.2，规定倍数 1\.3.*）。依据：《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）二\(一\)$/);
    expect(bad.json.details).toMatchObject({ check: 'TEKUN_FLOOR', area: '211224' });
    expect(await overrideRows()).toEqual(before);
    expect((await supervisor.call('GET', '/api/policy/compliance?at=2020-02-01')).json.ok).toBe(true);
    // A ratio above the floor is accepted (pending), and a tekun calculation there uses it once confirmed.
    const good = await admin.call('POST', '/api/policy/overrides', { name: 'tekun.basic.ratio', area: '211224', effectiveFrom: '2020-01-01', value: 1.4, citation: '昌图县 测试：提高倍数' });
    expect(good.status, JSON.stringify(good.json)).toBe(201);
    expect((await supervisor.call('POST', `/api/policy/overrides/${good.json.id}/confirm`, { version: good.json.version })).status).toBe(200);
    const tekunCase = {
      program: 'tekun',
      month: '2020-03',
      county: '211224',
      household: { hukou: 'rural', members: [{ birthDate: '1940-01-01', relation: 'head', laborCapacity: 'none', supporter: 'none', selfCareFailed: 0 }] },
    };
    const r = await calc(tekunCase, () => supervisor);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    // 1.4 × 4770 / 12 = 556.50 basic, no care amount.
    expect(r.json.amount.fen).toBe(55650);
  });
});
