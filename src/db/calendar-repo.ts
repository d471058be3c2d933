import type { Kysely, Transaction } from 'kysely';
import type { CalendarDayTable, CalendarYearTable, Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 工作日历 The working-day calendar: the official holidays and make-up days, and administrators' edits. City-wide
 * reference data (every county works the same days): no area scope. The one place `calendar_day` and `calendar_year`
 * are read and written.
 */
export async function calendarRows(q: Q): Promise<{ days: CalendarDayTable[]; years: number[] }> {
  const [days, years] = await Promise.all([q.selectFrom('calendar_day').selectAll().execute(), q.selectFrom('calendar_year').select('year').execute()]);
  return { days, years: years.map((y) => Number(y.year)) };
}

export async function calendarDay(q: Q, day: string): Promise<CalendarDayTable | undefined> {
  return q.selectFrom('calendar_day').selectAll().where('day', '=', day).executeTakeFirst();
}

/** Replaces a day's entry; `null` puts the day back to the ordinary rule. */
export async function setCalendarDayRow(q: Q, day: string, row: CalendarDayTable | null): Promise<void> {
  await q.deleteFrom('calendar_day').where('day', '=', day).execute();
  if (row) await q.insertInto('calendar_day').values(row).execute();
}

/** Years whose arrangement is known; a year already marked keeps its first mark. */
export async function markCalendarYears(q: Q, rows: readonly CalendarYearTable[]): Promise<void> {
  if (rows.length > 0) await q.insertInto('calendar_year').values([...rows]).onConflict((oc) => oc.column('year').doNothing()).execute();
}

/** Days of the official data, in multi-row statements; a day an administrator entered is never overwritten. */
export async function addOfficialDays(q: Q, rows: readonly CalendarDayTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await q.insertInto('calendar_day').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('day').doNothing()).execute();
}

/** Whether any year is known yet (a first start seeds the official calendar). */
export async function calendarSeeded(q: Q): Promise<boolean> {
  return (await q.selectFrom('calendar_year').select('year').limit(1).executeTakeFirst()) !== undefined;
}
