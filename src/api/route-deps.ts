import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CommandContext } from '../commands/context.ts';
import type { TrainingClock } from '../commands/admin/training-clock.ts';
import type { Db } from '../db/connect.ts';

/** The Fastify instance every route file registers on: zod schemas type the requests and replies. */
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** What the server hands each route file; routes take it as a parameter and never import the server (issue 10 point 4). */
export type RouteDeps = {
  db: Db;
  clock: () => Date;
  totpClock: () => Date;
  ctxOf: (req: FastifyRequest) => CommandContext;
  secureCookies: boolean;
  loginRateLimit: RateLimit | false;
  /** Only in a demo or training server (`doudi serve --demo`): the day an administrator may move forward. */
  trainingClock?: TrainingClock;
};
