import type { RunView } from '#contracts/supervision.ts';

/** A run's progress in whole percent (0 before it knows its total). */
export function runPercent(r: Pick<RunView, 'done' | 'total'>): number {
  return r.total > 0 ? Math.min(100, Math.floor((100 * r.done) / r.total)) : 0;
}

/** Fen as yuan with two decimals and thousands separators. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
}

/**
 * A finding's facts as label/value pairs, in the order given: keys the locale names (`known`) only, amounts in fen
 * (keys ending in `Fen`) as yuan, booleans by the locale's yes/no, lists joined; a null value shown as a dash.
 */
export function factRows(facts: Record<string, unknown>, known: (key: string) => string | null, yesNo: (v: boolean) => string): { key: string; label: string; value: string }[] {
  const out: { key: string; label: string; value: string }[] = [];
  for (const [key, v] of Object.entries(facts)) {
    const label = known(key);
    if (!label) continue;
    let value: string;
    if (v === null || v === undefined) value = '—';
    else if (typeof v === 'boolean') value = yesNo(v);
    else if (key.endsWith('Fen') && typeof v === 'number') value = yuan(v);
    else if (Array.isArray(v)) value = v.length === 0 ? '—' : v.join('、');
    else value = String(v);
    out.push({ key, label, value });
  }
  return out;
}
