import type { ParamValueView } from '#contracts/policy.ts';
import { formatYuanGrouped, parseYuan } from '#kernel/money.ts';
import { chinaDateOf } from '#kernel/plain-date.ts';

/*
 * Display formatters every feature shares (features do not import each other): instants, today's date, lists typed
 * one a line, amounts and parameter values. Pure functions, no React; money stays in integer fen (kernel/money.ts).
 */

/**
 * An ISO instant as China's wall-clock "YYYY-MM-DD HH:mm", whatever the browser's time zone: every business time
 * (a step recorded, a roll built, a household changed) is shown as the server dates it (kernel `chinaDateOf`), so a
 * record never reads a day off from the case beside it. `none` when there is no instant, the text itself when it is
 * not one.
 */
export function chinaDateTime(iso: string | null | undefined, none = '—'): string {
  if (!iso) return none;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Today on China's calendar, "YYYY-MM-DD": a default for date fields, the day the server will date the record by. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDateOf(now);
}

/** The lines of a text area as a list: one item a line, trimmed, blank lines dropped. */
export function textLines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "1,234.50" from the API's yuan string; the text itself if it is not one. */
export function yuanText(s: string): string {
  const fen = parseYuan(s);
  return fen === null ? s : formatYuanGrouped(fen);
}

/** The sum of yuan strings, added in integer fen so a total never picks up floating-point error; malformed ones count 0. */
export function yuanTotal(values: readonly string[]): string {
  return formatYuanGrouped(values.reduce((acc, s) => acc + (parseYuan(s) ?? 0), 0));
}

/** A parameter value as text: numbers as given (never rounded here), lists joined with 、, "—" for none. */
export function paramValueText(v: ParamValueView | null): string {
  if (v === null) return '—';
  return Array.isArray(v) ? v.join('、') : String(v);
}
