import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fenToYuan, formatYuan, formatYuanGrouped, isFen, parseYuan, yuanToFen } from './money.ts';

describe('yuanToFen', () => {
  it('rounds half-up to the fen, once', () => {
    expect(yuanToFen('0.005')).toBe(1);
    expect(yuanToFen('0.0049999')).toBe(0);
    expect(yuanToFen('397.5')).toBe(39750);
    // Binary floating point would make 1.005 * 100 = 100.49999…; Decimal keeps it exact.
    expect(yuanToFen(1.005)).toBe(101);
    expect(yuanToFen(0.005)).toBe(1);
  });

  it('rounds negative halves away from zero (四舍五入 on the magnitude)', () => {
    expect(yuanToFen('-0.005')).toBe(-1);
    expect(yuanToFen('-0.004')).toBe(0);
    expect(yuanToFen('-3.055')).toBe(-306);
  });

  it('never returns negative zero', () => {
    expect(Object.is(yuanToFen('-0.001'), 0)).toBe(true);
    expect(Object.is(parseYuan('-0'), 0)).toBe(true);
  });

  it('computes the POLICY.md §3 worked example exactly, rounding only at the end', () => {
    const perCapita = new Dec(6000).div(12).div(3);
    const gap = new Dec('397.50').minus(perCapita);
    expect(yuanToFen(gap.times(3))).toBe(69250);
    expect(yuanToFen(new Dec('362.50').minus(perCapita).times(3))).toBe(58750);
  });

  it('rejects amounts that do not fit a safe integer of fen', () => {
    expect(() => yuanToFen('1e20')).toThrow(RangeError);
  });
});

describe('formatYuan', () => {
  it('always shows two decimals', () => {
    expect(formatYuan(69250)).toBe('692.50');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-305)).toBe('-3.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });

  it('groups thousands for display', () => {
    expect(formatYuanGrouped(123456780)).toBe('1,234,567.80');
    expect(formatYuanGrouped(-123456789)).toBe('-1,234,567.89');
    expect(formatYuanGrouped(99999)).toBe('999.99');
    expect(formatYuanGrouped(100000)).toBe('1,000.00');
  });

  it('property: parseYuan(formatYuan(f)) = f and fenToYuan agrees', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15 - 1), max: 10 ** 15 - 1 }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
        expect(fenToYuan(fen).toFixed(2)).toBe(formatYuan(fen));
        expect(formatYuanGrouped(fen).replaceAll(',', '')).toBe(formatYuan(fen));
      }),
    );
  });
});

describe('parseYuan', () => {
  it('reads what a user types and rejects the rest', () => {
    expect(parseYuan('1200')).toBe(120000);
    expect(parseYuan(' 397.5 ')).toBe(39750);
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan('-12.30')).toBe(-1230);
    for (const bad of ['', '1.234', '1,200', '.5', '1.', 'abc', '1e3', '+5']) expect(parseYuan(bad), bad).toBeNull();
  });
});

describe('isFen', () => {
  it('accepts safe integers only', () => {
    expect(isFen(100)).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen('100')).toBe(false);
    expect(isFen(2 ** 53)).toBe(false);
  });
});
