import { householdOfThree } from './api.ts';
import { CASE_AREA_ROUTES, type CaseTarget } from './case-area-routes.ts';
import { nextId } from './ids.ts';
import { PAYROLL_AREA_ROUTES, type PayrollTarget } from './payroll-area-routes.ts';
import { ENROLLMENT_AREA_ROUTES, type EnrollmentTarget } from './enrollment-area-routes.ts';
import { POVERTY_AREA_ROUTES, type ScreeningAim } from './poverty-area-routes.ts';
import { RESERVE_AREA_ROUTES } from './reserve-area-routes.ts';
import { TEMPORARY_AREA_ROUTES } from './temporary-area-routes.ts';
import { HEATING_AREA_ROUTES } from './heating-area-routes.ts';
import { REPORT_AREA_ROUTES } from './report-area-routes.ts';
import { SUPERVISION_AREA_ROUTES } from './supervision-area-routes.ts';
import { RECTIFICATION_AREA_ROUTES } from './rectification-area-routes.ts';
import { TEST_PASSWORD } from './users.ts';

/** A household as the area-scope test aims requests at it (loaded fresh before each request). */
export interface Target {
  areaCode: string;
  countyCode: string;
  id: string;
  version: number;
  members: { id: string; idNumber: string; name: string; relation: string; version: number }[];
}

export interface Req {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** Sent as is (a raw upload): the body is then a string. */
  headers?: Record<string, string>;
}

/**
 * `t`: the household aimed at; `own`: a household in the caller's own area; `me`: the caller; `k`: for case routes,
 * the cases of the area aimed at (case-area-routes.ts); `p`: for payroll routes, the rolls of the county aimed at; `e`: for
 * enrollment routes, the enrollments, reviews and tasks of the area aimed at (enrollment-area-routes.ts).
 */
export type Variant = (c: { t: Target; own: Target; me: string; k?: CaseTarget; p?: PayrollTarget; e?: EnrollmentTarget; a?: UserAdminTarget; s?: ScreeningAim }) => Req;

/** For user-administration routes (issue 9): the account aimed at, and a pending grant of it. */
export interface UserAdminTarget {
  userId: string;
  grantId: string;
}

