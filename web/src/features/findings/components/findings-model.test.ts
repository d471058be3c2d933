import { describe, expect, it } from 'vitest';
import { factRows, runPercent, yuan } from './findings-model.ts';

describe('findings view model', () => {
  it('shows a run’s progress in whole percent, 0 without a total, never above 100', () => {
    expect(runPercent({ done: 0, total: 0 })).toBe(0);
    expect(runPercent({ done: 7, total: 22 })).toBe(31);
    expect(runPercent({ done: 30, total: 22 })).toBe(100);
  });

  it('shows fen as yuan', () => {
    expect(yuan(123_456)).toBe('1,234.56');
    expect(yuan(-5)).toBe('-0.05');
  });

  it('lists the facts the locale names, amounts as yuan, booleans and nulls in words', () => {
    const labels: Record<string, string> = { months: '月数', paidFen: '金额（元）', eligible: '符合条件', computedFen: '测算金额（元）', missing: '缺少参数' };
    const rows = factRows({ months: 3, paidFen: 150_000, secret: 'x', eligible: false, computedFen: null, missing: [] }, (k) => labels[k] ?? null, (v) => (v ? '是' : '否'));
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ['months', '3'],
      ['paidFen', '1,500.00'],
      ['eligible', '否'],
      ['computedFen', '—'],
      ['missing', '—'],
    ]);
  });
});
