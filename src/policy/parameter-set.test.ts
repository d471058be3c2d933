import { describe, expect, it } from 'vitest';
import { isAppError } from '../kernel/errors.ts';
import { plainDate } from '../kernel/plain-date.ts';
import { parseParameterFile } from './loader.ts';
import { ParameterSet, SITUATION_CITATION } from './parameter-set.ts';
import type { Jurisdiction, ParamEntry } from './types.ts';

const jurisdiction: Jurisdiction = {
  name: { zh: '铁岭市', en: 'Tieling' },
  city: '211200',
  counties: ['211221', '211223'].map((code) => ({ code, name: { zh: code, en: code } })),
};

const FILE = `description: { zh: 标准, en: standard }
unit: CNY/person/year
values:
  2019-01-01: { value: 4000, reference: city 2019 }
  2019-07-01:
    - { value: 4200, reference: city July }
    - { area: "211221", value: 4500, reference: county July }
  2020-01-01: { area: "211221", value: null, reference: county value ends }
  2021-01-01: null
bounds: { min: 1000, max: 100000 }
`;

function set(): ParameterSet {
  const p = parseParameterFile(FILE, { file: 'dibao/standard/rural.yaml', jurisdiction });
  return new ParameterSet(jurisdiction, new Map([[p.definition.name, p.definition]]), new Map([[p.definition.name, p.entries]]));
}
const N = 'dibao.standard.rural';
const d = plainDate;

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('ParameterSet.lookup', () => {
  it('takes the value in force on the day, the county before the city', () => {
    const ps = set();
    expect(ps.lookup(N, '211221', d('2019-06-30'))).toMatchObject({ value: 4000, area: '211200', effectiveFrom: '2019-01-01', source: 'file' });
    expect(ps.lookup(N, '211221', d('2019-07-01'))).toMatchObject({ value: 4500, area: '211221', citation: 'county July', unit: 'CNY/person/year' });
    expect(ps.lookup(N, '211223', d('2019-07-01'))).toMatchObject({ value: 4200, area: '211200' });
  });

  it('accepts a 12-digit code inside the county', () => {
    expect(set().lookup(N, '211221101001', d('2019-08-01')).value).toBe(4500);
  });

  it('a null ends the county value (the city value applies again), and a bare null ends the city value', () => {
    const ps = set();
    expect(ps.lookup(N, '211221', d('2020-01-01'))).toMatchObject({ value: 4200, area: '211200' });
    expect(code(() => ps.lookup(N, '211221', d('2021-01-01')))).toBe('PARAM_NO_VALUE');
  });

  it('has no value before the first date, and knows no other names', () => {
    expect(code(() => set().lookup(N, '211221', d('2018-12-31')))).toBe('PARAM_NO_VALUE');
    expect(code(() => set().lookup('dibao.standard.nowhere', '211221', d('2019-08-01')))).toBe('PARAM_UNKNOWN');
  });
});

describe('ParameterSet.withOverrides (database values)', () => {
  const o = { name: N, area: '211223', effectiveFrom: '2019-07-01', value: '4300.50', citation: '西丰县民政局文件', author: 'admin' };

  it('layers a dated county override over the files, with its author', () => {
    const ps = set().withOverrides([o]);
    expect(ps.lookup(N, '211223', d('2019-07-01'))).toMatchObject({ value: 4300.5, source: 'override', author: 'admin', citation: '西丰县民政局文件' });
    expect(ps.lookup(N, '211223', d('2019-06-30')).value).toBe(4000);
    expect(set().lookup(N, '211223', d('2019-07-01')).value).toBe(4200);
  });

  it('wins over a file value of the same day and area', () => {
    const ps = set().withOverrides([{ ...o, area: '211221', value: 4600 }]);
    expect(ps.lookup(N, '211221', d('2019-07-01'))).toMatchObject({ value: 4600, source: 'override' });
    expect(ps.history(N).filter((e) => e.area === '211221').map((e) => e.source)).toEqual(['file', 'override', 'file']);
  });

  it('refuses an override without citation or author, outside the city, or of the wrong kind', () => {
    const ps = set();
    expect(code(() => ps.withOverrides([{ ...o, citation: ' ' }]))).toBe('PARAM_OVERRIDE_INVALID');
    expect(code(() => ps.withOverrides([{ ...o, author: '' }]))).toBe('PARAM_OVERRIDE_INVALID');
    expect(code(() => ps.withOverrides([{ ...o, area: '210102' }]))).toBe('PARAM_OVERRIDE_INVALID');
    expect(code(() => ps.withOverrides([{ ...o, effectiveFrom: '2019-02-30' }]))).toBe('PARAM_OVERRIDE_INVALID');
    expect(code(() => ps.withOverrides([{ ...o, value: ['wage'] }]))).toBe('PARAM_OVERRIDE_INVALID');
    expect(code(() => ps.withOverrides([{ ...o, name: 'nope' }]))).toBe('PARAM_OVERRIDE_INVALID');
  });
});

describe('ParameterSet.withSituationParameters', () => {
  it('replaces a value on every day and in every area, cited as a situation override', () => {
    const ps = set().withSituationParameters({ [N]: 5000 });
    for (const day of ['2018-01-01', '2019-08-01', '2030-01-01']) {
      expect(ps.lookup(N, '211223', d(day))).toMatchObject({ value: 5000, source: 'override', citation: SITUATION_CITATION });
    }
  });

  it('refuses unknown names and values of the wrong kind, naming the field', () => {
    expect(code(() => set().withSituationParameters({ nope: 1 }))).toBe('PARAM_UNKNOWN');
    expect(code(() => set().withSituationParameters({ [N]: ['x'] }))).toBe('PARAM_VALUE_KIND');
  });
});

describe('ParameterSet.history', () => {
  it('lists every dated value oldest first', () => {
    const h: ParamEntry[] = set().history(N);
    expect(h.map((e) => `${e.effectiveFrom} ${e.area} ${e.value}`)).toEqual([
      '2019-01-01 211200 4000',
      '2019-07-01 211200 4200',
      '2019-07-01 211221 4500',
      '2020-01-01 211221 null',
      '2021-01-01 211200 null',
    ]);
  });
});
