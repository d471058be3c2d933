import { AuditSearchPage, AuditSearchQuery, AuditVerifyStatus, PersonAccess, PersonAccessQuery, ResponsibilityChain } from '../../contracts/audit.ts';
import { auditVerifyStatus, responsibilityChain, runAuditVerify, searchTrail } from '../../commands/admin/audit-browser.ts';
import { personAccess } from '../../commands/admin/person-access.ts';
import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { CreatedUser, CreateUserRequest, GrantView, ResetPasswordRequest, RoleChangeRequest, RoleChangeResult, UserView } from '../../contracts/users.ts';
import { addUser } from '../../commands/admin/add-user.ts';
import { changeRole, confirmGrant, listGrants, refuseGrant } from '../../commands/admin/role-grants.ts';
import { resetPassword, revokeSessions, setUserActive } from '../../commands/admin/user-accounts.ts';
import { markCalendarYear, setCalendarDay } from '../../commands/admin/calendar-edit.ts';
import { loadWorkingCalendar } from '../../commands/shared/working-calendar.ts';
import { listUsers } from '../../commands/admin/list-users.ts';
import { setTrainingClock } from '../../commands/admin/training-clock.ts';
import { TrainingClockChange, TrainingClockView } from '../../contracts/training-clock.ts';
import { verifyAuditTrail } from '../../commands/admin/verify-audit.ts';
import { fromYmd, daysInMonth } from '../../kernel/plain-date.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export function registerAdminRoutes(app: ZodApp, deps: RouteDeps): void {
  const userId = z.object({ id: z.string().max(64) });
  const ok = { 200: z.object({ ok: z.literal(true) }), ...errors };
  // 培训时钟: only a demo or training server has these routes; a real one answers 404.
  const training = deps.trainingClock;
  if (training) {
    app.get(
      '/api/training-clock',
      { schema: { tags: ['admin'], summary: '培训时钟 The training day (demo mode only)', response: { 200: TrainingClockView, ...errors } } },
      async (req) => {
        deps.ctxOf(req);
        return training.view();
      },
    );
    app.post(
      '/api/training-clock',
      { schema: { tags: ['admin'], summary: '培训时钟前进 Move the training day forward, or back to today (demo mode only)', body: TrainingClockChange, response: { 200: TrainingClockView, ...errors } } },
      async (req) => setTrainingClock(deps.ctxOf(req), training, req.body),
    );
  }
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
        description: 'A role that reviews, approves or manages users waits for a second administrator (grantId; ADR 0013). The user changes the password at first login.',
        body: CreateUserRequest,
        response: { 201: CreatedUser, ...errors },
      },
    },
    async (req, reply) => {
      const r = await addUser(deps.ctxOf(req), { input: req.body });
      return reply.status(201).send(r);
    },
  );
  app.put(
    '/api/users/:id/role',
    { schema: { tags: ['admin'], summary: '变更角色 Change a user’s role (pending a second administrator when it decides, approves or manages users)', params: userId, body: RoleChangeRequest, response: { 200: RoleChangeResult, ...errors } } },
    async (req) => changeRole(deps.ctxOf(req), { userId: req.params.id, input: req.body }),
  );
  app.post(
    '/api/users/:id/deactivate',
    { schema: { tags: ['admin'], summary: '停用账号 Deactivate a user (their sessions end)', params: userId, response: ok } },
    async (req) => {
      await setUserActive(deps.ctxOf(req), { userId: req.params.id, active: false });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/users/:id/activate',
    { schema: { tags: ['admin'], summary: '启用账号 Reactivate a user', params: userId, response: ok } },
    async (req) => {
      await setUserActive(deps.ctxOf(req), { userId: req.params.id, active: true });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags: ['admin'], summary: '重置密码 Set a password the user must change at the next login', params: userId, body: ResetPasswordRequest, response: ok } },
    async (req) => {
      await resetPassword(deps.ctxOf(req), { userId: req.params.id, password: req.body.password });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/users/:id/revoke-sessions',
    { schema: { tags: ['admin'], summary: '强制下线 End every session of a user', params: userId, response: { 200: z.object({ ended: z.number() }), ...errors } } },
    async (req) => revokeSessions(deps.ctxOf(req), { userId: req.params.id }),
  );
  app.get(
    '/api/user-grants',
    { schema: { tags: ['admin'], summary: '待确认授权 Role grants awaiting a second administrator, in my area', response: { 200: z.array(GrantView), ...errors } } },
    async (req) => listGrants(deps.ctxOf(req)),
  );
  app.post(
    '/api/user-grants/:id/confirm',
    { schema: { tags: ['admin'], summary: '确认授权 Confirm a role grant (not one of my own making)', params: userId, response: ok } },
    async (req) => {
      await confirmGrant(deps.ctxOf(req), { grantId: req.params.id });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/user-grants/:id/refuse',
    { schema: { tags: ['admin'], summary: '驳回或撤回授权 Refuse a role grant (or withdraw my own)', params: userId, response: { 200: z.object({ state: z.enum(['refused', 'withdrawn']) }), ...errors } } },
    async (req) => refuseGrant(deps.ctxOf(req), { grantId: req.params.id }),
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
      await setCalendarDay(deps.ctxOf(req), { day: req.params.day, ...req.body });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/calendar/years/:year/complete',
    { schema: { tags: ['calendar'], summary: '标记年度日历完整 Mark a year as fully entered', params: z.object({ year: z.coerce.number().int() }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (req) => {
      await markCalendarYear(deps.ctxOf(req), { year: req.params.year });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/audit/person-access',
    {
      schema: {
        tags: ['audit'],
        summary: '谁查看了此人 Who looked at a person, when, and what they searched for (auditors)',
        body: PersonAccessQuery,
        response: { 200: PersonAccess, ...errors },
      },
    },
    async (req) => personAccess(deps.ctxOf(req), req.body),
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
  // 审计查询 The auditor's browser (issue 16 point 4, ADR 0047).
  app.post(
    '/api/audit/search',
    {
      schema: {
        tags: ['audit'],
        summary: '审计查询 Search the trail by user, person or household, action and time (auditors; the ID number in the body)',
        body: AuditSearchQuery,
        response: { 200: AuditSearchPage, ...errors },
      },
    },
    async (req) => searchTrail(deps.ctxOf(req), req.body),
  );
  app.get(
    '/api/audit/cases/:county/:id/responsibility',
    {
      schema: {
        tags: ['audit'],
        summary: '责任链 The chain of responsibility of a case: accepted, investigated, reviewed, approved, paid (auditors)',
        params: z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) }),
        response: { 200: ResponsibilityChain, ...errors },
      },
    },
    async (req) => responsibilityChain(deps.ctxOf(req), { county: req.params.county, caseId: req.params.id }),
  );
  app.get(
    '/api/audit/verify/status',
    { schema: { tags: ['audit'], summary: '审计链校验状态 When the chain was last verified, and the result', response: { 200: AuditVerifyStatus.nullable(), ...errors } } },
    async (req) => auditVerifyStatus(deps.ctxOf(req)),
  );
  app.post(
    '/api/audit/verify/run',
    { schema: { tags: ['audit'], summary: '立即校验审计链 Verify the chain now and record the result', response: { 200: AuditVerifyStatus, ...errors } } },
    async (req) => runAuditVerify(deps.ctxOf(req)),
  );
}
