import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { DivisionView } from '../../contracts/session.ts';
import { requirePermission } from '../../commands/context.ts';
import { childDivisions, divisionPath, getDivision } from '../../db/division-repo.ts';
import type { DivisionTable } from '../../db/schema.ts';
import { notFound } from '../../db/scope.ts';
import type { RouteDeps, ZodApp } from '../server.ts';

const Code = z.object({ code: z.string().regex(/^\d{12}$/, { message: 'DIVISION_CODE_FORMAT' }) });
const view = (d: DivisionTable) => ({ code: d.code, name: d.name, level: d.level, parentCode: d.parent_code });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const DIVISION = { zh: '区划', en: 'division' };

/** Division codes are public reference data (names of places), readable by every signed-in user. */
export function registerDivisionRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/divisions/:code',
    { schema: { tags: ['divisions'], summary: '区划及其上级 A division and its ancestors', params: Code, response: { 200: DivisionView.extend({ path: z.array(DivisionView) }), ...errors } } },
    async (req) => {
      requirePermission(deps.ctxOf(req).actor, 'divisions.read');
      const d = await getDivision(deps.db.kysely, req.params.code);
      if (!d) throw notFound(DIVISION);
      return { ...view(d), path: (await divisionPath(deps.db.kysely, d.code)).map(view) };
    },
  );
  app.get(
    '/api/divisions/:code/children',
    { schema: { tags: ['divisions'], summary: '下级区划 Child divisions', params: Code, response: { 200: z.array(DivisionView), ...errors } } },
    async (req) => {
      requirePermission(deps.ctxOf(req).actor, 'divisions.read');
      return (await childDivisions(deps.db.kysely, req.params.code)).map(view);
    },
  );
}
