import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { exportCampaignLedger } from '../../commands/rectification/export-ledger.ts';
import { listAccountability, recordAccountability } from '../../commands/rectification/accountability.ts';
import { answerFinding } from '../../commands/rectification/answer-finding.ts';
import { campaignProgress, closeCampaign, listCampaigns, openCampaign } from '../../commands/rectification/campaigns.ts';
import { getFindingDetail } from '../../commands/rectification/finding-detail.ts';
import { findingCounts, listOverdue } from '../../commands/rectification/overdue.ts';
import { verifyFinding } from '../../commands/rectification/verify-finding.ts';
import {
  AccountabilityList,
  AccountabilityView,
  CampaignCloseBody,
  CampaignList,
  CampaignParams,
  CampaignProgress,
  CampaignView,
  FindingDetail,
  FindingParams,
  OverdueList,
  OverdueQuery,
} from '../../contracts/rectification.ts';
import { ApiError } from '../../contracts/registry.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 429: ApiError };
const tags = ['rectification'];
/** The bodies are checked by the commands (bilingual errors with the field), so the route takes any JSON object. */
const AnyBody = z.record(z.string(), z.unknown());

/**
 * 整改 The findings' rectification (answer, verify, overdue), the campaigns (专项治理) and the accountability records
 * (责任追究), issue 16 points 2 and 3 (ADR 0048): validate → authorize (in the command) → command → present.
 */
export function registerRectificationRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/findings/overdue',
    { schema: { tags, summary: '整改逾期的问题线索（本辖区，按逾期时长）Open findings past their rectification deadline, in the reader’s area', querystring: OverdueQuery, response: { 200: OverdueList, ...errors } } },
    async (req) => listOverdue(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/findings/counts',
    {
      schema: {
        tags,
        summary: '本辖区待整改、待核查和逾期的问题线索数（工作台）Open, answered and overdue findings of the reader’s area (the worklist card)',
        response: { 200: z.object({ open: z.number().int(), answered: z.number().int(), overdue: z.number().int() }), ...errors },
      },
    },
    async (req) => findingCounts(deps.ctxOf(req)),
  );
  app.get(
    '/api/findings/:county/:id',
    { schema: { tags, summary: '问题线索详情与整改历程 A finding with its rectification and history', params: FindingParams, response: { 200: FindingDetail, ...errors } } },
    async (req) => getFindingDetail(deps.ctxOf(req), req.params),
  );
  app.post(
    '/api/findings/:county/:id/answer',
    { schema: { tags, summary: '乡镇回复整改情况（措施与佐证）The township answers a finding: the action taken and its evidence', params: FindingParams, body: AnyBody, response: { 200: FindingDetail, ...errors } } },
    async (req) => answerFinding(deps.ctxOf(req), req.params, req.body),
  );
  app.post(
    '/api/findings/:county/:id/verify',
    { schema: { tags, summary: '县区或市局核查：销号或退回重新整改 The county or city verifies: close the finding or send it back', params: FindingParams, body: AnyBody, response: { 200: FindingDetail, ...errors } } },
    async (req) => verifyFinding(deps.ctxOf(req), req.params, req.body),
  );
  app.get(
    '/api/findings/:county/:id/accountability',
    { schema: { tags, summary: '问题线索的责任追究记录 The accountability records of a finding', params: FindingParams, response: { 200: AccountabilityList, ...errors } } },
    async (req) => listAccountability(deps.ctxOf(req), req.params),
  );
  app.post(
    '/api/findings/:county/:id/accountability',
    { schema: { tags, summary: '记录责任追究（责任人、失职情形、问责措施）Record an accountability measure from a finding', params: FindingParams, body: AnyBody, response: { 201: AccountabilityView, ...errors } } },
    async (req, reply) => reply.code(201).send(await recordAccountability(deps.ctxOf(req), req.params, req.body)),
  );
  app.get(
    '/api/campaigns',
    { schema: { tags, summary: '专项治理列表及进度 The campaigns the reader sees, with their figures', response: { 200: CampaignList, ...errors } } },
    async (req) => listCampaigns(deps.ctxOf(req)),
  );
  app.post(
    '/api/campaigns',
    { schema: { tags, summary: '开展专项治理（归集期间内的问题线索）Open a campaign (its period’s findings grouped into it)', body: AnyBody, response: { 201: CampaignView, ...errors } } },
    async (req, reply) => reply.code(201).send(await openCampaign(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/campaigns/:id',
    { schema: { tags, summary: '专项治理进度（分县区）与台账 A campaign’s progress per county and its ledger', params: CampaignParams, response: { 200: CampaignProgress, ...errors } } },
    async (req) => campaignProgress(deps.ctxOf(req), req.params.id),
  );
  app.post(
    '/api/campaigns/:id/close',
    { schema: { tags, summary: '结束专项治理（问题线索全部销号后）Close a campaign once all its findings are closed', params: CampaignParams, body: CampaignCloseBody, response: { 200: CampaignView, ...errors } } },
    async (req) => closeCampaign(deps.ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/campaigns/:id/ledger.xlsx',
    { schema: { tags, summary: '导出专项治理台账（XLSX，记入审计）A campaign’s ledger to XLSX (audited)', params: CampaignParams, response: errors } },
    async (req, reply) => {
      const file = await exportCampaignLedger(deps.ctxOf(req), req.params.id);
      const body = new PassThrough();
      file.write(body).catch((e: unknown) => body.destroy(e as Error));
      return (reply as FastifyReply)
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-export-rows', String(file.rows))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
