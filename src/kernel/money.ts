import { Decimal } from 'decimal.js';

/**
 * Money is integer fen (分, 0.01 yuan). Formulas compute exactly with Decimal and round once per reported
 * figure, half-up to the fen (POLICY.md §2).
 */
export type Fen = number;

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export { D as Dec };
export type Dec = Decimal;

export function isFen(n: unknown): n is Fen {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** Round an exact yuan amount half-up to the fen. */
export function yuanToFen(yuan: Decimal.Value): Fen {
  const fen = new D(yuan).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const n = fen.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of range: ${String(yuan)}`);
  // -0.001 yuan rounds to -0, which is not Object.is-equal to 0 and would leak into comparisons and JSON.
  return n === 0 ? 0 : n;
}

/** Exact yuan value of an amount in fen. */
export function fenToYuan(fen: Fen): Decimal {
  return new D(fen).div(100);
}

/** "692.50", "-3.05", "0.00": always two decimals, no grouping. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer fen amount: ${fen}`);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const s = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** "1,234,567.80" for display. */
export function formatYuanGrouped(fen: Fen): string {
  const s = formatYuan(fen);
  const [int, dec] = s.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  return `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

const YUAN_RE = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Parse a yuan string typed by a user ("1200", "397.5", "0.01") into fen; null when malformed. */
export function parseYuan(text: string): Fen | null {
  const t = text.trim();
  if (!YUAN_RE.test(t)) return null;
  return yuanToFen(t);
}
