import { createRequire } from 'node:module';
import { parsePlainDate } from './plain-date.ts';
import { type CalendarEntry, WorkingCalendar } from './working-days.ts';

/**
 * The official calendar as published by the State Council General Office (国务院办公厅关于…部分节假日安排的通知,
 * one notice a year), taken from the `chinese-days` npm package's data file
 * (`chinese-days/dist/chinese-days.json`, version pinned in package-lock.json; it covers 2004 to the latest
 * published year, 2026 for 1.5.x). Each value reads "English name,中文名,days"; `holidays` are days off,
 * `workdays` are 调休 make-up working days. Later years are entered by an administrator (`calendar_day`).
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function loadData(): ChineseDaysData {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as Partial<ChineseDaysData>;
  if (typeof data?.holidays !== 'object' || typeof data?.workdays !== 'object') {
    throw new Error('chinese-days data file has no holidays/workdays: its format changed');
  }
  return data as ChineseDaysData;
}

function toEntries(days: Record<string, string>, kind: CalendarEntry['kind']): CalendarEntry[] {
  return Object.entries(days).map(([text, value]) => {
    const date = parsePlainDate(text);
    if (!date) throw new Error(`chinese-days data has a bad date: ${text}`);
    const [nameEn, name] = value.split(',');
    return { date, kind, name: name || undefined, nameEn: nameEn || undefined };
  });
}

export function officialCalendarEntries(): CalendarEntry[] {
  const data = loadData();
  return [...toEntries(data.holidays, 'holiday'), ...toEntries(data.workdays, 'workday')].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}

/**
 * A year counts as covered when its annual notice is in the data: it always fixes both the Spring Festival
 * and the National Day holidays. A stray entry (a New Year holiday reaching into the next year) does not.
 */
export function officialCoveredYears(entries: readonly CalendarEntry[]): number[] {
  const seen = new Map<number, Set<string>>();
  for (const e of entries) {
    if (e.kind !== 'holiday' || !e.name) continue;
    const year = Number(e.date.slice(0, 4));
    if (!seen.has(year)) seen.set(year, new Set());
    seen.get(year)?.add(e.name);
  }
  return [...seen]
    .filter(([, names]) => names.has('春节') && names.has('国庆节'))
    .map(([year]) => year)
    .sort((a, b) => a - b);
}

let cached: WorkingCalendar | undefined;

export function officialCalendar(): WorkingCalendar {
  if (!cached) {
    const entries = officialCalendarEntries();
    cached = new WorkingCalendar(entries, officialCoveredYears(entries));
  }
  return cached;
}
