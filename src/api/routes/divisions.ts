import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { DivisionView } from '../../contracts/session.ts';
import { getDivisionWithPath, listChildDivisions, searchDivisions } from '../../commands/reference/divisions.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const Code = z.object({ code: z.string().regex(/^\d{12}$/, { message: 'DIVISION_CODE_FORMAT' }) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export function registerDivisionRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/divisions',
    {
      schema: {
        tags: ['divisions'],
        summary: '区划查询 Divisions by name or code (at most 50)',
        querystring: z.object({ q: z.string().max(30) }),
        response: { 200: z.array(DivisionView.extend({ parentName: z.string().nullable() })), ...errors },
      },
    },
    async (req) => searchDivisions(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/divisions/:code',
    { schema: { tags: ['divisions'], summary: '区划及其上级 A division and its ancestors', params: Code, response: { 200: DivisionView.extend({ path: z.array(DivisionView) }), ...errors } } },
    async (req) => getDivisionWithPath(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/divisions/:code/children',
    { schema: { tags: ['divisions'], summary: '下级区划 Child divisions', params: Code, response: { 200: z.array(DivisionView), ...errors } } },
    async (req) => listChildDivisions(deps.ctxOf(req), req.params),
  );
}
