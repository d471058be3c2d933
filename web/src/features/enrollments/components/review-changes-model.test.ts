import { describe, expect, it } from 'vitest';
import { ReviewRegistryChanges } from '#contracts/enrollments.ts';
import type { HouseholdDetail } from '#contracts/registry.ts';
import registryZh from '../../registry/locales/zh-cn.ts';
import enrollmentsZh from '../locales/zh-cn.ts';
import { changeLine, initialChangeValues, refusalSubject, registryChangesBody } from './review-changes-model.ts';

const person = (id: string, name: string, relation: 'head' | 'spouse' | 'child', over: Record<string, unknown> = {}) => ({
  id,
  householdId: 'h1',
  countyCode: '211221',
  idNumber: '2112**********0011',
  name,
  sex: 'M' as const,
  birthDate: '1970-05-01',
  relation,
  hukouType: 'rural' as const,
  disabilityKind: null,
  disabilityGrade: null,
  seriousIllness: false,
  laborCapacity: 'full' as const,
  selfCareFailed: [],
  supporterStatus: 'none' as const,
  inSchool: false,
  version: 3,
  ...over,
});
const H = {
  id: 'h1',
  countyCode: '211221',
  version: 7,
  members: [person('p1', '张一', 'head'), person('p2', '李二', 'spouse'), person('p3', '张三', 'child')],
  incomes: [
    { id: 'i1', kind: 'wage', annualYuan: '6000.00', personId: 'p2', note: null },
    { id: 'i2', kind: 'pension', annualYuan: '1200.00', personId: 'p3', note: null },
  ],
} as unknown as HouseholdDetail;

/** A tiny `t` over the real Chinese messages (nested keys, {{name}} placeholders). */
const messages = { ...registryZh, ...enrollmentsZh } as Record<string, unknown>;
const t = (key: string, o: Record<string, unknown> = {}) => {
  const text = key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown>)?.[k], messages);
  if (typeof text !== 'string') throw new Error(`no message ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(o[k]));
};

describe('the changes an investigation records', () => {
  it('sends nothing when the form is as the registry holds the household', () => {
    expect(registryChangesBody(H, initialChangeValues(H))).toBeUndefined();
    // An amount typed differently but equal is no change.
    const v = initialChangeValues(H);
    v.incomes[0].annualYuan = '6000';
    expect(registryChangesBody(H, v)).toBeUndefined();
  });

  it('sends a changed income as the whole new list, with the household version, in the server’s shape', () => {
    const v = initialChangeValues(H);
    v.incomes[0].annualYuan = '9000';
    const body = registryChangesBody(H, v);
    expect(body).toEqual({
      householdVersion: 7,
      updated: [],
      left: [],
      added: [],
      incomes: [
        { kind: 'wage', annualYuan: '9000', personId: 'p2' },
        { kind: 'pension', annualYuan: '1200.00', personId: 'p3' },
      ],
    });
    expect(ReviewRegistryChanges.safeParse(body).success).toBe(true);
  });

  it('sends changed circumstances as the whole member, a leaver without their incomes, a newcomer with the reason', () => {
    const v = initialChangeValues(H);
    v.members[0].laborCapacity = 'none';
    v.members[2] = { ...v.members[2], leave: true, leaveReason: 'moved', leftOn: '2019-08-25' };
    v.added = [{ idNumber: ' 211221201908011234 ', name: '新生儿', relation: 'child', laborCapacity: 'none', reason: 'birth' }];
    const body = registryChangesBody(H, v);
    expect(body?.updated).toEqual([expect.objectContaining({ id: 'p1', version: 3, name: '张一', relation: 'head', laborCapacity: 'none', seriousIllness: false })]);
    expect(body?.updated?.[0]).not.toHaveProperty('idNumber');
    expect(body?.left).toEqual([{ id: 'p3', version: 3, reason: 'moved', leftOn: '2019-08-25' }]);
    expect(body?.added).toEqual([{ idNumber: '211221201908011234', name: '新生儿', relation: 'child', laborCapacity: 'none', reason: 'birth' }]);
    // The leaver's pension leaves with them: the incomes are otherwise unchanged, so they are not sent.
    expect(body).not.toHaveProperty('incomes');
    expect(ReviewRegistryChanges.safeParse(body).success).toBe(true);
  });

  it('says each change in Chinese, before → after, without codes', () => {
    const lines = [
      changeLine({ type: 'income', incomeKind: 'wage', personName: '李二', beforeYuan: '6000.00', afterYuan: '9000.00' }, t),
      changeLine({ type: 'income', incomeKind: 'pension', personName: null, beforeYuan: '1200.00', afterYuan: null }, t),
      changeLine({ type: 'member_added', name: '新生儿', relation: 'child', reason: 'birth' }, t),
      changeLine({ type: 'member_left', name: '张三', relation: 'child', reason: 'moved', leftOn: '2019-08-25' }, t),
      changeLine({ type: 'member_changed', name: '张一', field: 'laborCapacity', before: 'full', after: 'none' }, t),
      changeLine({ type: 'member_changed', name: '张一', field: 'disability', before: 'none', after: 'physical:2' }, t),
      changeLine({ type: 'member_changed', name: '张一', field: 'seriousIllness', before: 'no', after: 'yes' }, t),
    ];
    expect(lines).toEqual([
      '工资性收入（李二）年收入：6000.00 元 → 9000.00 元',
      '养老金（全户）年收入：1200.00 元 → 无',
      '增加成员：新生儿（子女，出生）',
      '减少成员：张三（子女，迁出，2019-08-25）',
      '张一的劳动能力：有劳动能力 → 无劳动能力',
      '张一的残疾情况：无 → 肢体残疾二级',
      '张一的重病：否 → 是',
    ]);
    for (const l of lines) expect(l).not.toMatch(/[a-z_]{3,}/);
  });

  it('names the member or the income a refusal concerns', () => {
    const v = initialChangeValues(H);
    v.members[0].disabilityGrade = 2;
    v.members[2] = { ...v.members[2], leave: true, leaveReason: 'death', leftOn: '2019-08-01' };
    v.incomes[0].annualYuan = '1';
    const body = registryChangesBody(H, v);
    expect(refusalSubject('registry.updated.0.disabilityKind', body, H, t)).toBe('张一');
    expect(refusalSubject('registry.left.0.leftOn', body, H, t)).toBe('张三');
    expect(refusalSubject('registry.incomes.0.personIndex', body, H, t)).toBe('第 1 项收入');
    expect(refusalSubject('registry.householdVersion', body, H, t)).toBeNull();
    expect(refusalSubject('findings', body, H, t)).toBeNull();
  });
});
