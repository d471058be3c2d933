import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/commands/context.ts';
import { figureOf, figureRows } from '../../src/commands/reports/figure-rows.ts';
import { beijingDayStart, computeQuarterlyFigures, periodOf } from '../../src/commands/reports/quarterly-figures.ts';
import { figureLeaves } from '../../src/commands/reports/report-context.ts';
import { drillOf, type FigureRow } from '../../src/contracts/report-drill.ts';
import { ReportRepo } from '../../src/db/report-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { loadWorkingCalendar } from '../../src/commands/shared/working-calendar.ts';
import {
  ENROLLMENT_PROGRAMS,
  type EnrollmentProgram,
  type QuarterlyFigures,
  quarterFirstDay,
  quarterLastDay,
  quarterMonths,
} from '../../src/contracts/report.ts';
import type { Database } from '../../src/db/schema.ts';
import { AppError } from '../../src/kernel/errors.ts';
import type { PlainDate } from '../../src/kernel/plain-date.ts';
import { TEMPORARY_CATEGORIES } from '../../src/kernel/temporary-category.ts';
import type { WorkingCalendar } from '../../src/kernel/working-days.ts';
import { mulberry32 } from '../../src/workflow/spot-check.ts';
import { createTestDb, type TestDb } from '../factories/test-db.ts';

/**
 * Issue 15 point 7: the quarterly figures over a generated population of two counties (seeded, mulberry32), each figure
 * checked against a plain JavaScript recount over the generated records — never against report-repo's SQL. Runs on
 * SQLite, and on PostgreSQL with DOUDI_TEST_DATABASE_URL.
 */

const A = '211221';
const B = '211223';
const VILLAGES: Record<string, string[]> = { [A]: ['211221101200', '211221101201', '211221102200'], [B]: ['211223100200', '211223100201'] };
const AT = '2019-01-01T00:00:00.000Z';
const MONTHS_2019 = Array.from({ length: 12 }, (_, k) => `2019-${String(k + 1).padStart(2, '0')}`);

type Status = 'active' | 'gradual_exit' | 'suspended' | 'ended';
interface GenTerm {
  from: string;
  status: Status;
  amount: number;
}
interface GenHousehold {
  county: string;
  id: string;
  area: string;
  members: number;
  rp: number;
}
interface GenEnrollment {
  county: string;
  id: string;
  program: 'dibao' | 'tekun';
  unit: 'household' | 'individual';
  household: GenHousehold;
  personId: string | null;
  start: string;
  terms: GenTerm[];
  care: { from: string; placement: 'home' | 'institution' }[];
}
interface GenLine {
  county: string;
  roll: string;
  seq: number;
  kind: 'regular' | 'backpay' | 'recovery' | 'reissue' | 'stage';
  program: 'dibao' | 'tekun' | 'temporary' | 'heating';
  benefitMonth: string;
  enrollment: GenEnrollment | null;
  household: GenHousehold;
  persons: number;
  amount: number;
  bank: 'paid' | 'failed' | null;
  bankAt: string | null;
  held: boolean;
  reissueOf: { roll: string; seq: number } | null;
  caseId: string | null;
  stage: number | null;
  mode: 'central' | 'dispersed' | null;
}
interface GenAid {
  county: string;
  caseId: string;
  household: GenHousehold;
  category: string;
  level: 'township' | 'county' | 'collective' | null;
  rp: number;
  assistedFirst: boolean;
  paidFirstOn: string | null;
  paidFirstFen: number;
  outcome: 'approved' | 'refused' | null;
  decidedOn: string | null;
}
interface GenCase {
  county: string;
  id: string;
  program: 'dibao' | 'tekun';
  household: GenHousehold;
  decidedOn: string | null;
  outcome: 'approved' | 'refused';
  fromState: 'county_notice' | 'county_review';
  noticeEnds: string | null;
  reviewSince: string | null;
  dueDate: string;
  spot: { sampled: boolean; visitedOn: string | null } | null;
}
interface GenPoverty {
  hhNo: string;
  village: string;
  attribute: 'general' | 'dibao' | 'tekun';
  persons: { key: string; match: 'id' | 'confirmed' | 'suggested' | null; household: GenHousehold | null }[];
}

const addMonth = (m: string, n: number) => {
  const t = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};
const dayPlus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The generated population: everything written, kept here for the recount. */
class Population {
  rnd = mulberry32(20191001);
  households: GenHousehold[] = [];
  enrollments: GenEnrollment[] = [];
  lines: GenLine[] = [];
  rolls: { county: string; id: string; program: GenLine['program']; month: string; kind: 'regular' | 'reissue' | 'disbursement' | 'season' }[] = [];
  aids: GenAid[] = [];
  cases: GenCase[] = [];
  schedules: { county: string; enrollment: GenEnrollment; nextDue: string }[] = [];
  poverty: GenPoverty[] = [];
  screening: { hhNo: string; area: string; conclusion: string | null; concludedOn: string | null }[] = [];

