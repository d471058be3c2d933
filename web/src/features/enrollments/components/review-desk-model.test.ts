import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, type PlainDate, toEpochDay } from '#kernel/plain-date.ts';
import { exitBasisKey, overdueLabel, overdueStatus } from './review-desk-model.ts';

const status = (nextDue: string, intervalMonths: number, today: string) =>
  overdueStatus({ nextDue, intervalMonths, today, daysOverdue: toEpochDay(today as PlainDate) - toEpochDay(nextDue as PlainDate) });

describe('how late a periodic review is', () => {
  it('counts the days and says them; a review within its period is merely overdue', () => {
    const s = status('2019-07-01', 6, '2019-09-16');
    expect(s).toEqual({ tone: 'overdue', days: 77, missedPeriods: 0 });
    expect(overdueLabel(s)).toEqual([{ key: 'reviewDesk.overdue.days', values: { count: 77 } }]);
  });

  it('has missed a period only once the next review’s day has passed, not on that day', () => {
    expect(status('2019-04-01', 3, '2019-07-01').missedPeriods).toBe(0);
    expect(status('2019-04-01', 3, '2019-07-02')).toEqual({ tone: 'missed', days: 92, missedPeriods: 1 });
    expect(status('2019-04-01', 3, '2020-04-02').missedPeriods).toBe(4);
    expect(overdueLabel(status('2019-04-01', 3, '2019-07-02'))).toEqual([
      { key: 'reviewDesk.overdue.days', values: { count: 92 } },
      { key: 'reviewDesk.overdue.missed', values: { count: 1 } },
    ]);
  });

  it('counts from a month-end as the schedule does: to the shorter month’s last day', () => {
    expect(status('2019-01-31', 1, '2019-02-28').missedPeriods).toBe(0);
    expect(status('2019-01-31', 1, '2019-03-01').missedPeriods).toBe(1);
    expect(status('2019-01-31', 1, '2019-03-31').missedPeriods).toBe(1);
    expect(status('2019-01-31', 1, '2019-04-01').missedPeriods).toBe(2);
  });

  it('is due (not late) at zero days, and never counts periods from dates it cannot read', () => {
    expect(status('2019-07-01', 6, '2019-07-01')).toEqual({ tone: 'due', days: 0, missedPeriods: 0 });
    expect(overdueLabel(status('2019-07-01', 6, '2019-07-01'))).toEqual([{ key: 'reviewDesk.overdue.dueToday', values: {} }]);
    expect(overdueStatus({ nextDue: '2019-02-30', intervalMonths: 3, daysOverdue: 400, today: '2020-04-01' })).toEqual({ tone: 'overdue', days: 400, missedPeriods: 0 });
    expect(overdueStatus({ nextDue: '2019-01-01', intervalMonths: 0, daysOverdue: 400, today: '2020-02-05' }).missedPeriods).toBe(0);
  });

  it('a review not yet due (listed as due soon) says in how many days, and has missed nothing', () => {
    const s = status('2020-06-01', 12, '2020-05-10');
    expect(s).toEqual({ tone: 'due', days: 22, missedPeriods: 0 });
    expect(overdueLabel(s)).toEqual([{ key: 'reviewDesk.overdue.dueIn', values: { count: 22 } }]);
  });

  it('missed periods agree with the days late: a month is 28 to 31 days', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('2015-01-01' as PlainDate), max: toEpochDay('2030-12-31' as PlainDate) }), fc.integer({ min: 1, max: 2000 }), fc.constantFrom(1, 3, 6, 12), (start, days, months) => {
        const nextDue = fromEpochDay(start);
        const s = overdueStatus({ nextDue, intervalMonths: months, daysOverdue: days, today: addDays(nextDue, days) });
        expect(s.tone).toBe(s.missedPeriods > 0 ? 'missed' : 'overdue');
        // k whole periods passed: more than 28·k·interval days; k + 1 not passed: at most 31·(k + 1)·interval days.
        if (s.missedPeriods > 0) expect(days).toBeGreaterThan(28 * s.missedPeriods * months);
        expect(days).toBeLessThanOrEqual(31 * (s.missedPeriods + 1) * months);
      }),
    );
  });
});

describe('the reason a follow-up task was created', () => {
  it('names the exits the server records and leaves an unknown basis to be shown as it is', () => {
    expect(exitBasisKey('stop')).toBe('reviewDesk.exitBasis.stop');
    expect(exitBasisKey('review_stop')).toBe('reviewDesk.exitBasis.review_stop');
    expect(exitBasisKey('termination')).toBe('reviewDesk.exitBasis.termination');
    expect(exitBasisKey('recalculation')).toBeNull();
  });
});
