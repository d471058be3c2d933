import type { WorkCursor } from '../../db/case-repo.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { CaseKind, CaseState, Step } from '../../workflow/case-types.ts';
import { isOverdue } from '../../workflow/deadlines.ts';
import { pendingSteps } from '../../workflow/transitions.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { casesFor } from './case-context.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';

export interface DeadlineRow {
  countyCode: string;
  caseId: string;
  kind: CaseKind;
  state: CaseState;
  nextSteps: Step[];
  dueDate: string;
  overdue: boolean;
  /** Working days past the due date (0 when not overdue). */
  workingDaysOverdue: number;
}

/**
 * 办理时限 Every open case's pending step with its due date, across counties or in one, soonest first; optionally
 * only the overdue ones. The operator's view for `doudi deadlines` (the whole city): ids, codes and dates only, no
 * personal data. Read in keyset batches so memory stays flat whatever the number of cases.
 */
export async function listDeadlines(ctx: CommandContext, opts: { county?: string; overdue?: boolean; on: PlainDate }): Promise<DeadlineRow[]> {
  requirePermission(ctx.actor, 'cases.read');
  const { db } = ctx;
  const cal = await loadWorkingCalendar(db);
  const cases = casesFor(ctx);
  const out: DeadlineRow[] = [];
  let after: WorkCursor | undefined;
  for (;;) {
    const rows = await cases.withDeadlines({ county: opts.county, before: opts.overdue ? opts.on : undefined, limit: 1_000, after });
    for (const r of rows) {
      const overdue = isOverdue(r.due_date as PlainDate, opts.on);
      out.push({
        countyCode: r.county_code,
        caseId: r.id,
        kind: r.kind,
        state: r.state as CaseState,
        nextSteps: pendingSteps(r.kind, r.state as CaseState),
        dueDate: r.due_date,
        overdue,
        workingDaysOverdue: overdue ? cal.workingDaysBetween(r.due_date as PlainDate, opts.on) : 0,
      });
    }
    if (rows.length < 1_000) return out;
    const last = rows[rows.length - 1];
    after = { due: last.due_date, county: last.county_code, id: last.id };
  }
}
