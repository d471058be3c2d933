import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { EXPORT_KINDS, ExportFilters, type ExportKind } from '../../contracts/exports.ts';
import { ApiError } from '../../contracts/registry.ts';
import { prepareListExport } from '../../commands/exports/export-list.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const tags = ['exports'];

const SUMMARIES: Record<ExportKind, string> = {
  households: '导出家庭名册 Households to XLSX',
  cases: '导出案件列表 Cases to XLSX',
  enrollments: '导出逾期及到期复核 Enrollments due for review to XLSX',
  reviews: '导出进行中的复核 Open reviews to XLSX',
  rolls: '导出花名册列表 Payment rolls to XLSX',
  'roll-lines': '导出花名册明细 A roll\'s lines to XLSX',
  'heating-missing': '导出取暖信息缺失名单 Enrolled households missing heating data to XLSX',
  'audit-events': '导出审计查询结果 The auditor\'s selection of the audit trail to XLSX',
};

/**
 * 列表导出 `GET /api/exports/<kind>.xlsx?<the page's filters>`: validate → authorize (in the command) → command → the
 * workbook streamed. The command counts, refuses past the cap and records the export before the first byte, so any
 * refusal is a plain API error.
 */
export function registerExportRoutes(app: ZodApp, deps: RouteDeps): void {
  for (const kind of EXPORT_KINDS) {
    app.get(
      `/api/exports/${kind}.xlsx`,
      { schema: { tags, summary: `${SUMMARIES[kind]} (audited)`, querystring: ExportFilters[kind], response: errors } },
      async (req, reply) => {
        const file = await prepareListExport(deps.ctxOf(req), { kind, filters: req.query as never });
        const body = new PassThrough();
        file.write(body).catch((e: unknown) => body.destroy(e as Error));
        return (reply as FastifyReply)
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('x-export-rows', String(file.rows))
          // Personal data: never kept by a browser or proxy cache.
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }
}
