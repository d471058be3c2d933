import type { RouteSpec } from './area-routes.ts';

/** A screening campaign and one of its ledger rows, as the poverty area-scope test aims at them. */
export interface ScreeningAim {
  campaignCounty: string;
  campaignId: string;
  rowCounty: string;
  hhNo: string;
  version: number;
  /** The snapshot the campaign was opened over. */
  snapshotId?: string;
}

const NONE = '00000000-0000-4000-8000-000000000000';
const aim = (s: ScreeningAim | undefined): ScreeningAim => s ?? { campaignCounty: '211221', campaignId: NONE, rowCounty: '211221', hhNo: 'P0', version: 1 };
const base = (s: ScreeningAim) => `/api/screening/campaigns/${s.campaignCounty}/${s.campaignId}`;
const row = (s: ScreeningAim) => `${base(s)}/rows/${s.rowCounty}/${s.hhNo}`;

/**
 * The routes of the poverty-registry exchange and the screening campaign (issue 12) for the area-scope test's table.
 * `screening-flow` routes are aimed at a prepared campaign and row (`s`, a `ScreeningAim`):
 * tests/integration/poverty-area-scope.test.ts runs them inside the area, from a sibling township and another county,
 * and for roles without the permission.
 */
export const POVERTY_AREA_ROUTES: Record<string, RouteSpec> = {
  // The poverty template and a refused import's report (the report the client sends back): no case data.
  'GET /api/poverty/import/template': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/poverty/import/template' })] },
  'POST /api/poverty/import/report': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/poverty/import/report', body: { problems: [], problemCount: 0 } })] },
  // The import (the liaison's alone) and the snapshots' changes, scoped by the changed rows' counties and villages.
  'POST /api/poverty/import': {
    kind: 'poverty-flow',
    variants: [() => ({ method: 'POST', url: '/api/poverty/import?format=csv', body: '户编号,成员姓名\n', headers: { 'content-type': 'text/csv' } })],
  },
  'GET /api/poverty/snapshots': { kind: 'poverty-flow', variants: [() => ({ method: 'GET', url: '/api/poverty/snapshots' })] },
  'GET /api/poverty/snapshots/:id/changes': { kind: 'poverty-flow', variants: [({ s }) => ({ method: 'GET', url: `/api/poverty/snapshots/${s?.snapshotId ?? NONE}/changes` })] },
  // The review queue of suggested matches and its decisions (ADR 0033): tests/integration/poverty-match.test.ts runs them
  // for the township of the registry person, a sibling township (not found), roles without poverty.match (403).
  'GET /api/poverty/matches': { kind: 'poverty-match', variants: [() => ({ method: 'GET', url: '/api/poverty/matches' })] },
  'POST /api/poverty/matches/decisions': {
    kind: 'poverty-match',
    variants: [({ s }) => ({ method: 'POST', url: '/api/poverty/matches/decisions', body: { snapshotId: s?.snapshotId ?? NONE, personKey: 'i:none', countyCode: '211221', personId: NONE, decision: 'rejected' } })],
  },
  'GET /api/screening/campaigns': { kind: 'screening-flow', variants: [() => ({ method: 'GET', url: '/api/screening/campaigns' })] },
  'POST /api/screening/campaigns': {
    kind: 'screening-flow',
    variants: [({ s }) => ({ method: 'POST', url: '/api/screening/campaigns', body: { county: aim(s).campaignCounty, year: 2031, workingDays: 10 } })],
  },
  'GET /api/screening/campaigns/:county/:campaignId/progress': { kind: 'screening-flow', variants: [({ s }) => ({ method: 'GET', url: `${base(aim(s))}/progress` })] },
  'GET /api/screening/campaigns/:county/:campaignId/rows': { kind: 'screening-flow', variants: [({ s }) => ({ method: 'GET', url: `${base(aim(s))}/rows` })] },
  'GET /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo': { kind: 'screening-flow', variants: [({ s }) => ({ method: 'GET', url: row(aim(s)) })] },
  'POST /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/fill': {
    kind: 'screening-flow',
    variants: [({ s }) => ({ method: 'POST', url: `${row(aim(s))}/fill`, body: { version: aim(s).version, methods: [], findings: null } })],
  },
  'POST /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/conclude': {
    kind: 'screening-flow',
    variants: [({ s }) => ({ method: 'POST', url: `${row(aim(s))}/conclude`, body: { version: aim(s).version, conclusion: 'not_eligible', reason: '收入高于标准' } })],
  },
  'POST /api/screening/campaigns/:county/:campaignId/close': { kind: 'screening-flow', variants: [({ s }) => ({ method: 'POST', url: `${base(aim(s))}/close`, body: {} })] },
  'GET /api/screening/campaigns/:county/:campaignId/ledger.xlsx': { kind: 'screening-flow', variants: [({ s }) => ({ method: 'GET', url: `${base(aim(s))}/ledger.xlsx` })] },
};
