import { describe, expect, it } from 'vitest';
import { countyShortName, formatDocumentNumber, KIND_WORD, NUMBERED_KINDS, numberPrefix, parseDocumentNumber } from './document-number.ts';

describe('document numbers (文号)', () => {
  it('shortens a county name to its first character and level', () => {
    expect(countyShortName('铁岭县')).toBe('铁县');
    expect(countyShortName('银州区')).toBe('银区');
    expect(countyShortName('调兵山市')).toBe('调市');
    expect(countyShortName('某地')).toBe('某');
    expect(countyShortName('211223')).toBe('211223');
  });

  it('prints the official form: prefix, year in 〔〕, sequence, 号', () => {
    expect(formatDocumentNumber(numberPrefix('铁岭县', 'approval'), 2019, 15)).toBe('铁县民批〔2019〕15号');
    expect(formatDocumentNumber(numberPrefix('铁岭县', 'termination'), 2026, 1)).toBe('铁县民终〔2026〕1号');
    expect(() => formatDocumentNumber('铁县民批', 2019, 0)).toThrow(RangeError);
    expect(() => formatDocumentNumber('铁县民批', 19, 3)).toThrow(RangeError);
  });

  it('reads a number back, and refuses the old UUID form', () => {
    expect(parseDocumentNumber('铁县民驳〔2019〕7号')).toEqual({ prefix: '铁县民驳', year: 2019, seq: 7 });
    expect(parseDocumentNumber('不予〔211221〕ABCD1234号')).toBeNull();
  });

  it('gives every kind its own word, so two kinds never share a register', () => {
    const words = NUMBERED_KINDS.map((k) => KIND_WORD[k]);
    expect(new Set(words).size).toBe(NUMBERED_KINDS.length);
  });
});
