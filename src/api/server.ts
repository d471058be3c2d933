import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.ts';
import type { CommandContext } from '../commands/context.ts';
import { actorOf, hashToken, resolveSession } from '../commands/auth/sessions.ts';
import { keepAuditCheckpoints } from '../commands/admin/audit-checkpoints.ts';
import { recordRefusedAccess } from '../commands/auth/refused-access.ts';
import { AppError } from '../kernel/errors.ts';
import { requireAuth, requireSession, SESSION_COOKIE } from './auth-guard.ts';
import { sendError } from './errors.ts';
import { isApiPath, isCanonicalApiPath, pathOf } from './paths.ts';
import type { RateLimit, RouteDeps } from './route-deps.ts';
import { contentSecurityPolicy } from './security-headers.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDivisionRoutes } from './routes/divisions.ts';
import { registerRegistryRoutes } from './routes/registry.ts';
import type { TrainingClock } from '../commands/admin/training-clock.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerSimulateRoutes } from './routes/simulate.ts';
import { registerSupervisionRoutes } from './routes/supervision.ts';
import { registerRectificationRoutes } from './routes/rectification.ts';
import { registerCaseRoutes } from './routes/cases.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerCaseFileRoutes } from './routes/case-files.ts';
import { registerFieldVisitRoutes } from './routes/field-visits.ts';
import { registerPayrollRoutes } from './routes/payroll.ts';
import { registerEnrollmentRoutes } from './routes/enrollments.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerScreeningRoutes } from './routes/screening.ts';
import { registerTemporaryRoutes } from './routes/temporary.ts';
import { registerPovertyListRoutes } from './routes/poverty-lists.ts';
import { registerPovertyImportRoutes } from './routes/poverty-import.ts';
import { registerPovertyMatchRoutes } from './routes/poverty-match.ts';
import { registerTemporaryReserveRoutes } from './routes/temporary-reserve.ts';
// Issue 15: the quarterly reports' workflow and the bulletin.
import { registerReportRoutes } from './routes/reports.ts';
import { registerHeatingRoutes } from './routes/heating.ts';
import { registerDashboardRoutes } from './routes/dashboard.ts';
import { registerOutreachRoutes } from './routes/outreach.ts';

export interface ServerDeps {
  db: Db;
  clock?: () => Date;
  /**
   * A demo or training server's movable day (`doudi serve --demo`): it becomes the business clock, its routes exist,
   * and sessions keep the real time (moving a class a week ahead must not end everyone's session).
   */
  trainingClock?: TrainingClock;
  /**
   * The time authenticator codes are checked against (default: the real time). Separate from `clock`, which tests and
   * the browser tests move to other days: a phone's code always follows the real time.
   */
  totpClock?: () => Date;
  /** Directory of the built web app; served at `/` when present. */
  webDist?: string;
  logger?: boolean | object;
  /**
   * Behind TLS (production): the session cookie is `Secure` and responses carry HSTS (`--secure-cookies`,
   * DOUDI_SECURE_COOKIES=1). Off for localhost demos and tests, where the server speaks plain HTTP.
   */
  secureCookies?: boolean;
  /**
   * Request rates answered 429 RATE_LIMITED beyond them (ADR 0014): `login` per client address on POST /api/auth/login,
   * `api` per session (per client address for requests without one) on every other /api route. `false` turns one off
   * (tests that log in many times, the API benchmark). Defaults: DEFAULT_RATE_LIMITS.
   */
  rateLimit?: { login?: RateLimit | false; api?: RateLimit | false };
  /**
   * The reverse proxies whose X-Forwarded-For is believed (Fastify's trustProxy: an address, a CIDR list, or true),
   * so that the login limit counts the client's address and not the proxy's (DOUDI_TRUST_PROXY).
   */
  trustProxy?: boolean | string | string[];
  /** Keep the audit chains' head file current (default: when the database has a key file). */
  auditCheckpoints?: boolean;
}

/**
 * 20 logins a minute from one address (an office behind one NAT logs in at 8 o'clock; lockout per user name after 5
 * failures does the rest); 600 API requests a minute per session (10 a second sustained: a person clicking through
 * pages makes a few per page).
 */
