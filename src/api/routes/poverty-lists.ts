import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dualInclusionOverview } from '../../commands/poverty/dual-inclusion-overview.ts';
import { listDualInclusion } from '../../commands/poverty/dual-inclusion-lists.ts';
import { importReplies, replyReportFile } from '../../commands/poverty/import-replies.ts';
import { prepareDualListExport, prepareExchangeExport, prepareReferralExport } from '../../commands/poverty/poverty-exports.ts';
import { type PreparedListExport, XLSX_TYPE } from '../../commands/exports/export-list.ts';
import { REGISTRY_FILE_LIMITS } from '../../commands/uploads/limits.ts';
import {
  DiscrepancyPage,
  DUAL_LISTS,
  DualInclusionOverview,
  DualInclusionQuery,
  DualListExportQuery,
  DualListQuery,
  ExchangeExportQuery,
  ReferralHouseholdPage,
  RegistryHouseholdPage,
  ReplyImportQuery,
  ReplyImportReport,
} from '../../contracts/dual-inclusion.ts';
import { ApiError } from '../../contracts/registry.ts';
import { AppError } from '../../kernel/errors.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';
import { saveUpload, UPLOAD_TYPES } from '../upload-body.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const tags = ['poverty'];

const PAGES = { covered: RegistryHouseholdPage, uncovered: RegistryHouseholdPage, referral: ReferralHouseholdPage, discrepancies: DiscrepancyPage } as const;
const SUMMARIES = {
  covered: '已纳入低保特困的建档立卡户 Registered-poor households on dibao/tekun',
  uncovered: '未纳入低保特困的建档立卡户 Registered-poor households not on dibao/tekun (→ screening)',
  referral: '未建档立卡的低保特困户 Dibao/tekun households not in the poverty registry (→ referral), with their referral',
  discrepancies: '双纳入数据不一致 Discrepancies between the registries',
} as const;

/** A prepared workbook streamed to the client (the export is recorded before the first byte). */
function sendWorkbook(reply: FastifyReply, file: PreparedListExport) {
  const body = new PassThrough();
  file.write(body).catch((e: unknown) => body.destroy(e as Error));
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-export-rows', String(file.rows))
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * 双纳入 The dual-inclusion figures and lists, their workbooks, and the exchange with the poverty office (issue 12 points
 * 3–4, ADR 0034): validate → authorize (in the command) → command → present.
 */
export function registerPovertyListRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/poverty/dual-inclusion',
    { schema: { tags, summary: '双纳入总览 Dual-inclusion figures of an area and its sub-areas', querystring: DualInclusionQuery, response: { 200: DualInclusionOverview, ...errors } } },
    async (req) => dualInclusionOverview(deps.ctxOf(req), req.query),
  );
  for (const list of DUAL_LISTS) {
    app.get(
      `/api/poverty/lists/${list}`,
      { schema: { tags, summary: `${SUMMARIES[list]} (audited)`, querystring: DualListQuery, response: { 200: PAGES[list], ...errors } } },
      async (req) => listDualInclusion(deps.ctxOf(req), list, req.query),
    );
    app.get(
      `/api/poverty/lists/${list}.xlsx`,
      { schema: { tags, summary: `${SUMMARIES[list]} → XLSX (audited)`, querystring: DualListExportQuery, response: errors } },
      async (req, reply) => sendWorkbook(reply as FastifyReply, await prepareDualListExport(deps.ctxOf(req), list, req.query)),
    );
  }
  app.get(
    '/api/poverty/exchange.xlsx',
    { schema: { tags, summary: '低保特困名单（扶贫模板格式，身份证号码完整）Dibao/tekun households in the poverty template, for the office (audited)', querystring: ExchangeExportQuery, response: errors } },
    async (req, reply) => sendWorkbook(reply as FastifyReply, await prepareExchangeExport(deps.ctxOf(req), { county: req.query.county })),
  );
  app.post(
    '/api/poverty/referrals.xlsx',
    {
      schema: {
        tags,
        summary: '转介名单：记录转介并导出 Refer the households not in the poverty registry and download the list (audited)',
        querystring: z.object({ area: DualListExportQuery.shape.area }),
        response: errors,
      },
    },
    async (req, reply) => sendWorkbook(reply as FastifyReply, await prepareReferralExport(deps.ctxOf(req), { area: req.query.area })),
  );
  app.post(
    '/api/poverty/replies/report',
    { schema: { tags, summary: '回复导入问题清单 A refused reply’s report as XLSX (the report as sent back)', body: ReplyImportReport, response: errors } },
    async (req, reply) => {
      const file = await replyReportFile(deps.ctxOf(req), req.body);
      return (reply as FastifyReply).header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="poverty-reply-problems.xlsx"').send(file);
    },
  );
  // The reply takes a raw body (XLSX or CSV): its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/poverty/replies',
      {
        bodyLimit: 4 * REGISTRY_FILE_LIMITS.maxBytes,
        schema: {
          tags,
          summary: '扶贫部门回复导入 Import the office’s reply to referrals (raw XLSX or CSV): applied whole, or refused with a row-by-row report',
          querystring: ReplyImportQuery,
          response: { 200: ReplyImportReport, ...errors },
        },
      },
      async (req) => {
        const save = async () => {
          const path = await saveUpload(req.body as Readable, {
            format: req.query.format,
            maxBytes: REGISTRY_FILE_LIMITS.maxBytes,
            prefix: 'doudi-poverty-reply-',
            empty: () => new AppError('UPLOAD_EMPTY', { zh: '请上传回复文件', en: 'Upload the reply file' }, { status: 400, field: 'file' }),
          });
          return { path, cleanup: () => rm(dirname(path), { recursive: true, force: true }) };
        };
        return importReplies(deps.ctxOf(req), { file: save, format: req.query.format, fileName: `reply.${req.query.format}` });
      },
    );
  });
}
