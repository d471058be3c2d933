import type { ParamValueView } from '#contracts/policy.ts';
import { formatYuanGrouped, parseYuan } from '#kernel/money.ts';

/*
 * Display formatters every feature shares (features do not import each other): instants, today's date, lists typed
 * one a line, amounts and parameter values. Pure functions, no React; money stays in integer fen (kernel/money.ts).
 */

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An ISO instant from the API as the browser's local "YYYY-MM-DD HH:mm" (display only; no date logic here):
 * `none` when there is no instant, the text itself when it is not one.
 */
export function localDateTime(iso: string | null | undefined, none = '—'): string {
  if (!iso) return none;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * An ISO instant as China's wall-clock "YYYY-MM-DD HH:mm", whatever the browser's time zone: for times a record is
 * judged by (an override proposed, confirmed, withdrawn), as the server's dates are China's (kernel `chinaDateOf`).
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

/** Today on the browser's calendar, "YYYY-MM-DD": a default for date fields (the server checks dates against its own day). */
export function browserToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
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
