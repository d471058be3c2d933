import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HouseholdCreate } from './registry.ts';
import { safeText } from './text.ts';

const UNSAFE = ['\u202E', '\u2066', '\u200F', '\u200B', '\uFEFF', '\u2060', '\uD800', '\uDC00', '\n', '\u0000'];
const typed = fc.string({ unit: fc.constantFrom('张', '王', '秀', 'a', 'é', 'e\u0301', ' ', '号', '😀'), maxLength: 30 });

describe('safeText: names and addresses in the contracts', () => {
  it('refuses with the code of the problem and keeps its length bounds', () => {
    const r = safeText(50).safeParse('张三\u202Eabc');
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toBe('TEXT_BIDI_CONTROL');
    expect(safeText(50).safeParse('   ').success).toBe(false);
    expect(safeText(50, 0).safeParse('').success).toBe(true);
    // NFC first: three decomposed é are three characters.
    expect(safeText(3).safeParse('e\u0301e\u0301e\u0301').success).toBe(true);
  });

  it('property: typed text passes as NFC; any unsafe character inside it is refused', () => {
    fc.assert(
      fc.property(typed, fc.nat(), fc.constantFrom(...UNSAFE), (s, n, c) => {
        const ok = safeText(200).safeParse(`甲${s}乙`);
        expect(ok.success && ok.data).toBe(`甲${s}乙`.normalize('NFC'));
        const points = [...s];
        const at = points.slice(0, n % (points.length + 1)).join('').length;
        expect(safeText(200).safeParse(`甲${s.slice(0, at)}${c}${s.slice(at)}乙`).success).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a household: the head’s name and the address are checked, on the field at fault', () => {
    const base = {
      areaCode: '211221101200', address: '懿路村三组 12 号', hukouType: 'rural',
      members: [{ idNumber: '211221197003010011', name: '张三', relation: 'head', laborCapacity: 'full' }],
    };
    expect(HouseholdCreate.safeParse(base).success).toBe(true);
    const badName = HouseholdCreate.safeParse({ ...base, members: [{ ...base.members[0], name: '张\u200B三' }] });
    expect(badName.success).toBe(false);
    if (!badName.success) expect([badName.error.issues[0].path.join('.'), badName.error.issues[0].message]).toEqual(['members.0.name', 'TEXT_ZERO_WIDTH']);
    const badAddress = HouseholdCreate.safeParse({ ...base, address: '懿路村\u202E号21' });
    expect(badAddress.success).toBe(false);
    if (!badAddress.success) expect(badAddress.error.issues[0].path).toEqual(['address']);
  });
});