  r(): number {
    return this.rnd();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  day(from: string, span: number): string {
    return dayPlus(from, this.int(0, span));
  }
  /** An instant on a day, any hour (some after 16:00 UTC: the next Beijing day). */
  instant(from: string, span: number): string {
    const d = this.day(from, span);
    return new Date(Date.parse(`${d}T00:00:00Z`) + this.int(0, 23) * 3_600_000 + this.int(0, 59) * 60_000).toISOString();
  }

  build(): void {
    for (const county of [A, B]) {
      const n = county === A ? 260 : 120;
      for (let i = 1; i <= n; i++) {
        const h: GenHousehold = { county, id: `h${i}`, area: this.pick(VILLAGES[county]), members: this.int(1, 5), rp: this.r() < 0.3 ? 1 : 0 };
        this.households.push(h);
        const u = this.r();
        if (u < 0.45) this.enroll(h, 'dibao', 'household');
        else if (u < 0.65) this.enroll(h, 'tekun', 'individual');
        if (this.r() < 0.15) this.enroll(h, 'dibao', 'individual');
      }
      this.payroll(county);
      this.temporary(county);
      this.heating(county);
      this.procedure(county);
    }
    this.dualAndScreening();
  }

  enroll(h: GenHousehold, program: 'dibao' | 'tekun', unit: 'household' | 'individual'): void {
    const start = addMonth('2018-10', this.int(0, 14));
    const terms: GenTerm[] = [{ from: start, status: 'active', amount: this.int(50, 900) * 100 + this.int(0, 99) }];
    const u = this.r();
    let m = start;
    if (u < 0.3 && program === 'dibao') {
      m = addMonth(m, this.int(1, 6));
      terms.push({ from: m, status: 'gradual_exit', amount: terms[0].amount });
      if (this.r() < 0.6) terms.push({ from: addMonth(m, this.int(1, 4)), status: 'ended', amount: 0 });
    } else if (u < 0.5) {
      terms.push({ from: addMonth(m, this.int(1, 8)), status: 'ended', amount: 0 });
    } else if (u < 0.6) {
      m = addMonth(m, this.int(1, 5));
      terms.push({ from: m, status: 'suspended', amount: 0 });
      if (this.r() < 0.5) terms.push({ from: addMonth(m, this.int(1, 3)), status: 'active', amount: this.int(50, 900) * 100 });
    }
    const care: GenEnrollment['care'] = [];
    if (program === 'tekun' && this.r() < 0.85) {
      care.push({ from: start, placement: this.r() < 0.4 ? 'institution' : 'home' });
      if (this.r() < 0.35) care.push({ from: addMonth(start, this.int(1, 8)), placement: care[0].placement === 'home' ? 'institution' : 'home' });
    }
    const e: GenEnrollment = {
      county: h.county, id: `e${this.enrollments.length + 1}`, program, unit, household: h,
      personId: unit === 'individual' ? `${h.id}-p${this.int(1, 9)}` : null, start, terms, care,
    };
    this.enrollments.push(e);
    if (this.r() < 0.6) this.schedules.push({ county: h.county, enrollment: e, nextDue: this.day('2019-05-01', 280) });
  }

  bankOutcome(month: string): { bank: 'paid' | 'failed' | null; bankAt: string | null; held: boolean } {
    const u = this.r();
    const at = this.instant(`${month}-03`, 45);
    if (u < 0.8) return { bank: 'paid', bankAt: at, held: false };
    if (u < 0.9) return { bank: 'failed', bankAt: at, held: false };
    if (u < 0.95) return { bank: null, bankAt: null, held: true };
    return { bank: null, bankAt: null, held: false };
  }

  line(l: Omit<GenLine, 'seq'>): GenLine {
    const seq = this.lines.filter((x) => x.county === l.county && x.roll === l.roll).length + 1;
    const out = { ...l, seq };
    this.lines.push(out);
    return out;
  }

  payroll(county: string): void {
    for (const program of ['dibao', 'tekun'] as const) {
      for (const month of MONTHS_2019) {
        const roll = `r-${program}-${month}`;
        const reissueRoll = `rr-${program}-${month}`;
        this.rolls.push({ county, id: roll, program, month, kind: 'regular' });
        this.rolls.push({ county, id: reissueRoll, program, month: addMonth(month, 1), kind: 'reissue' });
        for (const e of this.enrollments.filter((x) => x.county === county && x.program === program)) {
          const t = termIn(e, month);
          if (!t || (t.status !== 'active' && t.status !== 'gradual_exit')) continue;
          const persons = personsOf(e);
          const base = { county, program, benefitMonth: month, enrollment: e, household: e.household, persons, reissueOf: null, caseId: null, stage: null, mode: null } as const;
          const o = this.bankOutcome(month);
          const reg = this.line({ ...base, roll, kind: 'regular', amount: t.amount, ...o });
          if ((o.bank === 'failed' || o.held) && this.r() < 0.7) {
            const u = this.r();
            const again = u < 0.8 ? { bank: 'paid' as const, bankAt: this.instant(`${addMonth(month, 1)}-10`, 30) } : { bank: 'failed' as const, bankAt: this.instant(`${addMonth(month, 1)}-10`, 30) };
            this.line({ ...base, roll: reissueRoll, kind: 'reissue', amount: t.amount, ...again, held: false, reissueOf: { roll, seq: reg.seq } });
          }
          if (this.r() < 0.03) this.line({ ...base, roll, kind: 'backpay', amount: this.int(1, 300) * 100, ...this.bankOutcome(month) });
          if (this.r() < 0.02) this.line({ ...base, roll, kind: 'recovery', amount: -this.int(1, 300) * 100, bank: null, bankAt: null, held: false });
        }
      }
    }
  }

  temporary(county: string): void {
    const hs = this.households.filter((h) => h.county === county);
    const roll = 'r-temporary-2019';
    this.rolls.push({ county, id: roll, program: 'temporary', month: '2019-07', kind: 'disbursement' });
    for (let i = 1; i <= 90; i++) {
      const h = this.pick(hs);
      const assistedFirst = this.r() < 0.4;
      const u = this.r();
      const outcome = u < 0.6 ? 'approved' : u < 0.8 ? 'refused' : null;
      const a: GenAid = {
        county, caseId: `t${i}`, household: h, category: this.pick(TEMPORARY_CATEGORIES), level: outcome ? this.pick(['township', 'county', 'collective'] as const) : null,
        rp: this.r() < 0.4 ? 1 : 0, assistedFirst, paidFirstOn: assistedFirst ? this.day('2019-05-20', 200) : null, paidFirstFen: assistedFirst ? this.int(100, 3000) * 100 : 0,
        outcome, decidedOn: outcome ? this.day('2019-06-01', 200) : null,
      };
      this.aids.push(a);
      if (outcome === 'approved') {
        const stages = this.int(1, 2);
        for (let n = 1; n <= stages; n++) {
          const paid = this.r() < 0.8;
          this.line({
            county, roll, kind: 'stage', program: 'temporary', benefitMonth: '2019-07', enrollment: null, household: h, persons: h.members, amount: this.int(100, 2000) * 100,
            bank: paid ? 'paid' : 'failed', bankAt: this.instant('2019-05-25', 210), held: false, reissueOf: null, caseId: a.caseId, stage: n, mode: null,
          });
        }
      }
    }
  }

  heating(county: string): void {
    const roll = 'r-heating-2019';
    this.rolls.push({ county, id: roll, program: 'heating', month: '2019-11', kind: 'season' });
    for (const h of this.households.filter((x) => x.county === county && this.r() < 0.7)) {
      // A heating line names the enrollment that qualified the household (ADR 0043).
      const e = this.enrollments.find((x) => x.household === h);
      if (!e) continue;
      const mode = this.r() < 0.5 ? 'central' : 'dispersed';
      this.line({
        county, roll, kind: 'regular', program: 'heating', benefitMonth: '2019-11', enrollment: e, household: h, persons: h.members,
        amount: mode === 'central' ? this.int(300, 900) * 100 : 20_000, ...this.bankOutcome(this.pick(['2019-08', '2019-09', '2019-10', '2019-11'])),
        reissueOf: null, caseId: null, stage: null, mode,
      });
    }
  }

  procedure(county: string): void {
    const hs = this.households.filter((h) => h.county === county);
    for (let i = 1; i <= 70; i++) {
      const program = this.r() < 0.6 ? 'dibao' : 'tekun';
      const decided = this.r() < 0.7;
      const decidedOn = decided ? this.day('2019-06-10', 130) : null;
      const c: GenCase = {
        county, id: `c${i}`, program, household: this.pick(hs), decidedOn, outcome: this.r() < 0.8 ? 'approved' : 'refused',
        fromState: program === 'dibao' ? 'county_notice' : 'county_review',
        noticeEnds: decidedOn && program === 'dibao' ? dayPlus(decidedOn, -this.int(0, 9)) : null,
        reviewSince: decidedOn && program === 'tekun' ? dayPlus(decidedOn, -this.int(5, 40)) : null,
        dueDate: decided ? '9999-12-31' : this.day('2019-07-15', 150),
        spot: this.r() < 0.5 ? { sampled: this.r() < 0.8, visitedOn: this.r() < 0.8 ? this.day('2019-06-01', 200) : null } : null,
      };
      this.cases.push(c);
    }
  }

  dualAndScreening(): void {
    const hs = this.households.filter((h) => h.county === A);
    for (let i = 1; i <= 40; i++) {
      const matched = this.r() < 0.7 ? this.pick(hs) : null;
      const village = matched && this.r() < 0.9 ? matched.area : this.pick(VILLAGES[A]);
      const persons: GenPoverty['persons'] = [];
      const k = this.int(1, 2);
      for (let j = 1; j <= k; j++) {
        const m = matched ? this.pick(['id', 'confirmed', 'suggested', null] as const) : null;
        persons.push({ key: `i:${i}-${j}`, match: m, household: m ? matched : null });
      }
      const hhNo = `P${String(i).padStart(4, '0')}`;
      this.poverty.push({ hhNo, village, attribute: this.pick(['general', 'dibao', 'tekun'] as const), persons });
      const u = this.r();
      const conclusion = u < 0.7 ? this.pick(['covered', 'eligible', 'single_person', 'not_eligible', 'referred']) : null;
      this.screening.push({ hhNo, area: village, conclusion, concludedOn: conclusion ? this.day('2019-08-01', 120) : null });
    }
  }
}

function termIn(e: GenEnrollment, month: string): GenTerm | undefined {
  if (month < e.start) return undefined;
  let t: GenTerm | undefined;
  for (const x of e.terms) if (x.from <= month) t = x;
  return t;
}
const personsOf = (e: GenEnrollment) => (e.unit === 'household' ? e.household.members : 1);
function placementIn(e: GenEnrollment, month: string): 'home' | 'institution' {
  let p: 'home' | 'institution' = 'home';
  for (const c of e.care) if (c.from <= month) p = c.placement;
  return p;
}
function programOf(e: GenEnrollment, month: string): EnrollmentProgram {
  if (e.program === 'dibao') return e.unit === 'household' ? 'dibao' : 'dibaoSingle';
  return placementIn(e, month) === 'institution' ? 'tekunConcentrated' : 'tekunDispersed';
}

async function write(db: TestDb, pop: Population): Promise<void> {
  const k = db.kysely;
  const chunks = async <T extends keyof Database>(table: T, rows: Insertable<Database[T]>[]) => {
    for (let i = 0; i < rows.length; i += 200) await k.insertInto(table).values(rows.slice(i, i + 200) as never).execute();
  };
  const caseRow = (county: string, id: string, kind: 'dibao_household' | 'dibao_individual' | 'tekun' | 'temporary_emergency' | 'temporary_expenditure', program: 'dibao' | 'tekun' | 'temporary', h: GenHousehold, state: string, decision: string | null, o: { due?: string; reviewSince?: string | null; ruleSet: string }) => ({
    county_code: county, id, kind, program, state, version: 5, household_id: h.id, applicant_person_id: `${h.id}-p1`, area_code: h.area, staff_relative: 0,
    staff_relative_note: null, contested: 0, on_behalf: 0, signed_declaration: 1, data_check_authorised: 1, filed_by: 'factory', rule_set: o.ruleSet, applied_on: '2019-05-01',
    accepted_on: '2019-05-02', state_since: '2019-05-02', due_date: o.due ?? '9999-12-31', notice_ends_on: null, county_review_since: o.reviewSince ?? null,
    county_objection_on: null, spot_check: null, spot_check_id: null, proposed_amount_fen: null, decision_id: decision, open_program: null, origin: null, created_at: AT, updated_at: AT,
  });
  const decisionRow = (county: string, id: string, caseId: string, outcome: 'approved' | 'refused', on: string, ruleSet: string) => ({
    county_code: county, id, case_id: caseId, outcome, decided_on: on, decided_at: `${on}T02:00:00.000Z`, decider_id: 'u', decider_name: '审批人', decider_role: 'county_approver',
    reasons: '[]', amount_fen: null, benefit_from: null, rule_set: ruleSet, determination: null,
  });
  await chunks(
    'household',
    pop.households.map((h) => ({
      county_code: h.county, id: h.id, area_code: h.area, address: '测试地址', hukou_type: 'rural' as const, registered_poor: h.rp, bank_name: null,
      bank_account_sealed: null, bank_account_hash: null, phone_sealed: null, head_name: `户主${h.id}`, member_count: h.members, synthetic: 1, version: 1,
      created_at: AT, updated_at: AT,
    })),
  );
  // doudi's persons: each household's head (the matches point at them).
  await chunks(
    'person',
    pop.households.map((h) => ({
      county_code: h.county, id: `${h.id}-p1`, household_id: h.id, area_code: h.area, id_number_sealed: 'sealed', id_hash: `hash-${h.county}-${h.id}`, name: '户主', sex: 'M' as const,
      birth_date: '1950-01-01', relation: 'head', hukou_type: 'rural' as const, disability_kind: null, disability_grade: null, serious_illness: 0, labor_capacity: 'none' as const,
      self_care_mask: 0, supporter_status: 'none', in_school: 0, synthetic: 1, version: 1, created_at: AT, updated_at: AT,
    })),
  );
  // The enrollments' own cases and decisions (decided long before the quarters looked at).
  await chunks('assistance_case', pop.enrollments.map((e) => caseRow(e.county, `ce-${e.id}`, e.program === 'tekun' ? 'tekun' : e.unit === 'household' ? 'dibao_household' : 'dibao_individual', e.program, e.household, 'approved', `d-${e.id}`, { ruleSet: e.program === 'dibao' ? 'nat-2012' : 'nat-2016' })));
  await chunks('case_decision', pop.enrollments.map((e) => decisionRow(e.county, `d-${e.id}`, `ce-${e.id}`, 'approved', '2018-01-01', e.program === 'dibao' ? 'nat-2012' : 'nat-2016')));
  await chunks(
    'enrollment',
    pop.enrollments.map((e) => {
      const last = e.terms[e.terms.length - 1];
      return {
        county_code: e.county, id: e.id, program: e.program, unit: e.unit, household_id: e.household.id, person_id: e.personId, decision_id: `d-${e.id}`,
        monthly_amount_fen: e.terms[0].amount, start_month: e.start, end_month: last.status === 'ended' ? last.from : null,
        status: last.status === 'ended' ? ('ended' as const) : last.status === 'suspended' ? ('suspended' as const) : ('active' as const),
        version: 1, created_at: AT, updated_at: AT,
      };
    }),
  );
  await chunks(
    'enrollment_term',
    pop.enrollments.flatMap((e) =>
      e.terms.map((t) => ({
        county_code: e.county, enrollment_id: e.id, from_month: t.from, status: t.status, amount_fen: t.amount, basis: 'review', reasons: null, determination: null,
        actor_id: null, actor_name: 'factory', created_at: AT,
      })),
    ),
  );
  await chunks(
    'tekun_institution',
    [A, B].map((county) => ({ county_code: county, id: 'inst1', name: '敬老院', address: '地址', synthetic: 1, active: 1, created_at: AT })),
  );
  await chunks(
    'tekun_care',
    pop.enrollments.flatMap((e) =>
      e.care.map((c) => ({
        county_code: e.county, owner: 'enrollment' as const, owner_id: e.id, from_month: c.from, placement: c.placement, institution_id: c.placement === 'institution' ? 'inst1' : null, self_care_mask: 0,
        assessed_on: `${c.from}-01`, level_override: null, override_reason: null, reasons: '[]', actor_id: null, actor_name: 'factory', created_at: AT,
      })),
    ),
  );
  await chunks(
    'review_schedule',
    pop.schedules.map((s) => ({
      county_code: s.county, enrollment_id: s.enrollment.id, review_class: 'stable' as const, interval_months: 6, counted_from: `${s.enrollment.start}-01`, next_due: s.nextDue,
      last_review_id: null, updated_at: AT,
    })),
  );
  await chunks(
    'payroll_roll',
    pop.rolls.map((r) => ({
      county_code: r.county, id: r.id, program: r.program, month: r.month, kind: r.kind, round: 0, status: 'building' as const, phase: 'done' as const, cursor: null,
      line_count: 0, pay_line_count: 0, person_count: 0, total_fen: 0, regular_fen: 0, backpay_fen: 0, reissue_fen: 0, recovery_fen: 0, gradual_exit_count: 0,
      skipped_count: 0, built_by: 'maker', built_by_name: '制表', build_started_at: AT, built_at: AT, approved_by: 'checker', approved_by_name: '审核', approved_at: AT,
      export_count: 0, exported_at: null, exported_by_name: null, closed_at: null, closed_by_name: null, paid_count: 0, paid_fen: 0, failed_count: 0, failed_fen: 0,
      version: 1, created_at: AT, updated_at: AT, held_count: 0, held_fen: 0, refreshed_by: null, refreshed_by_name: null, refreshed_at: null,
    })),
  );
  await chunks(
    'payroll_line',
    pop.lines.map((l) => ({
      county_code: l.county, roll_id: l.roll, seq: l.seq, kind: l.kind, program: l.program, benefit_month: l.benefitMonth, enrollment_id: l.enrollment?.id ?? null,
      unit: monthly(l) ? (l.enrollment?.unit ?? ('household' as const)) : ('household' as const), payee_id: monthly(l) ? (l.enrollment?.id ?? l.household.id) : l.household.id,
      household_id: l.household.id, person_id: monthly(l) ? (l.enrollment?.personId ?? null) : null,
      area_code: l.household.area, payee_name: '收款人', bank_name: null, bank_account_sealed: null, bank_account_hash: null, person_count: l.persons, amount_fen: l.amount,
      term_status: 'active' as const, reissue_of_roll: l.reissueOf?.roll ?? null, reissue_of_seq: l.reissueOf?.seq ?? null, bank_status: l.bank, bank_reason: null,
      bank_at: l.bankAt, hold_reason: l.held ? ('no_account' as const) : null, case_id: l.caseId, stage_n: l.stage, heating_mode: l.mode,
      heated_area_dm2: l.mode === 'central' ? 8_000 : null, heating_months: null,
    })),
  );
  // Lines are written while a roll builds (the guard refuses them after); then the rolls are approved.
  await k.updateTable('payroll_roll').set({ status: 'approved' }).execute();
  await chunks(
    'assistance_case',
    [
      ...pop.aids.map((a) =>
        caseRow(a.county, a.caseId, (EMERGENCY as readonly string[]).includes(a.category) ? 'temporary_emergency' : 'temporary_expenditure', 'temporary', a.household,
          a.outcome ?? (a.assistedFirst ? 'paid_first' : 'accepted'), a.outcome ? `d-${a.caseId}` : null, { ruleSet: 'nat-2014' }),
      ),
      ...pop.cases.map((c) =>
        caseRow(c.county, c.id, c.program === 'dibao' ? 'dibao_household' : 'tekun', c.program, c.household, c.decidedOn ? c.outcome : 'accepted', c.decidedOn ? `d-${c.id}` : null,
          { due: c.dueDate, reviewSince: c.reviewSince, ruleSet: c.program === 'dibao' ? 'nat-2012' : 'nat-2016' }),
      ),
    ],
  );
  await chunks('case_decision', [
    ...pop.aids.filter((a) => a.outcome).map((a) => decisionRow(a.county, `d-${a.caseId}`, a.caseId, a.outcome as 'approved', a.decidedOn as string, 'nat-2014')),
    ...pop.cases.filter((c) => c.decidedOn).map((c) => decisionRow(c.county, `d-${c.id}`, c.id, c.outcome, c.decidedOn as string, c.program === 'dibao' ? 'nat-2012' : 'nat-2016')),
  ]);
  const decided = pop.cases.filter((c) => c.decidedOn);
  await chunks(
    'case_event',
    decided.flatMap((c) => [
      // An earlier step that also left county_review (the read takes the decision's event, not this one).
      { county_code: c.county, case_id: c.id, seq: 4, at: AT, actor_id: 'u', actor_name: '审批人', actor_role: 'county_approver', step: 'county_opinion', from_state: 'county_review', to_state: 'county_notice', payload: '{}', attachments: '[]' },
      { county_code: c.county, case_id: c.id, seq: 5, at: AT, actor_id: 'u', actor_name: '审批人', actor_role: 'county_approver', step: c.outcome === 'approved' ? 'approve' : 'refuse', from_state: c.fromState, to_state: c.outcome, payload: '{}', attachments: '[]' },
    ]),
  );
  await chunks(
    'case_notice',
    decided.filter((c) => c.noticeEnds).flatMap((c) => [
      { county_code: c.county, id: `n1-${c.id}`, case_id: c.id, level: 'village' as const, posted_on: '2019-05-01', ends_on: dayPlus(c.noticeEnds as string, 5), closed_on: null, outcome: 'no_objection' as const, posted_by: 'u' },
      { county_code: c.county, id: `n2-${c.id}`, case_id: c.id, level: 'county' as const, posted_on: dayPlus(c.noticeEnds as string, -7), ends_on: c.noticeEnds as string, closed_on: null, outcome: 'no_objection' as const, posted_by: 'u' },
    ]),
  );
  for (const county of [A, B]) {
    await chunks('spot_check', [{ county_code: county, id: 'sc1', area_code: `${county}000000`, drawn_at: AT, drawn_by: 'u', seed: 1, rate: '3/10', batch_size: 10, minimum: 1 }]);
  }
  await chunks(
    'spot_check_item',
    pop.cases.filter((c) => c.spot).map((c) => ({
      county_code: c.county, spot_check_id: 'sc1', case_id: c.id, sampled: c.spot?.sampled ? 1 : 0, reason: 'random' as const, visited_on: c.spot?.visitedOn ?? null,
      visitors: null, finding: null, note: null, visited_by: null,
    })),
  );
  await chunks(
    'temporary_aid',
    pop.aids.map((a) => ({
      county_code: a.county, case_id: a.caseId, category: a.category, event_date: '2019-06-01', event_note: '事由', need_fen: 100_000, registered_poor: a.rp, approval_level: a.level,
      proposed_fen: null, maximum_fen: null, assisted_first: a.assistedFirst ? 1 : 0, paid_first_fen: a.paidFirstFen, paid_first_on: a.paidFirstOn, paid_first_by: null,
      paid_first_by_name: null, paid_first_reason: null, township_code: `${a.household.area.slice(0, 9)}000`, paperwork_due: null, paperwork_done_on: null, new_event_reason: null,
      new_event_by_name: null, approved_fen: null, recovery_fen: 0, outcome: a.outcome, created_at: AT, updated_at: AT,
    })),
  );
  // Dual inclusion (county A only): a snapshot of the county, persons matched to doudi's household heads.
  await chunks('poverty_snapshot', [
    {
      id: 's1', area_code: `${A}000000`, as_of: '2019-06-30', content_digest: 'x', file_name: 'f.xlsx', households: pop.poverty.length, persons: 0, added_households: 0,
      removed_households: 0, changed_households: 0, added_persons: 0, removed_persons: 0, changed_persons: 0, previous_id: null, imported_by_id: 'u', imported_by_name: '导入',
      imported_at: '2019-07-02T00:00:00.000Z',
    },
  ]);
  await chunks(
    'poverty_household',
    pop.poverty.map((p) => ({
      snapshot_id: 's1', hh_no: p.hhNo, county_code: A, township_code: `${p.village.slice(0, 9)}000`, village_code: p.village, head_name: '户主', attribute: p.attribute,
      poverty_cause: '因病', status: 'poor' as const, exit_year: null, member_count: p.persons.length,
    })),
  );
  await chunks(
    'poverty_person',
    pop.poverty.flatMap((p) =>
      p.persons.map((x, j) => ({
        snapshot_id: 's1', person_key: x.key, hh_no: p.hhNo, row_no: j + 1, name: '成员', relation: j === 0 ? '户主' : '子女', id_number_sealed: null, id_hash: null,
        id_form: '18' as const, birth_date: null, sex: null, labor_capacity: '无', health: 'healthy' as const, disability_grade: null, county_code: A, village_code: p.village,
        match_county: x.household ? A : null, match_person_id: x.household ? `${x.household.id}-p1` : null, match_method: x.match, match_confidence: x.match ? 100 : null,
      })),
    ),
  );
  await chunks('screening_campaign', [
    { id: 'sc-2019', area_code: `${A}000000`, year: 2019, snapshots: '[]', deadline: '2019-12-31', state: 'open' as const, row_count: pop.screening.length, opened_by_id: 'u', opened_by_name: '开', opened_at: AT, closed_by_id: null, closed_by_name: null, closed_at: null, version: 1 },
    { id: 'sc-2018', area_code: '211200000000', year: 2018, snapshots: '[]', deadline: '2018-12-31', state: 'closed' as const, row_count: 1, opened_by_id: 'u', opened_by_name: '开', opened_at: AT, closed_by_id: null, closed_by_name: null, closed_at: null, version: 1 },
  ]);
  await chunks('screening_row', [
    ...pop.screening.map((s, i) => ({
      campaign_id: 'sc-2019', county_code: A, hh_no: s.hhNo, seq: i + 1, snapshot_id: 's1', township_code: `${s.area.slice(0, 9)}000`, area_code: s.area, head_name: '户主',
      attribute: 'general' as const, status: 'poor' as const, exit_year: null, member_count: 1, matched_household_id: null, covered_at_open: '[]', methods: '[]', findings: null,
      assessment: null, conclusion: s.conclusion as 'covered' | null, conclusion_detail: null, concluded_on: s.concludedOn, case_county: null, case_id: null, version: 1,
      updated_by_id: null, updated_by_name: null, updated_at: AT,
    })),
    {
      campaign_id: 'sc-2018', county_code: A, hh_no: 'OLD', seq: 1, snapshot_id: 's1', township_code: '211221101000', area_code: '211221101200', head_name: '户主',
      attribute: 'general' as const, status: 'poor' as const, exit_year: null, member_count: 1, matched_household_id: null, covered_at_open: '[]', methods: '[]', findings: null,
      assessment: null, conclusion: 'covered' as const, conclusion_detail: null, concluded_on: '2018-10-01', case_county: null, case_id: null, version: 1,
      updated_by_id: null, updated_by_name: null, updated_at: AT,
    },
  ]);
}

const monthly = (l: GenLine) => l.program === 'dibao' || l.program === 'tekun';
const EMERGENCY = ['fire', 'traffic_accident', 'sudden_illness', 'natural_disaster', 'other_emergency'] as const;

// ——— The recount: plain JavaScript over the generated records ———

const beijingDay = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

function expected(pop: Population, county: string, quarter: string, today: string, cal: WorkingCalendar): Omit<QuarterlyFigures, 'computedAt'> {
  const [m1, , m3] = quarterMonths(quarter);
  const first = quarterFirstDay(quarter);
  const last = quarterLastDay(quarter);
  const yearFirst = `${quarter.slice(0, 4)}-01-01`;
  const asOf = today < last ? today : last;
  const inQ = (d: string | null) => d !== null && d >= first && d <= last;
  const inYear = (d: string | null) => d !== null && d >= yearFirst && d <= last;
  const es = pop.enrollments.filter((e) => e.county === county);
  const lines = pop.lines.filter((l) => l.county === county);
  const programs: Record<string, unknown> = {};
  const half = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));
  // 4,770 yuan/year from 2019-07-01 (4,350 before), tekun 1.3 ×: monthly, half-up (POLICY.md §1).
  const annual = last >= '2019-07-01' ? 477_000 : 435_000;
  for (const p of ENROLLMENT_PROGRAMS) {
    const stock = es.filter((e) => programOf(e, m3) === p && ['active', 'gradual_exit'].includes(termIn(e, m3)?.status ?? ''));
    const hh = new Set(stock.map((e) => e.household.id));
    const rpStock = stock.filter((e) => e.household.rp === 1);
    const mine = es.filter((e) => programOf(e, m3) === p);
    const exits = mine.filter((e) => e.terms.some((t, i) => t.status === 'ended' && t.from >= m1 && t.from <= m3 && i > 0 && e.terms[i - 1].status !== 'ended'));
    const gradual = exits.filter((e) => {
      const i = e.terms.findIndex((t) => t.status === 'ended' && t.from >= m1 && t.from <= m3);
      return e.terms[i - 1].status === 'gradual_exit';
    });
    const pl = lines.filter((l) => (l.program === 'dibao' || l.program === 'tekun') && l.enrollment && programOf(l.enrollment, m3) === p);
    const paid = (from: (d: string) => boolean) => pl.filter((l) => l.bank === 'paid' && from(beijingDay(l.bankAt as string))).reduce((s, l) => s + l.amount, 0);
    const regular = pl.filter((l) => l.kind === 'regular' && l.benefitMonth >= m1 && l.benefitMonth <= m3);
    const rFen = regular.reduce((s, l) => s + l.amount, 0);
    const rPersons = regular.reduce((s, l) => s + l.persons, 0);
    const dibao = p === 'dibao' || p === 'dibaoSingle';
    programs[p] = {
      households: hh.size,
      persons: stock.reduce((s, e) => s + personsOf(e), 0),
      registeredPoorHouseholds: new Set(rpStock.map((e) => e.household.id)).size,
      registeredPoorPersons: rpStock.reduce((s, e) => s + personsOf(e), 0),
      newApprovals: mine.filter((e) => e.start >= m1 && e.start <= m3).length,
      exits: exits.length,
      gradualExits: dibao ? gradual.length : null,
      paidQuarterFen: paid((d) => inQ(d)),
      paidYearFen: paid((d) => inYear(d)),
      averageStandardFen: dibao ? half(annual, 12) : half(annual * 13, 120),
      averageMonthlyBenefitPerPersonFen: rPersons > 0 ? half(rFen, rPersons) : null,
    };
  }
  // Temporary aid.
  const aids = pop.aids.filter((a) => a.county === county);
  const assistedOn = (a: GenAid) => (a.assistedFirst && a.paidFirstOn ? a.paidFirstOn : a.outcome === 'approved' ? a.decidedOn : null);
  const stageLines = lines.filter((l) => l.program === 'temporary' && l.bank === 'paid');
  const aidFen = (a: GenAid, inP: (d: string | null) => boolean) =>
    (inP(a.paidFirstOn) ? a.paidFirstFen : 0) + stageLines.filter((l) => l.caseId === a.caseId && inP(beijingDay(l.bankAt as string))).reduce((s, l) => s + l.amount, 0);
  const group = (xs: GenAid[]) => ({
    cases: xs.filter((a) => inQ(assistedOn(a))).length,
    personTimes: xs.filter((a) => inQ(assistedOn(a))).reduce((s, a) => s + a.household.members, 0),
    fen: xs.reduce((s, a) => s + aidFen(a, inQ), 0),
  });
  const all = group(aids);
  const firstAids = aids.filter((a) => a.assistedFirst && inQ(a.paidFirstOn));
  const temporary = {
    ...all,
    registeredPoorCases: aids.filter((a) => inQ(assistedOn(a)) && a.rp === 1).length,
    byCategory: Object.fromEntries(TEMPORARY_CATEGORIES.map((c) => [c, group(aids.filter((a) => a.category === c))])),
    byApprovalLevel: Object.fromEntries((['township', 'county', 'collective', 'none'] as const).map((v) => [v, group(aids.filter((a) => (a.level ?? 'none') === v))])),
    assistFirst: { cases: firstAids.length, fen: firstAids.reduce((s, a) => s + a.paidFirstFen, 0) },
  };
  const none = { households: null, persons: null, registeredPoorHouseholds: null, registeredPoorPersons: null, newApprovals: null, exits: null, gradualExits: null, paidQuarterFen: null, paidYearFen: null, averageStandardFen: null, averageMonthlyBenefitPerPersonFen: null };
  programs.temporary = {
    ...none,
    newApprovals: aids.filter((a) => a.outcome === 'approved' && inQ(a.decidedOn)).length,
    paidQuarterFen: all.fen,
    paidYearFen: aids.reduce((s, a) => s + aidFen(a, inYear), 0),
  };
  // Heating.
  const hl = lines.filter((l) => l.program === 'heating' && l.bank === 'paid');
  const heatQ = hl.filter((l) => inQ(beijingDay(l.bankAt as string)));
  const byMode = (m: 'central' | 'dispersed') => {
    const xs = heatQ.filter((l) => l.mode === m);
    return { households: new Set(xs.map((l) => l.household.id)).size, fen: xs.reduce((s, l) => s + l.amount, 0) };
  };
  const heating = { households: byMode('central').households + byMode('dispersed').households, fen: heatQ.reduce((s, l) => s + l.amount, 0), byMode: { central: byMode('central'), dispersed: byMode('dispersed') } };
  programs.heating = { ...none, paidQuarterFen: heating.fen, paidYearFen: hl.filter((l) => inYear(beijingDay(l.bankAt as string))).reduce((s, l) => s + l.amount, 0) };
  // Procedure: the statutory days written here from POLICY.md §5 (dibao: 3 WD after the county notice; tekun: 20 WD from reaching the county).
  const cases = pop.cases.filter((c) => c.county === county);
  const decided = cases.filter((c) => inQ(c.decidedOn));
  const onTime = decided.filter((c) => {
    const due = c.program === 'dibao' ? cal.addWorkingDays(c.noticeEnds as PlainDate, 3) : cal.addWorkingDays(c.reviewSince as PlainDate, 20);
    return (c.decidedOn as string) <= due;
  });
  const procedure = {
    casesDecided: decided.length,
    decidedWithinDeadline: onTime.length,
    overdueCases: cases.filter((c) => !c.decidedOn && c.dueDate < asOf).length,
    overdueReviews: pop.schedules.filter((s) => s.county === county && s.nextDue < asOf && s.enrollment.terms[s.enrollment.terms.length - 1].status !== 'ended').length,
    spotChecksDone: cases.filter((c) => c.spot?.sampled && inQ(c.spot.visitedOn)).length,
  };
  // Dual inclusion: county A's snapshot; on dibao/tekun = an enrollment whose term of m3 is not ended (any status but ended).
  let dualInclusion: QuarterlyFigures['dualInclusion'] = { available: false };
  // The snapshot stands for 2019-06-30: a quarter ending before has none.
  if (county === A && last >= '2019-06-30') {
    const inForce = (h: GenHousehold) => es.some((e) => e.household === h && termIn(e, m3) !== undefined && termIn(e, m3)?.status !== 'ended');
    const onProgram = (h: GenHousehold, prog: 'dibao' | 'tekun') => es.some((e) => e.household === h && e.program === prog && termIn(e, m3) !== undefined && termIn(e, m3)?.status !== 'ended');
    const confirmed = (x: GenPoverty['persons'][number]) => x.match === 'id' || x.match === 'confirmed';
    const covered = pop.poverty.filter((p) => p.persons.some((x) => confirmed(x) && x.household && inForce(x.household)));
    const matchedHouseholds = new Set(pop.poverty.flatMap((p) => p.persons.filter(confirmed).map((x) => x.household)));
    const referral = pop.households.filter((h) => h.county === A && inForce(h) && !matchedHouseholds.has(h));
    let discrepancies = 0;
    for (const p of pop.poverty) {
      const on = (prog: 'dibao' | 'tekun') => p.persons.some((x) => confirmed(x) && x.household && onProgram(x.household, prog));
      if ((p.attribute === 'dibao' && !on('dibao')) || (p.attribute === 'tekun' && !on('tekun'))) discrepancies++;
      if (p.attribute === 'general' && (on('dibao') || on('tekun'))) discrepancies++;
      for (const x of p.persons) {
        if (confirmed(x) && x.household && x.household.area !== p.village) discrepancies++;
        if (x.match === null || x.match === 'suggested') discrepancies++;
      }
    }
    dualInclusion = { available: true, snapshotId: 's1', asOf: '2019-06-30', registeredPoorHouseholds: pop.poverty.length, covered: covered.length, referral: referral.length, discrepancies };
  }
  let screening: QuarterlyFigures['screening'] = { available: false };
  if (county === A && quarter.startsWith('2019')) {
    const concluded = pop.screening.filter((s) => s.conclusion && (s.concludedOn as string) <= last);
    screening = {
      available: true, campaigns: 1, rows: pop.screening.length, concluded: concluded.length,
      byConclusion: Object.fromEntries(['covered', 'eligible', 'single_person', 'not_eligible', 'referred'].map((c) => [c, concluded.filter((s) => s.conclusion === c).length])) as never,
    };
  }
  return { county, quarter, asOf, programs: programs as never, temporary: temporary as never, heating, dualInclusion, screening, procedure };
}

