import { randomUUID } from 'node:crypto';
import type { ReviewDetail, ReviewOpen } from '../../contracts/enrollments.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { ReviewCaseTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkReviewStep, reviewClockFor, reviewDueDate } from '../../workflow/review-transitions.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { json } from '../shared/json-text.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { todayOf, type CommandContext, requirePermission, actorName } from '../context.ts';
import { enrollmentsFor, requireEnrollment } from '../enrollments/enrollment-context.ts';
import { openReviewOf } from '../enrollments/review-guards.ts';
import { loadReviewDetail } from './run-review-step.ts';

/**
 * 复核立案 A review of an enrollment is opened on schedule (动态管理) or because the household reported a change
 * (家庭变化申报, its text kept on the timeline). One open review per enrollment: the database refuses a second.
 */
export async function openReview(ctx: CommandContext, input: ReviewOpen): Promise<ReviewDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.apply');
  const calendar = await loadWorkingCalendar(ctx.db);
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const e = await requireEnrollment(repo, { countyCode: input.enrollment.countyCode, id: input.enrollment.id });
    const check = checkReviewStep('new', 'open', { actor: { userId: ctx.actor.userId, role: ctx.actor.role }, townshipReviewers: [] });
    if (!check.ok) throw refusalError(check.refusal);
    if (e.status === 'ended') throw new AppError('ENROLLMENT_ENDED', { zh: '待遇已终止，无需复核', en: 'The benefit has ended: there is nothing to review' }, { status: 409 });
    if (await openReviewOf(repo, e)) throw new AppError('REVIEW_ALREADY_OPEN', { zh: '该保障对象已有进行中的复核', en: 'This enrollment already has an open review' }, { status: 409 });
    const row: ReviewCaseTable = {
      county_code: e.county_code,
      id: randomUUID(),
      enrollment_id: e.id,
      household_id: e.household_id,
      program: e.program,
      trigger: input.trigger,
      reported_change: input.trigger === 'reported_change' ? (input.reportedChange ?? null) : null,
      state: 'opened',
      version: 1,
      opened_on: today,
      state_since: today,
      due_date: reviewDueDate('opened', today, reviewClockFor(today), calendar) as PlainDate,
      open_enrollment: e.id,
      outcome: null,
      decided_on: null,
      decider_id: null,
      decider_name: null,
      decision_reasons: null,
      amount_fen: null,
      effective_month: null,
      gradual_months: null,
      opened_by: actorName(ctx.actor),
      created_at: at,
      updated_at: at,
    };
    await repo.insertReview(row);
    await repo.insertReviewEvent({
      county_code: row.county_code,
      review_id: row.id,
      seq: 1,
      at,
      actor_id: ctx.actor.userId,
      actor_name: actorName(ctx.actor),
      actor_role: ctx.actor.role,
      step: 'open',
      from_state: null,
      to_state: 'opened',
      record: json({ trigger: row.trigger, reportedChange: row.reported_change }),
    });
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: row.county_code, action: 'review.open', entityType: 'review', entityId: row.id, after: await stateOf(trx, 'review', row.county_code, row.id), detail: { step: 'open', trigger: row.trigger, enrollmentId: e.id } },
      at,
    );
    return loadReviewDetail(ctx, trx, { countyCode: row.county_code, id: row.id });
  });
}
