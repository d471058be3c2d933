import { MatchDecisionInput, MatchDecisionResult, MatchQueuePage, MatchQueueQuery } from '../../contracts/poverty-match.ts';
import { ApiError } from '../../contracts/registry.ts';
import { decideMatch } from '../../commands/poverty/decide-match.ts';
import { listMatchQueue } from '../../commands/poverty/list-match-queue.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const tags = ['poverty'];

/** 比对复核 The review queue of suggested matches to the poverty registry and the caseworker's decision (ADR 0033). */
export function registerPovertyMatchRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/poverty/matches',
    { schema: { tags, summary: '待复核的比对建议 Suggested matches in the area (audited read)', querystring: MatchQueueQuery, response: { 200: MatchQueuePage, ...errors } } },
    async (req) => listMatchQueue(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/poverty/matches/decisions',
    { schema: { tags, summary: '确认或否决比对建议 Confirm or reject a suggested match', body: MatchDecisionInput, response: { 200: MatchDecisionResult, ...errors } } },
    async (req) => decideMatch(deps.ctxOf(req), req.body),
  );
}
