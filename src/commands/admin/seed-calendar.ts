import type { Db } from '../../db/connect.ts';
import { officialCalendarEntries, officialCoveredYears } from '../../kernel/official-calendar.ts';

/**
 * Seeds `calendar_day` with the official holidays and 调休 make-up days (from the `chinese-days` data) for the years
 * it covers. Days an administrator entered are never overwritten.
 */
export async function seedOfficialCalendar(db: Db, now: Date): Promise<{ days: number; years: number[] }> {
  const entries = officialCalendarEntries();
  const years = officialCoveredYears(entries);
  const at = now.toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const rows = entries.map((e) => ({ day: e.date, kind: e.kind, name: e.name ?? '', source: 'official' as const, updated_by: null, updated_at: at }));
    for (let i = 0; i < rows.length; i += 500) {
      await trx.insertInto('calendar_day').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('day').doNothing()).execute();
    }
    await trx
      .insertInto('calendar_year')
      .values(years.map((year) => ({ year, source: 'official' as const, updated_by: null, updated_at: at })))
      .onConflict((oc) => oc.column('year').doNothing())
      .execute();
  });
  return { days: entries.length, years };
}
