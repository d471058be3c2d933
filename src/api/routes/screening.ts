import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { closeCampaign } from '../../commands/screening/close-campaign.ts';
import { concludeRow } from '../../commands/screening/conclude-row.ts';
import { exportLedger } from '../../commands/screening/export-ledger.ts';
import { fillRow } from '../../commands/screening/fill-row.ts';
import { openCampaign } from '../../commands/screening/open-campaign.ts';
import { campaignProgress, getRow, listCampaigns, listRows } from '../../commands/screening/read-campaigns.ts';
import { ApiError } from '../../contracts/registry.ts';
import { CampaignList, CampaignRef, CampaignView, ProgressView, RowDetail, RowPage, RowQuery } from '../../contracts/screening.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const tags = ['screening'];
const RowRef = CampaignRef.extend({ rowCounty: z.string().regex(/^\d{6}$/), hhNo: z.string().min(1).max(64) });
/** Bodies are checked by the command itself (amounts are read into fen there, once). */
const Body = z.record(z.string(), z.unknown());
const base = '/api/screening/campaigns/:county/:campaignId';
const rowRef = (p: z.infer<typeof RowRef>) => ({ campaignId: p.campaignId, countyCode: p.rowCounty, hhNo: p.hhNo });

/** 集中排查 (issue 12 point 5, ADR 0035): campaigns, progress, the ledger, its rows, conclusions, the export, closing. */
export function registerScreeningRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get('/api/screening/campaigns', { schema: { tags, summary: '排查活动 Campaigns of the reader’s area', response: { 200: CampaignList, ...errors } } }, async (req) =>
    listCampaigns(deps.ctxOf(req)),
  );
  app.post(
    '/api/screening/campaigns',
    { schema: { tags, summary: '开展集中排查 Open a campaign (county or city, year, deadline)', body: Body, response: { 201: CampaignView, ...errors } } },
    async (req, reply) => reply.status(201).send(await openCampaign(deps.ctxOf(req), req.body)),
  );
  app.get(`${base}/progress`, { schema: { tags, summary: '排查进度 Progress per township and village', params: CampaignRef, response: { 200: ProgressView, ...errors } } }, async (req) =>
    campaignProgress(deps.ctxOf(req), req.params),
  );
  app.get(`${base}/rows`, { schema: { tags, summary: '核查台账 Ledger rows of the reader’s area', params: CampaignRef, querystring: RowQuery, response: { 200: RowPage, ...errors } } }, async (req) =>
    listRows(deps.ctxOf(req), req.params, req.query),
  );
  app.get(`${base}/rows/:rowCounty/:hhNo`, { schema: { tags, summary: '台账记录 One ledger row with its assessment', params: RowRef, response: { 200: RowDetail, ...errors } } }, async (req) =>
    getRow(deps.ctxOf(req), rowRef(req.params)),
  );
  app.post(
    `${base}/rows/:rowCounty/:hhNo/fill`,
    { schema: { tags, summary: '填写台账 Methods and findings (versioned)', params: RowRef, body: Body, response: { 200: RowDetail, ...errors } } },
    async (req) => fillRow(deps.ctxOf(req), rowRef(req.params), req.body),
  );
  app.post(
    `${base}/rows/:rowCounty/:hhNo/conclude`,
    { schema: { tags, summary: '处理结论 Conclude a row (a case opened from it when eligible)', params: RowRef, body: Body, response: { 200: RowDetail, ...errors } } },
    async (req) => concludeRow(deps.ctxOf(req), rowRef(req.params), req.body),
  );
  app.post(`${base}/close`, { schema: { tags, summary: '结束排查 Close (every row concluded)', params: CampaignRef, response: { 200: CampaignView, ...errors } } }, async (req) =>
    closeCampaign(deps.ctxOf(req), req.params),
  );
  app.get(`${base}/ledger.xlsx`, { schema: { tags, summary: '导出核查台账 The ledger to XLSX (audited)', params: CampaignRef, response: errors } }, async (req, reply) => {
    const file = await exportLedger(deps.ctxOf(req), req.params);
    const body = new PassThrough();
    file.write(body).catch((e: unknown) => body.destroy(e as Error));
    return (reply as FastifyReply)
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-export-rows', String(file.rows))
      .header('cache-control', 'no-store')
      .send(body);
  });
}