/**
 * How the area-scope test treats a route:
 * - `case-read`: reads case data about `t`; must find it inside the caller's area and reveal nothing outside it.
 * - `case-write`: changes case data about `t` (or creates in its area); must succeed inside, fail (403/404) outside.
 * - `users`: user administration, scoped to the administrator's area.
 * - `no-case-data`: public, session, reference-data and audit-check routes; their answers must contain no case data.
 * - `case-flow`: case routes (issue 4), aimed at prepared cases; a block of their own in area-scope.test.ts runs them.
 * - `payroll-flow`: payment-roll routes (issue 5), aimed at prepared rolls of a county; tests/integration/payroll-area.test.ts
 *   runs them across areas and roles.
 * - `enrollment-flow`: enrollment, review and follow-up routes (issue 5), aimed at prepared records of an area;
 *   tests/integration/enrollments-area-scope.test.ts runs them across areas and roles.
 * - `user-admin`: account administration and role grants (issue 9), aimed at prepared accounts (`a`);
 *   tests/integration/account-lifecycle.test.ts and user-grants.test.ts run them across areas and roles.
 * - `list-export`: list pages exported to workbooks (issue 11 point 8), aimed at `t`'s area and `p`'s roll; their answer
 *   is a workbook, not JSON: tests/integration/list-exports.test.ts runs them across areas and roles.
 * - `registry-import`: the registry import (issue 11 point 8), a raw workbook aimed at an area;
 *   tests/integration/registry-import.test.ts runs it inside the area, from a sibling township and for out-of-area rows.
 * - `family-notice`: an enrollment's printed notice to the family (issue 11 point 9), aimed at a notice issued by a
 *   decided change; its answer is a document: tests/integration/document-numbers.test.ts runs it inside the area and
 *   from a sibling township and another county (not found there).
 * - `poverty-lists`: the dual-inclusion figures, lists, their workbooks and the exchange with the poverty office (issue
 *   12, ADR 0034), scoped by the snapshot rows' and the households' villages: tests/integration/dual-inclusion.test.ts
 *   runs them for a township caseworker, a county administrator and the liaison.
 * - `screening-flow`, `poverty-flow`: the screening campaign and the poverty-registry exchange (issue 12), aimed at a
 *   prepared campaign and row (`s`) or snapshot: tests/integration/poverty-area-scope.test.ts runs them across areas and
 *   roles (poverty-area-routes.ts).
 * - `poverty-match`: the review queue of suggested matches (ADR 0033): tests/integration/poverty-match.test.ts runs them
 *   for the registry person's township, a sibling township and roles without `poverty.match`.
 * - `reserve-flow`: the township reserve (ADR 0039): tests/integration/township-reserve.test.ts runs them for the
 *   township's staff, a sibling township, another county, the city and roles without the permission.
 * - `temporary-flow`: temporary aid (ADR 0037): tests/integration/temporary-aid.test.ts runs them for a sibling township,
 *   another county and roles without the permission, aimed at its household and case (temporary-area-routes.ts).
 * - `heating-registry`: the enrolled households missing heating data (ADR 0042), a list of an area: tests/integration/
 *   heating-registry.test.ts runs it for the township, a sibling township, the county, another county and a role without
 *   `registry.read` (the heating edit is `PUT /api/households/:county/:id`, the heating import `POST /api/registry/import`).
 * - `heating-flow`: the heating seasons (issue 14, ADR 0043), aimed at a county's season (heating-area-routes.ts):
 *   tests/integration/heating-season-api.test.ts runs them for another county's staff and roles without the permission.
 * - `outreach-flow`: the 应保尽保 outreach list (issue 16 point 5, ADR 0047), its workbook, a row's explanation and a case
 *   opened from a row: tests/integration/outreach.test.ts runs them for a township, a sibling township, a village
 *   assistant, the auditor and a role without `outreach.read`.
 * - `case-files`: a case's files (issue 17, ADR 0049), aimed at a prepared case and file: tests/integration/case-files.test.ts
 *   runs them for the case's township, a sibling township (not found, nothing stored) and a role without the step; the
 *   field visits (ADR 0051) likewise by tests/integration/field-visits.test.ts.
 *   files of a household, a ledger row and a finding (ADR 0050): tests/integration/owner-files.test.ts (the owner's
 *   township, a sibling township, roles without the owner's permission); the bound PDF: tests/integration/archive-pdf.test.ts.
 * - `reports-flow`: the quarterly reports and the bulletin (issue 15, ADR 0045), aimed at a county's quarter
 *   (report-area-routes.ts): tests/integration/quarterly-report-api.test.ts runs them for another county's staff, a
 *   township's and roles without the permission.
 * - `supervision-flow`: the anomaly rules' runs and their findings (issue 16, ADR 0046), aimed at a county and a run
 *   (supervision-area-routes.ts): tests/integration/anomalies-api.test.ts runs them for another county's administrator,
 *   a sibling township and roles without the permission.
 * - `rectification-flow`: the findings' rectification, the campaigns and the accountability records (issue 16 points 2
 *   and 3, ADR 0048), aimed at a finding and a campaign (rectification-area-routes.ts):
 *   tests/integration/rectification.test.ts runs them for another county's administrator, a sibling township and a
 *   role without the permission, and checks nothing changed.
 */
export type RouteKind = 'case-files' | 'case-read' | 'case-write' | 'users' | 'no-case-data' | 'case-flow' | 'payroll-flow' | 'enrollment-flow' | 'user-admin' | 'list-export' | 'family-notice' | 'registry-import' | 'screening-flow' | 'poverty-flow' | 'poverty-lists' | 'poverty-match' | 'reserve-flow' | 'temporary-flow' | 'heating-registry' | 'heating-flow'
  | 'reports-flow'
  | 'outreach-flow'
  | 'supervision-flow'
  | 'rectification-flow';

export interface RouteSpec {
  kind: RouteKind;
  variants: Variant[];
}

