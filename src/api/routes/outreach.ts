import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { OutreachExplainQuery, OutreachExplanation, OutreachList, OutreachOpenCase, OutreachQuery } from '../../contracts/outreach.ts';
import { ApiError } from '../../contracts/registry.ts';
import { explainOutreach, listOutreach, openOutreachCase } from '../../commands/outreach/outreach.ts';
import { prepareOutreachExport } from '../../commands/outreach/outreach-export.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const tags = ['outreach'];
const Ref = z.object({ county: z.string().regex(/^\d{6}$/), householdId: z.string().min(1).max(64) });

/** 应保尽保 The outreach list (issue 16 point 5, ADR 0047): the list, its workbook, a row's explanation, a case opened from a row. */
export function registerOutreachRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/outreach',
    { schema: { tags, summary: '应保尽保名单 Registry households eligible with no enrollment and no open case, per township, with the engine\'s amount', querystring: OutreachQuery, response: { 200: OutreachList, ...errors } } },
    async (req) => listOutreach(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/outreach/export.xlsx',
    { schema: { tags, summary: '导出应保尽保名单 The outreach list to XLSX (audited)', querystring: OutreachQuery, response: errors } },
    async (req, reply) => {
      const file = await prepareOutreachExport(deps.ctxOf(req), req.query);
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
  app.get(
    '/api/outreach/:county/:householdId/explanation',
    { schema: { tags, summary: '测算说明 The engine\'s explanation of a row of the outreach list', params: Ref, querystring: OutreachExplainQuery, response: { 200: OutreachExplanation, ...errors } } },
    async (req) => explainOutreach(deps.ctxOf(req), { county: req.params.county, householdId: req.params.householdId, kind: req.query.kind, personId: req.query.person, month: req.query.month }),
  );
  app.post(
    '/api/outreach/:county/:householdId/case',
    {
      schema: {
        tags,
        summary: '从应保尽保名单开案 Open a case from a row of the outreach list (after the visit; the household applies)',
        params: Ref,
        body: OutreachOpenCase,
        response: { 201: z.object({ countyCode: z.string(), id: z.string(), state: z.string(), kind: z.string() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await openOutreachCase(deps.ctxOf(req), req.params, req.body)),
  );
}
