import type { RouteSpec } from './area-routes.ts';

/**
 * The rolls of one county as the payroll area-scope test aims at them: a built roll (to approve), an approved and
 * exported one (to export again and to import results into), a job, and the next month to build.
 */
export interface PayrollTarget {
  county: string;
  built: { id: string; version: number };
  approved: { id: string; version: number };
  jobId: string;
  nextMonth: string;
  /** A valid result file for `approved` (all paid). */
  resultCsv: string;
}

const need = (p: PayrollTarget | undefined): PayrollTarget => {
  if (!p) throw new Error('payroll area-scope target missing');
  return p;
};

/** Who takes each payroll write inside the county (the positive check of payroll-area.test.ts): m = county admin, c = county approver. */
export const PAYROLL_WRITERS: Record<string, 'm' | 'c'> = {
  'POST /api/payroll/rolls/:county/:id/refresh': 'm',
  'POST /api/payroll/rolls': 'm',
  'POST /api/payroll/rolls/:county/:id/approve': 'c',
  'POST /api/payroll/rolls/:county/:id/results': 'm',
  // A GET, but a bulk read of full bank accounts that also counts the export on the roll.
  'GET /api/payroll/rolls/:county/:id/export': 'm',
};

const flow = (...variants: RouteSpec['variants']): RouteSpec => ({ kind: 'payroll-flow', variants });

/** Payment-roll routes (issue 5) for the area-scope table. */
export const PAYROLL_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/payroll/rolls': flow(
    () => ({ method: 'GET', url: '/api/payroll/rolls?pageSize=100' }),
    ({ p }) => ({ method: 'GET', url: `/api/payroll/rolls?county=${need(p).county}` }),
  ),
  // Before the build of the next month (in this order the positive check refreshes the built roll while it is the latest).
  'POST /api/payroll/rolls/:county/:id/refresh': flow(({ p }) => ({
    method: 'POST',
    url: `/api/payroll/rolls/${need(p).county}/${need(p).built.id}/refresh`,
    body: { version: need(p).built.version },
  })),
  'POST /api/payroll/rolls': flow(({ p }) => ({ method: 'POST', url: '/api/payroll/rolls', body: { county: need(p).county, program: 'dibao', month: need(p).nextMonth } })),
  'GET /api/payroll/rolls/:county/:id': flow(({ p }) => ({ method: 'GET', url: `/api/payroll/rolls/${need(p).county}/${need(p).built.id}` })),
  'GET /api/payroll/rolls/:county/:id/lines': flow(({ p }) => ({ method: 'GET', url: `/api/payroll/rolls/${need(p).county}/${need(p).approved.id}/lines?pageSize=200` })),
  'POST /api/payroll/rolls/:county/:id/approve': flow(({ p }) => ({
    method: 'POST',
    url: `/api/payroll/rolls/${need(p).county}/${need(p).built.id}/approve`,
    body: { version: need(p).built.version },
  })),
  'GET /api/payroll/rolls/:county/:id/export': flow(({ p }) => ({ method: 'GET', url: `/api/payroll/rolls/${need(p).county}/${need(p).approved.id}/export?format=csv` })),
  'POST /api/payroll/rolls/:county/:id/results': flow(({ p }) => ({
    method: 'POST',
    url: `/api/payroll/rolls/${need(p).county}/${need(p).approved.id}/results?format=csv`,
    body: need(p).resultCsv,
    headers: { 'content-type': 'text/csv' },
  })),
  'GET /api/payroll/jobs/:county/:id': flow(({ p }) => ({ method: 'GET', url: `/api/payroll/jobs/${need(p).county}/${need(p).jobId}` })),
  'GET /api/payroll/reissue-queue': flow(
    () => ({ method: 'GET', url: '/api/payroll/reissue-queue' }),
    ({ p }) => ({ method: 'GET', url: `/api/payroll/reissue-queue?county=${need(p).county}` }),
  ),
};