// ——— The tests ———

const actor = (role: Actor['role'], areaCode: string): Actor => ({ userId: `u-${role}`, username: role, displayName: role, role, areaCode });

let db: TestDb;
const pop = new Population();
pop.build();
const NOW = new Date('2019-12-20T04:00:00.000Z');

beforeAll(async () => {
  db = await createTestDb();
  await write(db, pop);
});
afterAll(async () => db?.destroy());

describe('quarterly figures against a recount of the generated records', () => {
  for (const [county, quarter] of [
    [A, '2019Q3'],
    [A, '2019Q4'],
    [B, '2019Q3'],
    [A, '2019Q2'],
    [A, '2019Q1'],
  ] as const) {
    it(`${county} ${quarter}`, async () => {
      const ctx = { db, actor: actor('city_supervisor', '211200000000'), clock: () => NOW };
      const got = await computeQuarterlyFigures(ctx, { county, quarter });
      const cal = await loadWorkingCalendar(db);
      const want = expected(pop, county, quarter, '2019-12-20', cal);
      const { computedAt, ...rest } = got;
      expect(computedAt).toBe(NOW.toISOString());
      expect(rest.programs).toEqual(want.programs);
      expect(rest.temporary).toEqual(want.temporary);
      expect(rest.heating).toEqual(want.heating);
      expect(rest.procedure).toEqual(want.procedure);
      expect(rest.dualInclusion).toEqual(want.dualInclusion);
      expect(rest.screening).toEqual(want.screening);
      expect(rest).toEqual(want);
    });
  }

  it('the population exercises every figure (not all zero)', async () => {
    const ctx = { db, actor: actor('city_supervisor', '211200000000'), clock: () => NOW };
    const f = await computeQuarterlyFigures(ctx, { county: A, quarter: '2019Q3' });
    for (const p of ENROLLMENT_PROGRAMS) {
      expect(f.programs[p].households, p).toBeGreaterThan(0);
      expect(f.programs[p].newApprovals, p).toBeGreaterThan(0);
      expect(f.programs[p].paidQuarterFen, p).toBeGreaterThan(0);
    }
    expect(f.programs.dibao.exits).toBeGreaterThan(0);
    expect(f.programs.dibao.gradualExits).toBeGreaterThan(0);
    expect(f.temporary.assistFirst.cases).toBeGreaterThan(0);
    expect(f.heating.byMode.central.households).toBeGreaterThan(0);
    expect(f.procedure.decidedWithinDeadline).toBeGreaterThan(0);
    expect(f.procedure.decidedWithinDeadline).toBeLessThan(f.procedure.casesDecided);
    expect(f.procedure.overdueCases + f.procedure.overdueReviews + f.procedure.spotChecksDone).toBeGreaterThan(0);
  });
});

