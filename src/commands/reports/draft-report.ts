import { ReportTextBody } from '../../contracts/report-workflow.ts';
import { appendAudit } from '../../db/audit.ts';
import type { QuarterlyReportTable } from '../../db/schema.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { reportError, reportKey, reportsRepo } from './report-context.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

const REPORT = { zh: '季度报告', en: 'quarterly report' };

/**
 * 起草季度报告 The county administrator writes the county's text of its quarterly report (progress, problems, next
 * steps): the first save creates the draft, later saves need the version read (stale = 409). A submitted report is
 * refused (REPORT_SUBMITTED): its text is frozen with its figures. The row and its audit event in one transaction.
 */
export async function saveReportText(ctx: CommandContext, input: { county: unknown; quarter: unknown; body: unknown }): Promise<QuarterlyReportTable> {
  requirePermission(ctx.actor, 'reports.draft');
  const key = reportKey(input, todayOf(ctx));
  const parsed = ReportTextBody.safeParse(input.body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'progress';
    throw reportError('REPORT_TEXT', { zh: '报告文字过长（每项最多 5000 字）', en: 'The report’s text is too long (5,000 characters each at most)' }, field);
  }
  const b = parsed.data;
  reportsRepo(ctx).assertCounty(key.county);
  const at = ctx.clock().toISOString();
  const name = actorName(ctx.actor);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const repo = reportsRepo(ctx, trx);
      const cur = await repo.report(key.county, key.quarter);
      if (cur?.status === 'submitted') throw submittedAlready(key.quarter);
      const text = { progress_text: b.progress, problems_text: b.problems, next_steps_text: b.nextSteps, drafted_by_name: name, updated_at: at };
      let row: QuarterlyReportTable;
      if (!cur) {
        if (b.version !== undefined) throw staleVersion(REPORT);
        row = {
          county_code: key.county, quarter: key.quarter, status: 'draft', ...text, created_at: at, figures: null, figures_digest: null,
          submitted_by: null, submitted_by_name: null, submitted_at: null, received_by: null, received_by_name: null, received_at: null, version: 1,
        };
        await repo.insertDraft(row);
      } else {
        if (b.version !== cur.version || !(await repo.saveText(key.county, key.quarter, cur.version, text))) throw staleVersion(REPORT);
        row = { ...cur, ...text, version: cur.version + 1 };
      }
      await appendAudit(trx, auditActor(ctx.actor), {
        chain: key.county,
        action: 'report.draft',
        entityType: 'quarterly_report',
        entityId: key.quarter,
        before: cur ?? null,
        after: row,
        detail: { quarter: key.quarter, version: row.version },
      }, at);
      return row;
    });
  } catch (e) {
    // Two first saves racing: the second finds the draft made meanwhile.
    if (isUniqueViolation(e)) throw staleVersion(REPORT);
    throw e;
  }
}

export function submittedAlready(quarter: string) {
  return reportError('REPORT_SUBMITTED', { zh: `${quarter} 季度报告已报送，不能再修改（更正在下季度报告中说明）`, en: `The ${quarter} report was submitted: it no longer changes (corrections go in the next quarter's report)` }, 'quarter', 409);
}
