import type { Bilingual } from './case-types.ts';
import { labelsOf } from './labels.ts';

/**
 * 复核 The review case of an enrollment (动态管理, POLICY.md §6): opened on schedule or when the household reports a
 * change, investigated by the township, reviewed by the township, decided by the county. The decision keeps,
 * changes or stops the benefit, or grants a gradual exit (渐退), from the next month.
 */
export const REVIEW_STATES = [
  'opened', // 已立案, waiting for the investigation (入户调查、信息核对)
  'investigated', // waiting for the township review (乡镇审核)
  'township_reviewed', // waiting for the county decision (县级审批)
  'decided',
  'cancelled',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_NEW = 'new' as const;
export type ReviewFromState = ReviewState | typeof REVIEW_NEW;

export const REVIEW_FINAL: ReadonlySet<ReviewState> = new Set(['decided', 'cancelled']);

export const REVIEW_STEPS = [
  'open', // 立案: on schedule, or a change the household reported (家庭变化申报)
  'investigate', // 入户调查 record
  'township_review', // 乡镇审核 agrees and sends the review to the county
  'return_for_investigation', // 乡镇审核 sends it back
  'county_return', // 县级 sends it back for another investigation
  'decide', // 县级决定: keep, change, stop or gradual exit
  'cancel', // 撤销: the enrollment ended another way
] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

export const REVIEW_TRIGGERS = ['scheduled', 'reported_change'] as const;
export type ReviewTrigger = (typeof REVIEW_TRIGGERS)[number];

/** What a county decision does to the benefit, from the next month. */
export const REVIEW_OUTCOMES = ['keep', 'change', 'stop', 'gradual_exit'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState, Bilingual>> = labelsOf('review.state', REVIEW_STATES);
export const REVIEW_STEP_LABELS: Readonly<Record<ReviewStep, Bilingual>> = labelsOf('review.step', REVIEW_STEPS);
export const REVIEW_OUTCOME_LABELS: Readonly<Record<ReviewOutcome, Bilingual>> = labelsOf('review.outcome', REVIEW_OUTCOMES);