export const DEFAULT_RATE_LIMITS: { login: RateLimit; api: RateLimit } = { login: { max: 20, windowMs: 60_000 }, api: { max: 600, windowMs: 60_000 } };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const clock = deps.trainingClock?.now ?? deps.clock ?? (() => new Date());
  const sessionClock = deps.trainingClock?.realNow ?? clock;
  const secure = deps.secureCookies ?? false;
  const app = Fastify({
    trustProxy: deps.trustProxy ?? false,
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
    if (isApiPath(pathOf(req.url)) || /\.[a-z0-9]+(\?|$)/i.test(req.url) || !deps.webDist || !existsSync(deps.webDist)) {
      return sendError(new AppError('NOT_FOUND', { zh: '接口不存在', en: 'No such endpoint' }, { status: 404 }), req, reply);
    }
    return reply.type('text/html').sendFile('index.html');
  });
  await app.register(cookie);
  // Security headers (ADR 0014): CSP for the web app, no framing, no sniffing, same-origin referrers; HSTS behind TLS.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy({ secure }) },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  const limits = { login: deps.rateLimit?.login ?? DEFAULT_RATE_LIMITS.login, api: deps.rateLimit?.api ?? DEFAULT_RATE_LIMITS.api };
  await app.register(rateLimit, {
    global: limits.api !== false,
    ...(limits.api ? { max: limits.api.max, timeWindow: limits.api.windowMs } : {}),
    // A session is one person (however many share an office's address); without one, the address.
    keyGenerator: (req) => {
      const token = req.cookies?.[SESSION_COOKIE];
      return token ? `s:${hashToken(token).slice(0, 32)}` : `a:${req.ip}`;
    },
    allowList: (req) => !isApiPath(pathOf(req.url)),
    errorResponseBuilder: (_req, c) =>
      new AppError(
        'RATE_LIMITED',
        { zh: `请求过于频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`, en: `Too many requests; try again in ${Math.ceil(c.ttl / 1000)} s` },
        { status: c.statusCode, details: { retryAfterSeconds: Math.ceil(c.ttl / 1000) } },
      ),
  });
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
  /**
   * Authentication and CSRF, decided on what the router will route, not on the raw URL (issue 9 point 3:
   * `POST /%61pi/households` passed a check of the raw URL that the router then decoded). A request is an API request
   * when its path, decoded and normalised (`%61pi`, `//api`, `/api/./`, `/API/`), is under /api, or the route it
   * reached is; such a request needs a session unless it reached a public route by its exact path; every unsafe
   * method needs one and the session's CSRF token wherever it goes; and an API path not written canonically is
   * refused after those checks, so none of its variants reaches a handler.
   */
  app.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req.url);
    const api = isApiPath(path) || (req.routeOptions.url ?? '').startsWith('/api/');
    if (api) reply.header('cache-control', 'no-store');
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const s = await resolveSession(deps.db, token, sessionClock());
      if (s) req.auth = { actor: actorOf(s.user), user: s.user, csrfToken: s.csrfToken, token, tokenHash: s.tokenHash, stage: s.stage };
    }
    const canonical = !api || isCanonicalApiPath(path);
    const isPublic = canonical && req.routeOptions.url !== undefined && req.routeOptions.config?.public === true;
    const unsafe = UNSAFE.has(req.method);
    if (isPublic || (!api && !unsafe)) return;
    const auth = requireSession(req);
    if (unsafe && req.headers['x-csrf-token'] !== auth.csrfToken) {
      throw new AppError('CSRF_INVALID', { zh: '请求校验失败，请刷新页面后重试', en: 'Request check failed (CSRF); reload the page and try again' }, { status: 403 });
    }
    if (!canonical) throw new AppError('NOT_FOUND', { zh: '接口不存在', en: 'No such endpoint' }, { status: 404 });
    if (auth.stage !== 'full' && !req.routeOptions.config?.loginStep) {
      throw new AppError('AUTH_STEP_REQUIRED', { zh: '请先完成登录验证', en: 'Finish signing in first' }, { status: 401, details: { step: auth.stage } });
    }
  });

  // Refused and not-found answers to a signed-in user on a route that names a record are audited (issue 9 point 17).
  app.addHook('onSend', async (req, reply, payload) => {
    const status = reply.statusCode;
    const route = req.routeOptions.url;
    if ((status === 403 || status === 404) && req.auth && route?.startsWith('/api/') && req.params && Object.keys(req.params as object).length > 0) {
      let code = String(status);
      if (typeof payload === 'string' && payload.startsWith('{')) {
        try {
          code = String((JSON.parse(payload) as { code?: unknown }).code ?? code);
        } catch {
          // not our error shape: the status stands for the code
        }
      }
      recordRefusedAccess(deps.db, req.auth.actor, { method: req.method, route, status, code, params: req.params as Record<string, unknown>, at: clock().toISOString() }).catch((e) =>
        req.log.error({ err: e }, 'refused-access audit failed'),
      );
    }
    return payload;
  });

  const ctxOf = (req: FastifyRequest): CommandContext => ({ db: deps.db, actor: requireAuth(req).actor, clock });
  const routeDeps: RouteDeps = {
    db: deps.db,
    clock,
    totpClock: deps.totpClock ?? (() => new Date()),
    ctxOf,
    secureCookies: secure,
    loginRateLimit: limits.login,
    ...(deps.trainingClock ? { trainingClock: deps.trainingClock } : {}),
  };
  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    // Logins open and end sessions on the sessions' clock (the real time on a training server, see sessionClock).
    registerAuthRoutes(z, { ...routeDeps, clock: sessionClock });
    registerDivisionRoutes(z, routeDeps);
    registerRegistryRoutes(z, routeDeps);
    registerAdminRoutes(z, routeDeps);
    registerSimulateRoutes(z, routeDeps);
    registerCaseRoutes(z, routeDeps);
    registerPolicyRoutes(z, routeDeps);
    registerDocumentRoutes(z, routeDeps);
    registerCaseFileRoutes(z, routeDeps);
    registerFieldVisitRoutes(z, routeDeps);
    registerPayrollRoutes(z, routeDeps);
    registerEnrollmentRoutes(z, routeDeps);
    registerExportRoutes(z, routeDeps);
    registerScreeningRoutes(z, routeDeps);
    registerTemporaryRoutes(z, routeDeps);
    registerPovertyListRoutes(z, routeDeps);
    registerPovertyImportRoutes(z, routeDeps);
    registerPovertyMatchRoutes(z, routeDeps);
    registerTemporaryReserveRoutes(z, routeDeps);
    registerReportRoutes(z, routeDeps);
    registerHeatingRoutes(z, routeDeps);
    registerSupervisionRoutes(z, routeDeps);
    registerRectificationRoutes(z, routeDeps);
    registerDashboardRoutes(z, routeDeps);
    registerOutreachRoutes(z, routeDeps);
    z.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  });

  if (deps.webDist && existsSync(deps.webDist)) {
    await app.register(fastifyStatic, { root: resolve(deps.webDist), wildcard: true, index: 'index.html' });
  }
  return app;
}
