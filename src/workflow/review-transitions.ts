import type { Permission, Role } from '../contracts/roles.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import type { WorkingCalendar } from '../kernel/working-days.ts';
import { byEffectiveDate } from '../rules/common/by-effective-date.ts';
import { CITE } from '../rules/common/citations.ts';
import { type Refusal, refusal } from './refusals.ts';
import {
  REVIEW_FINAL,
  REVIEW_NEW,
  REVIEW_STATE_LABELS,
  REVIEW_STEP_LABELS,
  type ReviewFromState,
  type ReviewState,
  type ReviewStep,
} from './review-types.ts';

/** What a review guard may look at: who acts, and who reviewed the case at the township. Never the database or clock. */
export interface ReviewFacts {
  actor: { userId: string; role: Role };
  /** Users who recorded the township review: none of them may decide the review at the county. */
  townshipReviewers: readonly string[];
}

export interface ReviewStepDef {
  from: readonly ReviewFromState[];
  to: ReviewState;
  roles: readonly Role[];
  permission: Permission;
  guard?: (f: ReviewFacts) => Refusal | null;
}

/** 乡镇审核、县区审批主体责任: the person who reviewed at the township may not decide at the county. */
function notTheReviewer(f: ReviewFacts): Refusal | null {
  if (!f.townshipReviewers.includes(f.actor.userId)) return null;
  return refusal('role', 'SAME_USER_REVIEW_APPROVE', '同一人不得对同一案件既审核又审批', 'The same person may not both review (township) and approve (county) one case');
}

const OPEN: readonly ReviewState[] = ['opened', 'investigated', 'township_reviewed'];

/**
 * The review procedure as one table (nat-2012 动态管理: the review follows the steps of the application — township
 * investigation and review, county decision). Exhaustive over the step union: a missing step fails to compile.
 */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStep, ReviewStepDef>> = {
  open: { from: [REVIEW_NEW], to: 'opened', roles: ['village_assistant', 'township_caseworker'], permission: 'cases.apply' },
  investigate: { from: ['opened'], to: 'investigated', roles: ['township_caseworker'], permission: 'cases.investigate' },
  township_review: { from: ['investigated'], to: 'township_reviewed', roles: ['township_reviewer'], permission: 'cases.review' },
  return_for_investigation: { from: ['investigated'], to: 'opened', roles: ['township_reviewer'], permission: 'cases.review' },
  county_return: { from: ['township_reviewed'], to: 'opened', roles: ['county_approver'], permission: 'cases.approve', guard: notTheReviewer },
  decide: { from: ['township_reviewed'], to: 'decided', roles: ['county_approver'], permission: 'cases.approve', guard: notTheReviewer },
  cancel: { from: OPEN, to: 'cancelled', roles: ['county_approver'], permission: 'cases.approve' },
};

export type ReviewStepCheck = { ok: true; to: ReviewState; def: ReviewStepDef } | { ok: false; refusal: Refusal };

/** Whether `step` may be taken from `state` by this actor, and where it leads; a refusal says why not. */
export function checkReviewStep(state: ReviewFromState, step: ReviewStep, facts: ReviewFacts): ReviewStepCheck {
  const def = REVIEW_TRANSITIONS[step];
  if (state !== REVIEW_NEW && REVIEW_FINAL.has(state)) {
    return { ok: false, refusal: refusal('state', 'REVIEW_CLOSED', `复核已结束（${REVIEW_STATE_LABELS[state].zh}）`, `The review is closed (${REVIEW_STATE_LABELS[state].en})`) };
  }
  if (!def.from.includes(state)) {
    const from = state === REVIEW_NEW ? { zh: '新复核', en: 'a new review' } : REVIEW_STATE_LABELS[state];
    return {
      ok: false,
      refusal: refusal('state', 'ILLEGAL_TRANSITION', `当前状态（${from.zh}）不能执行“${REVIEW_STEP_LABELS[step].zh}”`, `Cannot ${REVIEW_STEP_LABELS[step].en} from ${from.en}`),
    };
  }
  if (!def.roles.includes(facts.actor.role)) {
    return { ok: false, refusal: refusal('role', 'ROLE_NOT_ALLOWED_FOR_STEP', `您的角色不能执行“${REVIEW_STEP_LABELS[step].zh}”`, `Your role may not ${REVIEW_STEP_LABELS[step].en}`) };
  }
  const g = def.guard?.(facts) ?? null;
  return g ? { ok: false, refusal: g } : { ok: true, to: def.to, def };
}

/** Steps that leave a state (cancellation aside): what the review waits for. */
export function pendingReviewSteps(state: ReviewState): ReviewStep[] {
  if (REVIEW_FINAL.has(state)) return [];
  return (Object.keys(REVIEW_TRANSITIONS) as ReviewStep[]).filter((s) => s !== 'cancel' && REVIEW_TRANSITIONS[s].from.includes(state));
}

/** The review's clock in working days on the official calendar, as a dated rule set like the application's. */
export interface ReviewClock {
  citation: string;
  /** 入户调查 from the review's opening (or its return for investigation). */
  investigationWd: number;
  /** 乡镇审核 from the investigation record. */
  townshipReviewWd: number;
  /** 县级决定 from the township review. */
  countyDecisionWd: number;
}

/** nat-2012 sets the application's durations; a review repeats the application's steps, so their durations apply. */
const REVIEW_CLOCKS = byEffectiveDate<ReviewClock>({
  '2012-12-12': { citation: CITE.nat2012, investigationWd: 10, townshipReviewWd: 5, countyDecisionWd: 5 },
});

export function reviewClockFor(openedOn: PlainDate): ReviewClock {
  return REVIEW_CLOCKS(openedOn).rule;
}

/** The day the step a review waits for is due (null once closed): working days from the day it entered its state. */
export function reviewDueDate(state: ReviewState, stateSince: PlainDate, clock: ReviewClock, cal: WorkingCalendar): PlainDate | null {
  switch (state) {
    case 'opened':
      return cal.addWorkingDays(stateSince, clock.investigationWd);
    case 'investigated':
      return cal.addWorkingDays(stateSince, clock.townshipReviewWd);
    case 'township_reviewed':
      return cal.addWorkingDays(stateSince, clock.countyDecisionWd);
    case 'decided':
    case 'cancelled':
      return null;
    default: {
      const never: never = state;
      throw new Error(`no deadline rule for review state ${String(never)}`);
    }
  }
}
