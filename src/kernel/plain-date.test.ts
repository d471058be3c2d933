import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  ageOn,
  chinaDateOf,
  compareDates,
  dayOfWeek,
  daysInMonth,
  diffDays,
  diffMonths,
  firstDayOf,
  fromEpochDay,
  fromYmd,
  isLeapYear,
  lastDayOf,
  monthOf,
  parsePlainDate,
  parsePlainMonth,
  plainDate,
  plainMonth,
  toEpochDay,
} from './plain-date.ts';

const d = plainDate;
const m = plainMonth;

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule', () => {
    expect([1900, 2000, 2019, 2020, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(2019, 2)).toBe(28);
    expect(daysInMonth(2019, 4)).toBe(30);
    expect(daysInMonth(2019, 12)).toBe(31);
  });
});

describe('parsing', () => {
  it('rejects days that are not on the calendar', () => {
    expect(parsePlainDate('2019-02-29')).toBeNull();
    expect(parsePlainDate('2020-02-29')).toBe('2020-02-29');
    expect(parsePlainDate('1900-02-29')).toBeNull();
    for (const bad of [
      '2019-04-31',
      '2019-13-01',
      '2019-00-10',
      '2019-01-00',
      '2019-1-5',
      '20190105',
      '',
      '2019-01-05T00:00',
    ]) {
      expect(parsePlainDate(bad), bad).toBeNull();
    }
    expect(() => plainDate('2019-02-30')).toThrow(RangeError);
  });

  it('rejects months out of range', () => {
    expect(parsePlainMonth('2019-13')).toBeNull();
    expect(parsePlainMonth('2019-00')).toBeNull();
    expect(parsePlainMonth('2019-8')).toBeNull();
    expect(parsePlainMonth('2019-08')).toBe('2019-08');
    expect(() => plainMonth('2019-13')).toThrow(RangeError);
  });

  it('fromYmd rejects impossible and fractional parts', () => {
    expect(fromYmd(2019, 8, 1)).toBe('2019-08-01');
    expect(() => fromYmd(2019, 2, 29)).toThrow(RangeError);
    expect(() => fromYmd(2019, 1, 1.5)).toThrow(RangeError);
    expect(() => fromYmd(2019, 1.5, 1)).toThrow(RangeError);
  });
});

describe('arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2019-12-31'), 1)).toBe('2020-01-01');
    expect(addDays(d('2020-02-28'), 1)).toBe('2020-02-29');
    expect(addDays(d('2019-02-28'), 1)).toBe('2019-03-01');
    expect(addDays(d('2019-03-01'), -1)).toBe('2019-02-28');
    expect(diffDays(d('2019-01-01'), d('2020-01-01'))).toBe(365);
    expect(diffDays(d('2020-01-01'), d('2021-01-01'))).toBe(366);
    expect(() => addDays(d('2019-01-01'), 0.5)).toThrow(RangeError);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek(d('1970-01-01'))).toBe(4);
    expect(dayOfWeek(d('2019-10-01'))).toBe(2);
    expect(dayOfWeek(d('2019-10-12'))).toBe(6);
    expect(dayOfWeek(d('1900-01-01'))).toBe(1);
  });

  it('adds months across years, both ways', () => {
    expect(addMonths(m('2019-11'), 3)).toBe('2020-02');
    expect(addMonths(m('2019-12'), 1)).toBe('2020-01');
    expect(addMonths(m('2019-01'), -1)).toBe('2018-12');
    expect(addMonths(m('2019-01'), -13)).toBe('2017-12');
    expect(addMonths(m('2019-07'), 24)).toBe('2021-07');
    expect(addMonths(m('2019-07'), 0)).toBe('2019-07');
    expect(diffMonths(m('2019-07'), m('2021-06'))).toBe(23);
    expect(() => addMonths(m('1800-01'), -1)).toThrow(RangeError);
  });

  it('gives first and last days of a month', () => {
    expect(firstDayOf(m('2019-02'))).toBe('2019-02-01');
    expect(lastDayOf(m('2019-02'))).toBe('2019-02-28');
    expect(lastDayOf(m('2020-02'))).toBe('2020-02-29');
    expect(monthOf(d('2019-08-31'))).toBe('2019-08');
  });

  it('compares', () => {
    expect(compareDates(d('2019-01-02'), d('2019-01-10'))).toBe(-1);
    expect(compareDates(d('2019-01-10'), d('2019-01-02'))).toBe(1);
    expect(compareDates(d('2019-01-10'), d('2019-01-10'))).toBe(0);
  });

  it('property: epoch days round-trip and addDays/diffDays agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 2_900_000 }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const day = fromEpochDay(n);
        expect(toEpochDay(day)).toBe(n);
        expect(parsePlainDate(day)).toBe(day);
        expect(diffDays(day, addDays(day, k))).toBe(k);
        expect(compareDates(day, addDays(day, k))).toBe(k > 0 ? -1 : k < 0 ? 1 : 0);
      }),
    );
  });

  it('property: addMonths and diffMonths invert each other', () => {
    const monthArb = fc
      .record({ y: fc.integer({ min: 1900, max: 2100 }), mo: fc.integer({ min: 1, max: 12 }) })
      .map(({ y, mo }) => m(`${y}-${String(mo).padStart(2, '0')}`));
    fc.assert(
      fc.property(monthArb, fc.integer({ min: -1000, max: 1000 }), (month, n) => {
        const later = addMonths(month, n);
        expect(parsePlainMonth(later)).toBe(later);
        expect(diffMonths(month, later)).toBe(n);
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn(d('1960-01-01'), d('2019-12-31'))).toBe(59);
    expect(ageOn(d('1960-01-01'), d('2020-01-01'))).toBe(60);
    expect(ageOn(d('1960-05-10'), d('2020-05-09'))).toBe(59);
  });

  it('a person born on 29 February turns a year older on 1 March in common years', () => {
    const birth = d('2000-02-29');
    expect(ageOn(birth, d('2001-02-28'))).toBe(0);
    expect(ageOn(birth, d('2001-03-01'))).toBe(1);
    expect(ageOn(birth, d('2004-02-28'))).toBe(3);
    expect(ageOn(birth, d('2004-02-29'))).toBe(4);
    expect(ageOn(birth, d('2060-02-28'))).toBe(59);
    expect(ageOn(birth, d('2060-02-29'))).toBe(60);
  });
});

describe('chinaDateOf', () => {
  it('uses UTC+8: 16:00 UTC is already the next day in China', () => {
    expect(chinaDateOf(new Date('2019-09-30T15:59:59Z'))).toBe('2019-09-30');
    expect(chinaDateOf(new Date('2019-09-30T16:00:00Z'))).toBe('2019-10-01');
  });
});
