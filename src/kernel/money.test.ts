import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fenToYuan, formatYuan, formatYuanGrouped, isFen, parseYuan, readYuan, YUAN_DIGITS, yuanToFen } from './money.ts';

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

/** The shortest decimal text of an amount: "397.5", "6000", "0.05" (what a person types, or JSON prints). */
const shortest = (fen: number) => formatYuan(fen).replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
const MAX_FEN = 10 ** (YUAN_DIGITS + 2) - 1;
const code = (input: unknown, opts?: Parameters<typeof readYuan>[1]) => {
  const r = readYuan(input, opts);
  return r.ok ? 'ok' : r.error.code;
};

describe('readYuan: money input as a number or decimal text (issue 10, point 9)', () => {
  it('reads text and numbers exactly into fen', () => {
    expect(readYuan('4769.88')).toEqual({ ok: true, fen: 476988 });
    expect(readYuan(4769.88)).toEqual({ ok: true, fen: 476988 });
    expect(readYuan(' 397.5 ')).toEqual({ ok: true, fen: 39750 });
    expect(readYuan('0.07')).toEqual({ ok: true, fen: 7 });
    expect(readYuan(1.005)).toEqual({ ok: false, error: expect.objectContaining({ code: 'AMOUNT_DECIMALS' }) });
    expect(readYuan('999999999999.99')).toEqual({ ok: true, fen: MAX_FEN });
    expect(Object.is((readYuan('-0.00', { signed: true }) as { fen: number }).fen, 0)).toBe(true);
  });

  it('refuses, with a code and a message in Chinese and English, what is not an amount', () => {
    const cases: [unknown, string][] = [
      ['4769.881', 'AMOUNT_DECIMALS'], [0.1 + 0.2, 'AMOUNT_DECIMALS'], [1e-7, 'AMOUNT_DECIMALS'],
      ['1e3', 'AMOUNT_EXPONENT'], ['4.5E+2', 'AMOUNT_EXPONENT'], ['.5e1', 'AMOUNT_EXPONENT'],
      ['', 'AMOUNT_NOT_A_NUMBER'], ['abc', 'AMOUNT_NOT_A_NUMBER'], ['1,200', 'AMOUNT_NOT_A_NUMBER'], ['+5', 'AMOUNT_NOT_A_NUMBER'],
      ['.5', 'AMOUNT_NOT_A_NUMBER'], ['1.', 'AMOUNT_NOT_A_NUMBER'], ['¥12', 'AMOUNT_NOT_A_NUMBER'], ['１２', 'AMOUNT_NOT_A_NUMBER'],
      [Number.NaN, 'AMOUNT_NOT_A_NUMBER'], [Number.POSITIVE_INFINITY, 'AMOUNT_NOT_A_NUMBER'], [null, 'AMOUNT_NOT_A_NUMBER'], [true, 'AMOUNT_NOT_A_NUMBER'],
      ['-1', 'AMOUNT_NEGATIVE'], [-0.01, 'AMOUNT_NEGATIVE'],
      ['1000000000000', 'AMOUNT_TOO_LARGE'], [1e21, 'AMOUNT_TOO_LARGE'],
    ];
    for (const [input, expected] of cases) {
      const r = readYuan(input);
      expect([input, r.ok ? 'ok' : r.error.code]).toEqual([input, expected]);
      if (!r.ok) expect(r.error.message.zh.length * r.error.message.en.length).toBeGreaterThan(0);
    }
    expect(code('-1', { signed: true })).toBe('ok');
    expect(code('-0')).toBe('ok');
  });

  it('property: fen → text or number → fen is the identity, in every form a person or JSON writes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), (fen) => {
        for (const input of [formatYuan(fen), shortest(fen), ` ${shortest(fen)} `, fen / 100]) {
          expect(readYuan(input, { signed: true }), String(input)).toEqual({ ok: true, fen: fen === 0 ? 0 : fen });
        }
        expect(parseYuan(fen / 100)).toBe(fen);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a number is taken exactly when it is a whole number of fen, and refused otherwise — never rounded', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (x) => {
        const r = readYuan(x);
        if (r.ok) expect(r.fen / 100).toBe(x);
        expect(r.ok).toBe(/^\d+(\.\d{1,2})?$/.test(String(x)) && x < 1e12);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: more than two decimals, an exponent or other text is refused', () => {
    const amount = fc.integer({ min: 0, max: MAX_FEN });
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), (fen, last, more) => {
        expect(code(`${formatYuan(fen)}${'0'.repeat(more - 1)}${last}`)).toBe('AMOUNT_DECIMALS');
      }),
    );
    fc.assert(
      fc.property(amount, fc.integer({ min: -20, max: 20 }), fc.constantFrom('e', 'E', 'e+', 'e-'), (fen, exp, e) => {
        expect(code(`${shortest(fen)}${e}${Math.abs(exp)}`)).toBe('AMOUNT_EXPONENT');
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^\s*-?\d+(\.\d+)?\s*$/.test(text));
        expect(code(text, { signed: true })).not.toBe('ok');
      }),
      { numRuns: 2000 },
    );
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
