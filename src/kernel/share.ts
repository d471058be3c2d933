/**
 * 法定比例 The shares a statute or a party regulation requires of a meeting — "过半数", "半数以上", "三分之二以上",
 * "五分之四以上" — as codes with exact integer comparisons (no decimals: 2/3 is not 0.666667). Chinese law reads "以上"
 * as including the figure itself and "超过"/"过半数" as strictly more (《中华人民共和国民法典》第一千二百五十九条). Used by the workflow to check quorums and votes and by the web app to show the
 * result while the user types.
 */
export const SHARE_RULES = ['at_least_half', 'more_than_half', 'at_least_two_thirds', 'more_than_two_thirds', 'at_least_four_fifths'] as const;
export type ShareRule = (typeof SHARE_RULES)[number];

const FRACTIONS: Readonly<Record<ShareRule, { num: number; den: number; strict: boolean }>> = {
  at_least_half: { num: 1, den: 2, strict: false },
  more_than_half: { num: 1, den: 2, strict: true },
  at_least_two_thirds: { num: 2, den: 3, strict: false },
  more_than_two_thirds: { num: 2, den: 3, strict: true },
  at_least_four_fifths: { num: 4, den: 5, strict: false },
};

export const SHARE_LABELS: Readonly<Record<ShareRule, { zh: string; en: string }>> = {
  at_least_half: { zh: '半数以上', en: 'at least half' },
  more_than_half: { zh: '过半数', en: 'more than half' },
  at_least_two_thirds: { zh: '三分之二以上', en: 'at least two thirds' },
  more_than_two_thirds: { zh: '超过三分之二', en: 'more than two thirds' },
  at_least_four_fifths: { zh: '五分之四以上', en: 'at least four fifths' },
};

export function isShareRule(code: string): code is ShareRule {
  return (SHARE_RULES as readonly string[]).includes(code);
}

/** Whether `part` of `whole` meets the rule (`den × part` against `num × whole`, in integers). A whole of 0 never does. */
export function meetsShare(rule: ShareRule, part: number, whole: number): boolean {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || whole <= 0 || part < 0) return false;
  const f = FRACTIONS[rule];
  const lhs = f.den * part;
  const rhs = f.num * whole;
  return f.strict ? lhs > rhs : lhs >= rhs;
}

/** The least whole number of `whole` that meets the rule (what the form shows as "at least N"). */
export function leastMeeting(rule: ShareRule, whole: number): number {
  const f = FRACTIONS[rule];
  const exact = Math.ceil((f.num * whole) / f.den);
  return f.strict && exact * f.den === f.num * whole ? exact + 1 : exact;
}
