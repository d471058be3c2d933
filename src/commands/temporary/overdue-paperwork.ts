import type { OverduePaperworkView, TemporaryCategory } from '../../contracts/temporary.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';

const MAX_ROWS = 2_000;

/**
 * 补办手续逾期 The assist-first cases of the user's area (or one county of it) whose paperwork is past its due day on
 * the official calendar, oldest first, with how many working days overdue — the county's list to chase (ADR 0037).
 * At most 2,000 rows (`truncated` says when there are more).
 */
export async function overduePaperwork(ctx: CommandContext, q: { county?: string } = {}): Promise<OverduePaperworkView> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.county);
  const today = todayOf(ctx);
  const calendar = await loadWorkingCalendar(ctx.db);
  const rows = await new TemporaryRepo(ctx.db.kysely, scope).overduePaperwork(today, { county: q.county?.slice(0, 6), limit: MAX_ROWS + 1 });
  return {
    items: rows.slice(0, MAX_ROWS).map((r) => ({
      caseId: r.case_id,
      countyCode: r.county_code,
      areaCode: r.area_code,
      applicantName: r.applicant_name,
      category: r.category as TemporaryCategory,
      eventDate: r.event_date,
      paidFirstYuan: formatYuan(Number(r.paid_first_fen)),
      paidFirstOn: r.paid_first_on,
      paidFirstByName: r.paid_first_by_name,
      paperworkDue: r.paperwork_due,
      workingDaysOverdue: calendar.workingDaysBetween(r.paperwork_due as PlainDate, today),
      registeredPoor: Number(r.registered_poor) === 1,
    })),
    truncated: rows.length > MAX_ROWS,
  };
}
