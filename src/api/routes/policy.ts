import { z } from 'zod';
import {
  CalculateRequest,
  ComplianceQuery,
  ComplianceReportView,
  DeterminationView,
  OverrideCreate,
  ParameterDetail,
  ParameterList,
  ParameterListQuery,
} from '../../contracts/policy.ts';
import { ApiError } from '../../contracts/registry.ts';
import { getParameter, listParameters } from '../../commands/policy/browse-parameters.ts';
import { calculate } from '../../commands/policy/calculate.ts';
import { checkPolicyCompliance } from '../../commands/policy/compliance.ts';
import { addParameterOverride } from '../../commands/policy/parameters.ts';
import type { RouteDeps, ZodApp } from '../server.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError };
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
    async (req) => getParameter(deps.ctxOf(req), req.params.name),
  );
  app.post(
    '/api/policy/overrides',
    {
      schema: {
        tags,
        summary: '新增参数调整（系统管理员） Add a dated parameter override (system administrator; audited)',
        body: OverrideCreate,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await addParameterOverride(deps.ctxOf(req), req.body)),
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
