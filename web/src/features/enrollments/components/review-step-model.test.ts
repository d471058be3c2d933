import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ReviewDecision, ReviewInvestigation, ReviewOpinion, ReviewReasons } from '#contracts/enrollments.ts';
import { REVIEW_STEP_PATHS } from '../api/reviews.ts';
import { initialReviewValues, type ReviewStep, reviewStepBody } from './review-step-model.ts';

const TODAY = '2019-09-03';

/** The schema the server checks each review step's body with (src/api/routes/enrollments.ts). */
const SCHEMA: Record<ReviewStep, z.ZodType> = {
  investigate: ReviewInvestigation,
  township_review: ReviewOpinion,
  return_for_investigation: ReviewReasons,
  county_return: ReviewReasons,
  decide: ReviewDecision,
  cancel: ReviewReasons,
};

const TYPED: Record<ReviewStep, Record<string, unknown>> = {
  investigate: { investigators: ' 张三\n\n李四 ', findings: '收入无变化' },
  township_review: { opinion: '同意维持' },
  return_for_investigation: { reasons: '未入户' },
  county_return: { reasons: '材料不全' },
  decide: { reasons: '收入无变化' },
  cancel: { reasons: '重复立案' },
};

const bodyFor = (step: ReviewStep, extra: Record<string, unknown> = {}) => reviewStepBody(step, { ...initialReviewValues(TODAY), ...TYPED[step], ...extra }, 7);

describe('a review step form → its request body', () => {
  it.each(Object.keys(REVIEW_STEP_PATHS) as ReviewStep[])('%s: a filled form is a body the server accepts', (step) => {
    const r = SCHEMA[step].safeParse(bodyFor(step));
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });

  it('an investigation lists the investigators typed one a line, visited today unless the date is cleared', () => {
    expect(bodyFor('investigate')).toEqual({ version: 7, investigators: ['张三', '李四'], investigatedOn: TODAY, homeVisitOn: TODAY, findings: '收入无变化' });
    expect(bodyFor('investigate', { homeVisitOn: '' }).homeVisitOn).toBeNull();
  });

  it('a decision keeps the benefit unless told otherwise; only a gradual exit carries its months', () => {
    expect(bodyFor('decide')).toEqual({ version: 7, outcome: 'keep', reasons: ['收入无变化'] });
    expect(bodyFor('decide', { outcome: 'stop', gradualExitMonths: 6 })).not.toHaveProperty('gradualExitMonths');
    expect(bodyFor('decide', { outcome: 'gradual_exit', gradualExitMonths: 6 })).toMatchObject({ outcome: 'gradual_exit', gradualExitMonths: 6 });
  });

  it('returning or cancelling sends the reasons only', () => {
    expect(bodyFor('cancel', { reasons: '重复立案\n\n家庭已迁出' })).toEqual({ version: 7, reasons: ['重复立案', '家庭已迁出'] });
  });
});
