import { Decimal } from 'decimal.js';
import type { BilingualMessage } from './errors.ts';

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

/** Why an amount was refused: a stable code and what to do, in Chinese and English. */
export type YuanErrorCode = 'AMOUNT_NOT_A_NUMBER' | 'AMOUNT_EXPONENT' | 'AMOUNT_DECIMALS' | 'AMOUNT_NEGATIVE' | 'AMOUNT_TOO_LARGE';

export type YuanRead = { ok: true; fen: Fen } | { ok: false; error: { code: YuanErrorCode; message: BilingualMessage } };

/** Digits before the point an input amount may have: 999,999,999,999.99 yuan at most (10^14 fen, a safe integer). */
export const YUAN_DIGITS = 12;

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;

function refused(code: YuanErrorCode, zh: string, en: string): YuanRead {
  return { ok: false, error: { code, message: { zh, en } } };
}

function tooManyDecimals(text: string, count: string): YuanRead {
  return refused('AMOUNT_DECIMALS', `金额最多两位小数（到分），${text} 有 ${count} 位`, `an amount has at most two decimals (fen); ${text} has ${count}`);
}

function tooLarge(digits: number): YuanRead {
  return refused('AMOUNT_TOO_LARGE', `金额过大：小数点前最多 ${digits} 位数字`, `amount too large: at most ${digits} digits before the point`);
}

/**
 * An amount of yuan as a person, a file or a JSON body gives it — a number or decimal text ("4769.88", "397.5",
 * "6000", padded with spaces or not) — read exactly into fen: at most two decimals, no exponent ("1e3"), no grouping
 * ("1,200"), no "+", no bare point (".5", "1."). A number is read by its shortest decimal form, the one JSON and YAML
 * print (`String(x)`): 4769.88 is 476988 fen, 0.1 + 0.2 (0.30000000000000004) is refused rather than rounded.
 * Negative amounts only when `signed`; at most `digits` digits before the point.
 */
export function readYuan(input: unknown, opts: { signed?: boolean; digits?: number } = {}): YuanRead {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return refused('AMOUNT_NOT_A_NUMBER', '金额应为有限的数字', 'an amount is a finite number');
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return refused('AMOUNT_NOT_A_NUMBER', '金额应为数字或数字文本（如 4769.88）', 'an amount is a number or decimal text (such as 4769.88)');
  }
  const m = PLAIN.exec(text);
  if (!m) {
    const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
    // A number prints with an exponent only below 1e-6 or from 1e21: too many decimals, or too large.
    if (typeof input === 'number') return Math.abs(input) < 1 ? tooManyDecimals(text, 'more than 6') : tooLarge(opts.digits ?? YUAN_DIGITS);
    if (EXPONENT.test(text)) return refused('AMOUNT_EXPONENT', `金额不能用科学计数法（${shown}），请写出全部数字`, `an amount is written out without an exponent (not ${shown})`);
    return refused('AMOUNT_NOT_A_NUMBER', `金额应为数字或数字文本（如 4769.88），不能是“${shown}”`, `an amount is a number or decimal text (such as 4769.88), not "${shown}"`);
  }
  const [, sign, int, dec = ''] = m;
  if (dec.length > 2) return tooManyDecimals(text, String(dec.length));
  if (sign && !opts.signed && /[1-9]/.test(int + dec)) return refused('AMOUNT_NEGATIVE', `金额不能为负数（${text}）`, `an amount is not negative (${text})`);
  const digits = opts.digits ?? YUAN_DIGITS;
  if (int.replace(/^0+(?=\d)/, '').length > digits) return tooLarge(digits);
  // Integer arithmetic on the digits: exact, and never −0.
  const fen = Number(int) * 100 + Number(dec.padEnd(2, '0'));
  return { ok: true, fen: sign && fen !== 0 ? -fen : fen };
}

/**
 * Parse a yuan amount typed by a user or read from a file ("1200", "397.5", "-12.30", or a number) into fen; null when
 * malformed. Signed, up to 13 digits before the point; `readYuan` says why an amount was refused.
 */
export function parseYuan(input: string | number): Fen | null {
  const r = readYuan(input, { signed: true, digits: 13 });
  return r.ok ? r.fen : null;
}
