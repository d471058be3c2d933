import { z } from 'zod';
import { changeEnrollment } from '../../commands/enrollments/change-enrollment.ts';
import { changeTekunCare } from '../../commands/enrollments/change-tekun-care.ts';
import { addInstitution, listInstitutions, listPlacements } from '../../commands/enrollments/tekun-institutions.ts';
import { EnrollmentTekunCareInput, InstitutionInput, InstitutionList, InstitutionView, PlacementPage, PlacementQuery } from '../../contracts/tekun-care.ts';
import { getEnrollment, householdEnrollments } from '../../commands/enrollments/get-enrollments.ts';
import { confirmTermination, noticeTermination, withdrawTermination } from '../../commands/enrollments/termination.ts';
import { decideReview } from '../../commands/reviews/decide-review.ts';
import { completeFollowUp, listFollowUps } from '../../commands/reviews/follow-up.ts';
import { getReview, listOverdueReviews, listReviews } from '../../commands/reviews/list-reviews.ts';
import { openReview } from '../../commands/reviews/open-review.ts';
import { cancelReview, investigateReview, returnReview, townshipReviewReview } from '../../commands/reviews/review-steps.ts';
import {
  DIRECT_CHANGES,
  EnrollmentChange,
  EnrollmentDetail,
  FollowUpDone,
  FollowUpPage,
  FollowUpQuery,
  FollowUpView,
  HouseholdEnrollments,
  ListQuery,
  OverdueQuery,
  OverduePage,
  ReviewDecision,
  ReviewDetail,
  ReviewInvestigation,
  ReviewOpen,
  ReviewOpinion,
  ReviewPage,
  ReviewReasons,
  TerminationClose,
  TerminationNoticeInput,
} from '../../contracts/enrollments.ts';
import { ApiError } from '../../contracts/registry.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const ref = (p: { county: string; id: string }) => ({ countyCode: p.county, id: p.id });

const CHANGE_SUMMARY: Record<(typeof DIRECT_CHANGES)[number], string> = {
  suspend: '暂停发放 Suspend from next month',
  resume: '恢复发放 Resume from next month',
  increase: '增发 Increase from next month (engine amount)',
  reduce: '减发 Reduce from next month (engine amount)',
  stop: '停发 Stop from next month (dibao)',
};

/**
 * Enrollments, reviews and follow-up tasks (issue 5): validate → authorize (in the command) → command → present.
 * Every change is `POST …/<action>` with the version the user saw and written reasons; it takes effect next month.
 */
