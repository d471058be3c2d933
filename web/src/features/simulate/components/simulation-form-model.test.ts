import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParameterSummary } from '#contracts/policy.ts';
import { parseYuan } from '#kernel/money.ts';
import { currentValue, signedCount, signedYuan, toRequest } from './simulation-form-model.ts';

const counties = [
  { code: '211221', name: '铁岭县' },
  { code: '211223', name: '西丰县' },
  { code: '211224', name: '昌图县' },
];

function param(values: (number | string[] | null)[]): ParameterSummary {
  return {
    name: 'dibao.standard.rural',
    group: 'dibao',
    description: { zh: '农村低保标准', en: 'Rural dibao standard' },
    unit: 'CNY/person/year',
    unitLabel: { zh: '元/人/年', en: 'yuan per person per year' },
    kind: 'number',
    values: values.map((v, i) =>
      v === null ? null : {
            county: counties[i].code,
            value: v,
            valueText: { zh: String(v), en: String(v) },
            effectiveFrom: '2019-07-01',
            citation: 'x',
            citationText: { zh: 'x', en: 'x' },
            area: counties[i].code,
            source: 'file',
            illustrative: false,
          },
    ),
  };
}

describe('simulation form → request', () => {
  it('sends numbers as the text typed, lists trimmed, and the county only when chosen', () => {
    const req = toRequest({
      from: '2019-08',
      changes: [
        { key: 1, name: 'dibao.standard.rural', value: ' 6000.5 ' },
        { key: 2, name: 'dibao.income.excluded', value: [' wage ', '', 'pension'] },
      ],
    });
    expect(req).toEqual({
      from: '2019-08',
      changes: [
        { name: 'dibao.standard.rural', value: '6000.5' },
        { name: 'dibao.income.excluded', value: ['wage', 'pension'] },
      ],
    });
    expect(toRequest({ from: '2019-08', county: '211223', changes: [{ key: 1, name: 'a', value: '1' }] })?.county).toBe('211223');
  });

  it('is null while a row lacks its parameter or value, the month is malformed, or nothing is changed', () => {
    expect(toRequest({ from: '2019-08', changes: [{ key: 1, name: null, value: '1' }] })).toBeNull();
    expect(toRequest({ from: '2019-08', changes: [{ key: 1, name: 'a', value: '  ' }] })).toBeNull();
    expect(toRequest({ from: '2019-08', changes: [{ key: 1, name: 'a', value: [' '] }] })).toBeNull();
    expect(toRequest({ from: '2019-8', changes: [{ key: 1, name: 'a', value: '1' }] })).toBeNull();
    expect(toRequest({ from: '2019-08', changes: [] })).toBeNull();
  });
});

describe('current value shown beside a change', () => {
  it("is the chosen county's value, or the one value all counties share", () => {
    const p = param([4770, 5000, 4770]);
    expect(currentValue(p, counties, '211223')).toEqual({ single: '5000' });
    expect(currentValue(param([4770, 4770, 4770]), counties, undefined)).toEqual({ single: '4770' });
    expect(currentValue(param([null, null, null]), counties, undefined)).toEqual({ single: null });
  });

  it('lists each distinct value with its counties where they differ', () => {
    expect(currentValue(param([4770, 5000, 4770]), counties, undefined)).toEqual({ varies: '4770（铁岭县、昌图县）；5000（西丰县）' });
    expect(currentValue(param([['a', 'b'], null, ['a', 'b']]), counties, undefined)).toEqual({ varies: 'a、b（铁岭县、昌图县）；—（西丰县）' });
  });
});

describe('signed changes', () => {
  it('carry a plus sign when positive and group thousands', () => {
    expect(signedYuan(123_456_789)).toBe('+1,234,567.89');
    expect(signedYuan(-305)).toBe('-3.05');
    expect(signedYuan(0)).toBe('0.00');
    expect(signedCount(1234)).toBe('+1,234');
    expect(signedCount(-5)).toBe('-5');
    expect(signedCount(0)).toBe('0');
  });

  it('property: a change in yuan reads back to its fen, its sign shown once and only when it is not zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15 - 1), max: 10 ** 15 - 1 }), (fen) => {
        const shown = signedYuan(fen);
        expect(shown).toMatch(/^[+-]?\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(shown.startsWith('+')).toBe(fen > 0);
        expect(shown.startsWith('-')).toBe(fen < 0);
        expect(parseYuan(shown.replace(/^\+/, '').replaceAll(',', ''))).toBe(fen);
      }),
    );
  });
});
