import { describe, expect, it } from 'vitest';
import { gradualMonthsOf, noticeKindOf } from '../enrollments/enrollment-context.ts';
import { buildFamilyNotice, type FamilyNoticeFacts } from './family-notices.ts';
import { textsOf } from './print-doc.ts';

const base: FamilyNoticeFacts = {
  id: 'n1',
  kind: 'change',
  number: '铁县民变〔2019〕3号',
  issuedOn: '2019-09-05',
  content: { action: 'reduce', program: 'dibao', month: '2019-10', endMonth: null, gradualMonths: 0, reasons: ['家庭收入增加'], beforeFen: 69250, afterFen: 35000, statusBefore: 'active' },
  unit: 'household',
  recipient: '王大山',
  areaName: '阿吉堡子村民委员会',
  county: '铁岭县',
  complaintPhone: '024-12345678',
};
const text = (f: FamilyNoticeFacts) => textsOf(buildFamilyNotice(f)).join('\n');

describe('family notices (终止 / 暂停 / 变更救助通知书)', () => {
  it('a change states the amounts before and after, the month, the reasons, the remedies, the bureau and the phone', () => {
    const t = text(base);
    for (const w of ['变更救助通知书', '铁县民变〔2019〕3号', '王大山：', '自2019年10月起将您（家庭）的最低生活保障月保障金额由 692.50 元 调整为 350.00 元', '家庭收入增加', '减发', '铁岭县民政局（盖章）', '监督投诉电话：024-12345678', '《中华人民共和国行政复议法》第九条第一款', '第四十六条第一款']) {
      expect(t).toContain(w);
    }
  });

  it('a gradual exit names its months and the month support ends; the review-law clause follows the issuing day', () => {
    const t = text({
      ...base,
      kind: 'termination',
      issuedOn: '2024-03-04',
      content: { ...base.content, action: 'review_gradual_exit', month: '2024-04', endMonth: '2024-10', gradualMonths: 6, afterFen: 69250, reasons: ['GRADUAL_EXIT: 家庭人均收入高于当地低保标准'] },
    });
    expect(t).toContain('给予6个月渐退期（2024年4月至2024年9月，月发放 692.50 元），自2024年10月起终止最低生活保障');
    expect(t).toContain('家庭人均收入高于当地低保标准');
    expect(t).not.toContain('GRADUAL_EXIT');
    expect(t).toContain('《中华人民共和国行政复议法》第二十条第一款');
  });

  it('which change sends which notice; a kept benefit sends none', () => {
    const before = { status: 'active' as const, monthly_amount_fen: 69250 };
    const plan = (terms: { fromMonth: string; status: string; amountFen: number }[], endMonth: string | null = null) =>
      ({ ok: true, terms: terms.map((x) => ({ ...x, basis: 'x' })), status: 'active', endMonth }) as never;
    expect(noticeKindOf(plan([]), before)).toBeNull();
    expect(noticeKindOf(plan([{ fromMonth: '2019-10', status: 'active', amountFen: 69250 }]), before)).toBeNull();
    expect(noticeKindOf(plan([{ fromMonth: '2019-10', status: 'active', amountFen: 50000 }]), before)).toBe('change');
    expect(noticeKindOf(plan([{ fromMonth: '2019-10', status: 'active', amountFen: 69250 }]), { ...before, status: 'suspended' })).toBe('change');
    expect(noticeKindOf(plan([{ fromMonth: '2019-10', status: 'suspended', amountFen: 0 }]), before)).toBe('suspension');
    const gradual = plan([{ fromMonth: '2019-10', status: 'gradual_exit', amountFen: 69250 }, { fromMonth: '2020-04', status: 'ended', amountFen: 0 }], '2020-04');
    expect(noticeKindOf(gradual, before)).toBe('termination');
    expect(gradualMonthsOf(gradual)).toBe(6);
  });
});
