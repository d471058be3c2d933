/**
 * Calendar dates (`YYYY-MM-DD`) and months (`YYYY-MM`) without time zones. Never a `Date` with a zone in
 * domain logic: a benefit month or a deadline is a day on the Chinese calendar, not an instant.
 */
export type PlainDate = string & { readonly __plainDate: unique symbol };
export type PlainMonth = string & { readonly __plainMonth: unique symbol };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1800 &&
    y <= 9999 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

/** Returns the date or null when the text is not a real calendar day (2019-02-29 is not). */
export function parsePlainDate(text: string): PlainDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? (text as PlainDate) : null;
}

export function plainDate(text: string): PlainDate {
  const d = parsePlainDate(text);
  if (!d) throw new RangeError(`not a calendar date: ${text}`);
  return d;
}

export function parsePlainMonth(text: string): PlainMonth | null {
  const m = MONTH_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= 1800 && y <= 9999 && mo >= 1 && mo <= 12 ? (text as PlainMonth) : null;
}

export function plainMonth(text: string): PlainMonth {
  const m = parsePlainMonth(text);
  if (!m) throw new RangeError(`not a month: ${text}`);
  return m;
}

export function fromYmd(y: number, m: number, d: number): PlainDate {
  if (!isValidYmd(y, m, d)) throw new RangeError(`not a calendar date: ${y}-${m}-${d}`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as PlainDate;
}

export function ymd(d: PlainDate): [number, number, number] {
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

/** Days since 1970-01-01 (proleptic Gregorian), for arithmetic. */
export function toEpochDay(d: PlainDate): number {
  const [y, m, day] = ymd(d);
  return Math.floor(Date.UTC(y, m - 1, day) / 86_400_000);
}

export function fromEpochDay(n: number): PlainDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole day number: ${n}`);
  const dt = new Date(n * 86_400_000);
  return fromYmd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(d: PlainDate, n: number): PlainDate {
  return fromEpochDay(toEpochDay(d) + n);
}

export function diffDays(a: PlainDate, b: PlainDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: PlainDate): number {
  return (((toEpochDay(d) + 4) % 7) + 7) % 7;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function monthOf(d: PlainDate): PlainMonth {
  return d.slice(0, 7) as PlainMonth;
}

export function firstDayOf(m: PlainMonth): PlainDate {
  return `${m}-01` as PlainDate;
}

export function lastDayOf(m: PlainMonth): PlainDate {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return fromYmd(y, mo, daysInMonth(y, mo));
}

export function addMonths(m: PlainMonth, n: number): PlainMonth {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7)) - 1 + n;
  const ny = y + Math.floor(mo / 12);
  const nm = ((mo % 12) + 12) % 12;
  // Same range as dates: a month outside it would not parse back.
  if (!Number.isInteger(n) || ny < 1800 || ny > 9999) throw new RangeError(`month out of range: ${m} + ${n}`);
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}` as PlainMonth;
}

export function diffMonths(a: PlainMonth, b: PlainMonth): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** Completed years of age on a day (a person born on 29 February turns a year older on 1 March). */
export function ageOn(birth: PlainDate, on: PlainDate): number {
  const [by, bm, bd] = ymd(birth);
  const [y, m, d] = ymd(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** Today's date in China (UTC+8, no daylight saving), from an instant; the one place a clock meets a day. */
export function chinaDateOf(instant: Date): PlainDate {
  const t = new Date(instant.getTime() + 8 * 3_600_000);
  return fromYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
