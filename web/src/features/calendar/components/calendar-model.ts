import { dayOfWeek, type PlainDate } from '#kernel/plain-date.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';
export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string | null;
}
/** What `GET /api/calendar/:year/:month` answers: whether the year is fully entered, and each day of the month. */
export interface CalendarMonth {
  covered: boolean;
  days: CalendarDay[];
}

/** The weeks of a month, Monday first, with null before the first day and after the last (a calendar grid). */
export function monthWeeks(days: readonly CalendarDay[]): (CalendarDay | null)[][] {
  if (days.length === 0) return [];
  const lead = (dayOfWeek(days[0]!.date as PlainDate) + 6) % 7;
  const cells: (CalendarDay | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

/** Working days of a month: ordinary weekdays and make-up working days (调休上班), holidays and weekends left out. */
export function workingDayCount(days: readonly CalendarDay[]): number {
  return days.filter((d) => d.kind === 'workday' || d.kind === 'makeup').length;
}

export type EditKind = 'holiday' | 'workday' | 'normal';

/** The choices for a day: a weekend day may become a make-up working day, a weekday a holiday; any may go back to the rule. */
export function editKindsFor(day: CalendarDay): EditKind[] {
  const weekend = dayOfWeek(day.date as PlainDate) === 0 || dayOfWeek(day.date as PlainDate) === 6;
  return weekend ? ['workday', 'holiday', 'normal'] : ['holiday', 'normal'];
}

/** The edit form's first choice: what the day is now, in the request's words. */
export function initialEditKind(day: CalendarDay): EditKind {
  return day.kind === 'holiday' ? 'holiday' : day.kind === 'makeup' ? 'workday' : 'normal';
}
