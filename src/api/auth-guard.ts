import type { FastifyRequest } from 'fastify';
import type { Actor } from '../commands/context.ts';
import type { SessionStage } from '../commands/auth/sessions.ts';
import type { AppUserTable } from '../db/schema.ts';
import { AppError } from '../kernel/errors.ts';

export const SESSION_COOKIE = 'doudi_session';

export interface RequestAuth {
  actor: Actor;
  user: AppUserTable;
  csrfToken: string;
  token: string;
  tokenHash: string;
  /** How far the login has come; only `full` reaches routes other than the login steps'. */
  stage: SessionStage;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, OpenAPI). */
    public?: boolean;
    /** Reachable by a session whose login is not finished (second factor, forced password change). */
    loginStep?: boolean;
  }
}

const authRequired = () => new AppError('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in' }, { status: 401 });

/** The signed-in session (login finished). */
export function requireAuth(req: FastifyRequest): RequestAuth {
  const auth = req.auth;
  if (auth?.stage !== 'full') throw authRequired();
  return auth;
}

/** A session at any step of its login (the login steps' own routes). */
export function requireSession(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw authRequired();
  return req.auth;
}
