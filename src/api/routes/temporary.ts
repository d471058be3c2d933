import { z } from 'zod';
import { approveTemporary } from '../../commands/temporary/approve-temporary.ts';
import { applyTemporary } from '../../commands/temporary/apply-temporary.ts';
import { authoriseNewEvent } from '../../commands/temporary/authorise-new-event.ts';
import { recordCollectiveDecision } from '../../commands/temporary/collective-decision.ts';
import { investigateTemporary } from '../../commands/temporary/investigate-temporary.ts';
import { overduePaperwork } from '../../commands/temporary/overdue-paperwork.ts';
import { temporaryFigures } from '../../commands/temporary/temporary-figures.ts';
import { recordEmergency } from '../../commands/temporary/record-emergency.ts';
import { recordReferral, recordReferralOutcome } from '../../commands/temporary/referrals.ts';
import { buildDisbursement } from '../../commands/temporary/build-disbursement.ts';
import { disbursementDue } from '../../commands/temporary/disbursement-due.ts';
import { reconcileDisbursement } from '../../commands/temporary/reconcile-disbursement.ts';
import { RollView } from '../../contracts/payroll.ts';
import { CaseDetail, CaseInvestigation } from '../../contracts/cases.ts';
import { YuanAmount } from '../../contracts/money.ts';
import { ApiError } from '../../contracts/registry.ts';
import {
  CollectiveDecision,
  DisbursementBuild,
  DisbursementDue,
  DisbursementDueQuery,
  DisbursementReconciliation,
  EmergencyRecord,
  NewEventAuthorisation,
  OverduePaperworkView,
  TEMPORARY_CATEGORIES,
  TemporaryApplication,
  TemporaryApproval,
  TemporaryFigures,
  TemporaryReferralInput,
  TemporaryReferralOutcome,
} from '../../contracts/temporary.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['temporary'];
const TemporaryInvestigation = CaseInvestigation.extend({ needYuan: YuanAmount, category: z.enum(TEMPORARY_CATEGORIES).optional() });
const ref = (p: z.infer<typeof Ref>) => ({ countyCode: p.county, id: p.id });

/**
 * 临时救助 (issue 13, ADR 0037): an emergency recorded and paid first, an application through the ordinary procedure,
 * the investigation with the need (the level follows it), 一事一议, the approval with its stages, the county's reason
 * for a new event, and the overdue paperwork. The other steps are the case procedure's own (`/api/cases/…`).
 */
export function registerTemporaryRoutes(app: ZodApp, deps: RouteDeps): void {
  // 临时救助发放批次 (ADR 0040): built here; approved, exported and settled as any payment roll (/api/payroll/rolls/…).
  app.get(
    '/api/temporary/disbursements/due',
    { schema: { tags, summary: '待发放 What a disbursement batch built now would pay (nothing written)', querystring: DisbursementDueQuery, response: { 200: DisbursementDue, ...errors } } },
    async (req) => disbursementDue(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/temporary/disbursements',
    {
      schema: {
        tags,
        summary: '生成发放批次 Build a county’s disbursement batch of the stages due (a payment roll: approve, export, import results under /api/payroll/rolls)',
        body: DisbursementBuild,
        response: { 201: RollView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await buildDisbursement(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/temporary/disbursements/:county/:id/reconciliation',
    { schema: { tags, summary: '备用金对账 A batch reconciled against the township reserves’ assist-first payments', params: Ref, response: { 200: DisbursementReconciliation, ...errors } } },
    async (req) => reconcileDisbursement(deps.ctxOf(req), req.params),
  );
  app.post(
    '/api/temporary/emergencies',
    { schema: { tags, summary: '先行救助 Record an emergency and pay it first from the township reserve', body: EmergencyRecord, response: { 201: CaseDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await recordEmergency(deps.ctxOf(req), req.body)),
  );
  app.post(
    '/api/temporary/applications',
    { schema: { tags, summary: '临时救助申请 File an application (ordinary procedure)', body: TemporaryApplication, response: { 201: CaseDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await applyTemporary(deps.ctxOf(req), req.body)),
  );
  app.post(
    '/api/temporary/cases/:county/:id/investigation',
    { schema: { tags, summary: '调查核实 Record the investigation with the need (level recomputed)', params: Ref, body: TemporaryInvestigation, response: { 200: CaseDetail, ...errors } } },
    async (req) => {
      const { needYuan, category, ...investigation } = req.body;
      return investigateTemporary(deps.ctxOf(req), { ref: ref(req.params), input: { ...investigation, needFen: needYuan, category } });
    },
  );
  app.post(
    '/api/temporary/cases/:county/:id/collective-decision',
    { schema: { tags, summary: '一事一议 Record the collective decision (above the normal maximum)', params: Ref, body: CollectiveDecision, response: { 200: CaseDetail, ...errors } } },
    async (req) => recordCollectiveDecision(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
  app.post(
    '/api/temporary/cases/:county/:id/approve',
    { schema: { tags, summary: '批准 Approve at the case’s level, with payment stages', params: Ref, body: TemporaryApproval, response: { 200: CaseDetail, ...errors } } },
    async (req) => approveTemporary(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
  app.post(
    '/api/temporary/cases/:county/:id/referrals',
    { schema: { tags, summary: '转介 Refer the household to other help', params: Ref, body: TemporaryReferralInput, response: { 201: CaseDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await recordReferral(deps.ctxOf(req), { ref: ref(req.params), input: req.body })),
  );
  app.post(
    '/api/temporary/cases/:county/:id/referrals/:seq/outcome',
    {
      schema: {
        tags,
        summary: '转介结果 The outcome of a referral',
        params: Ref.extend({ seq: z.coerce.number().int().min(1).max(1000) }),
        body: TemporaryReferralOutcome,
        response: { 200: CaseDetail, ...errors },
      },
    },
    async (req) => recordReferralOutcome(deps.ctxOf(req), { ref: ref(req.params), seq: req.params.seq, input: req.body }),
  );
  app.post(
    '/api/temporary/new-events',
    { schema: { tags, summary: '新事件说明 A county approver records why an event is a new one', body: NewEventAuthorisation, response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (req, reply) => reply.status(201).send(await authoriseNewEvent(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/temporary/overdue',
    {
      schema: {
        tags,
        summary: '补办手续逾期 Assist-first cases whose paperwork is overdue',
        querystring: z.object({ county: z.string().regex(/^\d{6}$/).optional() }),
        response: { 200: OverduePaperworkView, ...errors },
      },
    },
    async (req) => overduePaperwork(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/temporary/figures',
    {
      schema: {
        tags,
        summary: '临时救助统计 Counts and amounts per county, month, category, level, assist-first, registered poor',
        querystring: z.object({ from: z.string(), to: z.string(), county: z.string().regex(/^\d{6}$/).optional() }),
        response: { 200: TemporaryFigures, ...errors },
      },
    },
    async (req) => temporaryFigures(deps.ctxOf(req), req.query),
  );
}
