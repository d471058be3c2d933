import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, formatYuanGrouped, parseYuan } from '#kernel/money.ts';
import { chinaDateTime, chinaToday, paramValueText, textLines, yuanText, yuanTotal } from './format.ts';

/** Amounts as the registry stores them: up to 12 integer digits (YuanString), so sums stay exact in fen. */
const fenAmount = fc.integer({ min: 0, max: 10 ** 14 - 1 });
/** The spellings of one amount a yuan string may take: "1200", "1200.5", "1200.50". */
const spellings = (fen: number): string[] => {
  const exact = formatYuan(fen);
  return [exact, exact.replace(/\.?0+$/, '') || '0', exact.replace(/0$/, '')];
};

describe('yuanText: the API’s yuan strings for display', () => {
  it('groups thousands and always shows two decimals', () => {
    expect(yuanText('1234.5')).toBe('1,234.50');
    expect(yuanText('4770')).toBe('4,770.00');
    expect(yuanText('0.05')).toBe('0.05');
    expect(yuanText(' 397.5 ')).toBe('397.50');
    expect(yuanText('1234567.89')).toBe('1,234,567.89');
  });

  it('shows what is not an amount as it came, rather than a wrong number', () => {
    for (const odd of ['', '—', '1,200', '1.234', '1e3', 'abc']) expect(yuanText(odd)).toBe(odd);
  });

  it('property: every spelling of an amount shows as the same grouped text, which reads back to the same fen', () => {
    fc.assert(
      fc.property(fenAmount, (fen) => {
        for (const s of spellings(fen)) {
          const shown = yuanText(s);
          expect(shown).toBe(formatYuanGrouped(fen));
          expect(shown).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
          expect(parseYuan(shown.replaceAll(',', ''))).toBe(fen);
        }
      }),
    );
  });
});

describe('yuanTotal: a household’s total income or assets', () => {
  it('adds in fen, so 0.10 and 0.20 make 0.30 (not 0.30000000000000004)', () => {
    expect(yuanTotal(['0.10', '0.20'])).toBe('0.30');
    expect(yuanTotal(['4770', '1234.5', '0.01'])).toBe('6,004.51');
    expect(yuanTotal([])).toBe('0.00');
  });

  it('counts a malformed amount as nothing', () => {
    expect(yuanTotal(['100', 'abc', '1.234'])).toBe('100.00');
  });

  it('property: the total is the sum in fen, whatever the order and the spelling of each amount', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fenAmount, fc.nat(2)), { maxLength: 20 }), (items) => {
        const sum = items.reduce((s, [fen]) => s + fen, 0);
        const texts = items.map(([fen, k]) => spellings(fen)[k]);
        expect(yuanTotal(texts)).toBe(formatYuanGrouped(sum));
        expect(yuanTotal([...texts].reverse())).toBe(yuanTotal(texts));
      }),
    );
  });
});

describe('chinaDateTime: an instant on China’s clock, whatever the browser’s', () => {
  it('is eight hours ahead of UTC, across midnight and the year end', () => {
    expect(chinaDateTime('2019-09-30T15:59:00Z')).toBe('2019-09-30 23:59');
    expect(chinaDateTime('2019-09-30T16:00:00Z')).toBe('2019-10-01 00:00');
    expect(chinaDateTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
  });

  it('says "—" (or what it is told) for no instant, and shows text that is not one as it came', () => {
    expect(chinaDateTime(undefined)).toBe('—');
    expect(chinaDateTime('', '')).toBe('');
    expect(chinaDateTime(null)).toBe('—');
    expect(chinaDateTime('not a time')).toBe('not a time');
  });
});

describe('chinaToday', () => {
  it('is China’s calendar day as YYYY-MM-DD, whatever the browser’s time zone: a UTC evening is the next day', () => {
    expect(chinaToday(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(chinaToday(new Date('2026-12-03T15:59:59Z'))).toBe('2026-12-03');
    expect(chinaToday(new Date('2023-12-31T16:00:00Z'))).toBe('2024-01-01');
    expect(chinaToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('textLines: a list typed one item a line', () => {
  it('trims each line and drops the blank ones', () => {
    expect(textLines('  张三 \n\n李四\r\n   \n王五')).toEqual(['张三', '李四', '王五']);
    expect(textLines('')).toEqual([]);
    expect(textLines(undefined)).toEqual([]);
  });
});

describe('paramValueText', () => {
  it('shows numbers as given, lists joined with 、, and "—" for none', () => {
    expect(paramValueText(4770)).toBe('4770');
    expect(paramValueText(0.5)).toBe('0.5');
    expect(paramValueText(['visual', 'mental'])).toBe('visual、mental');
    expect(paramValueText(null)).toBe('—');
  });
});
