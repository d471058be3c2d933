import { appendAudit } from '../../db/audit.ts';
import type { QuarterlyReportTable } from '../../db/schema.ts';
import { type CommandContext, actorName, auditActor, requirePermission, todayOf } from '../context.ts';
import { isCityScope, reportError, reportKey, reportsRepo } from './report-context.ts';

/**
 * 市局接收 The city acknowledges a county's submitted report (the supervisor who writes the bulletin): once; the
 * receipt is the only change a submitted report takes. In the audit chain of the county, in the same transaction.
 */
export async function receiveReport(ctx: CommandContext, input: { county: unknown; quarter: unknown }): Promise<QuarterlyReportTable> {
  requirePermission(ctx.actor, 'reports.bulletin');
  const key = reportKey(input, todayOf(ctx));
  if (!isCityScope(ctx)) throw reportError('REPORT_CITY_ONLY', { zh: '只有市局可以接收县区的季度报告', en: 'Only the city receives the counties’ reports' }, undefined, 403);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = reportsRepo(ctx, trx);
    const cur = await repo.report(key.county, key.quarter);
    if (cur?.status !== 'submitted') throw reportError('REPORT_NOT_SUBMITTED', { zh: `${key.quarter} 季度报告尚未报送`, en: `The ${key.quarter} report has not been submitted` }, 'quarter', 409);
    const receipt = { by: ctx.actor.userId || null, name: actorName(ctx.actor), at };
    if (!(await repo.receive(key.county, key.quarter, receipt))) {
      throw reportError('REPORT_RECEIVED', { zh: `${key.quarter} 季度报告已接收`, en: `The ${key.quarter} report was received already` }, 'quarter', 409);
    }
    const row = { ...cur, received_by: receipt.by, received_by_name: receipt.name, received_at: at };
    await appendAudit(trx, auditActor(ctx.actor), { chain: key.county, action: 'report.receive', entityType: 'quarterly_report', entityId: key.quarter, before: cur, after: row, detail: { quarter: key.quarter } }, at);
    return row;
  });
}
