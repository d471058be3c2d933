import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.ts';
import { cleanText, stripUnsafeText, TEXT_CODES, textProblem, textProblemMessage } from './text.ts';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'];
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\uFEFF', '\u2060'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const CONTROL = ['\u0000', '\t', '\n', '\r', '\u001B', '\u007F', '\u0085', '\u009F'];
const UNSAFE = [...BIDI, ...ZERO_WIDTH, ...LONE, ...CONTROL];

/** Any UTF-16 code units, lone surrogates included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
/** Text people type: Chinese, Latin with accents (both NFC and NFD), digits, spaces, CJK punctuation, emoji (paired surrogates). */
const typed = fc.string({
  unit: fc.constantFrom('张', '王', '李', '秀', '英', '·', 'a', 'Z', 'é', 'e\u0301', 'ü', '0', '9', ' ', '号', '（', '）', '-', '😀', '𠀀'),
  maxLength: 30,
});
const insert = (s: string, at: number, c: string) => s.slice(0, at) + c + s.slice(at);

describe('names and addresses (src/kernel/text.ts)', () => {
  it('finds each kind of unsafe character, and nothing in ordinary names and addresses', () => {
    for (const c of BIDI) expect(textProblem(`张三${c}`), c.codePointAt(0)?.toString(16)).toBe('bidi');
    for (const c of ZERO_WIDTH) expect(textProblem(`张${c}三`)).toBe('zero_width');
    for (const c of LONE) expect(textProblem(`${c}张三`)).toBe('surrogate');
    for (const c of CONTROL) expect(textProblem(`张三${c}`)).toBe('control');
    for (const s of ['张三', '欧阳·娜娜', 'José Müller', '铁岭县新台子镇懿路村三组 12 号', '𠀀字', '😀']) expect(textProblem(s), s).toBeNull();
  });

  it('property: an unsafe character anywhere in typed text is refused, with the field named in both languages', () => {
    fc.assert(
      fc.property(typed, fc.nat(), fc.constantFrom(...UNSAFE), (s, n, c) => {
        // A lone surrogate next to half of an emoji could pair up: insert at a code point boundary.
        const points = [...s];
        const at = points.slice(0, n % (points.length + 1)).join('').length;
        const bad = insert(s, at, c);
        const problem = textProblem(bad);
        expect(problem).not.toBeNull();
        try {
          cleanText(bad, 'members.0.name');
          expect.unreachable();
        } catch (e) {
          expect(isAppError(e) && e.code === TEXT_CODES[problem!] && e.field === 'members.0.name').toBe(true);
          if (isAppError(e)) expect(e.messages.zh).toMatch(/^姓名（members\.0\.name）含有/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('property: typed text is accepted and comes back in NFC, unchanged otherwise', () => {
    fc.assert(
      fc.property(typed, (s) => {
        expect(textProblem(s)).toBeNull();
        const clean = cleanText(s, 'address');
        expect(clean).toBe(s.normalize('NFC'));
        expect(cleanText(clean, 'address')).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: stripping leaves no unsafe character, is NFC, idempotent, and keeps safe text as it is (NFC)', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnits, typed), (s) => {
        const out = stripUnsafeText(s);
        expect(textProblem(out)).toBeNull();
        expect(out).toBe(out.normalize('NFC'));
        expect(stripUnsafeText(out)).toBe(out);
        if (textProblem(s) === null) expect(out).toBe(s.normalize('NFC'));
      }),
      { numRuns: 3000 },
    );
  });

  it('words each problem with the field', () => {
    expect(textProblemMessage('zero_width', 'address').en).toMatch(/^The address \(address\) holds an invisible zero-width/);
    expect(textProblemMessage('bidi', 'displayName').zh).toMatch(/^显示名（displayName）含有改变文字方向/);
  });
});
