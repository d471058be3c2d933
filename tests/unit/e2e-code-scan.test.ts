import { describe, expect, it } from 'vitest';
import { CODE_TOKEN } from '../e2e/harness.ts';

const tokens = (text: string) => [...text.matchAll(CODE_TOKEN)].map((m) => m[0]);

describe('the untranslated-code scan of the e2e tests', () => {
  it('finds snake_case values, dotted keys and ALL_CAPS codes', () => {
    expect(tokens('公示 no_objection')).toEqual(['no_objection']);
    expect(tokens('standard.annual = 4770')).toEqual(['standard.annual']);
    expect(tokens('INCOME_BELOW_STANDARD: 收入低于标准')).toEqual(['INCOME_BELOW_STANDARD']);
    expect(tokens('reviews.field.gradualMonths')).toEqual(['reviews.field.gradualMonths']);
  });

  it('leaves Chinese text, amounts, dates, ID masks and document numbers alone', () => {
    expect(tokens('月人均收入 166.67 元，低于标准 397.50 元；2019-07-01 起')).toEqual([]);
    expect(tokens('211221********0011 · 铁市民发〔2019〕45号 二(一)')).toEqual([]);
    expect(tokens('COVID 与 PDF、XLSX 文件')).toEqual([]);
  });
});
