import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { addYears, retentionOf, retentionParameter } from './case-retention.ts';

describe('case retention (ADR 0050)', () => {
  it('adds whole years, 29 February falling on 28 February in a common year', () => {
    expect(addYears('2027-05-11' as PlainDate, 10)).toBe('2037-05-11');
    expect(addYears('2028-02-29' as PlainDate, 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29' as PlainDate, 4)).toBe('2032-02-29');
    expect(addYears('2099-12-31' as PlainDate, 1)).toBe('2100-12-31');
  });

  it('counts from the day a case was closed, by its program’s parameter (a labelled demo default); none while open', () => {
    const ps = loadDefaultPolicy();
    for (const program of ['dibao', 'tekun', 'temporary']) {
      const p = ps.number(retentionParameter(program), '211221', '2027-01-01' as PlainDate);
      expect(p.illustrative).toBe(true);
      expect(p.citation).toContain('示例值');
      const r = retentionOf(ps, { program, state: 'withdrawn', state_since: '2027-05-11', county_code: '211221' });
      expect(r).toMatchObject({ years: p.value, closedOn: '2027-05-11', retainUntil: addYears('2027-05-11' as PlainDate, p.value), illustrative: true });
    }
    expect(retentionOf(ps, { program: 'dibao', state: 'accepted', state_since: '2027-05-11', county_code: '211221' })).toBeNull();
    expect(retentionOf(ps, { program: 'dibao', state: 'approved', state_since: '2027-05-11', county_code: '211221' })?.retainUntil).toBe('2037-05-11');
  });
});
