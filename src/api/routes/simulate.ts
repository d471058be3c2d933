import { ApiError } from '../../contracts/registry.ts';
import { SimulationRequest, SimulationResult } from '../../contracts/simulate.ts';
import { simulatePolicy } from '../../commands/simulate/simulate-policy.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 429: ApiError };

/** 政策测算 What-if simulation: validate → authorize (in the command) → command (off the request loop) → present. */
export function registerSimulateRoutes(app: ZodApp, deps: RouteDeps): void {
  app.post(
    '/api/policy/simulate',
    {
      schema: {
        tags: ['policy'],
        summary: '政策测算：调整参数后各县区低保、特困户数、人数和月支出的变化 What-if: eligible households, persons and monthly cost per county under changed parameters',
        body: SimulationRequest,
        response: { 200: SimulationResult, ...errors },
      },
    },
    async (req) => simulatePolicy(deps.ctxOf(req), req.body),
  );
}
