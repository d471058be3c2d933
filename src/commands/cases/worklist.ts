import type { WorklistPage, WorklistQuery } from '../../contracts/cases.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { compareDates, type PlainDate } from '../../kernel/plain-date.ts';
import { CASE_KINDS, type CaseState } from '../../workflow/case-types.ts';
import { pendingSteps, TRANSITIONS, worklistStates } from '../../workflow/transitions.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { kindOf, stateOf } from './case-context.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { presentSummary } from './present-case.ts';

const NOTICE_STATES: ReadonlySet<CaseState> = new Set(['village_notice', 'county_notice']);

/**
 * 待办 The cases in the user's area whose next step the user's role can take, soonest due first (cases without a
 * statutory deadline last), keyset-paginated on (due date, county, id) so a page costs the same at any depth.
 * A page of names is a bulk read of personal data: it is audited (counts only). The total stops at 1,000 (ADR 0010).
 */
export async function worklist(ctx: CommandContext, q: WorklistQuery): Promise<WorklistPage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const after = decodeCursor(q.after);
  const role = ctx.actor.role;
  const filters = CASE_KINDS.map((kind) => ({ kind, states: worklistStates(kind, role) })).filter((f) => f.states.length > 0);
  const today = todayOf(ctx);
  const db = ctx.db.kysely;
  const repo = new CaseRepo(db, scope);
  const { rows, total, totalCapped } = await repo.worklist({ filters, overdueBefore: q.overdue ? today : undefined, after, limit: q.pageSize });
  const names = await divisionNames(db, rows.map((r) => r.area_code));
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'case.worklist', entityType: 'case', detail: { area: scope.areaCode, overdue: Boolean(q.overdue), returned: rows.length, total, totalCapped } },
    ctx.clock().toISOString(),
  );
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => {
      const kind = kindOf(r);
      const state = stateOf(r);
      const ends = r.notice_ends_on as PlainDate | null;
      return {
        ...presentSummary(r, names.get(r.area_code) ?? r.area_code, today),
        nextSteps: pendingSteps(kind, state).filter((s) => TRANSITIONS[kind][s].roles.includes(role)),
        availableFrom: NOTICE_STATES.has(state) && ends && compareDates(ends, today) > 0 ? ends : null,
      };
    }),
    total,
    totalCapped,
    nextCursor: last && rows.length === q.pageSize ? encodeCursor({ due: last.due_date, county: last.county_code, id: last.id }) : null,
    today,
  };
}
