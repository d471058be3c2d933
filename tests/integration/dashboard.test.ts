import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_FIGURE_KEYS, type DashboardFigureKey, type DashboardFigures, type DashboardRows, type DashboardView } from '../../src/contracts/dashboard.ts';
import type { FigureRow } from '../../src/contracts/report-drill.ts';
import type { AssistanceCaseTable, PayrollLineTable, PayrollRollTable } from '../../src/db/schema.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { enrollmentIdOf, enrollPopulation, householdIdOf, putTerm } from '../factories/payroll-population.ts';
import { insertCampaign, insertLedgerRow } from '../factories/screening-ledger.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { scopePrefix } from '../../src/kernel/division-code.ts';
import { sessionFor, TestClock } from './cases-flow.ts';
import { forgetDashboards } from '../../src/commands/reports/dashboard.ts';

const C = AREAS.county.slice(0, 6);

/** A dashboard figure's value as the page shows it (spending: the amount on the month's approved rolls). */
function figureOf(f: DashboardFigures, k: DashboardFigureKey): number | null {
  const spend = { spendDibao: 'dibao', spendTekun: 'tekun', spendTemporary: 'temporary', spendHeating: 'heating' } as const;
  if (k in spend) return f.spending[spend[k as keyof typeof spend]].approvedFen;
  if (k in f.coverage) return f.coverage[k as keyof DashboardFigures['coverage']];
  const other: Record<string, number | null> = {
    overdueCases: f.overdue.cases,
    overdueReviews: f.overdue.reviews,
    overduePaperwork: f.overdue.paperwork,
    rollsAwaitingApproval: f.overdue.rollsAwaitingApproval,
    spotCheckProblems: f.findings.spotCheckProblems,
    screeningOpen: f.findings.screeningOpen,
    anomalies: f.findings.anomalies,
  };
  return other[k];
}
const OTHER = AREAS.otherCounty.slice(0, 6);
const MONTH = '2019-09';
const TODAY = '2019-10-15';
const AT = '2019-09-01T00:00:00.000Z';

/**
 * 领导驾驶舱 (issue 15 point 4) on both databases: records written straight into the tables (enrollments with changed
 * terms, rolls of several months and states with paid and failed lines, open and closed cases with deadlines, review
 * schedules, assist-first temporary aid, spot-check visits, screening ledgers) in two counties and several villages;
 * the dashboard's figures for the city, a county, a township and a village — totals and every child division — equal
 * a recount done here in JavaScript over the rows read back, by the rules written out again below. A county user is
 * refused the city and the other county; a role without the permission is refused; a bad month is refused on its field.
 */
