import type { RouteSpec } from './area-routes.ts';

/** What the rectification routes are aimed at: a finding (its county and id) and a campaign. */
export interface RectificationAim {
  county: string;
  findingId: string;
  campaignId: string;
}

let aim: RectificationAim | null = null;
/** Set by tests/integration/rectification.test.ts before it runs the table. */
export const aimRectificationRoutes = (a: RectificationAim) => {
  aim = a;
};
const target = () => {
  if (!aim) throw new Error('rectification routes run without an aim');
  return aim;
};
const findingUrl = (rest = '') => `/api/findings/${target().county}/${target().findingId}${rest}`;

/**
 * The rectification routes (issue 16 points 2 and 3, ADR 0048) for the area-scope test's table, kind
 * `rectification-flow`: tests/integration/rectification.test.ts runs them for another county's administrator (out of
 * area), a sibling township's caseworker and the village assistant (no permission), and checks nothing changed.
 */
export const RECTIFICATION_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/findings/overdue': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: '/api/findings/overdue' })] },
  'GET /api/findings/counts': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: '/api/findings/counts' })] },
  'GET /api/findings/:county/:id': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: findingUrl() })] },
  'POST /api/findings/:county/:id/answer': { kind: 'rectification-flow', variants: [() => ({ method: 'POST', url: findingUrl('/answer'), body: { action: '区划测试', evidence: '区划测试', version: 1 } })] },
  'POST /api/findings/:county/:id/verify': { kind: 'rectification-flow', variants: [() => ({ method: 'POST', url: findingUrl('/verify'), body: { decision: 'close', note: '区划测试', version: 1 } })] },
  'GET /api/findings/:county/:id/accountability': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: findingUrl('/accountability') })] },
  'POST /api/findings/:county/:id/accountability': {
    kind: 'rectification-flow',
    variants: [() => ({ method: 'POST', url: findingUrl('/accountability'), body: { responsible: ['nobody'], failure: '区划测试', measure: 'interview', decidedOn: '2019-10-01', decidedByName: '区划测试' } })],
  },
  'GET /api/campaigns': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: '/api/campaigns' })] },
  'POST /api/campaigns': {
    kind: 'rectification-flow',
    variants: [() => ({ method: 'POST', url: '/api/campaigns', body: { title: '区划测试', year: 2019, county: target().county, startsOn: '2019-01-01', endsOn: '2019-12-31' } })],
  },
  'GET /api/campaigns/:id': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: `/api/campaigns/${target().campaignId}` })] },
  'GET /api/campaigns/:id/ledger.xlsx': { kind: 'rectification-flow', variants: [() => ({ method: 'GET', url: `/api/campaigns/${target().campaignId}/ledger.xlsx` })] },
  'POST /api/campaigns/:id/close': { kind: 'rectification-flow', variants: [() => ({ method: 'POST', url: `/api/campaigns/${target().campaignId}/close`, body: { version: 1 } })] },
};
