import { addDays, dayOfWeek, type PlainDate, toEpochDay } from './plain-date.ts';

/**
 * The official working-day calendar: 法定节假日 statutory holidays and 调休 make-up working days (a Saturday or
 * Sunday declared a working day to bridge a holiday). Days not listed follow the Monday–Friday rule. Procedure
 * deadlines (POLICY.md §5) are counted in these working days.
 *
 * The data (official for the years published by the State Council, editable by an administrator for later
 * years) comes from outside: see official-calendar.ts, later the `calendar_day` table.
 */
export interface CalendarEntry {
  date: PlainDate;
  kind: 'holiday' | 'workday';
  /** Name of the holiday the entry belongs to, in Chinese ("国庆节"). */
  name?: string;
  /** The same in English ("National Day"). */
  nameEn?: string;
}

/** workday: an ordinary Monday–Friday; makeup: a weekend day worked (调休); holiday: a listed day off. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

function isWeekend(d: PlainDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export class WorkingCalendar {
  readonly #entries: ReadonlyMap<string, CalendarEntry>;
  readonly #coveredYears: ReadonlySet<number>;

  /**
   * `coveredYears`: the years whose official arrangement the entries hold. Outside them the Monday–Friday
   * rule still answers, but callers that must be right (deadlines) should warn via `isCovered`.
   */
  constructor(entries: Iterable<CalendarEntry>, coveredYears: Iterable<number>) {
    const map = new Map<string, CalendarEntry>();
    for (const e of entries) {
      const prev = map.get(e.date);
      if (prev && prev.kind !== e.kind) {
        throw new RangeError(`calendar lists ${e.date} both as ${prev.kind} and as ${e.kind}`);
      }
      map.set(e.date, { ...e });
    }
    this.#entries = map;
    this.#coveredYears = new Set(coveredYears);
  }

  /** The listed entry for a day, if any (its holiday name for display). */
  entryFor(d: PlainDate): CalendarEntry | undefined {
    const e = this.#entries.get(d);
    return e && { ...e };
  }

  /** All listed entries, in date order. */
  entries(): CalendarEntry[] {
    return [...this.#entries.values()].map((e) => ({ ...e })).sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  coveredYears(): number[] {
    return [...this.#coveredYears].sort((a, b) => a - b);
  }

  isCovered(year: number): boolean {
    return this.#coveredYears.has(year);
  }

  kindOf(d: PlainDate): DayKind {
    const e = this.#entries.get(d);
    if (e?.kind === 'holiday') return 'holiday';
    if (isWeekend(d)) return e?.kind === 'workday' ? 'makeup' : 'weekend';
    return 'workday';
  }

  isWorkingDay(d: PlainDate): boolean {
    const k = this.kindOf(d);
    return k === 'workday' || k === 'makeup';
  }

  /**
   * The day `n` working days after `d`, counting from the next day ("within 10 working days" of an event on
   * d ends on addWorkingDays(d, 10)); n = 0 returns d itself; negative n counts backwards from the day before.
   */
  addWorkingDays(d: PlainDate, n: number): PlainDate {
    requireInteger(n, 'n');
    const step = n < 0 ? -1 : 1;
    let left = Math.abs(n);
    let day = d;
    while (left > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /**
   * Working days in (a, b] when b ≥ a; minus those in [b, a) when b < a. The inverse of addWorkingDays:
   * workingDaysBetween(d, addWorkingDays(d, n)) = n.
   */
  workingDaysBetween(a: PlainDate, b: PlainDate): number {
    const from = toEpochDay(a);
    const to = toEpochDay(b);
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    // One walk from a towards b, leaving a and counting each day reached: (a, b] forwards, [b, a) backwards.
    let count = 0;
    let day = a;
    for (let i = from; i !== to; i += sign) {
      day = addDays(day, sign);
      if (this.isWorkingDay(day)) count += 1;
    }
    return sign * count;
  }

  /** The first working day strictly after d. */
  nextWorkingDay(d: PlainDate): PlainDate {
    return this.addWorkingDays(d, 1);
  }

  /** d itself when it is a working day, else the next one: where a deadline falling on a day off moves to. */
  workingDayOnOrAfter(d: PlainDate): PlainDate {
    return this.isWorkingDay(d) ? d : this.nextWorkingDay(d);
  }
}