export const nonHead = (t: Target) => t.members.find((m) => m.relation !== 'head')!;
const ref = (t: Target) => `${t.countyCode}/${t.id}`;
const householdFields = (t: Target, areaCode = t.areaCode) => {
  const { members: _m, ...fields } = householdOfThree(areaCode, ['', '', '']);
  return { ...fields, address: `改址 ${areaCode}`, version: t.version };
};

/**
 * Every API route, keyed `METHOD /path` as Fastify prints it, with the requests that exercise it. HEAD routes
 * Fastify adds for each GET are exercised with their GET's variants. A route missing here fails the test.
 */
export const AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/health': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/health' })] },
  'GET /api/health/auth': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/health/auth' })] },
  'GET /api/openapi.json': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/openapi.json' })] },
  'POST /api/auth/login': { kind: 'no-case-data', variants: [({ me }) => ({ method: 'POST', url: '/api/auth/login', body: { username: me, password: TEST_PASSWORD } })] },
  'POST /api/auth/logout': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/auth/logout' })] },
  'GET /api/session': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/session' })] },
  'GET /api/divisions': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: `/api/divisions?q=${encodeURIComponent('新台子')}` })] },
  'GET /api/divisions/:code': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'GET', url: `/api/divisions/${t.areaCode}` })] },
  'GET /api/divisions/:code/children': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'GET', url: `/api/divisions/${t.areaCode.slice(0, 9)}000/children` })] },
  'GET /api/calendar/:year/:month': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/calendar/2026/10' })] },
  'PUT /api/calendar/days/:day': { kind: 'no-case-data', variants: [() => ({ method: 'PUT', url: '/api/calendar/days/2031-10-08', body: { kind: 'holiday', name: '测试假日' } })] },
  'POST /api/calendar/years/:year/complete': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/calendar/years/2031/complete' })] },
  'POST /api/audit/verify': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/audit/verify' })] },
  // Who looked at a person (issue 9 point 17): the auditor's alone; everyone in these tables is refused.
  'POST /api/audit/person-access': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'POST', url: '/api/audit/person-access', body: { county: t.countyCode, householdId: t.id } })] },
  // The auditor's browser (issue 16 point 4, ADR 0047): the auditor's alone (audit.read + audit.persons); its answers hold
  // ids, actions and staff names, never a name or number of the registry. tests/integration/audit-browser.test.ts runs them.
  'POST /api/audit/search': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'POST', url: '/api/audit/search', body: { county: t.countyCode, householdId: t.id } })] },
  'GET /api/audit/cases/:county/:id/responsibility': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'GET', url: `/api/audit/cases/${t.countyCode}/no-such-case/responsibility` })] },
  'GET /api/audit/verify/status': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/audit/verify/status' })] },
  'POST /api/audit/verify/run': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/audit/verify/run' })] },
  'GET /api/exports/audit-events.xlsx': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'GET', url: `/api/exports/audit-events.xlsx?county=${t.countyCode}&householdId=${t.id}` })] },
  'GET /api/outreach': { kind: 'outreach-flow', variants: [({ t }) => ({ method: 'GET', url: `/api/outreach?county=${t.countyCode}` })] },
  'GET /api/outreach/export.xlsx': { kind: 'outreach-flow', variants: [({ t }) => ({ method: 'GET', url: `/api/outreach/export.xlsx?county=${t.countyCode}` })] },
  'GET /api/outreach/:county/:householdId/explanation': { kind: 'outreach-flow', variants: [({ t }) => ({ method: 'GET', url: `/api/outreach/${t.countyCode}/${t.id}/explanation?kind=dibao_household` })] },
  'POST /api/outreach/:county/:householdId/case': {
    kind: 'outreach-flow',
    variants: [({ t }) => ({ method: 'POST', url: `/api/outreach/${t.countyCode}/${t.id}/case`, body: { kind: 'dibao_household', signedDeclaration: true, dataCheckAuthorised: true } })],
  },
  // Policy (issue 3): parameters, overrides (system administrator only), calculation of a posted situation, compliance.
  'GET /api/policy/parameters': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/policy/parameters?at=2019-08-01' })] },
  'GET /api/policy/parameters/:name': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/policy/parameters/dibao.standard.rural' })] },
  'POST /api/policy/overrides': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'POST', url: '/api/policy/overrides', body: { name: 'heating.dispersed.annual', area: '211221', effectiveFrom: '2031-11-01', value: 200, citation: '区划测试 area-scope test' } })],
  },
  // The two-person rule (ADR 0017): the list for administrators, supervisors and auditors; confirm and withdraw aim at an id.
  // 供养服务机构: reference data of a county (ADR 0027); adding one is the county administrator's.
  'GET /api/tekun/institutions': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'GET', url: `/api/tekun/institutions?county=${t.countyCode}` })] },
  'POST /api/tekun/institutions': { kind: 'no-case-data', variants: [({ t, me }) => ({ method: 'POST', url: '/api/tekun/institutions', body: { county: t.countyCode, name: `区划测试敬老院 ${me}`, address: '区划测试地址' } })] },
  'GET /api/policy/overrides': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/policy/overrides' })] },
  'POST /api/policy/overrides/:id/confirm': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'POST', url: '/api/policy/overrides/00000000-0000-4000-8000-000000000000/confirm', body: { version: 1 } })],
  },
  'POST /api/policy/overrides/:id/withdraw': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'POST', url: '/api/policy/overrides/00000000-0000-4000-8000-000000000000/withdraw', body: { version: 1, reason: '区划测试' } })],
  },
  'POST /api/policy/calculate': {
    kind: 'no-case-data',
    variants: [
      ({ t }) => ({
        method: 'POST',
        url: '/api/policy/calculate',
        body: { program: 'dibao', month: '2019-08', county: t.countyCode, household: { hukou: 'rural', members: [{ birthDate: '1960-03-01', relation: 'head' }], incomes: [{ kind: 'wage', annual: 1200 }] } },
      }),
    ],
  },
  'GET /api/policy/compliance': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/policy/compliance?at=2019-08-01' })] },
  // What-if over the registry: city supervisors only (everyone else 403); the answer holds counts and sums per county, no person.
  'POST /api/policy/simulate': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'POST', url: '/api/policy/simulate', body: { changes: [{ name: 'dibao.standard.rural', value: 6000 }], from: '2019-08' } })],
  },

  // The login's own steps (issue 9): second factor, its enrolment, a password change. A signed-in session may set up an
  // authenticator; the other answers here refuse (wrong step, wrong code, wrong current password) and reveal no case data.
  'POST /api/auth/second-factor': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/auth/second-factor', body: { code: '000000' } })] },
  'POST /api/auth/second-factor/enrolment': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/auth/second-factor/enrolment' })] },
  'POST /api/auth/second-factor/enrolment/confirm': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/auth/second-factor/enrolment/confirm', body: { code: '000000' } })] },
  'POST /api/account/password': { kind: 'no-case-data', variants: [() => ({ method: 'POST', url: '/api/account/password', body: { currentPassword: 'Not-the-password-1', newPassword: 'Another-long-pass-9' } })] },

  'GET /api/users': { kind: 'users', variants: [() => ({ method: 'GET', url: '/api/users' })] },
  // Account administration (issue 9): tests/integration/account-lifecycle.test.ts, user-grants.test.ts.
  'PUT /api/users/:id/role': { kind: 'user-admin', variants: [({ a }) => ({ method: 'PUT', url: `/api/users/${a?.userId}/role`, body: { role: 'township_caseworker' } })] },
  'POST /api/users/:id/deactivate': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/users/${a?.userId}/deactivate` })] },
  'POST /api/users/:id/activate': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/users/${a?.userId}/activate` })] },
  'POST /api/users/:id/reset-password': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/users/${a?.userId}/reset-password`, body: { password: 'Temporary-pass-4417' } })] },
  'POST /api/users/:id/revoke-sessions': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/users/${a?.userId}/revoke-sessions` })] },
  'GET /api/user-grants': { kind: 'user-admin', variants: [() => ({ method: 'GET', url: '/api/user-grants' })] },
  'POST /api/user-grants/:id/confirm': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/user-grants/${a?.grantId}/confirm` })] },
  'POST /api/user-grants/:id/refuse': { kind: 'user-admin', variants: [({ a }) => ({ method: 'POST', url: `/api/user-grants/${a?.grantId}/refuse` })] },
  'POST /api/users': {
    kind: 'users',
    variants: [({ t }) => ({ method: 'POST', url: '/api/users', body: { username: `va${nextId().slice(-8)}`, role: 'village_assistant', area: t.areaCode, password: TEST_PASSWORD } })],
  },

  'GET /api/households': {
    kind: 'case-read',
    variants: [
      ({ t }) => ({ method: 'GET', url: `/api/households?q=${encodeURIComponent(t.members[0].name)}` }),
      ({ t }) => ({ method: 'GET', url: `/api/households?q=${nonHead(t).idNumber}` }),
      ({ t }) => ({ method: 'GET', url: `/api/households?area=${t.areaCode}&pageSize=100` }),
    ],
  },
  'GET /api/households/:county/:id': { kind: 'case-read', variants: [({ t }) => ({ method: 'GET', url: `/api/households/${ref(t)}` })] },

  'POST /api/households': {
    kind: 'case-write',
    variants: [({ t }) => ({ method: 'POST', url: '/api/households', body: householdOfThree(t.areaCode, [nextId(), nextId(), nextId('20100101')], ['新户主', '新配偶', '新子女']) })],
  },
  'PUT /api/households/:county/:id': {
    kind: 'case-write',
    variants: [
      ({ t }) => ({ method: 'PUT', url: `/api/households/${ref(t)}`, body: householdFields(t) }),
      // Moving one's own household into the target's village.
      ({ t, own }) => ({ method: 'PUT', url: `/api/households/${ref(own)}`, body: householdFields(own, t.areaCode) }),
    ],
  },
  // Revealing a full ID number, account or phone (ADR 0012): a read, but one the caseworkers' write roles alone may do,
  // audited; outside the area nothing is revealed, and a read-only role is refused.
  'POST /api/households/:county/:id/reveal': {
    kind: 'case-write',
    variants: [({ t }) => ({ method: 'POST', url: `/api/households/${ref(t)}/reveal`, body: { fields: [{ field: 'idNumber', personId: nonHead(t).id }, { field: 'bankAccount' }] } })],
  },
  'POST /api/households/:county/:id/members': {
    kind: 'case-write',
    variants: [({ t }) => ({ method: 'POST', url: `/api/households/${ref(t)}/members`, body: { idNumber: nextId('19990101'), name: '新成员', relation: 'other', laborCapacity: 'full' } })],
  },
  'PUT /api/persons/:county/:id': {
    kind: 'case-write',
    variants: [
      ({ t }) => {
        const p = nonHead(t);
        return { method: 'PUT', url: `/api/persons/${t.countyCode}/${p.id}`, body: { idNumber: p.idNumber, name: `${p.name}改`, relation: p.relation, laborCapacity: 'none', version: p.version } };
      },
    ],
  },
  'POST /api/persons/:county/:id/move': {
    kind: 'case-write',
    variants: [
      ({ t, own }) => ({ method: 'POST', url: `/api/persons/${t.countyCode}/${nonHead(t).id}/move`, body: { targetHouseholdId: own.id, relation: 'other', version: nonHead(t).version } }),
      ({ t, own }) => ({ method: 'POST', url: `/api/persons/${own.countyCode}/${nonHead(own).id}/move`, body: { targetHouseholdId: t.id, relation: 'other', version: nonHead(own).version } }),
    ],
  },
  // A member leaves the household (issue 11 point 10); the last write of the table, as it removes the member.
  'POST /api/persons/:county/:id/leave': {
    kind: 'case-write',
    variants: [({ t }) => ({ method: 'POST', url: `/api/persons/${t.countyCode}/${nonHead(t).id}/leave`, body: { reason: 'moved', leftOn: '2024-01-01', version: nonHead(t).version } })],
  },
  // Which document formats the server can make (issue 4): no case data.
  // The case archive's files (issue 17): uploads and downloads run by tests/integration/case-files.test.ts.
  'GET /api/cases/:county/:id/files': { kind: 'case-files', variants: [({ k }) => ({ method: 'GET', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/files` })] },
  'POST /api/cases/:county/:id/files': {
    kind: 'case-files',
    variants: [({ k }) => ({ method: 'POST', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/files?step=apply&type=other&name=x.pdf`, body: '%PDF-1.4\n%%EOF\n', headers: { 'content-type': 'application/pdf' } })],
  },
  'GET /api/households/:county/:id/archive': { kind: 'case-files', variants: [({ t }) => ({ method: 'GET', url: `/api/households/${t.countyCode}/${t.id}/archive` })] },
  'GET /api/households/:county/:id/archive.pdf': { kind: 'case-files', variants: [({ t }) => ({ method: 'GET', url: `/api/households/${t.countyCode}/${t.id}/archive.pdf` })] },
  'GET /api/households/:county/:id/files': { kind: 'case-files', variants: [({ t }) => ({ method: 'GET', url: `/api/households/${t.countyCode}/${t.id}/files` })] },
  'POST /api/households/:county/:id/files': {
    kind: 'case-files',
    variants: [({ t }) => ({ method: 'POST', url: `/api/households/${t.countyCode}/${t.id}/files?type=other&name=x.pdf`, body: '%PDF-1.4\n%%EOF\n', headers: { 'content-type': 'application/pdf' } })],
  },
  'GET /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/files': {
    kind: 'case-files',
    variants: [({ t }) => ({ method: 'GET', url: `/api/screening/campaigns/${t.countyCode}/no-campaign/rows/${t.countyCode}/H0001/files` })],
  },
  'POST /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/files': {
    kind: 'case-files',
    variants: [({ t }) => ({ method: 'POST', url: `/api/screening/campaigns/${t.countyCode}/no-campaign/rows/${t.countyCode}/H0001/files?type=photo&name=x.jpg`, body: '%PDF-1.4\n%%EOF\n', headers: { 'content-type': 'application/pdf' } })],
  },
  'GET /api/findings/:county/:id/files': { kind: 'case-files', variants: [({ t }) => ({ method: 'GET', url: `/api/findings/${t.countyCode}/no-finding/files` })] },
  'POST /api/findings/:county/:id/files': {
    kind: 'case-files',
    variants: [({ t }) => ({ method: 'POST', url: `/api/findings/${t.countyCode}/no-finding/files?type=photo&name=x.jpg`, body: '%PDF-1.4\n%%EOF\n', headers: { 'content-type': 'application/pdf' } })],
  },
  'GET /api/files/:county/:id': { kind: 'case-files', variants: [({ k }) => ({ method: 'GET', url: `/api/files/${k?.any.countyCode}/00000000-0000-4000-8000-000000000000` })] },
  'GET /api/files/:county/:id/preview': { kind: 'case-files', variants: [({ k }) => ({ method: 'GET', url: `/api/files/${k?.any.countyCode}/00000000-0000-4000-8000-000000000000/preview` })] },
  // 外出走访 (issue 17 point 4, ADR 0051): the assigned visits and a visit's sync, run by tests/integration/field-visits.test.ts
  // for the case's township, a sibling township (never listed; not found, nothing written) and a role without the step;
  // the review's and the screening row's by tests/integration/field-visits-reviews.test.ts and field-visits-screening.test.ts.
  'GET /api/field-visits': { kind: 'case-files', variants: [() => ({ method: 'GET', url: '/api/field-visits' })] },
  'POST /api/cases/:county/:id/field-visit': {
    kind: 'case-files',
    variants: [({ k }) => ({ method: 'POST', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/field-visit`, body: { version: k?.any.version, visitId: '00000000-0000-4000-8000-000000000000' } })],
  },
  'POST /api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/field-visit': {
    kind: 'case-files',
    variants: [({ k }) => ({ method: 'POST', url: `/api/screening/campaigns/${k?.any.countyCode}/00000000-0000-4000-8000-000000000000/rows/${k?.any.countyCode}/X1/field-visit`, body: { version: 1, visitId: '00000000-0000-4000-8000-000000000000' } })],
  },
  'POST /api/cases/:county/:id/spot-visit/field-visit': {
    kind: 'case-files',
    variants: [({ k }) => ({ method: 'POST', url: `/api/cases/${k?.any.countyCode}/${k?.any.id}/spot-visit/field-visit`, body: { version: k?.any.version, visitId: '00000000-0000-4000-8000-000000000000' } })],
  },
  'POST /api/reviews/:county/:id/field-visit': {
    kind: 'case-files',
    variants: [({ k }) => ({ method: 'POST', url: `/api/reviews/${k?.any.countyCode}/${k?.any.id}/field-visit`, body: { version: 1, visitId: '00000000-0000-4000-8000-000000000000' } })],
  },
  'GET /api/documents/formats': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/documents/formats' })] },
  // The import template and a refused import's report as a workbook (the report the client sends back): no case data.
  'GET /api/registry/import/template': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'GET', url: '/api/registry/import/template' }), () => ({ method: 'GET', url: '/api/registry/import/template?kind=heating' })],
  },
  // 取暖信息缺失名单 (ADR 0042): tests/integration/heating-registry.test.ts.
  'GET /api/registry/heating/missing': { kind: 'heating-registry', variants: [({ t }) => ({ method: 'GET', url: `/api/registry/heating/missing?area=${t.areaCode}` })] },
  'POST /api/registry/import/report': { kind: 'no-case-data', variants: [({ t }) => ({ method: 'POST', url: '/api/registry/import/report', body: { applied: false, area: t.areaCode, rows: 0, households: 0, persons: 0, problems: [], problemCount: 0 } })] },
  'POST /api/registry/import': {
    kind: 'registry-import',
    variants: [({ t }) => ({ method: 'POST', url: `/api/registry/import?area=${t.areaCode}&format=csv`, body: '户编号,姓名\n', headers: { 'content-type': 'text/csv' } })],
  },
  // Blank printable forms: no case data at all (a form pre-filled from a case is among the case's documents).
  'GET /api/documents/forms/:form': { kind: 'no-case-data', variants: [() => ({ method: 'GET', url: '/api/documents/forms/home_visit?format=html' })] },
  'GET /api/enrollments/:county/:id/notices/:noticeId': {
    kind: 'family-notice',
    variants: [({ t }) => ({ method: 'GET', url: `/api/enrollments/${t.countyCode}/00000000-0000-4000-8000-000000000000/notices/00000000-0000-4000-8000-000000000000?format=html` })],
  },
  ...CASE_AREA_ROUTES,
  ...PAYROLL_AREA_ROUTES,
  ...ENROLLMENT_AREA_ROUTES,
  ...POVERTY_AREA_ROUTES,
  ...RESERVE_AREA_ROUTES,
  ...TEMPORARY_AREA_ROUTES,
  ...REPORT_AREA_ROUTES,
  ...SUPERVISION_AREA_ROUTES,
  ...RECTIFICATION_AREA_ROUTES,
  ...HEATING_AREA_ROUTES,
  // 领导驾驶舱 (issue 15 point 4): counts only; the area's checks (county users refused the city and other counties) are
  // tests/integration/dashboard.test.ts's.
  'GET /api/dashboard': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'GET', url: '/api/dashboard' }), ({ t }) => ({ method: 'GET', url: `/api/dashboard?area=${t.areaCode}&month=2019-09` })],
  },
  // The records behind a dashboard figure: the user's own area or inside it (the same checks as the dashboard's,
  // tests/integration/dashboard.test.ts); another area is refused.
  'GET /api/dashboard/rows': {
    kind: 'no-case-data',
    variants: [() => ({ method: 'GET', url: '/api/dashboard/rows?figure=overdueCases' }), ({ t }) => ({ method: 'GET', url: `/api/dashboard/rows?area=${t.areaCode}&month=2019-09&figure=dibaoHouseholds` })],
  },

  'GET /api/exports/households.xlsx': {
    kind: 'list-export',
    variants: [
      () => ({ method: 'GET', url: '/api/exports/households.xlsx' }),
      ({ t }) => ({ method: 'GET', url: `/api/exports/households.xlsx?area=${t.areaCode}` }),
      ({ t }) => ({ method: 'GET', url: `/api/exports/households.xlsx?area=${t.areaCode}&q=${encodeURIComponent(t.members[0].name)}` }),
    ],
  },
  'GET /api/exports/cases.xlsx': {
    kind: 'list-export',
    variants: [() => ({ method: 'GET', url: '/api/exports/cases.xlsx?program=dibao' }), ({ t }) => ({ method: 'GET', url: `/api/exports/cases.xlsx?area=${t.areaCode}` })],
  },
  'GET /api/exports/enrollments.xlsx': {
    kind: 'list-export',
    variants: [() => ({ method: 'GET', url: '/api/exports/enrollments.xlsx?dueWithin=30' }), ({ t }) => ({ method: 'GET', url: `/api/exports/enrollments.xlsx?area=${t.areaCode}` })],
  },
  'GET /api/exports/reviews.xlsx': { kind: 'list-export', variants: [({ t }) => ({ method: 'GET', url: `/api/exports/reviews.xlsx?area=${t.areaCode}` })] },
  'GET /api/exports/rolls.xlsx': { kind: 'list-export', variants: [({ t }) => ({ method: 'GET', url: `/api/exports/rolls.xlsx?county=${t.countyCode}` })] },
  'GET /api/exports/heating-missing.xlsx': {
    kind: 'list-export',
    variants: [() => ({ method: 'GET', url: '/api/exports/heating-missing.xlsx' }), ({ t }) => ({ method: 'GET', url: `/api/exports/heating-missing.xlsx?area=${t.areaCode}` })],
  },
  'GET /api/exports/roll-lines.xlsx': {
    kind: 'list-export',
    variants: [({ p }) => ({ method: 'GET', url: `/api/exports/roll-lines.xlsx?county=${p!.county}&roll=${p!.approved.id}` })],
  },

  'GET /api/poverty/dual-inclusion': { kind: 'poverty-lists', variants: [({ t }) => ({ method: 'GET', url: `/api/poverty/dual-inclusion?area=${t.areaCode}` })] },
  ...Object.fromEntries(
    ['covered', 'uncovered', 'referral', 'discrepancies'].flatMap((l) => [
      [`GET /api/poverty/lists/${l}`, { kind: 'poverty-lists' as const, variants: [({ t }: { t: Target }) => ({ method: 'GET' as const, url: `/api/poverty/lists/${l}?area=${t.areaCode}` })] }],
      [`GET /api/poverty/lists/${l}.xlsx`, { kind: 'poverty-lists' as const, variants: [({ t }: { t: Target }) => ({ method: 'GET' as const, url: `/api/poverty/lists/${l}.xlsx?area=${t.areaCode}` })] }],
    ]),
  ),
  'GET /api/poverty/exchange.xlsx': { kind: 'poverty-lists', variants: [({ t }) => ({ method: 'GET', url: `/api/poverty/exchange.xlsx?county=${t.countyCode}` })] },
  'POST /api/poverty/referrals.xlsx': { kind: 'poverty-lists', variants: [({ t }) => ({ method: 'POST', url: `/api/poverty/referrals.xlsx?area=${t.areaCode}` })] },
  'POST /api/poverty/replies/report': {
    kind: 'poverty-lists',
    variants: [() => ({ method: 'POST', url: '/api/poverty/replies/report', body: { applied: false, importId: null, rows: 0, accepted: 0, refused: 0, problemCount: 0, problems: [] } })],
  },
  'POST /api/poverty/replies': {
    kind: 'poverty-lists',
    variants: [() => ({ method: 'POST', url: '/api/poverty/replies?format=csv', body: '户编号,接收情况,原因\n', headers: { 'content-type': 'text/csv' } })],
  },
};
