import { z } from 'zod';
import { buildSeason } from '../../commands/heating/build-season.ts';
import { openSeason } from '../../commands/heating/open-season.ts';
import { getSeason, listSeasonExceptions, listSeasons } from '../../commands/heating/season-views.ts';
import { SeasonBuildResult, SeasonExceptionPage, SeasonExceptionsQuery, SeasonListItem, SeasonView } from '../../contracts/heating.ts';
import { ApiError } from '../../contracts/registry.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['heating'];
/**
 * The season's key in the path, and the open form's fields, as text: the commands check them (contracts/heating.ts) and
 * answer a malformed one with their own message on its field (采暖季应写作起止年份，如 2019-2020), which the form shows.
 */
const Key = z.object({ county: z.string().max(12), season: z.string().max(16) });
const OpenBody = z.object({
  county: z.string().max(12).describe('县区代码 6-digit county code'),
  season: z.string().max(16).describe('采暖季 the season, e.g. 2019-2020'),
  referenceDay: z.string().max(16).optional().describe('基准日 YYYY-MM-DD within the season (default: the parameter’s)'),
});
const BuildBody = z.object({ supplementary: z.boolean().optional().describe('补充发放 the next supplementary roll instead of the season roll') });
const ExceptionsQuery = SeasonExceptionsQuery.omit({ county: true, season: true });

/**
 * 取暖救助采暖季 (issue 14, ADR 0043): a county opens a season, builds its roll (and supplementary rolls), and reads the
 * season's figures and exceptions. The rolls are payment rolls like any other: approved, exported to the bank and
 * settled under /api/payroll/rolls/… (maker ≠ checker there).
 */
export function registerHeatingRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/heating/seasons',
    { schema: { tags, summary: '采暖季列表 The seasons of my area’s counties, with households and amounts by mode', response: { 200: z.array(SeasonListItem), ...errors } } },
    async (req) => listSeasons(deps.ctxOf(req)),
  );
  app.post(
    '/api/heating/seasons',
    {
      schema: {
        tags,
        summary: '开启采暖季 A county opens a heating season (dates and reference day from the parameters, which the season fixes)',
        body: OpenBody,
        response: { 201: SeasonView, ...errors },
      },
    },
    async (req, reply) => {
      const ctx = deps.ctxOf(req);
      const s = await openSeason(ctx, req.body);
      return reply.status(201).send(await getSeason(ctx, { county: s.county_code, season: s.id }));
    },
  );
  app.get(
    '/api/heating/seasons/:county/:season',
    { schema: { tags, summary: '采暖季 A season: dates, parameters with citations, rolls, figures by mode and township, exceptions by kind', params: Key, response: { 200: SeasonView, ...errors } } },
    async (req) => getSeason(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/heating/seasons/:county/:season/exceptions',
    {
      schema: {
        tags,
        summary: '例外清单 The season’s exceptions (heating missing or none, paid through an institution, enrollment changed), by kind and area',
        params: Key,
        querystring: ExceptionsQuery,
        response: { 200: SeasonExceptionPage, ...errors },
      },
    },
    async (req) => listSeasonExceptions(deps.ctxOf(req), { ...req.query, ...req.params }),
  );
  app.post(
    '/api/heating/seasons/:county/:season/rolls',
    {
      schema: {
        tags,
        summary: '生成花名册 Build the season roll, or the next supplementary roll (idempotent: building again gives the same roll)',
        params: Key,
        body: BuildBody,
        response: { 201: SeasonBuildResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await buildSeason(deps.ctxOf(req), { ...req.params, supplementary: req.body?.supplementary ?? false })),
  );
}
