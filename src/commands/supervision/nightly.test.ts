import { describe, expect, it } from 'vitest';
import { msUntilNext, nightlyTime } from './nightly.ts';

describe('the nightly anomaly run', () => {
  it('starts at 02:00 China time unless told otherwise, and not at all when off', () => {
    expect(nightlyTime(undefined)).toEqual({ hour: 2, minute: 0 });
    expect(nightlyTime(' 23:30 ')).toEqual({ hour: 23, minute: 30 });
    expect(nightlyTime('off')).toBeNull();
    expect(() => nightlyTime('25:00')).toThrow(/HH:MM/);
    expect(() => nightlyTime('2am')).toThrow(/HH:MM/);
  });

  it('waits until the next such minute in China (UTC+8), a full day when it is that minute now', () => {
    // 2026-12-05 15:00 UTC = 23:00 in China: 02:00 is three hours on.
    expect(msUntilNext(new Date('2026-12-05T15:00:00Z'), { hour: 2, minute: 0 })).toBe(3 * 3_600_000);
    // 18:00 UTC = 02:00 in China exactly: the next is tomorrow's.
    expect(msUntilNext(new Date('2026-12-05T18:00:00Z'), { hour: 2, minute: 0 })).toBe(24 * 3_600_000);
    // 18:00:01 UTC: one second short of a day.
    expect(msUntilNext(new Date('2026-12-05T18:00:01Z'), { hour: 2, minute: 0 })).toBe(24 * 3_600_000 - 1_000);
    expect(msUntilNext(new Date('2026-12-05T16:00:00Z'), { hour: 0, minute: 30 })).toBe(30 * 60_000);
  });
});
