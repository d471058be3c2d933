import { Dec, yuanToFen } from '../../kernel/money.ts';
import { decimalString } from '../common/decimal-string.ts';

type D = InstanceType<typeof Dec>;

/**
 * The arithmetic the dibao rule is written over (determine.ts), so that the rule is written once: exact amounts of
 * yuan (`V`) and exact fractions (`F`: uplifts, the asset multiple). Two implementations — `exact` (decimal.js, the
 * reference) and `FixedPoint` (safe integers, ~5× faster) — give the same results and the same trace text; one that
 * cannot stay exact for some value throws `INEXACT`, and the caller determines again with `exact`.
 */
export interface Arithmetic<V, F> {
  readonly zero: V;
  /** An amount from the situation: yuan, a whole number of fen (the situation format guarantees it). */
  yuan(x: number): V;
  plus(a: V, b: V): V;
  minus(a: V, b: V): V;
  /** max(a, 0). */
  atLeastZero(a: V): V;
  /** a × n, n a whole number. */
  times(a: V, n: number): V;
  timesFraction(a: V, f: F): V;
  lessThan(a: V, b: V): boolean;
  atMost(a: V, b: V): boolean;
  isZero(a: V): boolean;
  /** a / d (d a whole number) rounded half-up to the fen, once. */
  fen(a: V, d: number): number;
  /** a / d exactly, as the trace shows it: what Dec prints (50 significant digits, no exponent). */
  text(a: V, d: number): string;
  readonly noFraction: F;
  plusFraction(a: F, b: F): F;
  greaterFraction(a: F, b: F): boolean;
  isZeroFraction(f: F): boolean;
  fractionText(f: F): string;
}

/** Thrown by an arithmetic that cannot represent a value exactly; never escapes `determineDibao`. */
export const INEXACT: unique symbol = Symbol('dibao arithmetic: inexact');

const ZERO = new Dec(0);

/** Decimal arithmetic (decimal.js, 50 significant digits): every value the rule meets is exact in it. */
export const exact: Arithmetic<D, D> = {
  zero: ZERO,
  yuan: (x) => (x === 0 ? ZERO : new Dec(x)),
  plus: (a, b) => a.plus(b),
  minus: (a, b) => a.minus(b),
  atLeastZero: (a) => (a.isNegative() ? ZERO : a),
  times: (a, n) => a.times(n),
  timesFraction: (a, f) => a.times(f),
  lessThan: (a, b) => a.lessThan(b),
  atMost: (a, b) => a.lessThanOrEqualTo(b),
  isZero: (a) => a.isZero(),
  fen: (a, d) => yuanToFen(d === 1 ? a : a.div(d)),
  text: (a, d) => (d === 1 ? a : a.div(d)).toFixed(),
  noFraction: ZERO,
  plusFraction: (a, b) => a.plus(b),
  greaterFraction: (a, b) => a.greaterThan(b),
  isZeroFraction: (f) => f.isZero(),
  fractionText: (f) => f.toFixed(),
};

const SAFE = Number.MAX_SAFE_INTEGER;

function safe(x: number): number {
  if (x > SAFE || x < -SAFE) throw INEXACT;
  return x;
}

/**
 * Integer arithmetic: an amount is a whole number of 1 / (100 × scale) yuan, a fraction a whole number of 1 / scale,
 * where scale is the largest power-of-ten denominator among the fractions of the county and month (1 for whole
 * ones). Amounts of fen and parameters with at most `scale` digits are then exact; a result outside the safe
 * integers throws `INEXACT`. A class, so that every instance shares one set of methods (calls stay monomorphic).
 */
export class FixedPoint implements Arithmetic<number, number> {
  readonly scale: number;
  readonly zero = 0;
  readonly noFraction = 0;

  constructor(scale: number) {
    this.scale = scale;
  }

  yuan(x: number): number {
    return x === 0 ? 0 : safe(Math.round(x * 100) * this.scale);
  }

  plus(a: number, b: number): number {
    return safe(a + b);
  }

  minus(a: number, b: number): number {
    return safe(a - b);
  }

  atLeastZero(a: number): number {
    return Math.max(a, 0);
  }

  times(a: number, n: number): number {
    return safe(a * n);
  }

  timesFraction(a: number, f: number): number {
    // An amount of whole fen (a multiple of scale) times f / scale is exact without the large product.
    const q = a / this.scale;
    if (Number.isInteger(q)) return safe(q * f);
    const r = safe(a * f) / this.scale;
    if (!Number.isInteger(r)) throw INEXACT;
    return r;
  }

  lessThan(a: number, b: number): boolean {
    return a < b;
  }

  atMost(a: number, b: number): boolean {
    return a <= b;
  }

  isZero(a: number): boolean {
    return a === 0;
  }

  fen(a: number, d: number): number {
    if (a < 0) return -this.fen(-a, d);
    const den = safe(this.scale * d);
    let q = Math.floor(a / den);
    const r = a - q * den;
    // Float division may be one off for large operands; the integer remainder puts it right.
    if (r < 0) q -= 1;
    else if (r >= den) q += 1;
    return (a - q * den) * 2 >= den ? q + 1 : q;
  }

  text(a: number, d: number): string {
    const den = 100 * this.scale * d;
    if (den * 10 > SAFE) throw INEXACT;
    return decimalString(a, den);
  }

  plusFraction(a: number, b: number): number {
    return safe(a + b);
  }

  greaterFraction(a: number, b: number): boolean {
    return a > b;
  }

  isZeroFraction(f: number): boolean {
    return f === 0;
  }

  fractionText(f: number): string {
    return decimalString(f, this.scale);
  }
}