export function registerEnrollmentRoutes(app: ZodApp, deps: RouteDeps): void {
  const tags = ['enrollments'];
  app.get(
    '/api/households/:county/:id/enrollments',
    { schema: { tags, summary: '家庭保障记录 Enrollments of a household with their terms', params: Ref, response: { 200: HouseholdEnrollments, ...errors } } },
    async (req) => householdEnrollments(deps.ctxOf(req), ref(req.params)),
  );
  app.get(
    '/api/enrollments/:county/:id',
    { schema: { tags, summary: '保障对象 An enrollment, its term history (each with why), review and notices', params: Ref, response: { 200: EnrollmentDetail, ...errors } } },
    async (req) => getEnrollment(deps.ctxOf(req), ref(req.params)),
  );
  for (const kind of DIRECT_CHANGES) {
    app.post(
      `/api/enrollments/:county/:id/${kind}`,
      { schema: { tags, summary: CHANGE_SUMMARY[kind], params: Ref, body: EnrollmentChange, response: { 200: EnrollmentDetail, ...errors } } },
      async (req) => changeEnrollment(deps.ctxOf(req), { ref: ref(req.params), kind, input: req.body }),
    );
  }
  app.post(
    '/api/enrollments/:county/:id/tekun-care',
    { schema: { tags, summary: '供养方式与护理等级变更 Change a tekun placement or care level from a month (a new term when the amount changes)', params: Ref, body: EnrollmentTekunCareInput, response: { 200: EnrollmentDetail, ...errors } } },
    async (req) => changeTekunCare(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
  app.get(
    '/api/tekun/institutions',
    { schema: { tags, summary: '供养服务机构 A county\'s institutions (open ones)', querystring: z.object({ county: z.string().regex(/^\d{6}$/) }), response: { 200: InstitutionList, ...errors } } },
    async (req) => listInstitutions(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/tekun/institutions',
    { schema: { tags, summary: '新增供养服务机构 Add an institution to a county\'s list (county level)', body: InstitutionInput, response: { 201: InstitutionView, ...errors } } },
    async (req, reply) => reply.status(201).send(await addInstitution(deps.ctxOf(req), { input: req.body })),
  );
  app.get(
    '/api/tekun/placements',
    { schema: { tags, summary: '特困供养名册 Tekun enrollments of a county in a month with placement and care level (filter by placement)', querystring: PlacementQuery, response: { 200: PlacementPage, ...errors } } },
    async (req) => listPlacements(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/enrollments/:county/:id/termination-notice',
    { schema: { tags, summary: '特困终止告知 Tekun termination notice (7 days)', params: Ref, body: TerminationNoticeInput, response: { 200: EnrollmentDetail, ...errors } } },
    async (req) => noticeTermination(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
  app.post(
    '/api/enrollments/:county/:id/termination-notice/confirm',
    { schema: { tags, summary: '终止特困供养 Confirm after the notice: stops next month', params: Ref, body: TerminationClose, response: { 200: EnrollmentDetail, ...errors } } },
    async (req) => confirmTermination(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
  app.post(
    '/api/enrollments/:county/:id/termination-notice/withdraw',
    { schema: { tags, summary: '撤回终止告知 Withdraw the termination notice', params: Ref, body: TerminationClose, response: { 200: EnrollmentDetail, ...errors } } },
    async (req) => withdrawTermination(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );

  const rtags = ['reviews'];
  app.get(
    '/api/reviews',
    { schema: { tags: rtags, summary: '复核待办 Open reviews, soonest due first', querystring: ListQuery, response: { 200: ReviewPage, ...errors } } },
    async (req) => listReviews(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/reviews/overdue',
    { schema: { tags: rtags, summary: '逾期复核 Enrollments overdue for their periodic review (dueWithin: and those due in so many days)', querystring: OverdueQuery, response: { 200: OverduePage, ...errors } } },
    async (req) => listOverdueReviews(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/reviews',
    { schema: { tags: rtags, summary: '复核立案 Open a review (scheduled, or a change the household reported)', body: ReviewOpen, response: { 201: ReviewDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await openReview(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/reviews/:county/:id',
    { schema: { tags: rtags, summary: '复核详情 A review with its timeline', params: Ref, response: { 200: ReviewDetail, ...errors } } },
    async (req) => getReview(deps.ctxOf(req), ref(req.params)),
  );
  const step = <B extends z.ZodType>(path: string, summary: string, body: B, run: (ctx: ReturnType<RouteDeps['ctxOf']>, r: { countyCode: string; id: string }, input: z.infer<B>) => Promise<ReviewDetail>) =>
    app.post(
      `/api/reviews/:county/:id/${path}`,
      { schema: { tags: rtags, summary, params: Ref, body, response: { 200: ReviewDetail, ...errors } } },
      async (req) => run(deps.ctxOf(req), ref(req.params), req.body as z.infer<B>),
    );
  step('investigation', '入户调查 Record the investigation', ReviewInvestigation, (ctx, r, input) => investigateReview(ctx, { ref: r, input }));
  step('township-review', '乡镇审核 Township review', ReviewOpinion, (ctx, r, input) => townshipReviewReview(ctx, { ref: r, input }));
  step('return', '退回重新调查 Township returns it for investigation', ReviewReasons, (ctx, r, input) => returnReview(ctx, { ref: r, input, by: 'township' }));
  step('county-return', '县级退回 County returns it for investigation', ReviewReasons, (ctx, r, input) => returnReview(ctx, { ref: r, input, by: 'county' }));
  step('decision', '县级决定 Keep, change, stop or gradual exit from next month', ReviewDecision, (ctx, r, input) => decideReview(ctx, { ref: r, input }));
  step('cancel', '撤销复核 Cancel the review', ReviewReasons, (ctx, r, input) => cancelReview(ctx, { ref: r, input }));

  app.get(
    '/api/follow-up-tasks',
    { schema: { tags: rtags, summary: '退出后跟进 Follow-up tasks after exits', querystring: FollowUpQuery, response: { 200: FollowUpPage, ...errors } } },
    async (req) => listFollowUps(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/follow-up-tasks/:county/:id/done',
    { schema: { tags: rtags, summary: '完成跟进 Record the follow-up', params: Ref, body: FollowUpDone, response: { 200: FollowUpView, ...errors } } },
    async (req) => completeFollowUp(deps.ctxOf(req), { ref: ref(req.params), input: req.body }),
  );
}
