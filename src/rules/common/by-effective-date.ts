import { AppError } from '../../kernel/errors.ts';
import { parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';

export interface DatedRule<T> {
  rule: T;
  /** The day this version of the rule took effect. */
  from: PlainDate;
}

/**
 * A change in the law is a new dated rule, not an `if` on the date inside the old one (STYLE.md):
 * `byEffectiveDate({ '2019-01-01': income2012, '2021-07-01': income2021 })(day)` picks the version in force.
 */
export function byEffectiveDate<T>(table: Readonly<Record<string, T>>): (day: PlainDate) => DatedRule<T> {
  const versions = Object.entries(table)
    .map(([from, rule]) => {
      const d = parsePlainDate(from);
      if (!d) throw new RangeError(`byEffectiveDate: not a date: ${from}`);
      return { from: d, rule };
    })
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  return (day) => {
    for (let i = versions.length - 1; i >= 0; i--) if (versions[i].from <= day) return versions[i];
    throw new AppError(
      'RULE_NOT_IN_FORCE',
      { zh: `${day} 时该规则尚未施行（最早 ${versions[0]?.from}）`, en: `no version of this rule was in force on ${day} (earliest ${versions[0]?.from})` },
      { field: 'month', status: 422 },
    );
  };
}
