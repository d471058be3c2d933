import { z } from 'zod';
import { syncFieldVisit, syncSpotVisit } from '../../commands/cases/sync-field-visit.ts';
import { assignedVisits } from '../../commands/field-visits/assigned-visits.ts';
import { syncScreeningVisit } from '../../commands/field-visits/screening-visits.ts';
import { syncReviewVisit } from '../../commands/field-visits/sync-review-visit.ts';
import { AssignedVisitList, FieldVisitSync, FieldVisitSynced, ReviewVisitSync, ReviewVisitSynced, ScreeningVisitSynced, SpotVisitSync } from '../../contracts/field-visits.ts';
import { ApiError } from '../../contracts/registry.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const RowRef = z.object({ county: z.string().regex(/^\d{6}$/), campaignId: z.string().min(1).max(64), rowCounty: z.string().regex(/^\d{6}$/), hhNo: z.string().min(1).max(64) });
const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['field-visits'];

/**
 * 外出走访 (issue 17 point 4, ADR 0051): the visits assigned to the user, downloaded to a phone; and a visit recorded
 * offline, synced when the network returns (its photos and signatures uploaded before through the case-file route).
 */
export function registerFieldVisitRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/field-visits',
    { schema: { tags, summary: '外出走访任务 The field visits assigned to me, to take offline (audited)', response: { 200: AssignedVisitList, ...errors } } },
    async (req) => assignedVisits(deps.ctxOf(req)),
  );
  app.post(
    '/api/cases/:county/:id/field-visit',
    {
      schema: {
        tags,
        summary: '同步入户调查 A home visit recorded offline: the investigation with when it was recorded and the base it was recorded against (idempotent by visit id; 409 when the case moved on)',
        params: Ref,
        body: FieldVisitSync,
        response: { 200: FieldVisitSynced, ...errors },
      },
    },
    async (req) => syncFieldVisit(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, input: req.body }),
  );
  app.post(
    '/api/cases/:county/:id/spot-visit/field-visit',
    {
      schema: {
        tags,
        summary: '同步入户抽查 The county’s spot visit of a sampled case recorded offline, with when it was recorded and the base (idempotent by visit id; 409 when the case moved on)',
        params: Ref,
        body: SpotVisitSync,
        response: { 200: FieldVisitSynced, ...errors },
      },
    },
    async (req) => syncSpotVisit(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, input: req.body }),
  );
  app.post(
    '/api/reviews/:county/:id/field-visit',
    {
      schema: {
        tags,
        summary: '同步复核入户调查 A review’s home visit recorded offline: the review investigation with when it was recorded and the base it was recorded against (idempotent by visit id; 409 when the review moved on)',
        params: Ref,
        body: ReviewVisitSync,
        response: { 200: ReviewVisitSynced, ...errors },
      },
    },
    async (req) => syncReviewVisit(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, input: req.body }),
  );
  app.post(
    '/api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/field-visit',
    {
      schema: {
        tags,
        summary: '同步核查走访 A screening row’s verification visit recorded offline: the row’s fill with when it was recorded and the base (idempotent by visit id; 409 when the row moved on)',
        params: RowRef,
        // The fill is read by the ledger's own command (amounts into fen, once); the visit's id, time and base by the sync.
        body: z.record(z.string(), z.unknown()),
        response: { 200: ScreeningVisitSynced, ...errors },
      },
    },
    async (req) => syncScreeningVisit(deps.ctxOf(req), { ref: { campaignId: req.params.campaignId, countyCode: req.params.rowCounty, hhNo: req.params.hhNo }, input: req.body }),
  );
}
