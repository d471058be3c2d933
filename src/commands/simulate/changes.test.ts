import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../kernel/errors.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { parseSetOption, validateChanges } from './changes.ts';

const ps = loadDefaultPolicy();

function refusal(f: () => unknown): { code: string; field?: string; en: string } {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, field: e.field, en: e.messages.en };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('--set name=value', () => {
  it('splits at the first "=" and trims', () => {
    expect(parseSetOption(' dibao.standard.rural = 6000 ')).toEqual({ name: 'dibao.standard.rural', value: '6000' });
    expect(parseSetOption('dibao.income.excludedKinds=a,b=c')).toEqual({ name: 'dibao.income.excludedKinds', value: 'a,b=c' });
    expect(refusal(() => parseSetOption('dibao.standard.rural')).code).toBe('SIMULATE_SET_FORMAT');
    expect(refusal(() => parseSetOption('=6000')).code).toBe('SIMULATE_SET_FORMAT');
  });
});

describe('validateChanges', () => {
  it('turns text into the parameter’s kind: a number, or a list of codes without repeats', () => {
    expect(validateChanges(ps, [{ name: 'dibao.standard.rural', value: '6000.5' }, { name: 'dibao.uplift.elderly', value: 0.125 }])).toEqual([
      { name: 'dibao.standard.rural', value: 6000.5 },
      { name: 'dibao.uplift.elderly', value: 0.125 },
    ]);
    expect(validateChanges(ps, [{ name: 'dibao.income.excludedKinds', value: 'scholarship, special_care,,scholarship' }])).toEqual([
      { name: 'dibao.income.excludedKinds', value: ['scholarship', 'special_care'] },
    ]);
    expect(validateChanges(ps, [{ name: 'dibao.income.excludedKinds', value: [] }])).toEqual([{ name: 'dibao.income.excludedKinds', value: [] }]);
  });

  it('allows the decimals the unit allows: fen for money, whole numbers for counts, six places for ratios', () => {
    const ok = (name: string, value: string) => validateChanges(ps, [{ name, value }])[0].value;
    expect(ok('dibao.standard.rural', '4770.25')).toBe(4770.25);
    expect(refusal(() => ok('dibao.standard.rural', '4770.255'))).toMatchObject({ code: 'SIMULATE_VALUE_INVALID', field: 'changes.0.value' });
    expect(ok('tekun.basic.ratio', '1.333333')).toBe(1.333333);
    expect(refusal(() => ok('tekun.basic.ratio', '1.3333333')).code).toBe('SIMULATE_VALUE_INVALID');
    expect(ok('tekun.care.threshold.full', '5')).toBe(5);
    expect(refusal(() => ok('tekun.care.threshold.full', '4.5')).en).toContain('whole number');
    for (const bad of ['-1', '1e3', '', ' ', 'abc', '0x10', '1,000']) expect(refusal(() => ok('dibao.standard.rural', bad)).code, bad).toBe('SIMULATE_VALUE_INVALID');
    // Within the parameter's declared range only (issue 9 point 4): 1e308, or 999 yuan a year, is no what-if.
    for (const bad of [1e308, '999', '100000.01']) expect(refusal(() => ok('dibao.standard.rural', bad as string)).en, String(bad)).toMatch(/from 1000 to 100000|whole number|decimals/);
  });

  it('refuses unknown names, repeated names, an empty list of changes and a list value for a number', () => {
    expect(refusal(() => validateChanges(ps, []))).toMatchObject({ code: 'SIMULATE_NO_CHANGES', field: 'changes' });
    expect(refusal(() => validateChanges(ps, [{ name: 'dibao.standard', value: 1 }]))).toMatchObject({ code: 'SIMULATE_PARAM_UNKNOWN', field: 'changes.0.name' });
    const twice = [{ name: 'dibao.standard.rural', value: 6000 }, { name: 'dibao.standard.rural', value: 6500 }];
    expect(refusal(() => validateChanges(ps, twice))).toMatchObject({ code: 'SIMULATE_PARAM_TWICE', field: 'changes.1.name' });
    expect(refusal(() => validateChanges(ps, [{ name: 'dibao.standard.rural', value: ['1'] }])).code).toBe('SIMULATE_VALUE_INVALID');
    expect(refusal(() => validateChanges(ps, [{ name: 'dibao.income.excludedKinds', value: 'Wage' }])).code).toBe('SIMULATE_VALUE_INVALID');
    expect(refusal(() => validateChanges(ps, [{ name: 'dibao.income.excludedKinds', value: 5 }])).code).toBe('SIMULATE_VALUE_INVALID');
  });

  it('a money value in fen, written as text or as a number, comes back as the same number of yuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 10 ** 7 }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        const [fromText] = validateChanges(ps, [{ name: 'dibao.standard.rural', value: text }]);
        const [fromNumber] = validateChanges(ps, [{ name: 'dibao.standard.rural', value: fen / 100 }]);
        return Math.round((fromText.value as number) * 100) === fen && fromNumber.value === fromText.value;
      }),
    );
  });
});
