import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../kernel/money.ts';
import { decimalString, fenString } from './decimal-string.ts';

describe('decimalString', () => {
  it('prints exactly what Dec prints for num / den', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 1, max: 6e10 }), (num, den) => {
        expect(decimalString(num, den)).toBe(new Dec(num).div(den).toFixed());
      }),
      { numRuns: 5000 },
    );
  });

  it('handles the values the dibao trace shows', () => {
    expect(decimalString(600000, 3600)).toBe(new Dec(6000).div(36).toFixed());
    expect(decimalString(2, 3)).toBe('0.66666666666666666666666666666666666666666666666667');
    expect(decimalString(999999, 1000000)).toBe('0.999999');
    expect(decimalString(1, 7e10)).toBe(new Dec(1).div(7e10).toFixed());
    expect(fenString(612345)).toBe('6123.45');
    expect(fenString(600000)).toBe('6000');
    expect(fenString(50)).toBe('0.5');
    expect(fenString(0)).toBe('0');
  });
});

describe('decimalString rounding at the 50th significant digit', () => {
  it('carries through nines and into the integer part', () => {
    // 1 − 1/(9·10^13)·… : denominators whose expansions have long runs of 9s
    for (const [num, den] of [[999999999999, 1000000000000], [89999999999, 90000000000], [1, 3], [2, 3], [10, 11], [123456789, 7]]) {
      expect(decimalString(num, den), `${num}/${den}`).toBe(new Dec(num).div(den).toFixed());
    }
  });

  it('agrees with Dec for small denominators like the dibao ones (12 × members × 10^k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 6 }), (num, n, k) => {
        const den = 1200 * n * 10 ** k;
        expect(decimalString(num, den)).toBe(new Dec(num).div(den).toFixed());
      }),
      { numRuns: 5000 },
    );
  });
});
