import type { RouteSpec } from './area-routes.ts';

/** What the supervision routes are aimed at: a county and a run of the rules. */
export interface SupervisionAim {
  county: string;
  runId: string;
  /** A death-record file (CSV) naming a person of `county`. */
  deathCsv: string;
}

let aim: SupervisionAim | null = null;
/** Set by tests/integration/anomalies-api.test.ts before it runs the table. */
export const aimSupervisionRoutes = (a: SupervisionAim) => {
  aim = a;
};
const target = () => {
  if (!aim) throw new Error('supervision routes run without an aim');
  return aim;
};

/**
 * The anomaly rules' routes (issue 16, ADR 0046) for the area-scope test's table, kind `supervision-flow`:
 * tests/integration/anomalies-api.test.ts runs them for another county's administrator (out of area), a sibling
 * township and roles without the permission.
 */
export const SUPERVISION_AREA_ROUTES: Record<string, RouteSpec> = {
  'POST /api/anomalies/runs': { kind: 'supervision-flow', variants: [() => ({ method: 'POST', url: '/api/anomalies/runs', body: { county: target().county } })] },
  'GET /api/anomalies/runs/:id': { kind: 'supervision-flow', variants: [() => ({ method: 'GET', url: `/api/anomalies/runs/${target().runId}` })] },
  'GET /api/findings': {
    kind: 'supervision-flow',
    variants: [() => ({ method: 'GET', url: '/api/findings' }), () => ({ method: 'GET', url: `/api/findings?area=${target().county}` })],
  },
  'GET /api/deaths/import/template': { kind: 'supervision-flow', variants: [() => ({ method: 'GET', url: '/api/deaths/import/template' })] },
  'POST /api/deaths/import': {
    kind: 'supervision-flow',
    variants: [() => ({ method: 'POST', url: '/api/deaths/import?format=csv', body: target().deathCsv, headers: { 'content-type': 'text/csv' } })],
  },
};
