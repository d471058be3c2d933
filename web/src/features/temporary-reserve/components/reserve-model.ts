import { formatYuanGrouped } from '#kernel/money.ts';
import type { ReserveEntryView } from '#contracts/temporary-reserve.ts';

/** An amount of fen as grouped yuan ("1,234.50"); a signed amount keeps its sign, a credit shows "+". */
export const yuan = (fen: number): string => formatYuanGrouped(fen);
export const signedYuan = (fen: number): string => (fen > 0 ? `+${formatYuanGrouped(fen)}` : formatYuanGrouped(fen));

/** The tag colour of an entry's kind: money in green, money out orange. */
export const kindColor = (kind: ReserveEntryView['kind']): string => (kind === 'payment' ? 'orange' : kind === 'adjustment' ? 'default' : 'green');

/** A township's path in the web app. */
export const ledgerPath = (township: string): string => `/temporary/reserves/${township}`;

/** Whether the text typed for a top-up is an amount the server will take: > 0, at most two decimals, at most 1,000,000. */
export function topUpAmountOk(text: string | number | null | undefined): boolean {
  const s = String(text ?? '').trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return false;
  const n = Number(s);
  return n > 0 && n <= 1_000_000;
}
