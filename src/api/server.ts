import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../commands/context.ts';
import type { AppUserTable } from '../db/schema.ts';
import type { CommandContext } from '../commands/context.ts';
import { actorOf, resolveSession } from '../commands/auth/sessions.ts';
import { keepAuditCheckpoints } from '../commands/admin/audit-checkpoints.ts';
import { AppError } from '../kernel/errors.ts';
import { sendError } from './errors.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDivisionRoutes } from './routes/divisions.ts';
import { registerRegistryRoutes } from './routes/registry.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerSimulateRoutes } from './routes/simulate.ts';
import { registerCaseRoutes } from './routes/cases.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerPayrollRoutes } from './routes/payroll.ts';
import { registerEnrollmentRoutes } from './routes/enrollments.ts';

export const SESSION_COOKIE = 'doudi_session';

export interface ServerDeps {
  db: Db;
  clock?: () => Date;
  /** Directory of the built web app; served at `/` when present. */
  webDist?: string;
  logger?: boolean | object;
  /** Secure cookies behind TLS (production); off for localhost demos and tests. */
  secureCookies?: boolean;
  /** Keep the audit chains' head file current (default: when the database has a key file). */
  auditCheckpoints?: boolean;
}

export interface RequestAuth {
  actor: Actor;
  user: AppUserTable;
  csrfToken: string;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, OpenAPI). */
    public?: boolean;
  }
}

export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function requireAuth(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw new AppError('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in' }, { status: 401 });
  return req.auth;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Personal data never goes to the log: no URLs with query strings (they may hold a name or ID number), no bodies.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    // API paths and missing files (anything with an extension) are 404; other paths are the web app's routes.
    if (req.url.startsWith('/api/') || /\.[a-z0-9]+(\?|$)/i.test(req.url) || !deps.webDist || !existsSync(deps.webDist)) {
      return sendError(new AppError('NOT_FOUND', { zh: '接口不存在', en: 'No such endpoint' }, { status: 404 }), req, reply);
    }
    return reply.type('text/html').sendFile('index.html');
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'doudi 兜底 API', description: '铁岭市农村社会救助兜底保障系统 / Tieling social-assistance safety net', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // The audit chains' heads checkpointed outside the database after commits and on shutdown (ADR 0015).
  const checkpoints = deps.auditCheckpoints === false ? null : keepAuditCheckpoints(deps.db, app.log);
  app.addHook('onClose', async () => {
    await checkpoints?.stop();
  });

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const s = await resolveSession(deps.db, token, clock());
      if (s) req.auth = { actor: actorOf(s.user), user: s.user, csrfToken: s.csrfToken, token };
    }
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    const auth = requireAuth(req);
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== auth.csrfToken) {
      throw new AppError('CSRF_INVALID', { zh: '请求校验失败，请刷新页面后重试', en: 'Request check failed (CSRF); reload the page and try again' }, { status: 403 });
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  const ctxOf = (req: FastifyRequest): CommandContext => ({ db: deps.db, actor: requireAuth(req).actor, clock });
  const routeDeps = { db: deps.db, clock, ctxOf, secureCookies: deps.secureCookies ?? false };
  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    registerAuthRoutes(z, routeDeps);
    registerDivisionRoutes(z, routeDeps);
    registerRegistryRoutes(z, routeDeps);
    registerAdminRoutes(z, routeDeps);
    registerSimulateRoutes(z, routeDeps);
    registerCaseRoutes(z, routeDeps);
    registerPolicyRoutes(z, routeDeps);
    registerDocumentRoutes(z, routeDeps);
    registerPayrollRoutes(z, routeDeps);
    registerEnrollmentRoutes(z, routeDeps);
    z.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  });

  if (deps.webDist && existsSync(deps.webDist)) {
    await app.register(fastifyStatic, { root: resolve(deps.webDist), wildcard: true, index: 'index.html' });
  }
  return app;
}

export type RouteDeps = {
  db: Db;
  clock: () => Date;
  ctxOf: (req: FastifyRequest) => CommandContext;
  secureCookies: boolean;
};
