import type { FastifyInstance } from 'fastify';
import { openIdNumber } from '../../src/db/personal-data.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTermsCurrent } from '../../src/commands/enrollments/ensure-terms-current.ts';
import type { Role } from '../../src/contracts/roles.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { AREA_ROUTES, type Req } from '../factories/area-routes.ts';
import { type Aim, ENROLLMENT_WRITERS, type EnrollmentTarget } from '../factories/enrollment-area-routes.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, enrollmentUrl, type Household, household, reviewUrl, setWage, workedExample } from './enrollments-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const REFUSED = ['NOT_FOUND', 'AREA_FORBIDDEN', 'PERMISSION_DENIED'];
const OTHER_TOWNSHIP = '211223100000';
const TABLES = ['enrollment', 'enrollment_term', 'review_case', 'review_event', 'review_schedule', 'termination_notice', 'follow_up_task', 'household', 'person'] as const;

/**
 * Enrollment, review and follow-up routes (issue 5) across areas and roles, as the case routes are checked in
 * area-scope.test.ts: records are prepared in one village (so every write would succeed there for the right user)
 * and in another county; every route is then tried by users of the same township, a sibling township, the county,
 * another county and the city.
 */
describe(`area scope on every enrollment and review route (${TEST_DIALECT})`, () => {
  /** Which village codes each user may see (null: no case data), written out independently of the code. */
  const USERS: { name: string; role: Role; area: string; sees: string | null }[] = [
    { name: 'va_a', role: 'village_assistant', area: AREAS.village, sees: AREAS.village },
    { name: 'cw_a', role: 'township_caseworker', area: AREAS.township, sees: '211221101' },
    { name: 'rv_a', role: 'township_reviewer', area: AREAS.township, sees: '211221101' },
    { name: 'ap_a', role: 'county_approver', area: AREAS.county, sees: '211221' },
    { name: 'va_b', role: 'village_assistant', area: AREAS.siblingVillage, sees: AREAS.siblingVillage },
    { name: 'cw_b', role: 'township_caseworker', area: AREAS.siblingTownship, sees: '211221102' },
    { name: 'rv_b', role: 'township_reviewer', area: AREAS.siblingTownship, sees: '211221102' },
    { name: 'cw_o', role: 'township_caseworker', area: OTHER_TOWNSHIP, sees: '211223100' },
    { name: 'ap_o', role: 'county_approver', area: AREAS.otherCounty, sees: '211223' },
    { name: 'adm_a', role: 'county_admin', area: AREAS.county, sees: '211221' },
    { name: 'sup', role: 'city_supervisor', area: AREAS.city, sees: '2112' },
    { name: 'sys', role: 'system_admin', area: AREAS.city, sees: null },
  ];
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2019-09-02');
  const clients = new Map<string, Client>();
  let a: EnrollmentTarget;
  let o: EnrollmentTarget;
  const secrets = new Map<EnrollmentTarget, string[]>();

  const user = (name: string) => USERS.find((u) => u.name === name)!;
  const seesArea = (name: string, area: string) => {
    const p = user(name).sees;
    return p !== null && area.startsWith(p);
  };
  const routes = () => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'enrollment-flow');
  const send = (name: string, r: Req) => clients.get(name)!.call(r.method as 'GET', r.url, r.body);

  /** One area's records, each in the state its route needs (see ENROLLMENT_WRITERS for who takes each). */
  async function prepare(c: { cw: Client; rv: Client; ap: Client }, village: string, county: string): Promise<EnrollmentTarget> {
    clock.set('2019-09-02');
    const byRoute: Record<string, Aim> = {};
    const made: Household[] = [];
    const enroll = async (what: string, kind: 'dibao_household' | 'tekun' = 'dibao_household') => {
      // Names differ between the two areas, so that one area's names can be looked for in answers about the other.
      const tag = `${county}-${what}`;
      const h =
        kind === 'tekun'
          ? await household(c.cw, village, { tag, members: [{ birth: '19400301', relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }], incomes: [{ kind: 'pension', annualYuan: '1200' }] })
          : await workedExample(c.cw, village, tag);
      made.push(h);
      const e = await enrollDirect(db, h, { kind, startMonth: '2019-06' });
      return { h, aim: { countyCode: county, id: e.id, version: 1 } };
    };
    const E = (x: string) => `POST /api/enrollments/:county/:id/${x}`;
    const R = (x: string) => `POST /api/reviews/:county/:id/${x}`;
    for (const x of ['suspend', 'resume', 'stop']) byRoute[E(x)] = (await enroll(x)).aim;
    const up = await enroll('up');
    const down = await enroll('down');
    byRoute[E('increase')] = up.aim;
    byRoute[E('reduce')] = down.aim;
    for (const x of ['termination-notice', 'termination-notice/confirm', 'termination-notice/withdraw', 'tekun-care']) byRoute[E(x)] = (await enroll(x, 'tekun')).aim;
    const placed = (await enroll('placed', 'tekun')).aim;
    byRoute['POST /api/reviews'] = (await enroll('open')).aim;
    const v = async (aim: Aim) => (await ok(c.ap, 'GET', enrollmentUrl(aim.countyCode, aim.id))).version;
    // The suspension to resume from, and the notices to confirm (after their 7 days) and to withdraw.
    await ok(c.ap, 'POST', enrollmentUrl(county, byRoute[E('resume')].id, 'suspend'), { version: await v(byRoute[E('resume')]), reasons: ['外出'] });
    for (const x of ['termination-notice/confirm', 'termination-notice/withdraw']) {
      await ok(c.ap, 'POST', enrollmentUrl(county, byRoute[E(x)].id, 'termination-notice'), { version: await v(byRoute[E(x)]), ground: 'supporter_able', reasons: ['有赡养人'] });
    }
    const reviewAt = async (tag: string, stop: 'opened' | 'investigated' | 'township_reviewed') => {
      const { aim } = await enroll(tag);
      let r = await ok(c.cw, 'POST', '/api/reviews', { enrollment: { countyCode: county, id: aim.id }, trigger: 'scheduled' });
      if (stop !== 'opened') r = await ok(c.cw, 'POST', reviewUrl(county, r.id, 'investigation'), { version: r.version, investigators: ['王调查', '赵调查'], investigatedOn: '2019-09-02', findings: '核实' });
      if (stop === 'township_reviewed') r = await ok(c.rv, 'POST', reviewUrl(county, r.id, 'township-review'), { version: r.version, opinion: '同意' });
      return { countyCode: county, id: r.id, version: r.version };
    };
    byRoute[R('investigation')] = await reviewAt('inv', 'opened');
    for (const x of ['township-review', 'return']) byRoute[R(x)] = await reviewAt(x, 'investigated');
    for (const x of ['county-return', 'decision', 'cancel']) byRoute[R(x)] = await reviewAt(x, 'township_reviewed');
    const gone = await enroll('gone');
    await ok(c.ap, 'POST', enrollmentUrl(county, gone.aim.id, 'stop'), { version: await v(gone.aim), reasons: ['收入超标'] });
    const task = (await ok(c.cw, 'GET', `/api/follow-up-tasks?area=${village}&state=open`)).items.find((t: { enrollmentId: string }) => t.enrollmentId === gone.aim.id);
    byRoute['POST /api/follow-up-tasks/:county/:id/done'] = { countyCode: county, id: task.id, version: 0 };
    await ok(c.ap, 'POST', enrollmentUrl(county, placed.id, 'tekun-care'), { version: 1, placement: 'home', selfCareFailed: ['eat'], assessedOn: '2019-09-02', reasons: ['评估'] });
    await ensureTermsCurrent(operatorContext(db), { county, month: '2019-09' });
    await setWage(db, up.h, 3000);
    await setWage(db, down.h, 9000);
    const first = byRoute[E('suspend')];
    return {
      areaCode: village,
      household: { countyCode: county, id: made[0].id },
      enrollment: first,
      review: byRoute[R('investigation')],
      task: byRoute['POST /api/follow-up-tasks/:county/:id/done'],
      byRoute,
      placed,
    };
  }

  /** Versions as they stand now (the preparation moved some of them). */
  async function refresh(t: EnrollmentTarget, as: Client): Promise<void> {
    for (const [key, aim] of Object.entries(t.byRoute)) {
      if (key.startsWith('POST /api/enrollments/') || key === 'POST /api/reviews') aim.version = (await ok(as, 'GET', enrollmentUrl(aim.countyCode, aim.id))).version;
      else if (key.startsWith('POST /api/reviews/')) aim.version = (await ok(as, 'GET', reviewUrl(aim.countyCode, aim.id))).version;
    }
  }

  async function secretsOf(t: EnrollmentTarget): Promise<string[]> {
    const county = t.household.countyCode;
    const hh = await db.kysely.selectFrom('household').select('id').where('area_code', '=', t.areaCode).execute();
    const ids = hh.map((h) => h.id);
    const people = await db.kysely.selectFrom('person').select(['name', 'id_number_sealed']).where('area_code', '=', t.areaCode).execute();
    const en = await db.kysely.selectFrom('enrollment').select('id').where('county_code', '=', county).where('household_id', 'in', ids).execute();
    const rv = await db.kysely.selectFrom('review_case').select('id').where('county_code', '=', county).where('household_id', 'in', ids).execute();
    const tk = await db.kysely.selectFrom('follow_up_task').select('id').where('county_code', '=', county).where('household_id', 'in', ids).execute();
    return [...ids, ...people.flatMap((p) => [p.name, openIdNumber(db.keys, p)]), ...en.map((x) => x.id), ...rv.map((x) => x.id), ...tk.map((x) => x.id)];
  }

  beforeAll(async () => {
    db = await createTestDb();
    for (const u of USERS) await makeUser(db, u.name, u.role, u.area);
    app = await testServer(db, clock.fn);
    for (const u of USERS) clients.set(u.name, await sessionFor(app, u.name));
    const c = (x: string) => clients.get(x)!;
    a = await prepare({ cw: c('cw_a'), rv: c('rv_a'), ap: c('ap_a') }, AREAS.village, '211221');
    // The other county needs a reviewer of its own township for its reviews.
    await makeUser(db, 'rv_o', 'township_reviewer', OTHER_TOWNSHIP);
    clients.set('rv_o', await sessionFor(app, 'rv_o'));
    o = await prepare({ cw: c('cw_o'), rv: c('rv_o'), ap: c('ap_o') }, AREAS.otherCountyVillage, '211223');
    clock.set('2019-10-08');
    await refresh(a, c('ap_a'));
    await refresh(o, c('ap_o'));
    secrets.set(a, await secretsOf(a));
    secrets.set(o, await secretsOf(o));
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('reads: found inside the area (with the record asked for), nothing revealed outside it', async () => {
    let inside = 0;
    let outside = 0;
    for (const u of USERS) {
      for (const t of [a, o]) {
        for (const [key, spec] of routes().filter(([k]) => k.startsWith('GET '))) {
          for (const variant of spec.variants) {
            const r = variant({ t: undefined as never, own: undefined as never, me: u.name, e: t });
            const res = await send(u.name, r);
            const what = `${u.name} ${r.method} ${r.url} (${key})`;
            if (user(u.name).sees === null) {
              expect(res.status, what).toBe(403);
              expect(res.json.code, what).toBe('PERMISSION_DENIED');
              continue;
            }
            const body = JSON.stringify(res.json);
            if (seesArea(u.name, t.areaCode)) {
              expect(res.status, `${what}: ${body}`).toBe(200);
              const expected: Record<string, string> = {
                'GET /api/households/:county/:id/enrollments': t.enrollment.id,
                'GET /api/enrollments/:county/:id': t.enrollment.id,
                'GET /api/reviews': t.review.id,
                'GET /api/reviews/:county/:id': t.review.id,
                // Every enrollment began in June and is quarterly: its first review was due on 1 September.
                'GET /api/reviews/overdue': t.enrollment.id,
                'GET /api/follow-up-tasks': t.task.id,
                'GET /api/tekun/placements': t.placed?.id ?? 'none',
              };
              expect(body, what).toContain(expected[key]);
              inside++;
            } else {
              for (const s of secrets.get(t)!) expect(body, what).not.toContain(s);
              if (res.status !== 200) {
                expect([403, 404], what).toContain(res.status);
                expect(REFUSED, what).toContain(res.json.code);
              }
              outside++;
            }
          }
        }
      }
    }
    expect(inside).toBeGreaterThan(40);
    expect(outside).toBeGreaterThan(40);
  });

  it('writes: none outside the area or by a role without the step succeeds, and nothing changes', async () => {
    const before = await snapshotTables(db, TABLES);
    let tried = 0;
    for (const u of USERS) {
      if (['va_a', 'cw_a', 'rv_a', 'ap_a'].includes(u.name)) continue;
      for (const [key, spec] of routes().filter(([k]) => !k.startsWith('GET '))) {
        const r = spec.variants[0]({ t: undefined as never, own: undefined as never, me: u.name, e: a });
        const res = await send(u.name, r);
        const what = `${u.name} ${r.method} ${r.url} (${key})`;
        expect([403, 404], `${what}: ${JSON.stringify(res.json)}`).toContain(res.status);
        expect(REFUSED, what).toContain(res.json.code);
        if (['ap_o', 'cw_o', 'va_b', 'cw_b', 'rv_b'].includes(u.name)) expect(['NOT_FOUND', 'PERMISSION_DENIED'], what).toContain(res.json.code);
        for (const s of secrets.get(a)!) expect(JSON.stringify(res.json), what).not.toContain(s);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(await snapshotTables(db, TABLES)).toBe(before);
  });

  it('inside the area, the right user can take every step (so the refusals above are about the area)', async () => {
    for (const [key, spec] of routes().filter(([k]) => !k.startsWith('GET '))) {
      const who = `${ENROLLMENT_WRITERS[key]}_a`;
      const r = spec.variants[0]({ t: undefined as never, own: undefined as never, me: who, e: a });
      const res = await send(who, r);
      expect([200, 201], `${who} ${r.method} ${r.url} (${key}): ${JSON.stringify(res.json)}`).toContain(res.status);
    }
  });
});
