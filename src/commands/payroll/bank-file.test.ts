import fc from 'fast-check';
import { sealAccount } from '../../db/personal-data.ts';
import { newKeyRing } from '../../kernel/sealing.ts';
import { describe, expect, it } from 'vitest';
import type { BankLine } from '../../db/payroll-repo.ts';
import { textProblem } from '../../kernel/text.ts';
import { bankRow, escapeCell, totalRow, unescapeCell } from './bank-file.ts';

/** Formula injection (CSV/XLSX opened in a spreadsheet): the bank file's cells never start as a formula would. */
describe('bank file cells', () => {
  const dangerous = /^[=+\-@\t\r]/;

  it('escapes every cell a spreadsheet would evaluate, and nothing else', () => {
    for (const [raw, escaped] of [
      ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
      ['+1', `'+1`],
      ['-2+3', `'-2+3`],
      ['@SUM(A1)', `'@SUM(A1)`],
      ['\tx', `'\tx`],
      ['\rx', `'\rx`],
      ['张三', '张三'],
      ["'=already", "''=already"],
      ["O'Brien", "O'Brien"],
      ['', ''],
    ]) {
      expect(escapeCell(raw), JSON.stringify(raw)).toBe(escaped);
    }
  });

  it('for any text: the escaped cell is never formula-like, and reading it back gives the text', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "'=", "''").chain((c) => fc.string().map((s) => c + s)));
    fc.assert(
      fc.property(text, (s) => {
        const e = escapeCell(s);
        expect(dangerous.test(e)).toBe(false);
        expect(unescapeCell(e)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the control totals under 序号 and 金额(元), exactly', () => {
    expect(totalRow(3, 123_456)).toEqual(['合计', '3', '', '', '', '', '', '', '1234.56', '']);
  });
});

describe('bank file guard', () => {
  const keys = newKeyRing();
  const line = (name: string): BankLine => ({
    roll_id: 'r1', seq: 1, kind: 'regular', benefit_month: '2019-08', payee_name: name, bank_name: `农村信用社\u200B`,
    bank_account_sealed: sealAccount(keys, '6222000011112222').bank_account_sealed, person_count: 1, amount_fen: 39_750, term_status: 'active',
  }) as BankLine;

  it('never writes a bidi control, zero-width or control character or a lone surrogate, whatever was stored', () => {
    const row = bankRow(keys, line('张三\u202Ecba\u200D\uD800\u0007'));
    expect(row[4]).toBe('张三cba');
    expect(row[6]).toBe('6222000011112222');
    expect(row[5]).toBe('农村信用社');
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), (name) => {
        for (const cell of bankRow(keys, line(name))) expect(textProblem(cell)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('never writes a payment without a bank account (issue 11: such a payment is held, and never reaches the file)', () => {
    expect(() => bankRow(keys, { ...line('张三'), bank_account_sealed: null })).toThrow(/PAYROLL_ACCOUNT_MISSING/);
  });
});
