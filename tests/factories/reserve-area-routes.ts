import { AREAS } from './users.ts';
import type { RouteSpec } from './area-routes.ts';

/**
 * The township reserve's routes (issue 13 point 2, ADR 0039) for the area-scope test's table, kind `reserve-flow`:
 * tests/integration/township-reserve.test.ts runs them for the township's own staff, a sibling township, another
 * county, the city and roles without the permission.
 */
export const RESERVE_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/temporary/reserves': { kind: 'reserve-flow', variants: [() => ({ method: 'GET', url: '/api/temporary/reserves' })] },
  'GET /api/temporary/reserves/:township': { kind: 'reserve-flow', variants: [() => ({ method: 'GET', url: `/api/temporary/reserves/${AREAS.township}` })] },
  'POST /api/temporary/reserves/:township/top-ups': {
    kind: 'reserve-flow',
    variants: [() => ({ method: 'POST', url: `/api/temporary/reserves/${AREAS.township}/top-ups`, body: { amount: '100.00', note: '测试' } })],
  },
};
