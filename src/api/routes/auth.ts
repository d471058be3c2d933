import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { LoginRequest, SessionInfo } from '../../contracts/session.ts';
import { login, logout, sessionInfo } from '../../commands/auth/sessions.ts';
import { type RouteDeps, requireAuth, SESSION_COOKIE, type ZodApp } from '../server.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 423: ApiError };

export function registerAuthRoutes(app: ZodApp, deps: RouteDeps): void {
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
    { config: { public: true }, schema: { tags: ['auth'], summary: '登录 Log in', security: [], body: LoginRequest, response: { 200: SessionInfo, ...errors } } },
    async (req, reply) => {
      const { token, info } = await login(deps.db, { ...req.body, now: deps.clock() });
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies });
      return info;
    },
  );
  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出 Log out', response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      await logout(deps.db, auth.token, auth.actor, deps.clock());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/session',
    { schema: { tags: ['auth'], summary: '当前会话 Current session', response: { 200: SessionInfo, ...errors } } },
    async (req) => {
      const auth = requireAuth(req);
      return sessionInfo(deps.db, auth.user, auth.csrfToken);
    },
  );
}
