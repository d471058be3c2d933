import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { ChangePasswordRequest, EnrolmentConfirm, EnrolmentDone, EnrolmentStart, LoginRequest, SecondFactorRequest, SessionInfo } from '../../contracts/session.ts';
import { changeOwnPassword } from '../../commands/auth/change-password.ts';
import { login } from '../../commands/auth/login.ts';
import { confirmEnrolment, startEnrolment, verifySecondFactor } from '../../commands/auth/second-factor.ts';
import { logout, type ResolvedSession, sessionInfo } from '../../commands/auth/sessions.ts';
import { requireAuth, requireSession, SESSION_COOKIE } from '../auth-guard.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError, 423: ApiError, 429: ApiError };

export function registerAuthRoutes(app: ZodApp, deps: RouteDeps): void {
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies });
  /** The session the request came with, at whatever login step. */
  const current = (req: FastifyRequest): ResolvedSession => {
    const a = requireSession(req);
    return { user: a.user, csrfToken: a.csrfToken, tokenHash: a.tokenHash, stage: a.stage };
  };

  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '健康检查 Health check', security: [], response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) } } },
    async () => ({ status: 'ok' as const, database: deps.db.dialect }),
  );
  app.get(
    '/api/health/auth',
    { schema: { tags: ['system'], summary: '已登录健康检查 Authenticated health check', response: { 200: z.object({ status: z.literal('ok'), user: z.string() }), ...errors } } },
    async (req) => ({ status: 'ok' as const, user: requireAuth(req).actor.username }),
  );
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: deps.loginRateLimit ? { max: deps.loginRateLimit.max, timeWindow: deps.loginRateLimit.windowMs, keyGenerator: (req) => `login:${req.ip}` } : false },
      schema: {
        tags: ['auth'],
        summary: '登录 Log in (password step)',
        description: '`step` says what follows: `totp` (POST /api/auth/second-factor), `enrol` (set up an authenticator), `password` (a new password), or `done`.',
        security: [],
        body: LoginRequest,
        response: { 200: SessionInfo, ...errors },
      },
    },
    async (req, reply) => {
      const { token, info } = await login(deps, req.body);
      setSession(reply, token);
      return info;
    },
  );
  app.post(
    '/api/auth/second-factor',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '二次验证 Second factor: authenticator code or recovery code', body: SecondFactorRequest, response: { 200: SessionInfo, ...errors } } },
    async (req, reply) => {
      const r = await verifySecondFactor(deps, { session: current(req), input: req.body, codeTime: deps.totpClock() });
      if (r.token) setSession(reply, r.token);
      return r.info;
    },
  );
  app.post(
    '/api/auth/second-factor/enrolment',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '设置验证器 Start setting up an authenticator app (QR code)', response: { 200: EnrolmentStart, ...errors } } },
    async (req) => startEnrolment(deps, { session: current(req) }),
  );
  app.post(
    '/api/auth/second-factor/enrolment/confirm',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '确认验证器 Confirm the authenticator with a first code; returns the recovery codes once', body: EnrolmentConfirm, response: { 200: EnrolmentDone, ...errors } } },
    async (req, reply) => {
      const r = await confirmEnrolment(deps, { session: current(req), code: req.body.code, codeTime: deps.totpClock() });
      if (r.token) setSession(reply, r.token);
      return { recoveryCodes: r.recoveryCodes, session: r.info };
    },
  );
  app.post(
    '/api/account/password',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '修改密码 Change my password (also the forced change)', body: ChangePasswordRequest, response: { 200: SessionInfo, ...errors } } },
    async (req, reply) => {
      const r = await changeOwnPassword(deps, { session: current(req), input: req.body });
      if (r.token) setSession(reply, r.token);
      return r.info;
    },
  );
  app.post(
    '/api/auth/logout',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '退出 Log out', response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (req, reply) => {
      const auth = requireSession(req);
      await logout(deps, { token: auth.token, actor: { userId: auth.user.id, username: auth.user.username } });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/session',
    { config: { loginStep: true }, schema: { tags: ['auth'], summary: '当前会话 Current session (and the login step it is at)', response: { 200: SessionInfo, ...errors } } },
    async (req) => {
      const auth = requireSession(req);
      const info = await sessionInfo(deps, { user: auth.user, csrfToken: auth.csrfToken, stage: auth.stage });
      // A training server says which day it is at, so every page can show it (the header, in red).
      return deps.trainingClock && deps.trainingClock.offsetDays > 0 ? { ...info, trainingDay: deps.trainingClock.view().today } : info;
    },
  );
}
