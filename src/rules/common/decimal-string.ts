/**
 * The decimal text of an exact rational num / den, as the kernel's Dec prints it: rounded half-up to 50
 * significant digits, no trailing zeros, no exponent. Lets the integer dibao path write the same trace
 * values as the Dec path without building Decimals. num and den are safe integers, 0 < den ≤ 2^53 / 10.
 */
const SIGNIFICANT = 50;
const SAFE = Number.MAX_SAFE_INTEGER;

export function decimalString(num: number, den: number): string {
  if (num < 0) return `-${decimalString(-num, den)}`;
  let q = Math.floor(num / den);
  let r = num - q * den;
  // Float division may be one off for large operands; the remainder puts it right.
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  if (r === 0) return String(q);
  const intText = q === 0 ? '' : String(q);
  // Long division several digits at a time: as many as keep r × 10^k a safe integer.
  let k = 1;
  while (k < 15 && den * 10 ** (k + 1) <= SAFE) k++;
  const unit = 10 ** k;
  let frac = '';
  let significant = intText.length;
  let leadingZeros = 0;
  while (r !== 0 && significant <= SIGNIFICANT) {
    r *= unit;
    const d = Math.floor(r / den);
    r -= d * den;
    const text = String(d);
    if (significant > 0) significant += k;
    else if (d === 0) leadingZeros += k;
    else {
      leadingZeros += k - text.length;
      significant = text.length;
    }
    frac += text.length === k ? text : '0'.repeat(k - text.length) + text;
  }
  // Keep 50 significant digits; the next digit decides half-up (an exact expansion never ends in 9s).
  const keep = SIGNIFICANT - intText.length + (intText.length === 0 ? leadingZeros : 0);
  if (frac.length > keep) {
    const up = frac.charCodeAt(keep) >= 53; // '5'
    frac = frac.slice(0, keep);
    if (up) return roundedUp(intText || '0', frac);
  }
  return joined(intText || '0', frac);
}

/** intText.frac plus one unit in the last place of frac. */
function roundedUp(intText: string, frac: string): string {
  let i = frac.length - 1;
  while (i >= 0 && frac[i] === '9') i--;
  if (i >= 0) return joined(intText, `${frac.slice(0, i)}${String.fromCharCode(frac.charCodeAt(i) + 1)}${'0'.repeat(frac.length - i - 1)}`);
  return joined(String(Number(intText) + 1), '');
}

function joined(intText: string, frac: string): string {
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  return end === 0 ? intText : `${intText}.${frac.slice(0, end)}`;
}

/** "6123.45", "6000", "0.5": an amount in fen as exact yuan text. */
export function fenString(fen: number): string {
  return decimalString(fen, 100);
}
