import type { RegistryChangeView, ReviewDetail } from '../../contracts/enrollments.ts';
import type { ReviewCaseTable, ReviewEventTable } from '../../db/schema.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { explainReasonLine } from '../../rules/explain/explain.ts';
import { checkReviewStep, pendingReviewSteps } from '../../workflow/review-transitions.ts';
import {
  REVIEW_FINAL,
  REVIEW_STEP_LABELS,
  type ReviewState,
  type ReviewStep,
} from '../../workflow/review-types.ts';
import { parseJson } from '../shared/json-text.ts';
import type { Actor } from '../context.ts';
import { presentReviewSummary } from '../enrollments/review-summary.ts';

/** The steps a review waits for (and cancellation), each saying whether this user may take it now and, if not, why. */
export function reviewNextSteps(state: ReviewState, actor: Actor, townshipReviewers: readonly string[]): ReviewDetail['nextSteps'] {
  if (REVIEW_FINAL.has(state)) return [];
  return [...pendingReviewSteps(state), 'cancel' as const].map((step) => {
    const c = checkReviewStep(state, step, { actor: { userId: actor.userId, role: actor.role }, townshipReviewers });
    return { step, label: REVIEW_STEP_LABELS[step], canTake: c.ok, refusal: c.ok ? null : { code: c.refusal.code, message: c.refusal.message } };
  });
}

export function presentReviewDetail(
  r: ReviewCaseTable & { area_code: string; head_name: string },
  o: {
    today: PlainDate;
    events: readonly ReviewEventTable[];
    actor: Actor;
    townshipReviewers: readonly string[];
    gradualExitMaxMonths: number | null;
    /** The enrollment's monthly amount now (the amount before, while the review is open). */
    currentAmountFen: number | null;
  },
): ReviewDetail {
  const reasons = parseJson<string[]>(r.decision_reasons, []);
  const records = o.events.map((e) => ({ step: e.step, record: parseJson<Record<string, unknown>>(e.record, {}) }));
  const decided = records.find((e) => e.step === 'decide')?.record;
  const beforeFen = decided && typeof decided.amountBeforeFen === 'number' ? decided.amountBeforeFen : decided ? null : o.currentAmountFen;
  const glossary = loadDefaultPolicy();
  return {
    ...presentReviewSummary(r, o.today),
    reportedChange: r.reported_change,
    stateSince: r.state_since,
    decidedOn: r.decided_on,
    deciderName: r.decider_name,
    decisionReasons: reasons,
    decisionReasonLines: reasons.map((line) => explainReasonLine(line, glossary)),
    amountYuan: r.amount_fen === null ? null : formatYuan(Number(r.amount_fen)),
    amountBeforeYuan: beforeFen === null ? null : formatYuan(beforeFen),
    registryChanges: records.filter((e) => e.step === 'investigate').flatMap((e) => (e.record.registryChanges as RegistryChangeView[] | undefined) ?? []),
    effectiveMonth: r.effective_month,
    gradualMonths: r.gradual_months === null ? null : Number(r.gradual_months),
    gradualExitMaxMonths: o.gradualExitMaxMonths,
    timeline: o.events.map((e) => ({
      seq: Number(e.seq),
      at: e.at,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      step: e.step as ReviewStep,
      stepLabel: REVIEW_STEP_LABELS[e.step as ReviewStep],
      fromState: (e.from_state as ReviewState | null) ?? null,
      toState: e.to_state as ReviewState,
      record: parseJson<Record<string, unknown>>(e.record, {}),
      visitId: e.visit_id ?? null,
      recordedAt: e.recorded_at ?? null,
    })),
    nextSteps: reviewNextSteps(r.state as ReviewState, o.actor, o.townshipReviewers),
  };
}
