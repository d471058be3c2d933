import { describe, expect, it } from 'vitest';
import { parsePlainMonth } from '#kernel/plain-date.ts';
import { buildableMonths } from './roll-months.ts';

describe('the months a roll can be built for', () => {
  it('run from next month on the browser’s calendar back to January 2019, newest first', () => {
    const months = buildableMonths(new Date(2019, 8, 15));
    expect(months[0]).toBe('2019-10');
    expect(months.at(-1)).toBe('2019-01');
    expect(months).toHaveLength(10);
  });

  it('cross the year end: in December the first is January of the next year', () => {
    expect(buildableMonths(new Date(2025, 11, 31)).slice(0, 3)).toEqual(['2026-01', '2025-12', '2025-11']);
  });

  it('are each a valid month, one apart, none missing', () => {
    const months = buildableMonths(new Date(2026, 5, 1));
    expect(months).toHaveLength(7 * 12 + 7);
    for (const m of months) expect(parsePlainMonth(m), m).not.toBeNull();
    expect(new Set(months).size).toBe(months.length);
    expect([...months].sort().reverse()).toEqual(months);
  });
});
