import type { REVIEW_STEP_VALUES } from '#contracts/enrollments.ts';
import { chinaToday, textLines } from '../../../lib/format.ts';

/** A step taken on an open review (`open` itself is the review desk's, review-desk-model.ts). */
export type ReviewStep = Exclude<(typeof REVIEW_STEP_VALUES)[number], 'open'>;
type Values = Record<string, any>;

/** The review step form's start: keep the benefit, investigated and visited today. */
export function initialReviewValues(today: string = chinaToday()): Values {
  return { outcome: 'keep', investigatedOn: today, homeVisitOn: today };
}

/**
 * The request body of a review step from the form's values: names and reasons typed one a line become lists, an
 * empty home-visit date is none, and only a gradual exit carries its months.
 */
export function reviewStepBody(step: ReviewStep, v: Values, version: number): { version: number } & Record<string, unknown> {
  switch (step) {
    case 'investigate':
      return { version, investigators: textLines(v.investigators), investigatedOn: v.investigatedOn, homeVisitOn: v.homeVisitOn || null, findings: v.findings };
    case 'township_review':
      return { version, opinion: v.opinion };
    case 'decide':
      return { version, outcome: v.outcome, reasons: textLines(v.reasons), ...(v.outcome === 'gradual_exit' ? { gradualExitMonths: v.gradualExitMonths } : {}) };
    default:
      return { version, reasons: textLines(v.reasons) };
  }
}
