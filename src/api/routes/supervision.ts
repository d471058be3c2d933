import { z } from 'zod';
import { ApiError } from '../../contracts/registry.ts';
import { FindingPage, FindingQuery, RunRequest, RunView } from '../../contracts/supervision.ts';
import { getRun, startRunJob } from '../../commands/supervision/jobs.ts';
import { listFindings } from '../../commands/supervision/list-findings.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 429: ApiError };

/** 监督检查 The anomaly rules' runs (a job, polled) and their findings: validate → authorize (in the command) → command → present. */
export function registerSupervisionRoutes(app: ZodApp, deps: RouteDeps): void {
  app.post(
    '/api/anomalies/runs',
    {
      schema: {
        tags: ['supervision'],
        summary: '运行异常规则（后台任务，返回进度）Run the anomaly rules as a job (answers with the run to poll)',
        body: RunRequest,
        response: { 202: RunView, ...errors },
      },
    },
    async (req, reply) => reply.code(202).send(await startRunJob(deps.ctxOf(req), { county: req.body.county, rules: req.body.rules })),
  );
  app.get(
    '/api/anomalies/runs/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '异常规则运行进度与结果 A run of the anomaly rules: progress and counts per rule',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: RunView, ...errors },
      },
    },
    async (req) => getRun(deps.ctxOf(req), req.params.id),
  );
  app.get(
    '/api/findings',
    {
      schema: {
        tags: ['supervision'],
        summary: '问题线索列表（按规则、状态、区域筛选，分页）Findings of the anomaly rules, by rule, status and area, a page at a time',
        querystring: FindingQuery,
        response: { 200: FindingPage, ...errors },
      },
    },
    async (req) => listFindings(deps.ctxOf(req), req.query),
  );
}
