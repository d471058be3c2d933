import { reserveLedger, reserveOverview } from '../../commands/temporary/reserve-read.ts';
import { topUpReserve } from '../../commands/temporary/reserve-top-up.ts';
import { ApiError } from '../../contracts/registry.ts';
import { ReserveLedger, ReserveLedgerQuery, ReserveOverview, ReserveOverviewQuery, ReserveTopUpResult, TownshipRef } from '../../contracts/temporary-reserve.ts';
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const tags = ['temporary'];
/** The body is checked by the command itself (the amount is read into fen there, once). */
const Body = z.record(z.string(), z.unknown());

/** 乡镇临时救助备用金 (issue 13 point 2, ADR 0039): balances of the reader's townships, a township's ledger, top-ups. */
export function registerTemporaryReserveRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/temporary/reserves',
    { schema: { tags, summary: '备用金一览 Reserve balances of the townships in the reader’s area', querystring: ReserveOverviewQuery, response: { 200: ReserveOverview, ...errors } } },
    async (req) => reserveOverview(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/temporary/reserves/:township',
    { schema: { tags, summary: '备用金台账 A township’s balance and ledger, newest first', params: TownshipRef, querystring: ReserveLedgerQuery, response: { 200: ReserveLedger, ...errors } } },
    async (req) => reserveLedger(deps.ctxOf(req), { township: req.params.township, ...req.query }),
  );
  app.post(
    '/api/temporary/reserves/:township/top-ups',
    { schema: { tags, summary: '补充备用金 The county approver tops up a township’s reserve', params: TownshipRef, body: Body, response: { 201: ReserveTopUpResult, ...errors } } },
    async (req, reply) => reply.status(201).send(await topUpReserve(deps.ctxOf(req), { ref: { township: req.params.township }, input: req.body })),
  );
}