describe(`dashboard (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock(TODAY);
  let sup: Client;
  let apr: Client;
  let twp: Client;

  beforeAll(async () => {
    db = await createTestDb();
    for (const [name, role, area] of [
      ['sup', 'city_supervisor', AREAS.city],
      ['apr', 'county_approver', AREAS.county],
      ['twp', 'township_caseworker', AREAS.township],
      ['apr_other', 'county_approver', AREAS.otherCounty],
    ] as const) {
      await makeUser(db, `db_${name}`, role, area);
    }
    const villages = [AREAS.village, AREAS.otherVillage, AREAS.siblingVillage];
    await enrollPopulation(db, { county: C, villages, households: 30, prefix: 'da', startMonth: '2019-01', individualEvery: 7 });
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: 8, prefix: 'dt', startMonth: '2019-03', program: 'tekun', individualEvery: 2 });
    await enrollPopulation(db, { county: OTHER, villages: [AREAS.otherCountyVillage], households: 10, prefix: 'dx', startMonth: '2019-10' });
    // The population factory files its tekun cases under the dibao rule set: the case list would not present them.
    await db.kysely.updateTable('assistance_case').set({ rule_set: 'nat-2021' }).where('program', '=', 'tekun').execute();
    // Terms changed: ended before the month, suspended after it, suspended in it; a tekun one ended in the month.
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('da', 3), from: '2019-08', status: 'ended', amountFen: 0 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('da', 4), from: '2019-10', status: 'suspended', amountFen: 0 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('da', 5), from: '2019-09', status: 'suspended', amountFen: 0 });
    await putTerm(db, { county: C, enrollmentId: enrollmentIdOf('dt', 2), from: '2019-09', status: 'ended', amountFen: 0 });
    await db.kysely.updateTable('enrollment').set({ status: 'ended' }).where('county_code', '=', C).where('id', '=', enrollmentIdOf('da', 3)).execute();

    // Rolls: the month's approved, closed and built ones, the month before, and another county's.
    const lines = (prefix: string, county: string, from: number, to: number, program: PayrollLineTable['program'], month: string) =>
      Array.from({ length: to - from + 1 }, (_, k) => {
        const i = from + k;
        return {
          i,
          bank: i % 4 === 0 ? 'failed' : i % 2 === 1 ? 'paid' : null,
          line: { county, program, month, payee: householdIdOf(prefix, i), amount: 10_000 + i * 100 },
        };
      });
    const areaOf = async (county: string, household: string) =>
      (await db.kysely.selectFrom('household').select('area_code').where('county_code', '=', county).where('id', '=', household).executeTakeFirstOrThrow()).area_code;
    const roll = async (county: string, id: string, program: PayrollRollTable['program'], month: string, status: PayrollRollTable['status'], ls: ReturnType<typeof lines>) => {
      const kind: PayrollRollTable['kind'] = program === 'heating' ? 'season' : program === 'temporary' ? 'disbursement' : 'regular';
      await db.kysely
        .insertInto('payroll_roll')
        .values({
          county_code: county, id, program, month, kind, round: 0, status: 'building', phase: 'regular', cursor: null, line_count: ls.length, pay_line_count: ls.length,
          person_count: ls.length, total_fen: 0, regular_fen: 0, backpay_fen: 0, reissue_fen: 0, recovery_fen: 0, gradual_exit_count: 0, skipped_count: 0,
          built_by: 'maker', built_by_name: '制表人', build_started_at: AT, built_at: AT, approved_by: null, approved_by_name: null, approved_at: null,
          export_count: 0, exported_at: null, exported_by_name: null, closed_at: null, closed_by_name: null, paid_count: 0, paid_fen: 0, failed_count: 0, failed_fen: 0,
          version: 1, created_at: AT, updated_at: AT, held_count: 0, held_fen: 0, refreshed_by: null, refreshed_by_name: null, refreshed_at: null,
        })
        .execute();
      let seq = 0;
      for (const l of ls) {
        const household = l.line.payee;
        await db.kysely
          .insertInto('payroll_line')
          .values({
            county_code: county, roll_id: id, seq: ++seq, kind: 'regular', program, benefit_month: month,
            enrollment_id: program === 'heating' || program === 'dibao' || program === 'tekun' ? `${household.slice(0, 2)}e${household.slice(3)}` : null,
            unit: 'household', payee_id: household, household_id: household, person_id: null, area_code: await areaOf(county, household), payee_name: '户主',
            bank_name: null, bank_account_sealed: null, bank_account_hash: null, person_count: 1, amount_fen: l.line.amount, term_status: 'active',
            reissue_of_roll: null, reissue_of_seq: null, bank_status: l.bank as PayrollLineTable['bank_status'], bank_reason: null, bank_at: l.bank ? AT : null,
            hold_reason: null, ...(program === 'heating' ? { heating_mode: 'dispersed' as const, heated_area_dm2: null, heating_months: null } : {}),
          })
          .execute();
      }
      if (status !== 'building') {
        await db.kysely
          .updateTable('payroll_roll')
          .set({ status, approved_by: status === 'built' ? null : 'checker', approved_by_name: status === 'built' ? null : '审核人', approved_at: status === 'built' ? null : AT })
          .where('county_code', '=', county)
          .where('id', '=', id)
          .execute();
      }
    };
    await roll(C, 'r-dibao-09', 'dibao', MONTH, 'approved', lines('da', C, 1, 16, 'dibao', MONTH));
    await roll(C, 'r-heat-09', 'heating', MONTH, 'closed', lines('da', C, 17, 22, 'heating', MONTH));
    await roll(C, 'r-tekun-09', 'tekun', MONTH, 'built', lines('dt', C, 1, 5, 'tekun', MONTH));
    await roll(C, 'r-dibao-08', 'dibao', '2019-08', 'approved', lines('da', C, 1, 10, 'dibao', '2019-08'));
    await roll(C, 'r-dibao-10', 'dibao', '2019-10', 'built', lines('da', C, 1, 3, 'dibao', '2019-10'));
    await roll(OTHER, 'r-x-09', 'dibao', MONTH, 'approved', lines('dx', OTHER, 1, 6, 'dibao', MONTH));
    await roll(OTHER, 'r-x-10', 'dibao', '2019-10', 'built', lines('dx', OTHER, 1, 2, 'dibao', '2019-10'));

    // Cases: open with a deadline passed or not, without a deadline, closed; temporary aid assisted first.
    const caseRow = async (county: string, prefix: string, i: number, o: Partial<AssistanceCaseTable>) => {
      const household = householdIdOf(prefix, i);
      await db.kysely
        .insertInto('assistance_case')
        .values({
          county_code: county, id: `dc-${prefix}-${i}-${o.kind ?? 'd'}`, kind: 'dibao_household', program: 'dibao', state: 'investigated', version: 1, household_id: household,
          applicant_person_id: `${prefix}p${household.slice(3)}-1`, area_code: await areaOf(county, household), staff_relative: 0, staff_relative_note: null, contested: 0,
          on_behalf: 0, signed_declaration: 1, data_check_authorised: 1, filed_by: 'factory', rule_set: 'nat-2012', applied_on: '2019-08-01', accepted_on: '2019-08-01',
          state_since: '2019-08-01', due_date: '2019-10-01', notice_ends_on: null, county_review_since: null, county_objection_on: null, spot_check: null, spot_check_id: null,
          proposed_amount_fen: null, decision_id: null, open_program: null, origin: null, created_at: AT, updated_at: AT, ...o,
        })
        .execute();
      return `dc-${prefix}-${i}-${o.kind ?? 'd'}`;
    };
    for (let i = 1; i <= 12; i++) {
      const due = i % 3 === 0 ? '9999-12-31' : i % 3 === 1 ? '2019-10-10' : '2019-10-20';
      await caseRow(C, 'da', i, { kind: 'dibao_household', open_program: i === 7 ? null : 'dibao', state: i === 7 ? 'refused' : 'investigated', due_date: due });
    }
    await caseRow(OTHER, 'dx', 1, { open_program: 'dibao', due_date: '2019-10-01' });
    const temporary = async (prefix: string, i: number, a: { due: string; done: string | null; paidOn: string | null; fen: number }) => {
      const household = householdIdOf(prefix, i);
      const area = await areaOf(C, household);
      const id = await caseRow(C, prefix, i, { kind: 'temporary_emergency', program: 'temporary', open_program: 'temporary', due_date: '9999-12-31', state: 'paid_first', rule_set: 'nat-2014' });
      await db.kysely
        .insertInto('temporary_aid')
        .values({
          county_code: C, case_id: id, category: 'fire', event_date: '2019-09-01', event_note: '火灾', need_fen: a.fen, registered_poor: 0, approval_level: 'township',
          proposed_fen: null, maximum_fen: null, assisted_first: 1, paid_first_fen: a.fen, paid_first_on: a.paidOn, paid_first_by: 'x', paid_first_by_name: '乡镇',
          paid_first_reason: '紧急', township_code: area.slice(0, 9), paperwork_due: a.due, paperwork_done_on: a.done, new_event_reason: null, new_event_by_name: null,
          approved_fen: null, recovery_fen: 0, outcome: null, created_at: AT, updated_at: AT,
        })
        .execute();
      return id;
    };
    await temporary('da', 20, { due: '2019-10-08', done: null, paidOn: '2019-09-10', fen: 80_000 });
    await temporary('da', 21, { due: '2019-10-08', done: '2019-10-01', paidOn: '2019-09-30', fen: 50_000 });
    await temporary('da', 22, { due: '2019-10-30', done: null, paidOn: '2019-10-02', fen: 30_000 });
    const spotted = await temporary('da', 23, { due: '2019-09-20', done: null, paidOn: '2019-08-20', fen: 20_000 });

    // Review schedules: overdue, not yet due, overdue on an ended enrollment.
    for (const i of [1, 2, 3, 6, 9, 13]) {
      await db.kysely
        .insertInto('review_schedule')
        .values({ county_code: C, enrollment_id: enrollmentIdOf('da', i), review_class: 'stable', interval_months: 12, counted_from: '2018-10-01', next_due: i === 9 ? '2019-11-01' : '2019-10-01', last_review_id: null, updated_at: AT })
        .execute();
    }

    // Spot checks: inconsistent in the month, consistent, inconsistent the month before.
    await db.kysely.insertInto('spot_check').values({ county_code: C, id: 'sc1', area_code: AREAS.county, drawn_at: AT, drawn_by: 'x', seed: 1, rate: '0.1', batch_size: 4, minimum: 1 }).execute();
    const spot = async (caseId: string, finding: 'consistent' | 'inconsistent', on: string) =>
      db.kysely
        .insertInto('spot_check_item')
        .values({ county_code: C, spot_check_id: 'sc1', case_id: caseId, sampled: 1, reason: 'random', visited_on: on, visitors: '[]', finding, note: null, visited_by: 'x' })
        .execute();
    await spot('dc-da-1-dibao_household', 'inconsistent', '2019-09-12');
    await spot('dc-da-2-dibao_household', 'consistent', '2019-09-12');
    await spot('dc-da-5-dibao_household', 'inconsistent', '2019-08-30');
    await spot(spotted, 'inconsistent', '2019-09-30');

    // Screening: an open campaign's rows (concluded or not) and a closed one's.
    for (const [id, state] of [['k-open', 'open'], ['k-closed', 'closed']] as const) {
      await insertCampaign(db, { id, area_code: AREAS.county, year: state === 'open' ? 2019 : 2018, deadline: '2019-12-31', state, row_count: 4, opened_by_name: '县', opened_at: AT });
      for (let n = 1; n <= 4; n++) {
        const area = [AREAS.village, AREAS.otherVillage, AREAS.siblingVillage, AREAS.village][n - 1];
        await insertLedgerRow(db, {
          campaign_id: id, county_code: C, hh_no: `${id}-${n}`, seq: n, snapshot_id: 's', township_code: area.slice(0, 9), area_code: area, head_name: '户主', status: 'poor', member_count: 2,
          conclusion: n === 2 ? 'covered' : null, concluded_on: n === 2 ? '2019-09-05' : null, updated_at: AT,
        });
      }
    }

    // Findings of the anomaly rules: an open one in the village, an answered one in the sibling village, a closed one.
    for (const [n, area, status] of [
      [1, AREAS.village, 'open'],
      [2, AREAS.siblingVillage, 'answered'],
      [3, AREAS.village, 'closed'],
    ] as const) {
      await db.kysely
        .insertInto('finding')
        .values({
          county_code: C, id: `fd-${n}`, rule: 'REVIEW_OVERDUE', fingerprint: `REVIEW_OVERDUE:dash-${n}`, area_code: area, township_code: area.slice(0, 9), village_code: area,
          household_id: householdIdOf('da', n), person_id: null, enrollment_id: null, case_id: null, roll_id: null, line_seq: null, facts: '{}', status,
          first_found_at: AT, last_found_at: AT, last_run_id: 'run', seen_in_last_run: 1, reopened_count: 0, due_on: '2019-10-30', campaign_id: null,
          answer_action: status === 'open' ? null : '已整改', answer_evidence: null, answered_by: null, answered_by_name: status === 'open' ? null : '乡', answered_at: status === 'open' ? null : AT,
          sent_back_count: 0, closed_by: null, closed_by_name: status === 'closed' ? '县' : null, closed_at: status === 'closed' ? AT : null, close_note: null, version: 1, created_at: AT, updated_at: AT,
        })
        .execute();
    }
    app = await testServer(db, clock.fn);
    [sup, apr, twp] = await Promise.all(['sup', 'apr', 'twp'].map((n) => sessionFor(app, `db_${n}`)));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** The figures recounted here from the rows themselves, per child prefix of length `len` within `prefix`. */
  async function recount(prefix: string, len: number, month: string, today: string): Promise<Map<string, DashboardFigures>> {
    const k = db.kysely;
    const [persons, households, enrollments, terms, rolls, rollLines, cases, aids, schedules, items, campaigns, rows, findingRows] = await Promise.all([
      k.selectFrom('person').select(['area_code']).execute(),
      k.selectFrom('household').select(['county_code', 'id', 'area_code', 'member_count', 'registered_poor']).execute(),
      k.selectFrom('enrollment').selectAll().execute(),
      k.selectFrom('enrollment_term').select(['county_code', 'enrollment_id', 'from_month', 'status']).execute(),
      k.selectFrom('payroll_roll').selectAll().execute(),
      k.selectFrom('payroll_line').select(['county_code', 'roll_id', 'program', 'area_code', 'amount_fen', 'bank_status']).execute(),
      k.selectFrom('assistance_case').selectAll().execute(),
      k.selectFrom('temporary_aid').selectAll().execute(),
      k.selectFrom('review_schedule').selectAll().execute(),
      k.selectFrom('spot_check_item').selectAll().execute(),
      k.selectFrom('screening_campaign').selectAll().execute(),
      k.selectFrom('screening_row').selectAll().execute(),
      k.selectFrom('finding').select(['area_code', 'status']).execute(),
    ]);
    const out = new Map<string, DashboardFigures>();
    const get = (area: string | undefined) => {
      if (!area?.startsWith(prefix)) return null;
      const key = area.slice(0, len);
      if (!out.has(key)) {
        out.set(key, {
          coverage: { dibaoHouseholds: 0, dibaoPersons: 0, tekunPersons: 0, registeredPoorPersons: 0, registeredPersons: 0 },
          spending: { dibao: { approvedFen: 0, paidFen: 0 }, tekun: { approvedFen: 0, paidFen: 0 }, temporary: { approvedFen: 0, paidFen: 0 }, heating: { approvedFen: 0, paidFen: 0 } },
          overdue: { cases: 0, reviews: 0, paperwork: 0, rollsAwaitingApproval: null },
          findings: { spotCheckProblems: 0, screeningOpen: 0, anomalies: 0 },
        });
      }
      return out.get(key) as DashboardFigures;
    };
    const hh = new Map(households.map((h) => [`${h.county_code}/${h.id}`, h]));
    for (const p of persons) {
      const f = get(p.area_code);
      if (f) f.coverage.registeredPersons++;
    }
    const dibaoHouseholds = new Map<string, Set<string>>();
    for (const e of enrollments) {
      const mine = terms.filter((t) => t.county_code === e.county_code && t.enrollment_id === e.id && t.from_month <= month).sort((a, b) => (a.from_month < b.from_month ? 1 : -1));
      if (!mine[0] || !['active', 'gradual_exit'].includes(mine[0].status)) continue;
      const h = hh.get(`${e.county_code}/${e.household_id}`);
      const f = get(h?.area_code);
      if (!f || !h) continue;
      const n = e.unit === 'individual' ? 1 : h.member_count;
      if (e.program === 'dibao') {
        f.coverage.dibaoPersons += n;
        const key = h.area_code.slice(0, len);
        if (!dibaoHouseholds.has(key)) dibaoHouseholds.set(key, new Set());
        dibaoHouseholds.get(key)?.add(`${e.county_code}/${e.household_id}`);
      } else f.coverage.tekunPersons += n;
      if (h.registered_poor === 1) f.coverage.registeredPoorPersons += n;
    }
    for (const [key, s] of dibaoHouseholds) (out.get(key) as DashboardFigures).coverage.dibaoHouseholds = s.size;
    for (const l of rollLines) {
      const r = rolls.find((x) => x.county_code === l.county_code && x.id === l.roll_id);
      if (!r || r.month !== month || !['approved', 'closed'].includes(r.status)) continue;
      const f = get(l.area_code);
      if (!f) continue;
      f.spending[l.program].approvedFen += l.amount_fen;
      if (l.bank_status === 'paid') f.spending[l.program].paidFen += l.amount_fen;
    }
    const caseOf = (county: string, id: string) => cases.find((c) => c.county_code === county && c.id === id);
    for (const a of aids) {
      const f = get(caseOf(a.county_code, a.case_id)?.area_code);
      if (!f) continue;
      if (a.paid_first_on?.startsWith(month) && a.paid_first_fen > 0) {
        f.spending.temporary.approvedFen += a.paid_first_fen;
        f.spending.temporary.paidFen += a.paid_first_fen;
      }
      if (a.paperwork_done_on === null && a.paperwork_due !== null && a.paperwork_due < today) f.overdue.paperwork++;
    }
    for (const c of cases) {
      const f = get(c.area_code);
      if (f && c.open_program !== null && c.due_date < today) f.overdue.cases++;
    }
    for (const s of schedules) {
      const e = enrollments.find((x) => x.county_code === s.county_code && x.id === s.enrollment_id);
      const f = get(e && hh.get(`${e.county_code}/${e.household_id}`)?.area_code);
      if (f && e && e.status !== 'ended' && s.next_due < today) f.overdue.reviews++;
    }
    for (const i of items) {
      const f = get(caseOf(i.county_code, i.case_id)?.area_code);
      if (f && i.finding === 'inconsistent' && i.visited_on?.startsWith(month)) f.findings.spotCheckProblems++;
    }
    for (const r of rows) {
      const f = get(r.area_code);
      if (f && r.conclusion === null && campaigns.find((c) => c.id === r.campaign_id)?.state === 'open') f.findings.screeningOpen++;
    }
    for (const x of findingRows) {
      const f = get(x.area_code);
      if (f && x.status !== 'closed') f.findings.anomalies++;
    }
    // Rolls built and not approved: a county's figure, under the city per county.
    if (len === 6) for (const r of rolls) if (r.status === 'built' && r.county_code.startsWith(prefix)) {
      const f = get(`${r.county_code}000000`) as DashboardFigures;
      f.overdue.rollsAwaitingApproval = (f.overdue.rollsAwaitingApproval ?? 0) + 1;
    }
    return out;
  }

  function sum(figures: DashboardFigures[]): DashboardFigures {
    const t = structuredClone(figures[0]);
    for (const f of figures.slice(1)) {
      for (const [group, values] of Object.entries(f) as [keyof DashboardFigures, Record<string, unknown>][]) {
        for (const [name, v] of Object.entries(values)) {
          const target = t[group] as Record<string, unknown>;
          if (typeof v === 'number') target[name] = ((target[name] as number | null) ?? 0) + v;
          else if (v && typeof v === 'object') for (const [kk, vv] of Object.entries(v)) (target[name] as Record<string, number>)[kk] += vv as number;
        }
      }
    }
    return t;
  }

  async function view(client: Client, query: string): Promise<DashboardView> {
    const r = await client.call('GET', `/api/dashboard${query}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json as DashboardView;
  }

  it('the city: every county’s figures and the total equal the recount; the rolls awaiting approval per county', async () => {
    const v = await view(sup, `?month=${MONTH}`);
    expect(v).toMatchObject({ area: { code: AREAS.city, level: 'city' }, month: MONTH, today: TODAY, childLevel: 'county' });
    expect(v.path.map((d) => d.code)).toEqual([AREAS.city]);
    const expected = await recount('2112', 6, MONTH, TODAY);
    expect(v.children.length).toBeGreaterThan(2);
    for (const c of v.children) {
      const e = expected.get(c.division.code.slice(0, 6));
      if (e) expect(c.figures, c.division.code).toEqual(e);
      else expect(c.figures.coverage.registeredPersons).toBe(0);
    }
    const total = sum([...expected.values()]);
    expect(v.totals).toEqual(total);
    // The figures are not all zero (the recount would then prove little).
    const county = v.children.find((c) => c.division.code === AREAS.county)?.figures as DashboardFigures;
    expect(county.coverage.dibaoPersons).toBeGreaterThan(0);
    expect(county.spending.dibao.paidFen).toBeGreaterThan(0);
    expect(county.spending.dibao.paidFen).toBeLessThan(county.spending.dibao.approvedFen);
    expect(county.spending.heating.approvedFen).toBeGreaterThan(0);
    expect(county.spending.temporary.approvedFen).toBe(130_000);
    expect(county.overdue).toEqual({ cases: expect.any(Number), reviews: 4, paperwork: 2, rollsAwaitingApproval: 2 });
    expect(county.findings).toEqual({ spotCheckProblems: 2, screeningOpen: 3, anomalies: 2 });
  });

  it('the lists the figures link to hold as many records: overdue cases (the case list’s overdue filter) and overdue reviews', async () => {
    for (const area of [AREAS.county, AREAS.township, AREAS.village, AREAS.siblingVillage]) {
      const v = await view(sup, `?area=${area}&month=${MONTH}`);
      const cases = await sup.call('GET', `/api/cases?overdue=true&area=${area}&pageSize=100`);
      expect(cases.status).toBe(200);
      expect(cases.json.total, area).toBe(v.totals.overdue.cases);
      expect(cases.json.items.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
      const reviews = await sup.call('GET', `/api/reviews/overdue?area=${area}&pageSize=100`);
      expect(reviews.status).toBe(200);
      expect(reviews.json.total, area).toBe(v.totals.overdue.reviews);
    }
    const all = await sup.call('GET', `/api/cases?area=${AREAS.county}&pageSize=100`);
    expect(all.status, JSON.stringify(all.json)).toBe(200);
    expect(all.json.total).toBeGreaterThan((await view(sup, `?area=${AREAS.county}`)).totals.overdue.cases);
  });

  it('every figure of every level opens the records behind it: read page by page, they give the figure', async () => {
    let nonEmpty = 0;
    for (const area of [AREAS.city, AREAS.county, AREAS.township, AREAS.village]) {
      const v = await view(sup, `?area=${area}&month=${MONTH}`);
      for (const k of DASHBOARD_FIGURE_KEYS) {
        const want = figureOf(v.totals, k);
        if (want === null) {
          const r = await sup.call('GET', `/api/dashboard/rows?area=${area}&month=${MONTH}&figure=${k}`);
          expect([r.status, r.json.code], `${area} ${k}`).toEqual([400, 'DASHBOARD_NO_LIST']);
          continue;
        }
        const rows: FigureRow[] = [];
        let after = '';
        let measure = '';
        for (let i = 0; i < 500; i++) {
          const r = await sup.call('GET', `/api/dashboard/rows?area=${area}&month=${MONTH}&figure=${k}&limit=30${after ? `&after=${encodeURIComponent(after)}` : ''}`);
          expect(r.status, JSON.stringify(r.json)).toBe(200);
          const page = r.json as DashboardRows;
          measure = page.measure;
          rows.push(...page.rows);
          if (i === 0) expect(page.total.rows, `${area} ${k}`).toBeGreaterThanOrEqual(page.rows.length);
          if (!page.next) break;
          after = page.next;
        }
        const got = measure === 'rows' ? rows.length : measure === 'persons' ? rows.reduce((n, x) => n + (x.persons ?? 0), 0) : rows.reduce((n, x) => n + (x.amountFen ?? 0), 0);
        expect(got, `${area} ${k}`).toBe(want);
        expect(new Set(rows.map((x) => x.key)).size, `${area} ${k}`).toBe(rows.length);
        for (const x of rows) {
          expect(x.areaCode.startsWith(scopePrefix(area)), `${area} ${k}`).toBe(true);
          if (x.detail !== null) expect(x.detailLabel?.zh, `${k} ${x.detail}`).toMatch(/^[\u4e00-\u9fff（）、·]+$/);
        }
        if (rows.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
    // Another county's user is refused this county's records.
    const other = await sessionFor(app, 'db_apr_other');
    const refused = await other.call('GET', `/api/dashboard/rows?area=${AREAS.county}&figure=dibaoHouseholds`);
    expect([refused.status, refused.json.code]).toEqual([403, 'AREA_FORBIDDEN']);
    const bad = await sup.call('GET', '/api/dashboard/rows?figure=nonsense');
    expect([bad.status, bad.json.field]).toEqual([400, 'figure']);
  });

  it('a county, a township and a village: children and totals equal the recount; below a county no roll figure', async () => {
    for (const [area, len, childLevel] of [
      [AREAS.county, 9, 'township'],
      [AREAS.township, 12, 'village'],
      [AREAS.village, 12, null],
    ] as const) {
      const v = await view(sup, `?area=${area}&month=${MONTH}`);
      expect(v.childLevel).toBe(childLevel);
      const prefix = scopePrefix(area);
      const expected = await recount(prefix, len, MONTH, TODAY);
      for (const c of v.children) {
        const e = expected.get(c.division.code.slice(0, len));
        if (e) expect(c.figures, c.division.code).toEqual(e);
        else expect(c.figures.coverage.registeredPersons, c.division.code).toBe(0);
      }
      const total = sum([...expected.values()]);
      if (area === AREAS.county) total.overdue.rollsAwaitingApproval = 2;
      expect(v.totals, area).toEqual(total);
      expect(v.path[0].code).toBe(AREAS.city);
      expect(v.path[v.path.length - 1].code).toBe(area);
    }
  });

  it('the month defaults to the business day’s; another month gives other figures', async () => {
    const v = await view(apr, '');
    expect(v.area.code).toBe(AREAS.county);
    expect(v.month).toBe('2019-10');
    expect(v.path.map((d) => d.code)).toEqual([AREAS.county]);
    const expected = sum([...(await recount(C, 9, '2019-10', TODAY)).values()]);
    expected.overdue.rollsAwaitingApproval = 2;
    expect(v.totals).toEqual(expected);
    const aug = await view(apr, '?month=2019-08');
    expect(aug.totals.spending.dibao.approvedFen).toBeGreaterThan(0);
    expect(aug.totals.coverage.dibaoPersons).not.toBe(v.totals.coverage.dibaoPersons);
  });

  it('an area’s figures are counted once and shared for a minute: a new record shows once they are counted again', async () => {
    const before = await view(apr, `?area=${AREAS.township}&month=${MONTH}`);
    const again = await view(sup, `?area=${AREAS.township}&month=${MONTH}`);
    expect(again.totals).toEqual(before.totals);
    expect(again.computedAt).toBe(before.computedAt);
    // The path is the reader's own: from the county for the county's approver, from the city for the supervisor.
    expect(before.path[0].code).toBe(AREAS.county);
    expect(again.path[0].code).toBe(AREAS.city);
    await db.kysely
      .insertInto('assistance_case')
      .values({
        county_code: C, id: 'dc-late', kind: 'dibao_household', program: 'dibao', state: 'investigated', version: 1, household_id: householdIdOf('da', 25),
        applicant_person_id: 'dap000000025-1', area_code: AREAS.otherVillage, staff_relative: 0, staff_relative_note: null, contested: 0, on_behalf: 0, signed_declaration: 1,
        data_check_authorised: 1, filed_by: 'factory', rule_set: 'nat-2012', applied_on: '2019-08-01', accepted_on: '2019-08-01', state_since: '2019-08-01',
        due_date: '2019-10-02', notice_ends_on: null, county_review_since: null, county_objection_on: null, spot_check: null, spot_check_id: null,
        proposed_amount_fen: null, decision_id: null, open_program: 'dibao', origin: null, created_at: AT, updated_at: AT,
      })
      .execute();
    expect((await view(sup, `?area=${AREAS.township}&month=${MONTH}`)).totals.overdue.cases).toBe(before.totals.overdue.cases);
    forgetDashboards(db.kysely);
    clock.set('2019-10-16');
    const after = await view(sup, `?area=${AREAS.township}&month=${MONTH}`);
    expect(after.totals.overdue.cases).toBe(before.totals.overdue.cases + 1);
    expect(after.today).toBe('2019-10-16');
    await db.kysely.deleteFrom('assistance_case').where('id', '=', 'dc-late').execute();
    clock.set(TODAY);
    forgetDashboards(db.kysely);
  });

  it('a county user is refused the city and another county; a role without the permission is refused; a bad month on its field', async () => {
    for (const area of [AREAS.city, AREAS.otherCounty, AREAS.otherCountyVillage, OTHER]) {
      const r = await apr.call('GET', `/api/dashboard?area=${area}`);
      expect(r.status, area).toBe(403);
      expect(r.json.code).toBe('AREA_FORBIDDEN');
    }
    const own = await view(apr, `?area=${AREAS.township}`);
    expect(own.path.map((d) => d.code)).toEqual([AREAS.county, AREAS.township]);
    const missing = await sup.call('GET', '/api/dashboard?area=211221999000');
    expect(missing.status).toBe(404);
    const denied = await twp.call('GET', '/api/dashboard');
    expect(denied.status).toBe(403);
    expect(denied.json.code).toBe('PERMISSION_DENIED');
    const bad = await sup.call('GET', '/api/dashboard?month=2019-13');
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('month');
  });
});
