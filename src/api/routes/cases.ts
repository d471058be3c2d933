import { z } from 'zod';
import {
  CaseApply,
  CaseDeliberation,
  CaseDetail,
  CaseInvestigation,
  CaseObjection,
  CaseOpinion,
  CasePage,
  CaseReasons,
  CaseRequestMissing,
  CaseSearch,
  CaseWithdraw,
  PublicNoticeList,
  PublicNoticeQuery,
  SpotCheckDraw,
  SpotCheckView,
  SpotVisit,
  StepBase,
  WorklistPage,
  WorklistQuery,
} from '../../contracts/cases.ts';
import { ApiError } from '../../contracts/registry.ts';
import { acceptApplication } from '../../commands/cases/accept-application.ts';
import { approveCase } from '../../commands/cases/approve-case.ts';
import { closeVillageNotice } from '../../commands/cases/close-village-notice.ts';
import { countyOpinion } from '../../commands/cases/county-opinion.ts';
import { drawSpotCheck } from '../../commands/cases/draw-spot-check.ts';
import { getCase } from '../../commands/cases/get-case.ts';
import { getSpotCheck } from '../../commands/cases/get-spot-check.ts';
import { listCases } from '../../commands/cases/list-cases.ts';
import { publicNotices } from '../../commands/cases/public-notices.ts';
import { recordDeliberation } from '../../commands/cases/record-deliberation.ts';
import { recordDeliberationStage } from '../../commands/cases/record-deliberation-stage.ts';
import { recordDisclosure } from '../../commands/cases/record-disclosure.ts';
import { CaseDeliberationStageInput, CaseDisclosureInput } from '../../contracts/four-deliberations.ts';
import { recordInvestigation } from '../../commands/cases/record-investigation.ts';
import { recordCaseTekunCare } from '../../commands/cases/record-tekun-care.ts';
import { CaseTekunCareInput } from '../../contracts/tekun-care.ts';
import { recordObjection } from '../../commands/cases/record-objection.ts';
import { recordSpotVisit } from '../../commands/cases/record-spot-visit.ts';
import { refuseCase } from '../../commands/cases/refuse-case.ts';
import { requestMissing } from '../../commands/cases/request-missing.ts';
import { resubmitApplication } from '../../commands/cases/resubmit-application.ts';
import { returnForInvestigation } from '../../commands/cases/return-for-investigation.ts';
import { submitApplication } from '../../commands/cases/submit-application.ts';
import { townshipReview } from '../../commands/cases/township-review.ts';
import { withdrawCase } from '../../commands/cases/withdraw-case.ts';
import { worklist } from '../../commands/cases/worklist.ts';
import type { CommandContext } from '../../commands/context.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['cases'];

type StepCommand<B> = (ctx: CommandContext, props: { ref: { countyCode: string; id: string }; input: B }) => Promise<CaseDetail>;

/**
 * Case routes (dibao and tekun procedure): validate → authorize (in the command) → command → present. Every step is
 * `POST /api/cases/:county/:id/<step>` with the case version the user saw; a stale version answers 409 STALE_VERSION.
 */
export function registerCaseRoutes(app: ZodApp, deps: RouteDeps): void {
  const step = <B extends z.ZodType>(path: string, summary: string, body: B, command: StepCommand<z.infer<B>>) =>
    app.post(
      `/api/cases/:county/:id/${path}`,
      { schema: { tags, summary, params: Ref, body, response: { 200: CaseDetail, ...errors } } },
      async (req) => command(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, input: req.body as z.infer<B> }),
    );

  app.get(
    '/api/cases',
    { schema: { tags, summary: '案件查询 Search cases', querystring: CaseSearch, response: { 200: CasePage, ...errors } } },
    async (req) => listCases(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/cases',
    { schema: { tags, summary: '申请 File an application', body: CaseApply, response: { 201: CaseDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await submitApplication(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/cases/:county/:id',
    { schema: { tags, summary: '案件详情 Case detail with records and timeline', params: Ref, response: { 200: CaseDetail, ...errors } } },
    async (req) => getCase(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
  step('accept', '受理 Accept', StepBase, acceptApplication);
  step('request-missing', '一次性告知 List everything missing', CaseRequestMissing, requestMissing);
  step('resubmit', '补齐材料 Resubmit', StepBase, resubmitApplication);
  step('investigation', '家庭经济状况调查 Record the means investigation', CaseInvestigation, recordInvestigation);
  step('tekun-care', '供养方式与护理等级 Tekun placement and care assessment (investigation, up to approval)', CaseTekunCareInput, recordCaseTekunCare);
  step('deliberation', '民主评议 Record the democratic review', CaseDeliberation, recordDeliberation);
  step('deliberation-stages', '四议 Record one of the four deliberation stages (四议两公开)', CaseDeliberationStageInput, recordDeliberationStage);
  step('disclosures', '两公开 Record a disclosure: resolution published, or result published (四议两公开)', CaseDisclosureInput, recordDisclosure);
  step('township-review', '乡镇审核 Township review (posts the village notice)', CaseOpinion, townshipReview);
  step('return', '退回重新调查 Return for another investigation', CaseReasons, returnForInvestigation);
  step('objections', '公示异议 Record an objection to a notice', CaseObjection, recordObjection);
  step('close-village-notice', '村公示期满 Close the village notice', StepBase, closeVillageNotice);
  step('spot-visit', '县级入户抽查 Record the spot-check home visit', SpotVisit, recordSpotVisit);
  step('county-opinion', '县级审批意见 County opinion (posts the county notice)', CaseOpinion, countyOpinion);
  step('approve', '批准 Approve', StepBase, approveCase);
  step('refuse', '不予批准 Refuse', CaseReasons, refuseCase);
  step('withdraw', '撤回 Withdraw', CaseWithdraw, withdrawCase);

  app.get(
    '/api/worklist',
    { schema: { tags, summary: '待办 My worklist, soonest due first', querystring: WorklistQuery, response: { 200: WorklistPage, ...errors } } },
    async (req) => worklist(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/public-notices',
    { schema: { tags, summary: '公示名单 Cases under notice (masked)', querystring: PublicNoticeQuery, response: { 200: PublicNoticeList, ...errors } } },
    async (req) => publicNotices(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/spot-checks',
    { schema: { tags, summary: '抽取县级入户抽查样本 Draw a spot-check sample', body: SpotCheckDraw, response: { 201: SpotCheckView, ...errors } } },
    async (req, reply) => reply.status(201).send(await drawSpotCheck(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/spot-checks/:county/:id',
    { schema: { tags, summary: '抽查批次 A spot-check batch', params: Ref, response: { 200: SpotCheckView, ...errors } } },
    async (req) => getSpotCheck(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
}
