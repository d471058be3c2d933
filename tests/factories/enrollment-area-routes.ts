import type { RouteSpec } from './area-routes.ts';

/** A record of one area aimed at by the enrollment routes: county, id and the version to send. */
export interface Aim {
  countyCode: string;
  id: string;
  version: number;
}

/**
 * The enrollments, reviews and follow-up tasks of one area, prepared so that every write would succeed for the right
 * user of that area: one record per write route, each in the state the route needs (see enrollments-area-scope.test.ts).
 */
export interface EnrollmentTarget {
  areaCode: string;
  household: { countyCode: string; id: string };
  enrollment: Aim;
  review: Aim;
  task: Aim;
  byRoute: Record<string, Aim>;
  /** A tekun enrollment with a care record (placement at home) from 2019-10. */
  placed?: Aim;
}

const need = (e: EnrollmentTarget | undefined, key: string): Aim => {
  const a = e?.byRoute[key];
  if (!a) throw new Error(`enrollment area-scope target has no record for ${key}`);
  return a;
};
const flow = (...variants: RouteSpec['variants']): RouteSpec => ({ kind: 'enrollment-flow', variants });
const E = (action: string) => `POST /api/enrollments/:county/:id/${action}`;
const R = (step: string) => `POST /api/reviews/:county/:id/${step}`;

/** Who takes each write inside the area (the positive check): va village assistant, cw caseworker, rv reviewer, ap county approver. */
export const ENROLLMENT_WRITERS: Record<string, 'va' | 'cw' | 'rv' | 'ap'> = {
  [E('suspend')]: 'ap',
  [E('resume')]: 'ap',
  [E('increase')]: 'ap',
  [E('reduce')]: 'ap',
  [E('stop')]: 'ap',
  [E('termination-notice')]: 'ap',
  [E('termination-notice/confirm')]: 'ap',
  [E('termination-notice/withdraw')]: 'ap',
  [E('tekun-care')]: 'ap',
  'POST /api/reviews': 'va',
  [R('investigation')]: 'cw',
  [R('township-review')]: 'rv',
  [R('return')]: 'rv',
  [R('county-return')]: 'ap',
  [R('decision')]: 'ap',
  [R('cancel')]: 'ap',
  'POST /api/follow-up-tasks/:county/:id/done': 'cw',
};

const BODIES: Record<string, Record<string, unknown>> = {
  [E('suspend')]: { reasons: ['区划测试 暂停'] },
  [E('resume')]: { reasons: ['区划测试 恢复'] },
  [E('increase')]: { reasons: ['区划测试 增发'] },
  [E('reduce')]: { reasons: ['区划测试 减发'] },
  [E('stop')]: { reasons: ['区划测试 停发'] },
  [E('termination-notice')]: { ground: 'supporter_able', reasons: ['区划测试 终止告知'] },
  [E('termination-notice/confirm')]: {},
  [E('termination-notice/withdraw')]: { reasons: ['区划测试 撤回'] },
  [E('tekun-care')]: { placement: 'home', selfCareFailed: ['walk', 'bathe'], assessedOn: '2019-09-02', reasons: ['区划测试 护理等级'] },
  [R('investigation')]: { investigators: ['王调查', '赵调查'], investigatedOn: '2019-10-08', findings: '区划测试' },
  [R('township-review')]: { opinion: '区划测试 同意' },
  [R('return')]: { reasons: ['区划测试 退回'] },
  [R('county-return')]: { reasons: ['区划测试 退回'] },
  [R('decision')]: { outcome: 'keep', reasons: ['区划测试 维持'] },
  [R('cancel')]: { reasons: ['区划测试 撤销'] },
};

const write = (key: string, path: (a: Aim) => string): RouteSpec =>
  flow(({ e }) => {
    const a = need(e, key);
    return { method: 'POST', url: path(a), body: { version: a.version, ...BODIES[key] } };
  });

/** Enrollment, review and follow-up routes (issue 5) for the area-scope table; enrollments-area-scope.test.ts runs them. */
export const ENROLLMENT_AREA_ROUTES: Record<string, RouteSpec> = {
  'GET /api/households/:county/:id/enrollments': flow(({ e }) => ({ method: 'GET', url: `/api/households/${e?.household.countyCode}/${e?.household.id}/enrollments` })),
  'GET /api/enrollments/:county/:id': flow(({ e }) => ({ method: 'GET', url: `/api/enrollments/${e?.enrollment.countyCode}/${e?.enrollment.id}` })),
  'GET /api/reviews': flow(() => ({ method: 'GET', url: '/api/reviews?pageSize=100' }), ({ e }) => ({ method: 'GET', url: `/api/reviews?area=${e?.areaCode}&pageSize=100` })),
  'GET /api/reviews/overdue': flow(() => ({ method: 'GET', url: '/api/reviews/overdue?pageSize=100' }), ({ e }) => ({ method: 'GET', url: `/api/reviews/overdue?area=${e?.areaCode}&pageSize=100` })),
  // 特困供养名册 in December (the prepared record applies from October): the placed enrollment of the area.
  'GET /api/tekun/placements': flow(({ e }) => ({ method: 'GET', url: `/api/tekun/placements?county=${e?.household.countyCode}&month=2019-12` }), ({ e }) => ({ method: 'GET', url: `/api/tekun/placements?county=${e?.household.countyCode}&month=2019-12&placement=home` })),
  'GET /api/reviews/:county/:id': flow(({ e }) => ({ method: 'GET', url: `/api/reviews/${e?.review.countyCode}/${e?.review.id}` })),
  'GET /api/follow-up-tasks': flow(() => ({ method: 'GET', url: '/api/follow-up-tasks?pageSize=100' }), ({ e }) => ({ method: 'GET', url: `/api/follow-up-tasks?area=${e?.areaCode}&state=open` })),
  ...Object.fromEntries(
    ['suspend', 'resume', 'increase', 'reduce', 'stop', 'termination-notice', 'termination-notice/confirm', 'termination-notice/withdraw', 'tekun-care'].map((a) => [
      E(a),
      write(E(a), (x) => `/api/enrollments/${x.countyCode}/${x.id}/${a}`),
    ]),
  ),
  'POST /api/reviews': flow(({ e }) => {
    const a = need(e, 'POST /api/reviews');
    return { method: 'POST', url: '/api/reviews', body: { enrollment: { countyCode: a.countyCode, id: a.id }, trigger: 'reported_change', reportedChange: '区划测试 家庭变化' } };
  }),
  ...Object.fromEntries(
    ['investigation', 'township-review', 'return', 'county-return', 'decision', 'cancel'].map((s) => [R(s), write(R(s), (x) => `/api/reviews/${x.countyCode}/${x.id}/${s}`)]),
  ),
  'POST /api/follow-up-tasks/:county/:id/done': flow(({ e }) => {
    const a = need(e, 'POST /api/follow-up-tasks/:county/:id/done');
    return { method: 'POST', url: `/api/follow-up-tasks/${a.countyCode}/${a.id}/done`, body: { outcome: 'no_need', note: '区划测试' } };
  }),
};
