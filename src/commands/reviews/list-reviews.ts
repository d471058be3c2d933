import type { ListQuery, OverduePage, OverdueQuery, ReviewDetail, ReviewPage } from '../../contracts/enrollments.ts';
import { EnrollmentRepo, type OverdueRow } from '../../db/enrollment-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { addDays, diffDays, type PlainDate } from '../../kernel/plain-date.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { todayOf, type CommandContext, recordRead, requirePermission } from '../context.ts';
import { presentReviewSummary } from '../enrollments/review-summary.ts';
import { loadReviewDetail, type ReviewRef } from './run-review-step.ts';

export const OPEN_STATES = ['opened', 'investigated', 'township_reviewed'] as const;

const cursorOf = (text: string | undefined) => {
  const c = decodeCursor(text);
  return c ? { day: c.due, county: c.county, id: c.id } : undefined;
};

export async function getReview(ctx: CommandContext, ref: ReviewRef): Promise<ReviewDetail> {
  requirePermission(ctx.actor, 'cases.read');
  const detail = await loadReviewDetail(ctx, ctx.db.kysely, ref);
  await recordRead(ctx, { chain: ref.countyCode, action: 'review.read', entityType: 'review', entityId: ref.id, detail: { household: detail.householdId } });
  return detail;
}

/**
 * 复核待办 Open reviews in the user's area, soonest due first (keyset pages). A page of names is audited (counts only)
 * by group commit before it is returned (ADR 0009); the read itself takes no write transaction.
 */
export async function listReviews(ctx: CommandContext, q: ListQuery): Promise<ReviewPage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const today = todayOf(ctx);
  const db = ctx.db.kysely;
  const { rows, total } = await new EnrollmentRepo(db, scope).openReviews({ states: OPEN_STATES, after: cursorOf(q.after), limit: q.pageSize });
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'review.list', entityType: 'review', detail: { area: scope.areaCode, returned: rows.length, total } },
    ctx.clock().toISOString(),
  );
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentReviewSummary(r, today)),
    total,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor({ due: last.due_date, county: last.county_code, id: last.id }) : null,
    today,
  };
}

export function presentOverdue(r: OverdueRow, today: PlainDate) {
  return {
    countyCode: r.county_code,
    enrollmentId: r.enrollment_id,
    householdId: r.household_id,
    headName: r.head_name,
    areaCode: r.area_code,
    program: r.program as 'dibao' | 'tekun',
    reviewClass: r.review_class,
    intervalMonths: Number(r.interval_months),
    nextDue: r.next_due,
    daysOverdue: diffDays(r.next_due as PlainDate, today),
    openReviewId: r.open_review_id,
  };
}

/**
 * 逾期复核 Enrollments whose periodic review is overdue (due before today) — with `dueWithin`, also those falling due
 * in the next days, so a township can plan its visits — longest overdue first, with the review already opened for
 * them, if any. Read through the user's scope; audited as a bulk read (counts only) by group commit.
 */
export async function listOverdueReviews(ctx: CommandContext, q: OverdueQuery): Promise<OverduePage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const today = todayOf(ctx);
  const db = ctx.db.kysely;
  const before = q.dueWithin === undefined ? today : addDays(today, q.dueWithin + 1);
  const { rows, total } = await new EnrollmentRepo(db, scope).overdue({ before, after: cursorOf(q.after), limit: q.pageSize });
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'review.overdue', entityType: 'enrollment', detail: { area: scope.areaCode, dueWithin: q.dueWithin ?? null, returned: rows.length, total } },
    ctx.clock().toISOString(),
  );
  const last = rows.at(-1);
  return {
    items: rows.map((r) => presentOverdue(r, today)),
    total,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor({ due: last.next_due, county: last.county_code, id: last.enrollment_id }) : null,
    today,
  };
}

/**
 * The operator's overdue list (`doudi reviews overdue`): one county or the actor's whole area, as of a day, without
 * names (ids, classes and dates only), every page read in turn.
 */
export async function listOverdueIds(ctx: CommandContext, o: { county?: string; on: PlainDate }): Promise<ReturnType<typeof presentOverdue>[]> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), o.county);
  const repo = new EnrollmentRepo(ctx.db.kysely, scope);
  const out: ReturnType<typeof presentOverdue>[] = [];
  let after: { day: string; county: string; id: string } | undefined;
  for (;;) {
    const { rows } = await repo.overdue({ before: o.on, after, limit: 1000 });
    for (const r of rows) out.push({ ...presentOverdue(r, o.on), headName: '' });
    const last = rows.at(-1);
    if (!last || rows.length < 1000) break;
    after = { day: last.next_due, county: last.county_code, id: last.enrollment_id };
  }
  return out;
}
