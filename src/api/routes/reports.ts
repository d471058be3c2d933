import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { exportBulletin, exportQuarterlyReport, type ReportFile } from '../../commands/reports/export-report.ts';
import { issueBulletin, getBulletin, listBulletins, saveBulletin } from '../../commands/reports/bulletin.ts';
import { compareCounties } from '../../commands/reports/compare-counties.ts';
import { figureRows } from '../../commands/reports/figure-rows.ts';
import { receiveReport } from '../../commands/reports/receive-report.ts';
import { getReport, listOverdueReports, listReports } from '../../commands/reports/report-view.ts';
import { saveReportText } from '../../commands/reports/draft-report.ts';
import { submitReport } from '../../commands/reports/submit-report.ts';
import { ApiError } from '../../contracts/registry.ts';
import { FigureRows } from '../../contracts/report-drill.ts';
import { BulletinListItem, BulletinView, ComparisonView, OverdueReport, ReportListItem, ReportView } from '../../contracts/report-workflow.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['reports'];
/** Keys as text: the commands check their shape and answer with their own message on the field (季度应写作…如 2019Q3). */
const Key = z.object({ county: z.string().max(12), quarter: z.string().max(8) });
const QuarterKey = z.object({ quarter: z.string().max(8) });
const TextBody = z.object({
  progress: z.string().max(5000).optional().describe('工作进展 progress'),
  problems: z.string().max(5000).optional().describe('存在问题 problems'),
  nextSteps: z.string().max(5000).optional().describe('下步打算 next steps'),
  version: z.number().int().optional().describe('the draft’s version as read (absent for the first save)'),
});
const SubmitBody = z.object({ version: z.number().int(), correctionReason: z.string().max(2000).optional().describe('更正说明, when the previous quarter’s figures differ now') });
const ExportQuery = z.object({ format: z.enum(['xlsx', 'pdf', 'html']).describe('xlsx: 统计季报格式; pdf: 可打印; html: 打印预览 (print view)') });

function send(reply: FastifyReply, f: ReportFile) {
  return reply
    .header('content-type', f.contentType)
    .header('content-disposition', `${f.contentType.startsWith('text/html') ? 'inline' : 'attachment'}; filename="${f.filename}"`)
    .header('cache-control', 'no-store')
    .send(f.body);
}

const BulletinBody = z.object({ title: z.string().max(400), body: z.string().max(20_000).optional(), version: z.number().int().optional() });

/**
 * 季度报告与通报 (issue 15 points 2, 3, 5; ADR 0045): a county's quarterly report (its text drafted, submitted — the
 * figures frozen —, received by the city), overdue reports, the city's comparison of counties, and the bulletin. Area
 * scope in the commands' repository: a county reads its own reports; bulletins once issued are everyone's.
 */
