import { describe, expect, it } from 'vitest';
import { matchReplyHeaders, readReplyDate, readReplyResult } from './import-replies.ts';

describe('reading the poverty office’s reply', () => {
  it('takes 接收 / 不予接收 and their variants, nothing else', () => {
    expect(readReplyResult('接收')).toBe('accepted');
    expect(readReplyResult(' 同意 接收 ')).toBe('accepted');
    expect(readReplyResult('不予接收')).toBe('refused');
    expect(readReplyResult('拒绝')).toBe('refused');
    expect(readReplyResult('待定')).toBeNull();
    expect(readReplyResult('')).toBeNull();
  });
  it('finds the header row by its 接收情况 column, with the household or ID column', () => {
    expect(matchReplyHeaders(['低保特困户转介扶贫部门名单'])).toBeNull();
    const h = matchReplyHeaders(['户编号', '县（市、区）', '身份证号码', '接收情况', '原因']);
    expect(h && Object.fromEntries(h)).toEqual({ household: 0, idNumber: 2, result: 3, reason: 4 });
    const v = matchReplyHeaders(['户主身份证号', '是否接收', '不予接收原因', '回复日期']);
    expect(v && Object.fromEntries(v)).toEqual({ idNumber: 0, result: 1, reason: 2, replyOn: 3 });
  });
  it('reads a reply date in the usual ways and refuses the rest', () => {
    expect(readReplyDate('2026-06-14')).toBe('2026-06-14');
    expect(readReplyDate('2026/6/4')).toBe('2026-06-04');
    expect(readReplyDate('2026年6月4日')).toBe('2026-06-04');
    expect(readReplyDate('2026-02-30')).toBeNull();
    expect(readReplyDate('六月')).toBeNull();
  });
});
