import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { NO_DEADLINE } from '../../db/case-repo.ts';
import type { EnrollmentRepo, EnrollmentRow } from '../../db/enrollment-repo.ts';
import type { Database, ReviewCaseTable } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { refusal } from '../../workflow/refusals.ts';
import { json } from '../shared/json-text.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { type Actor, actorName } from '../context.ts';

export const REVIEW = { zh: '复核', en: 'review' };

export async function openReviewOf(repo: EnrollmentRepo, row: Pick<EnrollmentRow, 'county_code' | 'id'>): Promise<ReviewCaseTable | undefined> {
  return (await repo.reviewsOf(row.county_code, [row.id])).find((r) => r.open_enrollment !== null);
}

/**
 * 审核、审批分离: where the enrollment is under review, the person who reviewed it at the township may not decide a
 * change to it at the county either.
 */
export async function refuseTheTownshipReviewer(repo: EnrollmentRepo, row: EnrollmentRow, actor: Actor): Promise<void> {
  const open = await openReviewOf(repo, row);
  if (!open) return;
  const reviewers = await repo.reviewActors(row.county_code, open.id, 'township_review');
  if (reviewers.includes(actor.userId)) {
    throw refusalError(refusal('role', 'SAME_USER_REVIEW_APPROVE', '同一人不得对同一案件既审核又审批', 'The same person may not both review (township) and approve (county) one case'));
  }
}

/** An enrollment that ended another way leaves nothing to review: its open review is cancelled, on its timeline and in the audit trail. */
export async function cancelOpenReview(
  trx: Transaction<Database>,
  repo: EnrollmentRepo,
  o: { row: EnrollmentRow; actor: Actor; at: string; today: PlainDate; why: string },
): Promise<void> {
  const open = await openReviewOf(repo, o.row);
  if (!open) return;
  const version = Number(open.version) + 1;
  const patch = { state: 'cancelled', version, state_since: o.today, due_date: NO_DEADLINE, open_enrollment: null, updated_at: o.at };
  await repo.patchReview(open.county_code, open.id, patch);
  await repo.insertReviewEvent({
    county_code: open.county_code,
    review_id: open.id,
    seq: version,
    at: o.at,
    actor_id: o.actor.userId,
    actor_name: actorName(o.actor),
    actor_role: o.actor.role,
    step: 'cancel',
    from_state: open.state,
    to_state: 'cancelled',
    record: json({ reason: 'enrollment_ended', by: o.why }),
  });
  await appendAudit(
    trx,
    { userId: o.actor.userId, username: o.actor.username },
    { chain: open.county_code, action: 'review.cancel', entityType: 'review', entityId: open.id, before: open, after: await stateOf(trx, 'review', open.county_code, open.id), detail: { step: 'cancel', from: open.state, to: 'cancelled', by: o.why } },
    o.at,
  );
}
