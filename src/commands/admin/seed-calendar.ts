import { addOfficialDays, markCalendarYears } from '../../db/calendar-repo.ts';
import type { Db } from '../../db/connect.ts';
import { officialCalendarEntries, officialCoveredYears } from '../../kernel/official-calendar.ts';

/**
 * Bootstrap (prepareDatabase), not a use case. Seeds `calendar_day` with the official holidays and 调休 make-up days (from the `chinese-days` data) for the years
 * it covers. Days an administrator entered are never overwritten.
 */
export async function seedOfficialCalendar(db: Db, now: Date): Promise<{ days: number; years: number[] }> {
  const entries = officialCalendarEntries();
  const years = officialCoveredYears(entries);
  const at = now.toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await addOfficialDays(trx, entries.map((e) => ({ day: e.date, kind: e.kind, name: e.name ?? '', source: 'official' as const, updated_by: null, updated_at: at })));
    await markCalendarYears(trx, years.map((year) => ({ year, source: 'official' as const, updated_by: null, updated_at: at })));
  });
  return { days: entries.length, years };
}
