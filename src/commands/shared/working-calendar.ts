import { calendarRows } from '../../db/calendar-repo.ts';
import type { Db } from '../../db/connect.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { WorkingCalendar } from '../../kernel/working-days.ts';

/** The working-day calendar as the database holds it (official data plus administrators' edits). */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const { days, years } = await calendarRows(db.kysely);
  return new WorkingCalendar(
    days.map((d) => ({ date: d.day as PlainDate, kind: d.kind, name: d.name })),
    years,
  );
}