describe('the repository bound to a township (what the dashboard reuses)', () => {
  it('counts only the households and lines of the township', async () => {
    const township = '211221101000';
    const repo = new ReportRepo(db.kysely, scopeOf(township));
    const inTownship = (h: GenHousehold) => h.county === A && h.area.startsWith('211221101');
    const stock = await repo.stock('2019-09');
    for (const p of ENROLLMENT_PROGRAMS) {
      const want = pop.enrollments.filter((e) => inTownship(e.household) && programOf(e, '2019-09') === p && ['active', 'gradual_exit'].includes(termIn(e, '2019-09')?.status ?? ''));
      const got = stock.find((x) => x.program === p);
      expect(got?.households ?? 0, p).toBe(new Set(want.map((e) => e.household.id)).size);
      expect(got?.persons ?? 0, p).toBe(want.reduce((n, e) => n + personsOf(e), 0));
    }
    const period = periodOf('2019-07-01', '2019-09-30');
    const lines = await repo.lines(period, beijingDayStart('2019-01-01'), '2019-07', '2019-09');
    const paid = pop.lines.filter((l) => inTownship(l.household) && l.program === 'dibao' && l.bank === 'paid' && beijingDay(l.bankAt as string) >= '2019-07-01' && beijingDay(l.bankAt as string) <= '2019-09-30');
    const want = paid.filter((l) => l.enrollment?.unit === 'household').reduce((n, l) => n + l.amount, 0);
    expect(want).toBeGreaterThan(0);
    expect(lines.find((x) => x.program === 'dibao')?.paidPeriodFen).toBe(want);
  });
});

