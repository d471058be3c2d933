import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leastMeeting, meetsShare, SHARE_RULES, type ShareRule } from './share.ts';

/** The rules as exact rationals, the reference the integer comparison must agree with. */
const REFERENCE: Record<ShareRule, (part: number, whole: number) => boolean> = {
  at_least_half: (p, w) => p / w >= 1 / 2,
  more_than_half: (p, w) => p / w > 1 / 2,
  at_least_two_thirds: (p, w) => 3 * p >= 2 * w,
  more_than_two_thirds: (p, w) => 3 * p > 2 * w,
  at_least_four_fifths: (p, w) => 5 * p >= 4 * w,
};

describe('legal shares (民法典第一千二百五十九条: 以上 includes the figure, 过半数/超过 does not)', () => {
  it('exactly at the boundaries', () => {
    expect(meetsShare('at_least_half', 5, 10)).toBe(true);
    expect(meetsShare('more_than_half', 5, 10)).toBe(false);
    expect(meetsShare('more_than_half', 6, 10)).toBe(true);
    expect(meetsShare('more_than_half', 3, 5)).toBe(true);
    expect(meetsShare('more_than_half', 2, 5)).toBe(false);
    expect(meetsShare('at_least_two_thirds', 2, 3)).toBe(true);
    expect(meetsShare('at_least_two_thirds', 20, 30)).toBe(true);
    expect(meetsShare('at_least_two_thirds', 19, 30)).toBe(false);
    expect(meetsShare('more_than_two_thirds', 20, 30)).toBe(false);
    expect(meetsShare('at_least_four_fifths', 4, 5)).toBe(true);
    expect(meetsShare('at_least_four_fifths', 7, 9)).toBe(false);
  });

  it('never for an empty whole or a negative part', () => {
    for (const r of SHARE_RULES) {
      expect(meetsShare(r, 0, 0)).toBe(false);
      expect(meetsShare(r, -1, 3)).toBe(false);
    }
  });

  it('agrees with the exact fraction for every part and whole', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHARE_RULES), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (rule, whole, p) => {
        const part = p % (whole + 1);
        expect(meetsShare(rule, part, whole)).toBe(REFERENCE[rule](part, whole));
      }),
    );
  });

  it('leastMeeting is the smallest part that meets the rule, and is monotone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHARE_RULES), fc.integer({ min: 1, max: 100_000 }), (rule, whole) => {
        const n = leastMeeting(rule, whole);
        expect(meetsShare(rule, n, whole)).toBe(true);
        if (n > 0) expect(meetsShare(rule, n - 1, whole)).toBe(false);
        expect(meetsShare(rule, Math.min(whole, n + 1), whole)).toBe(n + 1 <= whole ? true : meetsShare(rule, whole, whole));
      }),
    );
  });
});
