import type { RouteSpec } from './area-routes.ts';

/** What the temporary-aid routes are aimed at: a household of the township and an open temporary case of it. */
export interface TemporaryAim {
  household: { countyCode: string; id: string; applicantPersonId: string };
  case: { countyCode: string; id: string; version: number };
}

let aim: TemporaryAim | null = null;
/** Set by tests/integration/temporary-aid.test.ts before it runs the table. */
export const aimTemporaryRoutes = (a: TemporaryAim) => {
  aim = a;
};
const target = () => {
  if (!aim) throw new Error('temporary routes run without an aim');
  return aim;
};
const caseUrl = (step: string) => `/api/temporary/cases/${target().case.countyCode}/${target().case.id}/${step}`;

/**
 * The temporary-aid routes (issue 13, ADR 0037) for the area-scope test's table, kind `temporary-flow`:
 * tests/integration/temporary-aid.test.ts runs them for staff of a sibling township and another county (not found / out
 * of area) and roles without the permission (403), and checks nothing changed.
 */
export const TEMPORARY_AREA_ROUTES: Record<string, RouteSpec> = {
  'POST /api/temporary/emergencies': {
    kind: 'temporary-flow',
    variants: [
      () => ({
        method: 'POST',
        url: '/api/temporary/emergencies',
        body: {
          household: { countyCode: target().household.countyCode, id: target().household.id },
          applicantPersonId: target().household.applicantPersonId,
          category: 'natural_disaster',
          eventDate: '2019-10-01',
          eventNote: '暴雨冲毁院墙',
          needYuan: '600',
          paidFirstYuan: '300',
          reason: '急需修缮',
        },
      }),
    ],
  },
  'POST /api/temporary/applications': {
    kind: 'temporary-flow',
    variants: [
      () => ({
        method: 'POST',
        url: '/api/temporary/applications',
        body: {
          household: { countyCode: target().household.countyCode, id: target().household.id },
          applicantPersonId: target().household.applicantPersonId,
          category: 'medical',
          eventDate: '2019-10-01',
          eventNote: '住院自付费用过高',
          needYuan: '900',
        },
      }),
    ],
  },
  'POST /api/temporary/cases/:county/:id/investigation': {
    kind: 'temporary-flow',
    variants: [
      () => ({
        method: 'POST',
        url: caseUrl('investigation'),
        body: {
          version: target().case.version,
          investigators: [{ name: '王调查' }, { name: '赵调查' }],
          investigatedOn: '2019-10-14',
          dataCheck: { result: 'eligible', checkedOn: '2019-10-14', reasons: [] },
          needYuan: '700',
        },
      }),
    ],
  },
  'POST /api/temporary/cases/:county/:id/collective-decision': {
    kind: 'temporary-flow',
    variants: [
      () => ({
        method: 'POST',
        url: caseUrl('collective-decision'),
        body: {
          version: target().case.version,
          decidedOn: '2019-10-14',
          participants: [1, 2, 3].map((i) => ({ name: `参会人${i}`, post: '科员' })),
          members: 3,
          present: 3,
          inFavour: 3,
          decision: '同意',
          amountYuan: '9000',
        },
      }),
    ],
  },
  'POST /api/temporary/cases/:county/:id/approve': { kind: 'temporary-flow', variants: [() => ({ method: 'POST', url: caseUrl('approve'), body: { version: target().case.version } })] },
  'POST /api/temporary/cases/:county/:id/referrals': {
    kind: 'temporary-flow',
    variants: [() => ({ method: 'POST', url: caseUrl('referrals'), body: { target: 'charity', note: '转介慈善组织', referredOn: '2019-10-14' } })],
  },
  'POST /api/temporary/cases/:county/:id/referrals/:seq/outcome': {
    kind: 'temporary-flow',
    variants: [() => ({ method: 'POST', url: `${caseUrl('referrals')}/1/outcome`, body: { outcome: 'helped', on: '2019-10-14' } })],
  },
  'POST /api/temporary/new-events': {
    kind: 'temporary-flow',
    variants: [
      () => ({
        method: 'POST',
        url: '/api/temporary/new-events',
        body: { household: { countyCode: target().household.countyCode, id: target().household.id }, category: 'fire', eventDate: '2019-10-02', reason: '测试' },
      }),
    ],
  },
  'GET /api/temporary/figures': { kind: 'temporary-flow', variants: [() => ({ method: 'GET', url: `/api/temporary/figures?from=2019-01&to=2019-12&county=${target().case.countyCode}` })] },
  'GET /api/temporary/overdue': { kind: 'temporary-flow', variants: [() => ({ method: 'GET', url: `/api/temporary/overdue?county=${target().case.countyCode}` })] },
  // Disbursement batches (ADR 0040): the rolls' permissions, a county's scope (tests/integration/temporary-disbursement.test.ts walks them inside it).
  'GET /api/temporary/disbursements/due': { kind: 'temporary-flow', variants: [() => ({ method: 'GET', url: `/api/temporary/disbursements/due?county=${target().case.countyCode}` })] },
  'POST /api/temporary/disbursements': { kind: 'temporary-flow', variants: [() => ({ method: 'POST', url: '/api/temporary/disbursements', body: { county: target().case.countyCode } })] },
  'GET /api/temporary/disbursements/:county/:id/reconciliation': {
    kind: 'temporary-flow',
    variants: [() => ({ method: 'GET', url: `/api/temporary/disbursements/${target().case.countyCode}/no-batch-yet/reconciliation` })],
  },
};
