import type { ReviewVisitSync, ReviewVisitSynced } from '../../contracts/field-visits.ts';
import type { ReviewDetail } from '../../contracts/enrollments.ts';
import { REVIEW_STATE_LABELS, type ReviewState } from '../../workflow/review-types.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { enrollmentsFor } from '../enrollments/enrollment-context.ts';
import { getReview } from '../reviews/list-reviews.ts';
import { investigateReview } from '../reviews/review-steps.ts';
import { type ReviewRef, requireReview } from '../reviews/run-review-step.ts';
import { syncVisit, visitIdTaken } from '../shared/visit-sync.ts';

/**
 * 同步复核入户调查 A periodic review's home visit recorded offline arrives (issue 17 point 4, ADR 0051): recorded by the
 * review drawer's own step (`investigateReview`: at least two investigators, the days, the findings, the household's
 * changes through the registry's commands, the timeline and audit event, one transaction), the visit's id and the
 * time recorded in the home kept on the step's event beside its arrival (`at`); through the one sync (`syncVisit`):
 * idempotent by visit id, 409 `FIELD_VISIT_CONFLICT` when the review moved on since the base.
 */
export async function syncReviewVisit(ctx: CommandContext, props: { ref: ReviewRef; input: ReviewVisitSync }): Promise<ReviewVisitSynced> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.investigate');
  const { visitId, recordedAt, baseState, ...investigation } = props.input;
  const repo = enrollmentsFor(ctx);
  const row = await requireReview(repo, props.ref);
  const out = await syncVisit<ReviewState, ReviewDetail>({
    recordedAt,
    now: ctx.clock().getTime(),
    base: { version: investigation.version, state: baseState },
    arrived: async () => {
      const earlier = await repo.reviewEventByVisit(row.county_code, visitId);
      if (!earlier) return null;
      if (earlier.review_id !== row.id) throw visitIdTaken();
      return getReview(ctx, props.ref);
    },
    current: async () => {
      const now = await requireReview(repo, props.ref);
      return { version: Number(now.version), state: now.state as ReviewState };
    },
    record: () => investigateReview(ctx, { ref: props.ref, input: investigation, visit: { id: visitId, recordedAt } }),
    entity: { zh: '复核', en: 'review' },
    stateLabel: (s) => REVIEW_STATE_LABELS[s],
  });
  return { duplicate: out.duplicate, review: out.result };
}
