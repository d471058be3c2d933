import { z } from 'zod';
import { ROLES } from '../../contracts/roles.ts';
import { ApiError } from '../../contracts/registry.ts';
import { addUser } from '../../commands/admin/add-user.ts';
import { markCalendarYear, setCalendarDay } from '../../commands/admin/calendar-edit.ts';
import { loadWorkingCalendar } from '../../commands/admin/seed-calendar.ts';
import { requirePermission } from '../../commands/context.ts';
import { listUsers } from '../../commands/admin/list-users.ts';
import { verifyAuditTrail } from '../../commands/admin/verify-audit.ts';
import { fromYmd, daysInMonth } from '../../kernel/plain-date.ts';
import type { RouteDeps, ZodApp } from '../server.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const UserView = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), areaCode: z.string(), active: z.boolean(), locked: z.boolean() });

export function registerAdminRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/users',
    { schema: { tags: ['admin'], summary: '用户列表 Users in my area', response: { 200: z.array(UserView), ...errors } } },
    async (req) => listUsers(deps.ctxOf(req)),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: '新增用户 Add a user',
        body: z.object({ username: z.string(), displayName: z.string().max(50).optional(), role: z.enum(ROLES), area: z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' }), password: z.string().max(200) }),
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const { actor } = deps.ctxOf(req);
      requirePermission(actor, 'users.manage');
      const r = await addUser(deps.db, req.body, { actor: { userId: actor.userId, username: actor.username }, areaCode: actor.areaCode }, deps.clock());
      return reply.status(201).send(r);
    },
  );
  app.get(
    '/api/calendar/:year/:month',
    {
      schema: {
        tags: ['calendar'],
        summary: '工作日历 Working-day calendar of a month',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100), month: z.coerce.number().int().min(1).max(12) }),
        response: { 200: z.object({ covered: z.boolean(), days: z.array(z.object({ date: z.string(), kind: z.enum(['workday', 'weekend', 'holiday', 'makeup']), name: z.string().nullable() })) }), ...errors },
      },
    },
    async (req) => {
      deps.ctxOf(req);
      const cal = await loadWorkingCalendar(deps.db);
      const { year, month } = req.params;
      const days = Array.from({ length: daysInMonth(year, month) }, (_, i) => {
        const date = fromYmd(year, month, i + 1);
        return { date, kind: cal.kindOf(date), name: cal.entryFor(date)?.name ?? null };
      });
      return { covered: cal.isCovered(year), days };
    },
  );
  app.put(
    '/api/calendar/days/:day',
    {
      schema: {
        tags: ['calendar'],
        summary: '设置工作日历 Set a calendar day',
        params: z.object({ day: z.string() }),
        body: z.object({ kind: z.enum(['holiday', 'workday', 'normal']), name: z.string().trim().min(1).max(30) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      const { actor } = deps.ctxOf(req);
      requirePermission(actor, 'calendar.manage');
      await setCalendarDay(deps.db, { userId: actor.userId, username: actor.username }, { day: req.params.day, ...req.body }, deps.clock());
      return { ok: true as const };
    },
  );
  app.post(
    '/api/calendar/years/:year/complete',
    { schema: { tags: ['calendar'], summary: '标记年度日历完整 Mark a year as fully entered', params: z.object({ year: z.coerce.number().int() }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (req) => {
      const { actor } = deps.ctxOf(req);
      requirePermission(actor, 'calendar.manage');
      await markCalendarYear(deps.db, { userId: actor.userId, username: actor.username }, req.params.year, deps.clock());
      return { ok: true as const };
    },
  );
  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计链 Verify the audit chain',
        response: { 200: z.object({ ok: z.boolean(), chains: z.number(), events: z.number(), firstProblem: z.object({ chain: z.string(), seq: z.number(), problem: z.string() }).nullable() }), ...errors },
      },
    },
    async (req) => verifyAuditTrail(deps.ctxOf(req)),
  );
}
