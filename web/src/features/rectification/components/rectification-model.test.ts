import { describe, expect, it } from 'vitest';
import { factEntries, progressOf } from './rectification-model.ts';

describe('campaign progress', () => {
  it('shows closed and answered shares of the findings, never 100% closed before every one is', () => {
    expect(progressOf({ found: 0, open: 0, answered: 0, closed: 0, overdue: 0 })).toEqual({ closed: 0, answered: 0 });
    expect(progressOf({ found: 3, open: 1, answered: 1, closed: 1, overdue: 0 })).toEqual({ closed: 33, answered: 33 });
    expect(progressOf({ found: 200, open: 1, answered: 0, closed: 199, overdue: 1 }).closed).toBe(99);
    expect(progressOf({ found: 7, open: 0, answered: 0, closed: 7, overdue: 0 })).toEqual({ closed: 100, answered: 0 });
  });
});

describe('finding facts', () => {
  it('lists the known facts first, then the rest by name, with empty values as a dash', () => {
    expect(factEntries({ zeta: 1, diedOn: '2019-06-01', paidFen: 32000, extra: null }, ['diedOn', 'paidFen'])).toEqual([
      ['diedOn', '2019-06-01'],
      ['paidFen', '32000'],
      ['extra', '—'],
      ['zeta', '1'],
    ]);
  });
});
