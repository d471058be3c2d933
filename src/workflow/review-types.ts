import type { Bilingual } from './case-types.ts';

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

export const REVIEW_STATE_LABELS: Record<ReviewState, Bilingual> = {
  opened: { zh: '已立案（待调查）', en: 'opened (to investigate)' },
  investigated: { zh: '已调查（待乡镇审核）', en: 'investigated (to township review)' },
  township_reviewed: { zh: '乡镇已审核（待县级决定）', en: 'township reviewed (to county decision)' },
  decided: { zh: '已决定', en: 'decided' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
};

export const REVIEW_STEP_LABELS: Record<ReviewStep, Bilingual> = {
  open: { zh: '复核立案', en: 'open a review' },
  investigate: { zh: '入户调查', en: 'investigate' },
  township_review: { zh: '乡镇审核', en: 'township review' },
  return_for_investigation: { zh: '退回重新调查', en: 'return for another investigation' },
  county_return: { zh: '县级退回重新调查', en: 'county returns it for another investigation' },
  decide: { zh: '县级决定', en: 'county decision' },
  cancel: { zh: '撤销复核', en: 'cancel the review' },
};

export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, Bilingual> = {
  keep: { zh: '维持', en: 'keep' },
  change: { zh: '调整金额', en: 'change the amount' },
  stop: { zh: '停发（退出）', en: 'stop (exit)' },
  gradual_exit: { zh: '渐退', en: 'gradual exit' },
};
