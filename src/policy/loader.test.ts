import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../kernel/errors.ts';
import { plainDate } from '../kernel/plain-date.ts';
import { loadDefaultPolicy, loadPolicyDir, parseParameterFile } from './loader.ts';
import type { Jurisdiction } from './types.ts';

const ps = loadDefaultPolicy();
const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
const jurisdiction: Jurisdiction = {
  name: { zh: '铁岭市', en: 'Tieling' },
  city: '211200',
  counties: COUNTIES.map((code) => ({ code, name: { zh: code, en: code } })),
};

describe('the shipped Tieling parameters', () => {
  it('define the names outside tools override, in their units', () => {
    const units: Record<string, string> = {
      'dibao.standard.rural': 'CNY/person/year',
      'dibao.standard.urban': 'CNY/person/month',
      'dibao.assets.financialMultiple': 'multiple-of-annual-standard',
      'dibao.uplift.elderly': 'fraction',
      'dibao.uplift.minor': 'fraction',
      'dibao.uplift.severeDisability': 'fraction',
      'dibao.uplift.seriousIllness': 'fraction',
      'tekun.basic.ratio': 'multiple-of-dibao-standard',
      'tekun.care.monthly.selfCare': 'CNY/person/month',
      'tekun.care.monthly.partial': 'CNY/person/month',
      'tekun.care.monthly.full': 'CNY/person/month',
      'heating.dispersed.annual': 'CNY/household/year',
      'heating.central.rate': 'CNY/m2/year',
      'heating.central.maxArea': 'm2',
      'temporary.maxMultiple': 'multiple-of-monthly-standard',
      'temporary.townshipCeiling': 'CNY',
      'exit.gradual.maxMonths.registeredPoor': 'months',
      'temporary.paperwork.deadlineWorkingDays': 'working-days',
      'plan.dibao.cityAverage.rural': 'CNY/person/year',
      'dibao.income.excludedKinds': 'list',
    };
    for (const [name, unit] of Object.entries(units)) expect(ps.definition(name).unit, name).toBe(unit);
  });

  it('ship 4,350 until 2019-06-30 and 4,770 from 2019-07-01 in all seven counties, labelled as the city average', () => {
    for (const c of COUNTIES) {
      const june = ps.lookup('dibao.standard.rural', c, plainDate('2019-06-30'));
      const july = ps.lookup('dibao.standard.rural', c, plainDate('2019-07-01'));
      expect([june.value, july.value, june.area, july.effectiveFrom]).toEqual([4350, 4770, c, '2019-07-01']);
      expect(july.note).toContain('市平均标准，各县暂按此执行');
      expect(july.citation).toContain('铁市民发〔2019〕45号');
    }
    expect(ps.counties().map((c) => c.code)).toEqual(COUNTIES);
  });

  it('ship the plan figures: tekun 1.3, dispersed heating 200, gradual exit 24 months, city average 4,770', () => {
    const day = plainDate('2019-08-01');
    expect(ps.lookup('tekun.basic.ratio', '211221', day).value).toBe(1.3);
    expect(ps.lookup('heating.dispersed.annual', '211221', day).value).toBe(200);
    expect(ps.lookup('exit.gradual.maxMonths.registeredPoor', '211221', day).value).toBe(24);
    expect(ps.lookup('plan.dibao.cityAverage.rural', '211200', day).value).toBe(4770);
    expect(ps.lookup('plan.tekun.minRatio', '211200', day).value).toBe(1.3);
    expect(ps.lookup('plan.heating.dispersed.min', '211200', day).value).toBe(200);
  });

  it('label the POLICY.md §11 demo defaults as illustrative (示例值), and only those', () => {
    const day = plainDate('2019-08-01');
    const demo = {
      'temporary.townshipCeiling': 1000, 'temporary.maxMultiple': 6, 'temporary.paperwork.deadlineWorkingDays': 5,
      'tekun.care.monthly.selfCare': 0, 'tekun.care.monthly.partial': 100, 'tekun.care.monthly.full': 300,
      'dibao.assets.financialMultiple': 2, 'dibao.standard.urban': 592, 'heating.urban.central.rate': 24,
      'heating.urban.central.maxArea': 60,
    };
    for (const [name, value] of Object.entries(demo)) {
      const r = ps.lookup(name, '211221', day);
      expect([name, r.value, r.illustrative]).toEqual([name, value, true]);
      expect(r.citation).toContain('示例值');
    }
    for (const name of ['dibao.standard.rural', 'tekun.basic.ratio', 'heating.dispersed.annual', 'exit.gradual.maxMonths.registeredPoor']) {
      expect(ps.lookup(name, '211221', day).illustrative, name).toBeUndefined();
    }
  });

  it('are all listed in docs/policy-engine.md', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/policy-engine.md', import.meta.url)), 'utf8');
    const missing = ps.definitions().map((d) => d.name).filter((n) => !doc.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });

  it('give every parameter a description in both languages and every value a citation', () => {
    expect(ps.definitions().length).toBeGreaterThan(40);
    for (const d of ps.definitions()) {
      expect(d.description.zh.length * d.description.en.length, d.name).toBeGreaterThan(0);
      for (const e of ps.history(d.name)) if (e.value !== null) expect(e.citation.length, d.name).toBeGreaterThan(0);
    }
  });
});