describe('the list behind each figure (every figure links to its rows)', () => {
  const ctx = () => ({ db, actor: actor('city_supervisor', '211200000000'), clock: () => NOW });
  for (const [county, quarter] of [
    [A, '2019Q3'],
    [A, '2019Q4'],
    [B, '2019Q3'],
  ] as const) {
    it(`${county} ${quarter}: the rows, read page by page, give every figure that has a list`, async () => {
      const f = await computeQuarterlyFigures(ctx(), { county, quarter });
      let drilled = 0;
      let nonEmpty = 0;
      for (const leaf of figureLeaves(f)) {
        const d = drillOf(leaf.program, leaf.figure);
        if (!d || typeof leaf.value !== 'number') continue;
        const rows: FigureRow[] = [];
        let after: string | undefined;
        let first: Awaited<ReturnType<typeof figureRows>> | undefined;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await figureRows(ctx(), { county, quarter, program: leaf.program, figure: leaf.figure, after, limit: 40 });
          first ??= page;
          rows.push(...page.rows);
          if (!page.next) break;
          after = page.next;
        }
        const label = `${leaf.program}.${leaf.figure}`;
        expect(new Set(rows.map((r) => r.key)).size, label).toBe(rows.length);
        const summed = { rows: rows.length, persons: rows.reduce((s, r) => s + (r.persons ?? 0), 0), amountFen: rows.reduce((s, r) => s + (r.amountFen ?? 0), 0) };
        expect(figureOf(d, summed), label).toBe(leaf.value);
        expect(first?.total.rows, label).toBe(rows.length);
        expect(first?.reported, label).toBe(leaf.value);
        expect(first?.frozen, label).toBe(false);
        for (const r of rows) {
          expect(r.areaCode.startsWith(county), label).toBe(true);
          // Named in Chinese, never a code.
          if (r.detail !== null) expect(r.detailLabel?.zh, `${label} ${r.detail}`).toMatch(/^[\u4e00-\u9fff（）·]+$/);
          expect(r.areaName, label).toMatch(/[\u4e00-\u9fff]/);
        }
        drilled++;
        if (rows.length > 0) nonEmpty++;
      }
      // Every program's figures but the standard, temporary aid's and heating's sections, the procedure.
      expect(drilled).toBeGreaterThan(60);
      expect(nonEmpty).toBeGreaterThan(25);
    });
  }

  it('names the rows: households, persons, days, the kind of row', async () => {
    const page = await figureRows(ctx(), { county: A, quarter: '2019Q3', program: 'dibao', figure: 'exits', limit: 500 });
    expect(page.kind).toBe('ended');
    expect(page.rows.length).toBeGreaterThan(0);
    for (const r of page.rows) {
      expect(r.date! >= '2019-07' && r.date! <= '2019-09').toBe(true);
      expect(r.headName).toBeTruthy();
      expect(r.enrollmentId).toBeTruthy();
    }
    expect(page.rows.some((r) => r.detail === 'gradual')).toBe(true);
    const paid = await figureRows(ctx(), { county: A, quarter: '2019Q3', program: 'tekunDispersed', figure: 'paidQuarterFen', limit: 3 });
    for (const r of paid.rows) expect(r.date! >= '2019-07-01' && r.date! <= '2019-09-30').toBe(true);
    expect(paid.rows[0].rollId).toBeTruthy();
    expect(paid.next).toBe(paid.rows[2].key);
  });

  it('refuses a figure without a list, an unknown figure, and a county outside the area', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof AppError ? e.code : Promise.reject(e)));
    expect(await code(figureRows(ctx(), { county: A, quarter: '2019Q3', program: 'dibao', figure: 'averageStandardFen' }))).toBe('REPORT_FIGURE_NO_LIST');
    expect(await code(figureRows(ctx(), { county: A, quarter: '2019Q3', program: 'dibao', figure: 'nonsense' }))).toBe('REPORT_FIGURE_NO_LIST');
    expect(await code(figureRows(ctx(), { county: A, quarter: '2019Q3', program: '', figure: 'households' }))).toBe('REPORT_FIGURE');
    expect(await code(figureRows({ db, actor: actor('county_admin', `${B}000000`), clock: () => NOW }, { county: A, quarter: '2019Q3', program: 'dibao', figure: 'households' }))).toBe('AREA_FORBIDDEN');
    expect(await code(figureRows({ db, actor: actor('township_reviewer', '211221101000'), clock: () => NOW }, { county: A, quarter: '2019Q3', program: 'dibao', figure: 'households' }))).toBe('PERMISSION_DENIED');
  });
});

describe('permission and area', () => {
  const run = (a: Actor, county: string, quarter = '2019Q3') => computeQuarterlyFigures({ db, actor: a, clock: () => NOW }, { county, quarter });
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  };

  it('a county user reads its own county only; the city and the auditor any county', async () => {
    expect(await code(run(actor('county_admin', `${A}000000`), A))).toBe('ok');
    expect(await code(run(actor('county_approver', `${A}000000`), B))).toBe('AREA_FORBIDDEN');
    expect(await code(run(actor('city_supervisor', '211200000000'), B))).toBe('ok');
    expect(await code(run(actor('auditor', '211200000000'), A))).toBe('ok');
  });

  it('a role without reports.read is refused; a bad quarter or county is named', async () => {
    expect(await code(run(actor('township_reviewer', '211221101000'), A))).toBe('PERMISSION_DENIED');
    expect(await code(run(actor('county_admin', `${A}000000`), A, '2019Q5'))).toBe('REPORT_QUERY');
    expect(await code(run(actor('county_admin', `${A}000000`), '2112', '2019Q3'))).toBe('REPORT_QUERY');
  });
});
