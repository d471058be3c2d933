import { describe, expect, it } from 'vitest';
import { type CalendarDay, editKindsFor, initialEditKind, monthWeeks, workingDayCount } from './calendar-model.ts';

const day = (date: string, kind: CalendarDay['kind'] = 'workday'): CalendarDay => ({ date, kind, name: null });
// October 2026 starts on a Thursday.
const october = Array.from({ length: 31 }, (_, i) => day(`2026-10-${String(i + 1).padStart(2, '0')}`, i < 7 ? 'holiday' : 'workday'));

describe('the calendar year view', () => {
  it('lays a month out in weeks from Monday, blanks before the first and after the last day', () => {
    const weeks = monthWeeks(october);
    expect(weeks).toHaveLength(5);
    for (const w of weeks) expect(w).toHaveLength(7);
    expect(weeks[0]!.slice(0, 3)).toEqual([null, null, null]);
    expect(weeks[0]![3]!.date).toBe('2026-10-01');
    expect(weeks[4]![5]!.date).toBe('2026-10-31');
    expect(weeks[4]![6]).toBeNull();
    expect(monthWeeks([])).toEqual([]);
  });

  it('counts ordinary and make-up working days, not holidays or weekends', () => {
    expect(workingDayCount([day('2026-10-01', 'holiday'), day('2026-10-10', 'makeup'), day('2026-10-11', 'weekend'), day('2026-10-12')])).toBe(2);
  });

  it('offers a make-up working day only on a weekend, and starts from what the day is', () => {
    expect(editKindsFor(day('2026-10-10', 'weekend'))).toEqual(['workday', 'holiday', 'normal']);
    expect(editKindsFor(day('2026-10-12'))).toEqual(['holiday', 'normal']);
    expect(initialEditKind(day('2026-10-10', 'makeup'))).toBe('workday');
    expect(initialEditKind(day('2026-10-01', 'holiday'))).toBe('holiday');
    expect(initialEditKind(day('2026-10-12'))).toBe('normal');
  });
});
