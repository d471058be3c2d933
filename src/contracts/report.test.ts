import { describe, expect, it } from 'vitest';
import { formatQuarter, parseQuarter, previousQuarter, Quarter, quarterFirstDay, quarterLastDay, quarterMonths, quarterOf } from './report.ts';

describe('Quarter', () => {
  it('parses and formats', () => {
    expect(parseQuarter('2019Q3')).toEqual({ year: 2019, q: 3 });
    expect(parseQuarter(' 2020Q1 ')).toEqual({ year: 2020, q: 1 });
    for (const bad of ['2019Q0', '2019Q5', '2019-Q3', '19Q3', '2019q3', '']) expect(parseQuarter(bad), bad).toBeNull();
    expect(formatQuarter({ year: 2019, q: 4 })).toBe('2019Q4');
    expect(Quarter.safeParse('2019Q5').success).toBe(false);
  });

  it('gives its months and its first and last day', () => {
    expect(quarterMonths('2019Q1')).toEqual(['2019-01', '2019-02', '2019-03']);
    expect(quarterMonths('2019Q3')).toEqual(['2019-07', '2019-08', '2019-09']);
    expect([1, 2, 3, 4].map((q) => quarterFirstDay(`2019Q${q}`))).toEqual(['2019-01-01', '2019-04-01', '2019-07-01', '2019-10-01']);
    expect([1, 2, 3, 4].map((q) => quarterLastDay(`2019Q${q}`))).toEqual(['2019-03-31', '2019-06-30', '2019-09-30', '2019-12-31']);
  });

  it('steps back over the year and finds the quarter of a day', () => {
    expect(previousQuarter('2020Q1')).toBe('2019Q4');
    expect(previousQuarter('2019Q3')).toBe('2019Q2');
    expect(quarterOf('2019-09-30')).toBe('2019Q3');
    expect(quarterOf('2019-10-01')).toBe('2019Q4');
    expect(quarterOf('2019-01')).toBe('2019Q1');
  });
});
