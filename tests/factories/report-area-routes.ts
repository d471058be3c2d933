import type { RouteSpec } from './area-routes.ts';

/** What the report routes are aimed at: a county's quarter. */
export interface ReportAim {
  county: string;
  quarter: string;
}

let aim: ReportAim | null = null;
/** Set by tests/integration/quarterly-report-api.test.ts before it runs the table. */
export const aimReportRoutes = (a: ReportAim) => {
  aim = a;
};
const target = () => {
  if (!aim) throw new Error('report routes run without an aim');
  return aim;
};
const reportUrl = (rest = '') => `/api/reports/quarterly/${target().county}/${target().quarter}${rest}`;

/**
 * The quarterly report routes (issue 15, ADR 0045) for the area-scope test's table, kind `reports-flow`:
 * tests/integration/quarterly-report-api.test.ts runs them for another county's staff (out of area), a township's
 * staff and roles without the permission, and checks nothing changed.
 */
export const REPORT_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/reports/quarterly': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: `/api/reports/quarterly?quarter=${target().quarter}` })] },
  'GET /api/reports/quarterly/overdue': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: '/api/reports/quarterly/overdue' })] },
  'GET /api/reports/quarterly/:county/:quarter': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: reportUrl() })] },
  'PUT /api/reports/quarterly/:county/:quarter/text': { kind: 'reports-flow', variants: [() => ({ method: 'PUT', url: reportUrl('/text'), body: { progress: '区划测试', version: 1 } })] },
  'POST /api/reports/quarterly/:county/:quarter/submit': { kind: 'reports-flow', variants: [() => ({ method: 'POST', url: reportUrl('/submit'), body: { version: 1 } })] },
  'POST /api/reports/quarterly/:county/:quarter/receive': { kind: 'reports-flow', variants: [() => ({ method: 'POST', url: reportUrl('/receive') })] },
  'GET /api/reports/quarterly/:county/:quarter/rows': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: reportUrl('/rows?program=dibao&figure=households') })] },
  'GET /api/reports/quarterly/:county/:quarter/export': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: reportUrl('/export?format=xlsx') })] },
  'GET /api/reports/bulletins/:quarter/export': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: `/api/reports/bulletins/${target().quarter}/export?format=xlsx` })] },
  'GET /api/reports/comparison/:quarter': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: `/api/reports/comparison/${target().quarter}` })] },
  'GET /api/reports/bulletins': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: '/api/reports/bulletins' })] },
  'GET /api/reports/bulletins/:quarter': { kind: 'reports-flow', variants: [() => ({ method: 'GET', url: `/api/reports/bulletins/${target().quarter}` })] },
  'PUT /api/reports/bulletins/:quarter': { kind: 'reports-flow', variants: [() => ({ method: 'PUT', url: `/api/reports/bulletins/${target().quarter}`, body: { title: '区划测试', version: 1 } })] },
  'POST /api/reports/bulletins/:quarter/issue': { kind: 'reports-flow', variants: [() => ({ method: 'POST', url: `/api/reports/bulletins/${target().quarter}/issue`, body: { version: 1 } })] },
};
