import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officialCalendar, officialCalendarEntries, officialCoveredYears } from './official-calendar.ts';
import { fromEpochDay, type PlainDate, plainDate, toEpochDay } from './plain-date.ts';

const d = plainDate;
const cal = officialCalendar();

describe('official calendar (chinese-days data)', () => {
  it('skips the 2019 National Day holiday and counts the make-up Saturday 2019-10-12', () => {
    expect(cal.addWorkingDays(d('2019-09-30'), 10)).toBe('2019-10-18');
    expect(cal.kindOf(d('2019-10-12'))).toBe('makeup');
    expect(cal.kindOf(d('2019-09-29'))).toBe('makeup');
    expect(cal.entryFor(d('2019-10-01'))).toMatchObject({ kind: 'holiday', name: '国庆节', nameEn: 'National Day' });
  });

  it('knows the 2019 Spring Festival: 4–10 February off, 2–3 February worked', () => {
    for (let day = 4; day <= 10; day++) {
      expect(cal.kindOf(d(`2019-02-${String(day).padStart(2, '0')}`))).toBe('holiday');
    }
    expect(cal.kindOf(d('2019-02-02'))).toBe('makeup');
    expect(cal.kindOf(d('2019-02-03'))).toBe('makeup');
    expect(cal.addWorkingDays(d('2019-02-01'), 1)).toBe('2019-02-02');
    expect(cal.addWorkingDays(d('2019-02-01'), 3)).toBe('2019-02-11');
    expect(cal.workingDaysBetween(d('2019-01-31'), d('2019-02-11'))).toBe(4);
    expect(cal.addWorkingDays(d('2019-02-11'), -1)).toBe('2019-02-03');
  });

  it('covers 2004 through 2026 and no year without an annual notice', () => {
    const years = cal.coveredYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2019);
    expect(years).toContain(2026);
    expect(years.length).toBe(years[years.length - 1] - 2004 + 1);
    expect(cal.isCovered(2003)).toBe(false);
    // A New Year holiday reaching into a year does not make that year covered.
    const stray = [{ date: d('2030-01-01'), kind: 'holiday' as const, name: '元旦' }];
    expect(officialCoveredYears(stray)).toEqual([]);
  });

  it('reads every entry as a real date with a name, sorted, no day twice', () => {
    const entries = officialCalendarEntries();
    expect(entries.length).toBeGreaterThan(700);
    expect(new Set(entries.map((e) => e.date)).size).toBe(entries.length);
    expect(entries.every((e, i) => i === 0 || entries[i - 1].date < e.date)).toBe(true);
    expect(entries.every((e) => e.name && e.nameEn)).toBe(true);
    // A listed 调休 day must come out as a working day, whatever weekday it falls on.
    expect(entries.filter((e) => e.kind === 'workday').every((e) => cal.isWorkingDay(e.date))).toBe(true);
  });

  it('is cached', () => {
    expect(officialCalendar()).toBe(cal);
  });

  it('property: addWorkingDays lands on a working day and workingDaysBetween inverts it', () => {
    const dayArb = fc
      .integer({ min: toEpochDay(d('2004-01-01')), max: toEpochDay(d('2026-12-31')) })
      .map((n): PlainDate => fromEpochDay(n));
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -300, max: 300 }), (start, n) => {
        const end = cal.addWorkingDays(start, n);
        if (n !== 0) expect(cal.isWorkingDay(end)).toBe(true);
        expect(cal.workingDaysBetween(start, end)).toBe(n);
      }),
    );
  });
});
