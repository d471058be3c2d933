import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, fromEpochDay, type PlainDate, plainDate, toEpochDay } from './plain-date.ts';
import { type CalendarEntry, WorkingCalendar } from './working-days.ts';

const d = plainDate;

/** The 2019 National Day arrangement, typed in from the State Council notice for 2019. */
const nationalDay2019: CalendarEntry[] = [
  { date: d('2019-09-29'), kind: 'workday', name: '国庆节' },
  ...['01', '02', '03', '04', '05', '06', '07'].map(
    (day): CalendarEntry => ({ date: d(`2019-10-${day}`), kind: 'holiday', name: '国庆节' }),
  ),
  { date: d('2019-10-12'), kind: 'workday', name: '国庆节' },
];
const cal = new WorkingCalendar(nationalDay2019, [2019]);
const plain = new WorkingCalendar([], []);

describe('WorkingCalendar', () => {
  it('classifies each kind of day', () => {
    expect(cal.kindOf(d('2019-09-30'))).toBe('workday'); // Monday
    expect(cal.kindOf(d('2019-10-01'))).toBe('holiday'); // Tuesday
    expect(cal.kindOf(d('2019-10-05'))).toBe('holiday'); // a Saturday inside the holiday
    expect(cal.kindOf(d('2019-10-12'))).toBe('makeup'); // Saturday worked
    expect(cal.kindOf(d('2019-10-13'))).toBe('weekend');
    expect(cal.isWorkingDay(d('2019-09-29'))).toBe(true);
    expect(cal.isWorkingDay(d('2019-10-07'))).toBe(false);
    expect(plain.kindOf(d('2019-10-01'))).toBe('workday');
  });

  it('counts from the next day and skips the holiday, counting the make-up Saturday', () => {
    expect(cal.addWorkingDays(d('2019-09-30'), 10)).toBe('2019-10-18');
    expect(plain.addWorkingDays(d('2019-09-30'), 10)).toBe('2019-10-14');
    expect(cal.addWorkingDays(d('2019-09-30'), 1)).toBe('2019-10-08');
    expect(cal.addWorkingDays(d('2019-10-01'), 0)).toBe('2019-10-01');
    expect(cal.addWorkingDays(d('2019-10-08'), -1)).toBe('2019-09-30');
    expect(cal.addWorkingDays(d('2019-10-18'), -10)).toBe('2019-09-30');
    expect(cal.addWorkingDays(d('2019-10-13'), -1)).toBe('2019-10-12');
  });

  it('counts working days between two days in either direction', () => {
    expect(cal.workingDaysBetween(d('2019-09-30'), d('2019-10-18'))).toBe(10);
    expect(cal.workingDaysBetween(d('2019-10-18'), d('2019-09-30'))).toBe(-10);
    expect(cal.workingDaysBetween(d('2019-09-30'), d('2019-10-07'))).toBe(0);
    expect(cal.workingDaysBetween(d('2019-10-01'), d('2019-10-01'))).toBe(0);
  });

  it('finds the next working day', () => {
    expect(cal.nextWorkingDay(d('2019-09-30'))).toBe('2019-10-08');
    expect(cal.nextWorkingDay(d('2019-09-27'))).toBe('2019-09-29');
    expect(cal.workingDayOnOrAfter(d('2019-10-03'))).toBe('2019-10-08');
    expect(cal.workingDayOnOrAfter(d('2019-10-08'))).toBe('2019-10-08');
  });

  it('knows which years it covers and keeps entries with their names', () => {
    expect(cal.isCovered(2019)).toBe(true);
    expect(cal.isCovered(2020)).toBe(false);
    expect(cal.entryFor(d('2019-10-12'))).toEqual({ date: '2019-10-12', kind: 'workday', name: '国庆节' });
    expect(cal.entryFor(d('2019-10-14'))).toBeUndefined();
    expect(cal.entries().map((e) => e.date)[0]).toBe('2019-09-29');
  });

  it('rejects a day listed as both holiday and workday, and a fractional n', () => {
    expect(
      () =>
        new WorkingCalendar(
          [
            { date: d('2019-10-01'), kind: 'holiday' },
            { date: d('2019-10-01'), kind: 'workday' },
          ],
          [],
        ),
    ).toThrow(/both/);
    expect(() => cal.addWorkingDays(d('2019-10-01'), 1.5)).toThrow(RangeError);
  });

  it('property: without entries it is the Monday–Friday rule, five working days a week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 50 }), (day, weeks) => {
        const start = fromEpochDay(day);
        expect(plain.workingDaysBetween(start, addDays(start, weeks * 7))).toBe(weeks * 5);
        const w = dayOfWeek(start);
        expect(plain.isWorkingDay(start)).toBe(w >= 1 && w <= 5);
      }),
    );
  });

  it('property: addWorkingDays lands on a working day and workingDaysBetween inverts it', () => {
    const dayArb = fc
      .integer({ min: toEpochDay(d('2019-09-01')), max: toEpochDay(d('2019-11-30')) })
      .map((n): PlainDate => fromEpochDay(n));
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -60, max: 60 }), (start, n) => {
        const end = cal.addWorkingDays(start, n);
        if (n !== 0) expect(cal.isWorkingDay(end)).toBe(true);
        expect(cal.workingDaysBetween(start, end)).toBe(n);
        expect(Math.sign(toEpochDay(end) - toEpochDay(start))).toBe(Math.sign(n));
      }),
    );
  });
});
