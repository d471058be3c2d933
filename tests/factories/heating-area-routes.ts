import type { RouteSpec } from './area-routes.ts';

/** What the heating-season routes are aimed at: a county's season (open, or to be opened). */
export interface HeatingAim {
  county: string;
  season: string;
}

let aim: HeatingAim | null = null;
/** Set by tests/integration/heating-season-api.test.ts before it runs the table. */
export const aimHeatingRoutes = (a: HeatingAim) => {
  aim = a;
};
const target = () => {
  if (!aim) throw new Error('heating routes run without an aim');
  return aim;
};
const seasonUrl = (rest = '') => `/api/heating/seasons/${target().county}/${target().season}${rest}`;

/**
 * The heating-season routes (issue 14, ADR 0043) for the area-scope test's table, kind `heating-flow`:
 * tests/integration/heating-season-api.test.ts runs them for another county's staff (out of area / not found) and roles
 * without the permission (403), and checks nothing changed.
 */
export const HEATING_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/heating/seasons': { kind: 'heating-flow', variants: [() => ({ method: 'GET', url: '/api/heating/seasons' })] },
  'POST /api/heating/seasons': {
    kind: 'heating-flow',
    variants: [
      () => ({ method: 'POST', url: '/api/heating/seasons', body: { county: target().county, season: target().season } }),
      // Another season of the same county: not open yet, so an allowed caller would open it.
      () => ({ method: 'POST', url: '/api/heating/seasons', body: { county: target().county, season: '2020-2021', referenceDay: '2020-11-15' } }),
    ],
  },
  'GET /api/heating/seasons/:county/:season': { kind: 'heating-flow', variants: [() => ({ method: 'GET', url: seasonUrl() })] },
  'GET /api/heating/seasons/:county/:season/exceptions': {
    kind: 'heating-flow',
    variants: [() => ({ method: 'GET', url: seasonUrl('/exceptions') }), () => ({ method: 'GET', url: seasonUrl('/exceptions?kind=missing&page=1&pageSize=10') })],
  },
  'POST /api/heating/seasons/:county/:season/rolls': {
    kind: 'heating-flow',
    variants: [() => ({ method: 'POST', url: seasonUrl('/rolls'), body: {} }), () => ({ method: 'POST', url: seasonUrl('/rolls'), body: { supplementary: true } })],
  },
};
