import { z } from 'zod';
import {
  CalculateRequest,
  ComplianceQuery,
  ComplianceReportView,
  DeterminationView,
  OverrideConfirm,
  OverrideCreate,
  OverrideList,
  OverrideListQuery,
  OverrideRef,
  OverrideView,
  OverrideWithdraw,
  ParameterDetail,
  ParameterList,
  ParameterListQuery,
} from '../../contracts/policy.ts';
import { ApiError } from '../../contracts/registry.ts';
import { getParameter, listParameters } from '../../commands/policy/browse-parameters.ts';
import { calculate } from '../../commands/policy/calculate.ts';
import { checkPolicyCompliance } from '../../commands/policy/compliance.ts';
import { confirmOverride, listParameterOverrides, proposeOverride, withdrawOverride } from '../../commands/policy/overrides.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };
const tags = ['policy'];

/** Policy routes: parameters, overrides, calculation, compliance. validate → authorize (in the command) → command. */
export function registerPolicyRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/policy/parameters',
    {
      schema: {
        tags,
        summary: '政策参数及各县区在某日的有效值 Parameters and the value in force per county on a day (default today)',
        querystring: ParameterListQuery,
        response: { 200: ParameterList, ...errors },
      },
    },
    async (req) => listParameters(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/policy/parameters/:name',
    {
      schema: {
        tags,
        summary: '参数的完整历史（按地区） A parameter’s dated history per area, with citations and sources',
        params: z.object({ name: z.string().min(1).max(100) }),
        response: { 200: ParameterDetail, ...errors },
      },
    },
    async (req) => getParameter(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/policy/overrides',
    {
      schema: {
        tags,
        summary: '参数调整申请及其处理经过 Proposed overrides with who proposed, confirmed or withdrew them, and when',
        querystring: OverrideListQuery,
        response: { 200: OverrideList, ...errors },
      },
    },
    async (req) => listParameterOverrides(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/policy/overrides',
    {
      schema: {
        tags,
        summary: '提出参数调整（系统管理员；须市局督查确认后生效） Propose a dated override (system administrator; in force once a city supervisor confirms it)',
        body: OverrideCreate,
        response: { 201: OverrideView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await proposeOverride(deps.ctxOf(req), req.body)),
  );
  app.post(
    '/api/policy/overrides/:id/confirm',
    {
      schema: {
        tags,
        summary: '确认参数调整（市局督查，不能确认本人提出的） Confirm a pending override (city supervisor, not its author)',
        params: OverrideRef,
        body: OverrideConfirm,
        response: { 200: OverrideView, ...errors },
      },
    },
    async (req) => confirmOverride(deps.ctxOf(req), { id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/policy/overrides/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回参数调整（生效前） Withdraw an override before it takes effect',
        params: OverrideRef,
        body: OverrideWithdraw,
        response: { 200: OverrideView, ...errors },
      },
    },
    async (req) => withdrawOverride(deps.ctxOf(req), { id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/policy/calculate',
    {
      schema: {
        tags,
        summary: '测算 Determine eligibility and amount for a situation, with reasons and trace',
        body: CalculateRequest,
        response: { 200: DeterminationView, ...errors },
      },
    },
    async (req) => calculate(deps.ctxOf(req), req.body),
  );
  app.get(
    '/api/policy/compliance',
    {
      schema: {
        tags,
        summary: '合规检查：各县区是否达到实施方案的标准下限 Do the parameters meet the plan’s floors, per county?',
        querystring: ComplianceQuery,
        response: { 200: ComplianceReportView, ...errors },
      },
    },
    async (req) => checkPolicyCompliance(deps.ctxOf(req), req.query),
  );
}
