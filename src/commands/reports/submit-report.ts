import { quarterLastDay } from '../../contracts/report.ts';
import { ReportSubmitBody } from '../../contracts/report-workflow.ts';
import { appendAudit, canonicalJson, digest } from '../../db/audit.ts';
import type { QuarterlyReportTable, ReportCorrectionTable } from '../../db/schema.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { currentSnapshot } from './current-figures.ts';
import { submittedAlready } from './draft-report.ts';
import { changedFigures, reportError, reportKey, reportsRepo, snapshotOf } from './report-context.ts';

const REPORT = { zh: '季度报告', en: 'quarterly report' };

/** The corrections a report of `quarter` lists: the previous submitted quarter's frozen figures that differ when recomputed now. */
export async function pendingCorrections(ctx: CommandContext, county: string, quarter: string) {
  const prev = await reportsRepo(ctx).previousSubmitted(county, quarter);
  const was = prev ? snapshotOf(prev) : null;
  if (!prev || !was) return { ofQuarter: null, changes: [] };
  const now = await currentSnapshot(ctx, county, prev.quarter);
  return { ofQuarter: prev.quarter, changes: changedFigures(was.figures, now.figures) };
}

/**
 * 报送季度报告 The county approver (the county's head) submits the county's report of a quarter that has ended: the
 * figures computed now are frozen as the report's snapshot (canonical JSON) with their SHA-256 digest, which the audit
 * event of the same transaction carries — from then on the report never changes (the database refuses it). Figures of
 * the previous submitted quarter that differ when recomputed now are listed as corrections in this report, with the
 * county's reason (REPORT_CORRECTION_REASON when there are some and no reason is given). The draft's version guards
 * against submitting a text other than the one read.
 */
export async function submitReport(ctx: CommandContext, input: { county: unknown; quarter: unknown; body: unknown }): Promise<QuarterlyReportTable> {
  requirePermission(ctx.actor, 'reports.submit');
  const today = todayOf(ctx);
  const key = reportKey(input, today);
  const parsed = ReportSubmitBody.safeParse(input.body ?? {});
  if (!parsed.success) throw reportError('REPORT_VERSION', { zh: '请刷新页面后再报送', en: 'Reload the report and submit again (its version is missing)' }, 'version');
  const b = parsed.data;
  const repo = reportsRepo(ctx);
  const cur = await repo.report(key.county, key.quarter);
  if (!cur) throw reportError('REPORT_NO_DRAFT', { zh: `${key.quarter} 季度报告尚未起草（先填写工作进展等内容）`, en: `The ${key.quarter} report has no draft yet (write its text first)` }, 'quarter', 409);
  if (cur.status === 'submitted') throw submittedAlready(key.quarter);
  if (cur.version !== b.version) throw staleVersion(REPORT);
  if (quarterLastDay(key.quarter) >= today) {
    throw reportError('REPORT_QUARTER_OPEN', { zh: `${key.quarter} 尚未结束（${quarterLastDay(key.quarter)} 结束），结束后才能报送`, en: `${key.quarter} has not ended (it ends on ${quarterLastDay(key.quarter)}): submit it afterwards` }, 'quarter', 409);
  }
  if (cur.progress_text.trim() === '') throw reportError('REPORT_TEXT_MISSING', { zh: '请填写工作进展情况后再报送', en: 'Write the progress before submitting' }, 'progress', 422);
  const [snapshot, pending] = await Promise.all([currentSnapshot(ctx, key.county, key.quarter), pendingCorrections(ctx, key.county, key.quarter)]);
  const reason = b.correctionReason?.trim() ?? '';
  if (pending.changes.length > 0 && reason === '') {
    throw reportError(
      'REPORT_CORRECTION_REASON',
      { zh: `${pending.ofQuarter} 已报送的数据中有 ${pending.changes.length} 项现已变化，将作为更正列入本季度报告：请说明更正原因`, en: `${pending.changes.length} figures of the submitted ${pending.ofQuarter} report differ now and are listed as corrections: give the reason` },
      'correctionReason',
      422,
      { ofQuarter: pending.ofQuarter, corrections: pending.changes },
    );
  }
  const at = ctx.clock().toISOString();
  const figuresDigest = digest(snapshot)!;
  const frozen = { figures: canonicalJson(snapshot), figures_digest: figuresDigest, submitted_by: ctx.actor.userId || null, submitted_by_name: actorName(ctx.actor), submitted_at: at };
  const corrections: ReportCorrectionTable[] = pending.changes.map((c) => ({
    county_code: key.county, quarter: key.quarter, of_quarter: pending.ofQuarter!, program: c.program, figure: c.figure,
    was_value: JSON.stringify(c.was), now_value: JSON.stringify(c.now), reason, created_at: at,
  }));
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = reportsRepo(ctx, trx);
    if (!(await r.submit(key.county, key.quarter, b.version, frozen))) {
      const again = await r.report(key.county, key.quarter);
      if (again?.status === 'submitted') throw submittedAlready(key.quarter);
      throw staleVersion(REPORT);
    }
    await r.insertCorrections(corrections);
    const row: QuarterlyReportTable = { ...cur, ...frozen, status: 'submitted', updated_at: at, version: cur.version + 1 };
    await appendAudit(trx, auditActor(ctx.actor), {
      chain: key.county,
      action: 'report.submit',
      entityType: 'quarterly_report',
      entityId: key.quarter,
      before: cur,
      after: row,
      detail: { quarter: key.quarter, figuresDigest, corrections: corrections.length, ...(pending.ofQuarter && corrections.length > 0 ? { correctionsOf: pending.ofQuarter } : {}) },
    }, at);
    return row;
  });
}
