import { dashboard } from '../../commands/reports/dashboard.ts';
import { dashboardRows } from '../../commands/reports/dashboard-rows.ts';
import { DashboardQuery, DashboardRows, DashboardRowsQuery, DashboardView } from '../../contracts/dashboard.ts';
import { ApiError } from '../../contracts/registry.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

/** 领导驾驶舱 (issue 15 point 4): an area's figures for a month, and its child divisions', for the drill-down. */
export function registerDashboardRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: '领导驾驶舱 The month’s coverage, spending, overdue work and findings of an area and of each child division',
        querystring: DashboardQuery,
        response: { 200: DashboardView, ...errors },
      },
    },
    async (req) => dashboard(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/dashboard/rows',
    {
      schema: {
        tags: ['dashboard'],
        summary: '驾驶舱数字背后的名单 The records behind one figure of an area’s dashboard for a month, a page at a time, with the list’s totals',
        querystring: DashboardRowsQuery,
        response: { 200: DashboardRows, ...errors },
      },
    },
    async (req) => dashboardRows(deps.ctxOf(req), req.query),
  );
}