function fault(text: string, file = 'dibao/standard/rural.yaml'): AppError {
  try {
    parseParameterFile(text, { file, jurisdiction });
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

const GOOD = `description:
  zh: 标准
  en: standard
unit: CNY/person/year
values:
  2019-01-01:
    value: 4350
    reference: "来源"
  2019-07-01:
    area: "211221"
    value: 4770
    reference: "来源"
bounds: { min: 1000, max: 100000 }
`;

describe('parseParameterFile', () => {
  it('reads values by date and area (the city when none is given)', () => {
    const { definition, entries } = parseParameterFile(GOOD, { file: 'dibao/standard/rural.yaml', jurisdiction });
    expect(definition.name).toBe('dibao.standard.rural');
    expect(entries.map((e) => [e.area, e.effectiveFrom, e.value, e.origin?.line])).toEqual([
      ['211200', '2019-01-01', 4350, 7],
      ['211221', '2019-07-01', 4770, 10],
    ]);
  });

  it('reports file, line and field of a missing citation', () => {
    const e = fault(GOOD.replace('    reference: "来源"\n  2019-07-01', '  2019-07-01'));
    expect(e.code).toBe('POLICY_FILE_INVALID');
    expect(e.details).toMatchObject({ file: 'dibao/standard/rural.yaml', line: 7, field: 'values.2019-01-01.reference' });
    expect(e.messages.en).toContain('dibao/standard/rural.yaml, line 7');
  });

  it('reports a value of the wrong kind at its own line', () => {
    const e = fault(GOOD.replace('value: 4770', 'value: "4770"'));
    expect(e.details).toMatchObject({ line: 11, field: 'values.2019-07-01.value' });
  });

  it('reports a list where the unit wants a number', () => {
    const e = fault(GOOD.replace('value: 4770', 'value: [wage]'));
    expect(e.details).toMatchObject({ line: 11, field: 'values.2019-07-01.value' });
  });

  it('reports an effective date that is not a calendar day', () => {
    const e = fault(GOOD.replace('2019-07-01:', '2019-02-29:'));
    expect(e.details).toMatchObject({ field: 'values.2019-02-29' });
  });

  it('reports an area outside the jurisdiction', () => {
    const e = fault(GOOD.replace('area: "211221"', 'area: "210102"'));
    expect(e.details).toMatchObject({ line: 10, field: 'values.2019-07-01.area' });
  });

  it('reports an unknown field, a missing description language and a YAML syntax error', () => {
    expect(fault(GOOD.replace('    value: 4350\n', '    value: 4350\n    sorce: x\n')).details).toMatchObject({ line: 8, field: 'values.2019-01-01.sorce' });
    expect(fault(GOOD.replace('  en: standard\n', '')).details).toMatchObject({ field: 'description.en', line: 2 });
    expect(fault(GOOD.replace('values:', 'values: [')).details).toMatchObject({ field: '(yaml)' });
  });

  it('reports two values for one area and day', () => {
    const text = GOOD.replace('  2019-07-01:\n    area: "211221"', '  2019-07-01:\n  - { area: "211221", value: 1001, reference: x }\n  - area: "211221"');
    const e = fault(text);
    expect(e.details).toMatchObject({ line: 11, field: 'values.2019-07-01.1' });
    expect(e.messages.en).toContain('two values');
  });

  it('accepts a bare null that ends the city value', () => {
    const { entries } = parseParameterFile(GOOD.replace('bounds:', '  2020-01-01: null\nbounds:'), { file: 'x/y.yaml', jurisdiction });
    expect(entries.at(-1)).toMatchObject({ area: '211200', effectiveFrom: '2020-01-01', value: null });
  });
});

describe('parameter bounds and units (issue 9 point 4)', () => {
  it('a number parameter declares its range; a unit must be a known one; the file’s own values lie in the range', () => {
    expect(fault(GOOD.replace('bounds: { min: 1000, max: 100000 }\n', '')).details).toMatchObject({ field: 'bounds' });
    expect(fault(GOOD.replace('unit: CNY/person/year', 'unit: CNY/person/fortnight')).messages.en).toMatch(/unit must be one of/);
    const out = fault(GOOD.replace('value: 4770', 'value: 1e308'));
    expect(out.details).toMatchObject({ line: 11, field: 'values.2019-07-01.value' });
    expect(out.messages.zh).toMatch(/须在 1000 至 100000 之间/);
    expect(fault(GOOD.replace('value: 4770', 'value: 4770.001')).messages.en).toMatch(/at most 2 decimals/);
    expect(fault(GOOD.replace('min: 1000, max: 100000', 'min: 5, max: 1')).messages.en).toMatch(/bounds.min must not exceed/);
  });

  it('gives the definition its range and precision', () => {
    const { definition } = parseParameterFile(GOOD, { file: 'dibao/standard/rural.yaml', jurisdiction });
    expect(definition).toMatchObject({ bounds: { min: 1000, max: 100000 }, integer: false, decimals: 2 });
  });
});

describe('loadPolicyDir', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names parameters by path and reports the bad file among many', () => {
    dir = mkdtempSync(join(tmpdir(), 'doudi-policy-'));
    writeFileSync(join(dir, '_jurisdiction.yaml'), 'name: { zh: 铁岭市, en: Tieling }\ncity: "211200"\ncounties:\n  - { code: "211221", zh: 铁岭县, en: Tieling County }\n');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'good.yaml'), GOOD);
    const set = loadPolicyDir(dir);
    expect(set.lookup('a.b.good', '211221', plainDate('2019-08-01')).value).toBe(4770);
    writeFileSync(join(dir, 'a', 'bad.yaml'), GOOD.replace('unit: CNY/person/year\n', ''));
    try {
      loadPolicyDir(dir);
      throw new Error('expected a failure');
    } catch (e) {
      expect(isAppError(e) && e.details).toMatchObject({ file: 'a/bad.yaml', field: 'unit', line: 1 });
    }
  });
});
