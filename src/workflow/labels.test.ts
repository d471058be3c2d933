import { describe, expect, it } from 'vitest';
import { CASE_STATES, STATE_LABELS, STEP_LABELS, STEPS } from './case-types.ts';
import { LABEL_KEYS } from './labels.ts';
import { REVIEW_OUTCOME_LABELS, REVIEW_OUTCOMES, REVIEW_STATE_LABELS, REVIEW_STATES, REVIEW_STEP_LABELS, REVIEW_STEPS } from './review-types.ts';

describe('workflow labels', () => {
  it('label every value of every list, in Chinese and English, and nothing else', () => {
    const lists: [string, readonly string[], Readonly<Record<string, { zh: string; en: string }>>][] = [
      ['case.state', CASE_STATES, STATE_LABELS],
      ['case.step', STEPS, STEP_LABELS],
      ['review.state', REVIEW_STATES, REVIEW_STATE_LABELS],
      ['review.step', REVIEW_STEPS, REVIEW_STEP_LABELS],
      ['review.outcome', REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS],
    ];
    const used = lists.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`));
    expect([...LABEL_KEYS].sort()).toEqual([...used].sort());
    for (const [, values, labels] of lists) {
      expect(Object.keys(labels)).toEqual([...values]);
      for (const v of values) expect(labels[v].zh.length * labels[v].en.length).toBeGreaterThan(0);
    }
    expect(STATE_LABELS.applied).toEqual({ zh: '已申请', en: 'applied' });
    expect(REVIEW_STEP_LABELS.township_review).toEqual(STEP_LABELS.township_review);
  });
});
