import type { FollowUpDone, FollowUpPage, FollowUpQuery, FollowUpView } from '../../contracts/enrollments.ts';
import { appendAudit } from '../../db/audit.ts';
import { EnrollmentRepo, type TaskRow } from '../../db/enrollment-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { narrowScope, notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { todayOf, type CommandContext, requirePermission, actorName } from '../context.ts';
import { enrollmentsFor } from '../enrollments/enrollment-context.ts';

const TASK = { zh: '跟进任务', en: 'follow-up task' };

function present(r: TaskRow): FollowUpView {
  return {
    id: r.id,
    countyCode: r.county_code,
    enrollmentId: r.enrollment_id,
    householdId: r.household_id,
    headName: r.head_name,
    areaCode: r.area_code,
    program: r.program as 'dibao' | 'tekun',
    exitBasis: r.exit_basis,
    exitMonth: r.exit_month,
    createdOn: r.created_on,
    state: r.state,
    outcome: (r.outcome as FollowUpView['outcome']) ?? null,
    note: r.note,
    doneOn: r.done_on,
    doneByName: r.done_by_name,
  };
}

/**
 * 退出后跟进 Follow-up tasks in the user's area (every exit from dibao or tekun leaves one), oldest first. A page of
 * names is audited (counts only) by group commit before it is returned (ADR 0009).
 */
export async function listFollowUps(ctx: CommandContext, q: FollowUpQuery): Promise<FollowUpPage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const c = decodeCursor(q.after);
  const db = ctx.db.kysely;
  const { rows, total } = await new EnrollmentRepo(db, scope).tasks({ state: q.state, after: c && { day: c.due, county: c.county, id: c.id }, limit: q.pageSize });
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'follow_up.list', entityType: 'follow_up_task', detail: { area: scope.areaCode, state: q.state ?? null, returned: rows.length, total } },
    ctx.clock().toISOString(),
  );
  const last = rows.at(-1);
  return { items: rows.map(present), total, nextCursor: last && rows.length === q.pageSize ? encodeCursor({ due: last.created_on, county: last.county_code, id: last.id }) : null };
}

/** The township records what the check found: referred to dibao, to temporary aid, elsewhere, or no need. */
export async function completeFollowUp(ctx: CommandContext, props: { ref: { countyCode: string; id: string }; input: FollowUpDone }): Promise<FollowUpView> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.investigate');
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const row = await repo.getTask(props.ref.countyCode, props.ref.id);
    if (!row) throw notFound(TASK);
    const patch = { state: 'done' as const, outcome: props.input.outcome, note: props.input.note || null, done_on: today, done_by_id: ctx.actor.userId, done_by_name: actorName(ctx.actor) };
    if (!(await repo.patchTask(row.county_code, row.id, patch))) {
      throw new AppError('FOLLOW_UP_DONE', { zh: '该跟进任务已完成', en: 'This follow-up task is already done' }, { status: 409 });
    }
    const { area_code: _a, head_name: _h, ...before } = row;
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: row.county_code, action: 'follow_up.done', entityType: 'follow_up_task', entityId: row.id, before, after: { ...before, ...patch }, detail: { outcome: props.input.outcome } },
      at,
    );
    return present({ ...row, ...patch });
  });
}
