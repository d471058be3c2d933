import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../kernel/money.ts';
import { AMOUNT_FORMAT, amountProblem, YuanAmount, YuanText } from './money.ts';
import { HouseholdCreate } from './registry.ts';

const household = (annualYuan: unknown, valueYuan: unknown = '0') => ({
  areaCode: '211221101200',
  address: '懿路村三组 12 号',
  hukouType: 'rural',
  members: [{ idNumber: '211221197003010011', name: '张三', relation: 'head', laborCapacity: 'full' }],
  incomes: [{ kind: 'wage', annualYuan }],
  assets: [{ kind: 'financial', valueYuan }],
});

describe('YuanAmount: one money field for every contract (issue 10, point 9)', () => {
  it('takes a number or decimal text to fen, and the registry keeps canonical text', () => {
    expect(YuanAmount.parse(4769.88)).toBe(476988);
    expect(YuanAmount.parse('4769.88')).toBe(476988);
    expect(YuanText.parse(' 397.5 ')).toBe('397.50');
    const r = HouseholdCreate.safeParse(household(6000, '1200.5'));
    expect(r.success && [r.data.incomes[0].annualYuan, r.data.assets[0].valueYuan]).toEqual(['6000.00', '1200.50']);
  });

  it('refuses on the field with AMOUNT_FORMAT and the kernel’s code and message', () => {
    for (const [input, code] of [['12.345', 'AMOUNT_DECIMALS'], ['1e3', 'AMOUNT_EXPONENT'], ['abc', 'AMOUNT_NOT_A_NUMBER'], [-100, 'AMOUNT_NEGATIVE'], [null, 'AMOUNT_NOT_A_NUMBER']] as const) {
      const r = HouseholdCreate.safeParse(household(input));
      expect(r.success).toBe(false);
      const issue = r.error?.issues[0];
      expect([input, issue?.path.join('.'), issue?.message]).toEqual([input, 'incomes.0.annualYuan', AMOUNT_FORMAT]);
      expect(issue && amountProblem(issue as never)?.code).toBe(code);
    }
  });

  it('property: every amount of fen passes through as itself, as a number or as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 14 - 1 }), (fen) => {
        expect(YuanAmount.parse(fen / 100)).toBe(fen);
        expect(YuanAmount.parse(formatYuan(fen))).toBe(fen);
        expect(YuanText.parse(fen / 100)).toBe(formatYuan(fen));
      }),
    );
  });
});
