import type { ReviewSummary } from '../../contracts/enrollments.ts';
import { NO_DEADLINE } from '../../db/case-repo.ts';
import type { ReviewCaseTable } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { isOverdue } from '../../workflow/deadlines.ts';
import { REVIEW_STATE_LABELS, type ReviewOutcome, type ReviewState, type ReviewTrigger } from '../../workflow/review-types.ts';

/** 复核摘要 A review as a line in lists and inside its enrollment's page. */
/** A review's due date, or null for one with no deadline. */
export const reviewDueOf = (r: { due_date: string }) => (r.due_date === NO_DEADLINE ? null : r.due_date);

export function presentReviewSummary(r: ReviewCaseTable & { area_code: string; head_name: string }, today: PlainDate): ReviewSummary {
  const due = reviewDueOf(r);
  return {
    id: r.id,
    countyCode: r.county_code,
    enrollmentId: r.enrollment_id,
    householdId: r.household_id,
    headName: r.head_name,
    areaCode: r.area_code,
    program: r.program,
    trigger: r.trigger as ReviewTrigger,
    state: r.state as ReviewState,
    stateLabel: REVIEW_STATE_LABELS[r.state as ReviewState],
    version: Number(r.version),
    openedOn: r.opened_on,
    dueDate: due,
    overdue: isOverdue(due as PlainDate | null, today),
    outcome: (r.outcome as ReviewOutcome | null) ?? null,
  };
}
