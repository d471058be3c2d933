import type { RouteSpec } from './area-routes.ts';

/** A case as the area-scope test aims at it: county, id and the version to send. */
export interface CaseAim {
  countyCode: string;
  id: string;
  version: number;
}

/**
 * The cases of one area, prepared so that every case write would succeed for the right user of that area: one case
 * per write route, each in the state the route needs. `household` has no open case (for a new application).
 */
export interface CaseTarget {
  areaCode: string;
  township: string;
  byRoute: Record<string, CaseAim>;
  any: CaseAim;
  household: { countyCode: string; id: string; applicantId: string };
  spotCheck: { countyCode: string; id: string };
}

/** The role that takes each case write inside the area (the positive check of the case area-scope test). */
export const CASE_WRITERS: Record<string, 'va' | 'cw' | 'rv' | 'ap'> = {
  'POST /api/cases': 'va',
  'POST /api/cases/:county/:id/accept': 'cw',
  'POST /api/cases/:county/:id/request-missing': 'cw',
  'POST /api/cases/:county/:id/resubmit': 'va',
  'POST /api/cases/:county/:id/investigation': 'cw',
  'POST /api/cases/:county/:id/tekun-care': 'cw',
  'POST /api/cases/:county/:id/deliberation': 'va',
  'POST /api/cases/:county/:id/deliberation-stages': 'va',
  'POST /api/cases/:county/:id/disclosures': 'cw',
  'POST /api/cases/:county/:id/township-review': 'rv',
  'POST /api/cases/:county/:id/return': 'rv',
  'POST /api/cases/:county/:id/objections': 'cw',
  'POST /api/cases/:county/:id/close-village-notice': 'cw',
  'POST /api/spot-checks': 'ap',
  'POST /api/cases/:county/:id/spot-visit': 'ap',
  'POST /api/cases/:county/:id/county-opinion': 'ap',
  'POST /api/cases/:county/:id/approve': 'ap',
  'POST /api/cases/:county/:id/refuse': 'ap',
  'POST /api/cases/:county/:id/withdraw': 'va',
};

const DAY = '2019-07-02';
const at = (k: CaseTarget | undefined, key: string) => {
  const c = k?.byRoute[key];
  if (!c) throw new Error(`case area-scope target has no case for ${key}`);
  return c;
};
const step = (key: string, path: string, body: Record<string, unknown>): RouteSpec => ({
  kind: 'case-flow',
  variants: [({ k }) => {
    const c = at(k, key);
    return { method: 'POST', url: `/api/cases/${c.countyCode}/${c.id}/${path}`, body: { version: c.version, ...body } };
  }],
});
const S = (path: string) => `POST /api/cases/:county/:id/${path}`;

/**
 * Case routes (issue 4) for the area-scope test's table. Their requests aim at a `CaseTarget` (`k`), not a household:
 * see the "case routes" block of area-scope.test.ts, which runs each of them across areas.
 */
