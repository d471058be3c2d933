import { describe, expect, it } from 'vitest';
import { concludeBody, fillBody, laborOf, memberInitial, opensCase, splitStaff } from './row-form-model.ts';

const member = (o: Record<string, unknown> = {}) => ({
  personKey: 'k1',
  name: '张三',
  relation: '之子',
  birthDate: '2001-05-06',
  health: 'disabled' as const,
  disabilityGrade: 1,
  laborCapacity: '丧失部分劳动能力',
  matched: true,
  ...o,
});

describe('the ledger row form', () => {
  it('starts a member from the office’s record, or from what was saved', () => {
    expect(memberInitial({ findings: null }, member())).toEqual({ personKey: 'k1', laborCapacity: 'partial', grade: 1, kind: 'multiple', seriousIllness: false, ownIncome: '' });
    expect(memberInitial({ findings: null }, member({ health: 'serious', disabilityGrade: null, laborCapacity: '无劳动力' }))).toMatchObject({ laborCapacity: 'none', grade: 0, seriousIllness: true });
    const saved = {
      findings: {
        incomeAnnualPerCapitaYuan: '1.00',
        financialAssetsYuan: '0.00',
        vehicles: 0,
        note: '',
        members: [{ personKey: 'k1', laborCapacity: 'none' as const, disability: { kind: 'mental' as const, grade: 2 }, seriousIllness: false, ownIncomeAnnual: '1200.00' }],
      },
    };
    expect(memberInitial(saved, member())).toEqual({ personKey: 'k1', laborCapacity: 'none', grade: 2, kind: 'mental', seriousIllness: false, ownIncome: '1200.00' });
    expect(laborOf('普通劳动力')).toBe('full');
  });

  it('sends methods with their staff split, and findings only once an income is typed', () => {
    expect(splitStaff(' 王经办、李协理,赵 ')).toEqual(['王经办', '李协理', '赵']);
    const none = fillBody(3, { methods: [{ method: 'home_visit', date: '2026-06-01', staff: '王经办、李协理' }], income: ' ' });
    expect(none).toEqual({ version: 3, methods: [{ method: 'home_visit', date: '2026-06-01', staff: ['王经办', '李协理'] }], findings: null });
    const some = fillBody(3, { income: '12000', members: [{ personKey: 'k1', laborCapacity: 'partial', grade: 1, kind: 'multiple', seriousIllness: false, ownIncome: '' }] });
    expect(some.findings).toEqual({ incomeAnnualPerCapita: '12000', financialAssets: '0', vehicles: 0, note: '', members: [{ personKey: 'k1', laborCapacity: 'partial', disability: { kind: 'multiple', grade: 1 }, seriousIllness: false }] });
  });

  it('sends only what the conclusion takes', () => {
    expect(opensCase('single_person')).toBe(true);
    expect(opensCase('referred')).toBe(false);
    expect(concludeBody(2, { conclusion: 'single_person', personKey: 'k1', signed: true, auth: true, reason: 'x' })).toEqual({
      version: 2,
      conclusion: 'single_person',
      personKey: 'k1',
      declaration: { signed: true, dataCheckAuthorised: true, staffRelative: false },
    });
    expect(concludeBody(2, { conclusion: 'eligible', personKey: 'k1' })).toMatchObject({ kind: 'dibao_household' });
    expect(concludeBody(2, { conclusion: 'eligible', personKey: 'k1' })).not.toHaveProperty('personKey');
    expect(concludeBody(2, { conclusion: 'referred', referrals: ['medical_aid'], reason: '因病' })).toEqual({ version: 2, conclusion: 'referred', referrals: ['medical_aid'], reason: '因病' });
    expect(concludeBody(2, { conclusion: 'covered', reason: 'x' })).toEqual({ version: 2, conclusion: 'covered' });
  });
});
