import type { CampaignCounts } from '#contracts/rectification.ts';

/** The share (0–100, whole percent, rounded down so 100 means every one) of a campaign's findings closed and answered. */
export function progressOf(c: CampaignCounts): { closed: number; answered: number } {
  if (c.found === 0) return { closed: 0, answered: 0 };
  const closed = Math.floor((c.closed * 100) / c.found);
  const answered = Math.floor(((c.closed + c.answered) * 100) / c.found) - closed;
  return { closed, answered };
}

/** The facts of a finding in display order: the known keys first (in the order given), the rest after, by name. */
export function factEntries(facts: Record<string, unknown>, known: readonly string[]): [string, string][] {
  const text = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const keys = Object.keys(facts);
  const first = known.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !known.includes(k)).sort();
  return [...first, ...rest].map((k) => [k, text(facts[k])]);
}