export const CASE_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/cases': {
    kind: 'case-flow',
    variants: [() => ({ method: 'GET', url: '/api/cases?pageSize=100' }), ({ k }) => ({ method: 'GET', url: `/api/cases?area=${k?.areaCode}&pageSize=100` })],
  },
  'GET /api/cases/:county/:id': { kind: 'case-flow', variants: [({ k }) => ({ method: 'GET', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}` })] },
  'GET /api/worklist': { kind: 'case-flow', variants: [() => ({ method: 'GET', url: '/api/worklist?pageSize=100' }), ({ k }) => ({ method: 'GET', url: `/api/worklist?area=${k?.areaCode}` })] },
  'GET /api/public-notices': {
    kind: 'case-flow',
    variants: [() => ({ method: 'GET', url: '/api/public-notices?level=village' }), ({ k }) => ({ method: 'GET', url: `/api/public-notices?level=village&area=${k?.areaCode}` })],
  },
  'GET /api/spot-checks/:county/:id': { kind: 'case-flow', variants: [({ k }) => ({ method: 'GET', url: `/api/spot-checks/${k?.spotCheck.countyCode}/${k?.spotCheck.id}` })] },
  // Documents (issue 4, point 5): the HTML print view and the PDF of a case document, and the public notice list.
  'GET /api/cases/:county/:id/documents/:kind': {
    kind: 'case-flow',
    variants: [
      ({ k }) => ({ method: 'GET', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/documents/record?format=html` }),
      ({ k }) => {
        // An accepted case has its acceptance notice; a target without one (another county's) is aimed at its record sheet.
        const c = k?.byRoute[S('investigation')];
        return c ? { method: 'GET', url: `/api/cases/${c.countyCode}/${c.id}/documents/acceptance?format=html&download=true` } : { method: 'GET', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/documents/record?format=html` };
      },
    ],
  },
  'GET /api/public-notices/document': {
    kind: 'case-flow',
    variants: [
      () => ({ method: 'GET', url: '/api/public-notices/document?level=village&format=html' }),
      ({ k }) => ({ method: 'GET', url: `/api/public-notices/document?level=village&format=html&area=${k?.areaCode}` }),
    ],
  },

  'POST /api/cases': {
    kind: 'case-flow',
    variants: [
      ({ k }) => ({
        method: 'POST',
        url: '/api/cases',
        body: {
          kind: 'dibao_household',
          household: { countyCode: k?.household.countyCode, id: k?.household.id },
          applicantPersonId: k?.household.applicantId,
          signedDeclaration: true,
          dataCheckAuthorised: true,
          staffRelative: false,
        },
      }),
    ],
  },
  'POST /api/spot-checks': { kind: 'case-flow', variants: [({ k }) => ({ method: 'POST', url: '/api/spot-checks', body: { area: k?.township, seed: 5 } })] },
  [S('accept')]: step(S('accept'), 'accept', {}),
  [S('request-missing')]: step(S('request-missing'), 'request-missing', { missing: ['户口簿复印件'] }),
  [S('resubmit')]: step(S('resubmit'), 'resubmit', {}),
  [S('tekun-care')]: step(S('tekun-care'), 'tekun-care', { placement: 'home', selfCareFailed: ['walk'], assessedOn: '2019-07-01', reasons: ['区划测试 护理等级'] }),
  [S('investigation')]: step(S('investigation'), 'investigation', {
    investigators: [{ name: '王调查' }, { name: '赵调查' }],
    investigatedOn: DAY,
    homeVisitOn: DAY,
    neighbourVisits: 1,
    writtenEvidence: ['收入证明'],
    dataCheck: { result: 'eligible', checkedOn: DAY },
  }),
  [S('deliberation')]: step(S('deliberation'), 'deliberation', {
    heldOn: DAY,
    participants: [
      { name: '代表一', category: 'villager_representative' },
      { name: '代表二', category: 'villager_representative' },
      { name: '委员一', category: 'village_committee' },
    ],
    conclusion: 'agree',
    signed: true,
  }),
  // 四议两公开 (ADR 0036): not steps (no version), but case writes like them.
  [S('deliberation-stages')]: step(S('deliberation-stages'), 'deliberation-stages', { stage: 'proposal', heldOn: DAY, present: 3, entitled: 5, outcome: 'agreed' }),
  [S('disclosures')]: step(S('disclosures'), 'disclosures', { kind: 'resolution', postedOn: DAY, place: '村务公开栏' }),
  [S('township-review')]: step(S('township-review'), 'township-review', { opinion: '同意' }),
  [S('return')]: step(S('return'), 'return', { reasons: ['收入核实不清'] }),
  [S('objections')]: step(S('objections'), 'objections', { receivedOn: DAY, summary: '异议', lodgedBy: 'anonymous' }),
  [S('close-village-notice')]: step(S('close-village-notice'), 'close-village-notice', {}),
  [S('spot-visit')]: step(S('spot-visit'), 'spot-visit', { visitedOn: DAY, visitors: ['抽查员'], finding: 'consistent' }),
  [S('county-opinion')]: step(S('county-opinion'), 'county-opinion', { opinion: '拟批准' }),
  [S('approve')]: step(S('approve'), 'approve', {}),
  [S('refuse')]: step(S('refuse'), 'refuse', { reasons: ['不符合条件'] }),
  [S('withdraw')]: step(S('withdraw'), 'withdraw', { reason: 'applicant_request' }),
};
