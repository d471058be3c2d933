import { describe, expect, it } from 'vitest';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { determine } from '../../rules/engine.ts';
import { type AssessedPerson, assessFindings, laborOf, prefilledMembers, relationOf, type StoredFindings, storedAssessment } from './assess-row.ts';
import { tallyOf } from './screening-context.ts';

const ps = loadDefaultPolicy();
const month = '2019-08' as PlainMonth;
const person = (key: string, o: Partial<AssessedPerson> = {}): AssessedPerson => ({
  person_key: key,
  name: key,
  relation: '子女',
  birth_date: '1980-01-01',
  sex: 'M',
  health: 'healthy',
  disability_grade: null,
  labor_capacity: '普通劳动力',
  ...o,
});
const findings = (o: Partial<StoredFindings> = {}): StoredFindings => ({ incomeAnnualPerCapitaFen: 0, financialAssetsFen: 0, vehicles: 0, members: [], note: '', ...o });

describe('the office’s words', () => {
  it('reads labour capacity and relations as the engine counts them', () => {
    expect(laborOf('无劳动力')).toBe('none');
    expect(laborOf('丧失劳动能力')).toBe('none');
    expect(laborOf('丧失部分劳动能力')).toBe('partial');
    expect(laborOf('弱劳动力或半劳动力')).toBe('partial');
    expect(laborOf('普通劳动力')).toBe('full');
    expect(relationOf('户主', false)).toBe('head');
    expect(relationOf('配偶', false)).toBe('spouse');
    expect(relationOf('之子', false)).toBe('child');
    expect(relationOf('孙女', false)).toBe('grandchild');
    expect(relationOf('母亲', false)).toBe('parent');
    expect(relationOf('其他', true)).toBe('head');
    expect(relationOf('其他', false)).toBe('other');
  });

  it('prefills the findings from the record: 残疾 with its grade, 患有大病', () => {
    const m = prefilledMembers([person('a', { health: 'disabled', disability_grade: 2, labor_capacity: '丧失部分劳动能力' }), person('b', { health: 'serious' })]);
    expect(m[0]).toMatchObject({ laborCapacity: 'partial', disability: { grade: 2 }, seriousIllness: false });
    expect(m[1]).toMatchObject({ laborCapacity: 'full', disability: null, seriousIllness: true });
  });
});

describe('assessing the found situation', () => {
  it('dibao for the household agrees with POLICY.md §3’s worked example (692.50 in 2019-08)', () => {
    const persons = [person('h', { relation: '户主', birth_date: '1970-05-01' }), person('s', { relation: '配偶', birth_date: '1972-03-01' }), person('c', { birth_date: '2005-09-01' })];
    const options = assessFindings({ persons, findings: findings({ incomeAnnualPerCapitaFen: 200_000 }), county: '211221', month, ps, trace: false });
    expect(options.map((o) => o.kind)).toEqual(['dibao_household']);
    expect(options[0]).toMatchObject({ eligible: true, amountFen: 69_250 });
  });

  it('单人保 for a severely disabled member with partial labour capacity, on their own income; tekun assessed for a member who cannot work', () => {
    const persons = [person('h', { relation: '户主', birth_date: '1950-01-01' }), person('c', { birth_date: '1990-01-01', health: 'disabled', disability_grade: 1 })];
    const f = findings({
      incomeAnnualPerCapitaFen: 2_000_000,
      members: [
        { personKey: 'h', laborCapacity: 'none', disability: null, seriousIllness: false, supporter: 'able' },
        { personKey: 'c', laborCapacity: 'partial', disability: { kind: 'physical', grade: 1 }, seriousIllness: false, ownIncomeAnnualFen: 120_000 },
      ],
    });
    const options = assessFindings({ persons, findings: f, county: '211221', month, ps, trace: true });
    const byKind = Object.fromEntries(options.map((o) => [`${o.kind}:${o.personKey ?? ''}`, o]));
    expect(byKind['dibao_household:'].eligible).toBe(false);
    const single = byKind['dibao_individual:c'];
    expect(single.eligible).toBe(true);
    // The engine itself on the situation the assessment describes.
    const d = determine(
      {
        program: 'dibao',
        month,
        county: '211221',
        unit: 'individual',
        applicant: 1,
        household: {
          hukou: 'rural',
          registeredPoor: true,
          members: [
            { birthDate: '1950-01-01' as never, relation: 'head', seriousIllness: false, laborCapacity: 'none', status: 'resident', selfCareFailed: 0, supporter: 'able' },
            { birthDate: '1990-01-01' as never, relation: 'child', seriousIllness: false, laborCapacity: 'partial', disability: { kind: 'physical', grade: 1 }, status: 'resident', selfCareFailed: 0, supporter: 'able' },
          ],
          incomes: [{ kind: 'other', annual: 1200, member: 1 }],
          deductions: [],
          assets: { financial: 0, vehicles: 0 },
        },
      },
      ps,
    );
    expect(single.amountFen).toBe(d.amount.fen);
    // The elderly head with a supporter able to support is not tekun.
    expect(byKind['tekun:h'].eligible).toBe(false);
    expect(storedAssessment(month, options).options).toContainEqual({ kind: 'dibao_individual', personKey: 'c', eligible: true, amountFen: d.amount.fen });
  });

  it('cannot assess a household with a member whose birth date is unknown, and says so', () => {
    const options = assessFindings({ persons: [person('x', { birth_date: null })], findings: findings(), county: '211221', month, ps, trace: false });
    expect(options[0]).toMatchObject({ eligible: false, determination: null });
    expect(options[0].problem?.zh).toMatch(/出生日期/);
  });
});

describe('progress figures', () => {
  it('counts rows not concluded as overdue only once the deadline has passed', () => {
    const rows = [{ total: 3, done: 1 }, { total: 2, done: 2 }];
    expect(tallyOf(rows, false)).toEqual({ total: 5, done: 3, overdue: 0 });
    expect(tallyOf(rows, true)).toEqual({ total: 5, done: 3, overdue: 2 });
  });
});
