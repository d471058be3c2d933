import type { Kysely, Transaction } from 'kysely';
import type { ReviewDetail } from '../../contracts/enrollments.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { NO_DEADLINE } from '../../db/case-repo.ts';
import type { EnrollmentRepo, EnrollmentRow, ReviewRow } from '../../db/enrollment-repo.ts';
import type { Database, ReviewCaseTable } from '../../db/schema.ts';
import { isAppError } from '../../kernel/errors.ts';
import { notFound } from '../../db/scope.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { gradualExit } from '../../rules/exit/gradual-exit.ts';
import type { Refusal } from '../../workflow/refusals.ts';
import { checkReviewStep, REVIEW_TRANSITIONS, reviewClockFor, reviewDueDate } from '../../workflow/review-transitions.ts';
import { REVIEW_FINAL, type ReviewState, type ReviewStep } from '../../workflow/review-types.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { json } from '../shared/json-text.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { actorName, todayOf, type CommandContext, requirePermission, staleVersion } from '../context.ts';
import { effectiveMonth, enrollmentsFor } from '../enrollments/enrollment-context.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { presentReviewDetail } from './present-review.ts';
import { REVIEW } from '../enrollments/review-guards.ts';

export interface ReviewRef {
  countyCode: string;
  id: string;
}

export interface ReviewScope {
  trx: Transaction<Database>;
  repo: EnrollmentRepo;
  row: ReviewRow;
  today: PlainDate;
  at: string;
}

export interface ReviewOutcome {
  patch?: Partial<ReviewCaseTable>;
  /** The step's record as the timeline keeps it (who investigated, the opinion, the decision and its reasons). */
  record?: Record<string, unknown>;
}

export async function requireReview(repo: EnrollmentRepo, ref: ReviewRef): Promise<ReviewRow> {
  const row = await repo.getReview(ref.countyCode, ref.id);
  if (!row) throw notFound(REVIEW);
  return row;
}

export function reviewOnly(row: ReviewRow): ReviewCaseTable {
  const { area_code: _a, head_name: _h, ...rest } = row;
  return rest;
}

/** The review page's data, read through the user's scope. */
export async function loadReviewDetail(ctx: CommandContext, db: Kysely<Database> | Transaction<Database>, ref: ReviewRef): Promise<ReviewDetail> {
  const repo = enrollmentsFor(ctx, db);
  const row = await requireReview(repo, ref);
  const [events, townshipReviewers, enrollment, ps] = await Promise.all([
    repo.reviewEvents(row.county_code, row.id),
    repo.reviewActors(row.county_code, row.id, 'township_review'),
    repo.getEnrollment(row.county_code, row.enrollment_id),
    // Through the same handle: inside a step's transaction a second SQLite connection would wait for it forever.
    parameterSetOf(db),
  ]);
  const today = todayOf(ctx);
  return presentReviewDetail(row, { today, events, actor: ctx.actor, townshipReviewers, gradualExitMaxMonths: enrollment ? gradualExitBound(ps, enrollment, today) : null,
    currentAmountFen: enrollment?.monthly_amount_fen == null ? null : Number(enrollment.monthly_amount_fen),
  });
}

/**
 * The longest gradual exit the county may decide today for this enrollment (the bound the decision enforces, so
 * the form's hint says the parameter in force, not a fixed 24); null when the parameter is not in force or is 0.
 */
function gradualExitBound(ps: ParameterSet, e: Pick<EnrollmentRow, 'county_code' | 'registered_poor'>, today: PlainDate): number | null {
  try {
    const { maxMonths } = gradualExit({ county: e.county_code, month: effectiveMonth(today), registeredPoor: Number(e.registered_poor) === 1 }, ps);
    return maxMonths > 0 ? maxMonths : null;
  } catch (err) {
    if (isAppError(err)) return null;
    throw err;
  }
}

/**
 * Every step of a review runs here, in the order of a case step (run-step.ts): authorize, then in one transaction read
 * the review through the area scope, check the version the user saw, ask the workflow (state, role, separation of
 * duties), check the step's record, take the optimistic lock, write the step, move the review and its clock, and
 * write the timeline event and the audit event. Any refusal leaves nothing written.
 */
export async function runReviewStep(
  ctx: CommandContext,
  o: {
    ref: ReviewRef;
    version: number;
    step: ReviewStep;
    validate?: (row: ReviewRow, today: PlainDate) => Refusal | null;
    act?: (s: ReviewScope) => Promise<ReviewOutcome | undefined>;
    /** A home visit recorded on a phone (ADR 0051): its id and the time it was recorded there, kept on the step's event. */
    visit?: { id: string; recordedAt: string };
  },
): Promise<ReviewDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, REVIEW_TRANSITIONS[o.step].permission);
  const calendar = await loadWorkingCalendar(ctx.db);
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const row = await requireReview(repo, o.ref);
    if (Number(row.version) !== o.version) throw staleVersion(REVIEW);
    const from = row.state as ReviewState;
    const townshipReviewers = await repo.reviewActors(row.county_code, row.id, 'township_review');
    const check = checkReviewStep(from, o.step, { actor: { userId: ctx.actor.userId, role: ctx.actor.role }, townshipReviewers });
    if (!check.ok) throw refusalError(check.refusal);
    const bad = o.validate?.(row, today);
    if (bad) throw refusalError(bad);
    if (!(await repo.claimReview(row.county_code, row.id, o.version, at))) throw staleVersion(REVIEW);
    const outcome = (await o.act?.({ trx, repo, row, today, at })) ?? {};
    const to = check.to;
    const before = reviewOnly(row);
    const after: ReviewCaseTable = {
      ...before,
      ...outcome.patch,
      state: to,
      version: o.version + 1,
      state_since: to !== from ? today : before.state_since,
      open_enrollment: REVIEW_FINAL.has(to) ? null : before.enrollment_id,
      updated_at: at,
    };
    after.due_date = reviewDueDate(to, after.state_since as PlainDate, reviewClockFor(before.opened_on as PlainDate), calendar) ?? NO_DEADLINE;
    const { county_code: _c, id: _i, ...patch } = after;
    await repo.patchReview(row.county_code, row.id, patch);
    await repo.insertReviewEvent({
      county_code: row.county_code,
      review_id: row.id,
      seq: o.version + 1,
      at,
      actor_id: ctx.actor.userId,
      actor_name: actorName(ctx.actor),
      actor_role: ctx.actor.role,
      step: o.step,
      from_state: from,
      to_state: to,
      record: json(outcome.record ?? {}),
      ...(o.visit ? { visit_id: o.visit.id, recorded_at: o.visit.recordedAt } : {}),
    });
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: row.county_code, action: `review.${o.step}`, entityType: 'review', entityId: row.id, before, after: await stateOf(trx, 'review', row.county_code, row.id), detail: { step: o.step, from, to, version: o.version + 1, ...(o.visit ? { visitId: o.visit.id, recordedAt: o.visit.recordedAt } : {}) } },
      at,
    );
    return loadReviewDetail(ctx, trx, o.ref);
  });
}