export function registerReportRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/reports/quarterly',
    { schema: { tags, summary: '季度报告列表 The reports of my area’s counties (one quarter when asked)', querystring: z.object({ quarter: z.string().max(8).optional() }), response: { 200: z.array(ReportListItem), ...errors } } },
    async (req) => listReports(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/reports/quarterly/overdue',
    { schema: { tags, summary: '逾期未报 Ended quarters whose report was not submitted by the deadline (working days after the quarter)', response: { 200: z.array(OverdueReport), ...errors } } },
    async (req) => listOverdueReports(deps.ctxOf(req)),
  );
  app.get(
    '/api/reports/quarterly/:county/:quarter',
    { schema: { tags, summary: '季度报告 A county’s report: the frozen snapshot when submitted, else the draft computed now; corrections; deadline', params: Key, response: { 200: ReportView, ...errors } } },
    async (req) => getReport(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/reports/quarterly/:county/:quarter/rows',
    {
      schema: {
        tags,
        summary: '数字背后的名单 The rows behind one figure (its group and item), a page at a time, with the list’s totals and the figure as reported',
        params: Key,
        querystring: z.object({
          program: z.string().max(40).describe('the figure’s group: dibao, dibaoSingle, tekunDispersed, tekunConcentrated, temporary, heating, procedure'),
          figure: z.string().max(80).describe('the figure’s path in its group, e.g. households, byCategory.fire.cases'),
          after: z.string().max(200).optional().describe('the last key of the page before'),
          limit: z.string().max(4).optional(),
        }),
        response: { 200: FigureRows, ...errors },
      },
    },
    async (req) => figureRows(deps.ctxOf(req), { ...req.params, ...req.query }),
  );
  app.put(
    '/api/reports/quarterly/:county/:quarter/text',
    { schema: { tags, summary: '起草季度报告 Save the county’s text (progress, problems, next steps) of its draft', params: Key, body: TextBody, response: { 200: ReportView, ...errors } } },
    async (req) => {
      const ctx = deps.ctxOf(req);
      await saveReportText(ctx, { ...req.params, body: req.body });
      return getReport(ctx, req.params);
    },
  );
  app.post(
    '/api/reports/quarterly/:county/:quarter/submit',
    { schema: { tags, summary: '报送季度报告 Submit: the figures frozen, their digest in the audit chain; corrections of the previous quarter listed with a reason', params: Key, body: SubmitBody, response: { 200: ReportView, ...errors } } },
    async (req) => {
      const ctx = deps.ctxOf(req);
      await submitReport(ctx, { ...req.params, body: req.body });
      return getReport(ctx, req.params);
    },
  );
  app.post(
    '/api/reports/quarterly/:county/:quarter/receive',
    { schema: { tags, summary: '市局接收 The city acknowledges a submitted report (once)', params: Key, response: { 200: ReportView, ...errors } } },
    async (req) => {
      const ctx = deps.ctxOf(req);
      await receiveReport(ctx, req.params);
      return getReport(ctx, req.params);
    },
  );
  app.get(
    '/api/reports/quarterly/:county/:quarter/export',
    { schema: { tags, summary: '导出季度报告 The report as xlsx (statistics layout) or PDF (printable)', params: Key, querystring: ExportQuery, response: errors } },
    async (req, reply) => send(reply as FastifyReply, await exportQuarterlyReport(deps.ctxOf(req), { ...req.params, format: req.query.format })),
  );
  app.get(
    '/api/reports/bulletins/:quarter/export',
    { schema: { tags, summary: '导出通报 The bulletin with its tables and charts as xlsx or PDF', params: QuarterKey, querystring: ExportQuery, response: errors } },
    async (req, reply) => send(reply as FastifyReply, await exportBulletin(deps.ctxOf(req), { ...req.params, format: req.query.format })),
  );
  app.get(
    '/api/reports/comparison/:quarter',
    { schema: { tags, summary: '县区比较 The counties compared: coverage, benefit vs standard, spending per head, timeliness, dual inclusion; ranks and trends (city)', params: QuarterKey, response: { 200: ComparisonView, ...errors } } },
    async (req) => compareCounties(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/reports/bulletins',
    { schema: { tags, summary: '通报列表 Issued bulletins (and the city’s drafts for their writers)', response: { 200: z.array(BulletinListItem), ...errors } } },
    async (req) => listBulletins(deps.ctxOf(req)),
  );
  app.get(
    '/api/reports/bulletins/:quarter',
    { schema: { tags, summary: '通报 A bulletin with its comparison (frozen when issued)', params: QuarterKey, response: { 200: BulletinView, ...errors } } },
    async (req) => getBulletin(deps.ctxOf(req), req.params),
  );
  app.put(
    '/api/reports/bulletins/:quarter',
    { schema: { tags, summary: '撰写通报 Save the bulletin’s title and text (city)', params: QuarterKey, body: BulletinBody, response: { 200: BulletinView, ...errors } } },
    async (req) => {
      const ctx = deps.ctxOf(req);
      await saveBulletin(ctx, { ...req.params, body: req.body });
      return getBulletin(ctx, req.params);
    },
  );
  app.post(
    '/api/reports/bulletins/:quarter/issue',
    { schema: { tags, summary: '发布通报 Issue the bulletin: the comparison frozen with it, visible to every county', params: QuarterKey, body: z.object({ version: z.number().int() }), response: { 200: BulletinView, ...errors } } },
    async (req) => {
      const ctx = deps.ctxOf(req);
      await issueBulletin(ctx, { ...req.params, body: req.body });
      return getBulletin(ctx, req.params);
    },
  );
}
