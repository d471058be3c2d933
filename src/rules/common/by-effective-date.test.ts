import { describe, expect, it } from 'vitest';
import { isAppError } from '../../kernel/errors.ts';
import { plainDate } from '../../kernel/plain-date.ts';
import { byEffectiveDate } from './by-effective-date.ts';

describe('byEffectiveDate', () => {
  const pick = byEffectiveDate({ '2021-07-01': 'nat-2021', '2012-12-12': 'nat-2012' });

  it('picks the version in force on the day, whatever the order of the table', () => {
    expect(pick(plainDate('2021-06-30'))).toEqual({ rule: 'nat-2012', from: '2012-12-12' });
    expect(pick(plainDate('2021-07-01'))).toEqual({ rule: 'nat-2021', from: '2021-07-01' });
  });

  it('refuses a day before the first version', () => {
    try {
      pick(plainDate('2012-12-11'));
      throw new Error('expected RULE_NOT_IN_FORCE');
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('RULE_NOT_IN_FORCE');
    }
  });

  it('refuses a table with a key that is not a date', () => {
    expect(() => byEffectiveDate({ '2021-13-01': 1 })).toThrow(RangeError);
  });
});
