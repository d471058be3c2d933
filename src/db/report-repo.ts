import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Drill } from '../contracts/report-drill.ts';
import type { Database } from './schema.ts';
import { type AreaScope, codeRange, scopeCondition } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;
type Num = number | string | null;

/** The report's program of a dibao/tekun enrollment (contracts/report.ts ENROLLMENT_PROGRAMS). */
export type EnrollmentProgramKey = 'dibao' | 'dibaoSingle' | 'tekunDispersed' | 'tekunConcentrated';

/** A period as days ('YYYY-MM-DD', both included) and the same days as ISO instants in Beijing time ([from, to)). */
export interface ReportPeriod {
  firstDay: string;
  lastDay: string;
  fromInstant: string;
  toInstant: string;
}

export interface StockRow {
  program: EnrollmentProgramKey;
  households: number;
  persons: number;
  registeredPoorHouseholds: number;
  registeredPoorPersons: number;
}

export interface FlowRow {
  program: EnrollmentProgramKey;
  newApprovals: number;
  exits: number;
  gradualExits: number;
}

export interface LineRow {
  program: EnrollmentProgramKey | 'temporary' | 'heating';
  paidPeriodFen: number;
  paidYearFen: number;
  regularFen: number;
  regularPersons: number;
}

export interface TemporaryRow {
  category: string;
  level: 'township' | 'county' | 'collective' | 'none';
  cases: number;
  personTimes: number;
  registeredPoorCases: number;
  approvals: number;
  fen: number;
  yearFen: number;
  firstCases: number;
  firstFen: number;
}

export interface HeatingRow {
  mode: 'central' | 'dispersed';
  households: number;
  fen: number;
}

/** Decided cases grouped by the facts their decision's due day depends on (the deadline itself is the workflow's rule). */
export interface DecidedGroup {
  program: 'dibao' | 'tekun';
  rule_set: string;
  from_state: string | null;
  decided_on: string;
  accepted_on: string | null;
  county_review_since: string | null;
  county_objection_on: string | null;
  notice_ends_on: string | null;
  cases: number;
}

export interface ScreeningRow {
  campaigns: number;
  rows: number;
  concluded: number;
  conclusion: string | null;
  n: number;
}

const n = (v: Num | undefined) => Number(v ?? 0);

/** The days and months a drill list is read for: the report's quarter (`period`, its months) and its year to the quarter's end. */
export interface DrillDates {
  period: ReportPeriod;
  /** 1 January to the quarter's last day. */
  yearPeriod: ReportPeriod;
  fromMonth: string;
  toMonth: string;
  /** The day overdue work is counted at. */
  asOf: string;
}

/** One row behind a figure as read (figure-rows.ts presents it). */
export interface DrillDbRow {
  row_key: string;
  household_id: string | null;
  head_name: string | null;
  area_code: string;
  persons: Num;
  rp: Num;
  amount: Num;
  day: string | null;
  case_id: string | null;
  enrollment_id: string | null;
  roll_id: string | null;
  detail: string | null;
}

const NO_TEXT = sql.raw('cast(null as text)');
const NO_INT = sql.raw('cast(null as integer)');

/** The monthly (enrollment) program of `e` (enrollment) and `c` (its tekun care record in force, if any). */
const ENROLLMENT_PROGRAM = sql.raw(`case when e.program = 'dibao' then (case when e.unit = 'household' then 'dibao' else 'dibaoSingle' end)
  when c.placement = 'institution' then 'tekunConcentrated' else 'tekunDispersed' end`);

/**
 * 季度报告 The quarterly report's aggregates (issue 15 point 1): set-based statements, one per group of figures, each
 * grouped by program, bound to an area scope (a county, township or village: records whose county is the scope's and
 * whose village code lies in its prefix) and to a period given as days — so the dashboard may ask the same of a
 * township or a month. Both databases: plain SQL, counts and sums read back as numbers. No personal data leaves here.
 */
export class ReportRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** `alias.county_code` within the scope's county (or counties) and `alias.<areaColumn>` within its prefix. */
  private inScope(alias: string, areaColumn = 'area_code'): RawBuilder<unknown> {
    return scopeCondition(this.scope, alias, areaColumn);
  }

  /** `alias.county_code` within the scope's county (or counties), for tables without an area of their own. */
  private inCounty(alias: string): RawBuilder<unknown> {
    return scopeCondition(this.scope, alias, null);
  }

  /** The tekun care record of `e` in force in `month` as `c` (left join: dibao enrollments and tekun without a record get nulls). */
  private careOf(month: string): RawBuilder<unknown> {
    return sql`left join tekun_care c on c.county_code = e.county_code and c.owner = 'enrollment' and c.owner_id = e.id
      and c.from_month = (select max(c2.from_month) from tekun_care c2
                          where c2.county_code = e.county_code and c2.owner = 'enrollment' and c2.owner_id = e.id and c2.from_month <= ${month})`;
  }

  /**
   * Households and persons with an enrollment in force in `month` (its term of that month active or in gradual exit),
   * per program, and those of registered-poor households.
   */
  async stock(month: string): Promise<StockRow[]> {
    const r = await sql<{ program: EnrollmentProgramKey; households: Num; persons: Num; rp_households: Num; rp_persons: Num }>`
      with ${this.stockCte(month)}
      select program, count(distinct county_code || '/' || household_id) as households, sum(persons) as persons,
        count(distinct case when rp = 1 then county_code || '/' || household_id end) as rp_households, sum(case when rp = 1 then persons else 0 end) as rp_persons
      from f group by program`.execute(this.db);
    return r.rows.map((x) => ({
      program: x.program,
      households: n(x.households),
      persons: n(x.persons),
      registeredPoorHouseholds: n(x.rp_households),
      registeredPoorPersons: n(x.rp_persons),
    }));
  }

  /** `f`: the enrollments in force in `month` (one row each) with their household — what `stock` counts and its list shows. */
  private stockCte(month: string): RawBuilder<unknown> {
    return sql`f as (
        select ${ENROLLMENT_PROGRAM} as program, e.county_code, e.household_id, e.id as enrollment_id, h.area_code, h.head_name,
          case when e.unit = 'household' then h.member_count else 1 end as persons, h.registered_poor as rp
        from enrollment e
        join household h on h.county_code = e.county_code and h.id = e.household_id
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2
                              where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${month})
        ${this.careOf(month)}
        where ${this.inCounty('e')} and ${this.inScope('h')} and e.start_month <= ${month} and t.status in ('active', 'gradual_exit')
      )`;
  }

  /**
   * Enrollments starting in [fromMonth, toMonth] (new approvals) and ending there (their `ended` term starts in the
   * range, the term before not ended), and of the ending ones those whose term before was a gradual exit; per program,
   * tekun by the care record in force in `toMonth`.
   */
  async flows(fromMonth: string, toMonth: string): Promise<FlowRow[]> {
    const r = await sql<{ program: EnrollmentProgramKey; new_approvals: Num; exits: Num; gradual_exits: Num }>`
      with ${this.flowCte(fromMonth, toMonth)}
      select program, sum(started) as new_approvals, sum(ended) as exits, sum(gradual) as gradual_exits
      from f group by program`.execute(this.db);
    return r.rows.map((x) => ({ program: x.program, newApprovals: n(x.new_approvals), exits: n(x.exits), gradualExits: n(x.gradual_exits) }));
  }

  /** `f`: the enrollments started in the months (one row each) and the ends of enrollments in them (one row each end), with their household. */
  private flowCte(fromMonth: string, toMonth: string): RawBuilder<unknown> {
    return sql`f as (
        select ${ENROLLMENT_PROGRAM} as program, ev.started, ev.ended, ev.gradual, ev.month, e.id as enrollment_id, e.household_id,
          h.area_code, h.head_name, h.registered_poor as rp, case when e.unit = 'household' then h.member_count else 1 end as persons
        from (
          select e.county_code, e.id, 1 as started, 0 as ended, 0 as gradual, e.start_month as month
          from enrollment e where ${this.inCounty('e')} and e.start_month >= ${fromMonth} and e.start_month <= ${toMonth}
          union all
          select t.county_code, t.enrollment_id, 0, 1,
            case when (select p.status from enrollment_term p where p.county_code = t.county_code and p.enrollment_id = t.enrollment_id
                       and p.from_month < t.from_month order by p.from_month desc limit 1) = 'gradual_exit' then 1 else 0 end,
            t.from_month
          from enrollment_term t
          where ${this.inCounty('t')} and t.status = 'ended' and t.from_month >= ${fromMonth} and t.from_month <= ${toMonth}
            and coalesce((select p.status from enrollment_term p where p.county_code = t.county_code and p.enrollment_id = t.enrollment_id
                          and p.from_month < t.from_month order by p.from_month desc limit 1), 'none') <> 'ended'
        ) ev
        join enrollment e on e.county_code = ev.county_code and e.id = ev.id
        join household h on h.county_code = e.county_code and h.id = e.household_id
        ${this.careOf(toMonth)}
        where ${this.inScope('h')}
      )`;
  }

  /**
   * One pass over the scope's payment-roll lines: per program, what the bank reported paid in `period` and from
   * `yearFromInstant` to the period's end, and the regular lines of the benefit months [fromMonth, toMonth] (sum and
   * persons: the monthly benefit per person). Tekun lines by the care record in force in `toMonth`.
   */
  async lines(period: ReportPeriod, yearFromInstant: string, fromMonth: string, toMonth: string): Promise<LineRow[]> {
    const r = await sql<{ program: LineRow['program']; paid_period: Num; paid_year: Num; regular_fen: Num; regular_persons: Num }>`
      with ${this.lineCte(period, yearFromInstant, fromMonth, toMonth)}
      select program,
        sum(case when paid_period = 1 then amount_fen else 0 end) as paid_period,
        sum(case when paid_year = 1 then amount_fen else 0 end) as paid_year,
        sum(case when regular = 1 then amount_fen else 0 end) as regular_fen,
        sum(case when regular = 1 then person_count else 0 end) as regular_persons
      from f group by program`.execute(this.db);
    return r.rows.map((x) => ({
      program: x.program,
      paidPeriodFen: n(x.paid_period),
      paidYearFen: n(x.paid_year),
      regularFen: n(x.regular_fen),
      regularPersons: n(x.regular_persons),
    }));
  }

  /**
   * `f`: the scope's payment-roll lines the bank reported paid from `yearFromInstant` to the period's end, or regular
   * lines of the benefit months [fromMonth, toMonth], each with its program (tekun by the care record in force in
   * `toMonth`) and flags: paid in the period, paid in the year, regular dibao/tekun line of the months.
   */
  private lineCte(period: ReportPeriod, yearFromInstant: string, fromMonth: string, toMonth: string): RawBuilder<unknown> {
    return sql`f as (
        select case when l.program = 'dibao' then (case when l.unit = 'household' then 'dibao' else 'dibaoSingle' end)
            when l.program = 'tekun' then (case when c.placement = 'institution' then 'tekunConcentrated' else 'tekunDispersed' end)
            else l.program end as program,
          l.roll_id, l.seq, l.household_id, l.enrollment_id, l.case_id, l.area_code, l.payee_name, l.amount_fen, l.person_count, l.bank_at,
          l.benefit_month, l.heating_mode,
          case when l.bank_status = 'paid' and l.bank_at >= ${period.fromInstant} and l.bank_at < ${period.toInstant} then 1 else 0 end as paid_period,
          case when l.bank_status = 'paid' and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant} then 1 else 0 end as paid_year,
          case when l.kind = 'regular' and l.program in ('dibao', 'tekun') and l.benefit_month >= ${fromMonth} and l.benefit_month <= ${toMonth} then 1 else 0 end as regular
        from payroll_line l
        left join enrollment e on l.program = 'tekun' and e.county_code = l.county_code and e.id = l.enrollment_id
        ${this.careOf(toMonth)}
        where ${this.inScope('l')}
          and ((l.bank_status = 'paid' and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant})
               or (l.kind = 'regular' and l.benefit_month >= ${fromMonth} and l.benefit_month <= ${toMonth}))
      )`;
  }

  /**
   * 临时救助 by category and approval level: cases first assisted in `period` (paid first on a day of it, or else
   * approved on one), their households' members, the registered poor among them, approvals decided in it; what was paid
   * in it and in the year to its end (paid first from the reserve + stage lines the bank reported paid); cases paid
   * first in it and the amount.
   */
  async temporary(period: ReportPeriod, yearFirstDay: string, yearFromInstant: string): Promise<TemporaryRow[]> {
    const r = await sql<{
      category: string; level: TemporaryRow['level']; cases: Num; person_times: Num; rp_cases: Num; approvals: Num; fen: Num; year_fen: Num; first_cases: Num; first_fen: Num;
    }>`
      with ${this.temporaryCte(period, yearFirstDay, yearFromInstant)}
      select category, level, sum(in_quarter) as cases, sum(in_quarter * member_count) as person_times, sum(in_quarter * rp) as rp_cases,
        sum(approved) as approvals, sum(quarter_fen) as fen, sum(year_fen) as year_fen, sum(first) as first_cases,
        sum(case when first = 1 then quarter_fen else 0 end) as first_fen
      from ev group by category, level`.execute(this.db);
    return r.rows.map((x) => ({
      category: x.category,
      level: x.level,
      cases: n(x.cases),
      personTimes: n(x.person_times),
      registeredPoorCases: n(x.rp_cases),
      approvals: n(x.approvals),
      fen: n(x.fen),
      yearFen: n(x.year_fen),
      firstCases: n(x.first_cases),
      firstFen: n(x.first_fen),
    }));
  }

  /**
   * `ev`: one row per temporary-aid case of the scope (`src` 'aid': assisted in the period, approved in it, paid first
   * in it — `quarter_fen` / `year_fen` what it paid first in the period / the year) and one per stage line the bank
   * reported paid in the year (`src` 'stage'), each with its case's category, level and household.
   */
  private temporaryCte(period: ReportPeriod, yearFirstDay: string, yearFromInstant: string): RawBuilder<unknown> {
    const { firstDay, lastDay } = period;
    return sql`aid as (
        select a.county_code, a.case_id, a.category, coalesce(a.approval_level, 'none') as level, a.registered_poor, a.outcome,
          a.assisted_first, a.paid_first_on, a.paid_first_fen, d.decided_on, h.member_count, k.household_id, h.area_code, h.head_name,
          case when a.assisted_first = 1 and a.paid_first_on is not null then a.paid_first_on
               when a.outcome = 'approved' then d.decided_on end as assisted_on
        from temporary_aid a
        join assistance_case k on k.county_code = a.county_code and k.id = a.case_id
        join household h on h.county_code = k.county_code and h.id = k.household_id
        left join case_decision d on d.county_code = k.county_code and d.id = k.decision_id
        where ${this.inScope('k')}
      ),
      ev as (
        select category, level, case_id, household_id, area_code, head_name, member_count, registered_poor as rp, 'aid' as src,
          cast(null as text) as roll_id, cast(null as integer) as seq, assisted_on, decided_on, paid_first_on as paid_on,
          case when assisted_on >= ${firstDay} and assisted_on <= ${lastDay} then 1 else 0 end as in_quarter,
          case when outcome = 'approved' and decided_on >= ${firstDay} and decided_on <= ${lastDay} then 1 else 0 end as approved,
          case when paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then paid_first_fen else 0 end as quarter_fen,
          case when paid_first_on >= ${yearFirstDay} and paid_first_on <= ${lastDay} then paid_first_fen else 0 end as year_fen,
          case when assisted_first = 1 and paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then 1 else 0 end as first,
          case when paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then 1 else 0 end as paid_in_quarter,
          case when paid_first_on >= ${yearFirstDay} and paid_first_on <= ${lastDay} then 1 else 0 end as paid_in_year
        from aid
        union all
        select aid.category, aid.level, aid.case_id, aid.household_id, aid.area_code, aid.head_name, aid.member_count, aid.registered_poor, 'stage',
          l.roll_id, l.seq, aid.assisted_on, aid.decided_on, l.bank_at, 0, 0,
          case when l.bank_at >= ${period.fromInstant} then l.amount_fen else 0 end, l.amount_fen, 0,
          case when l.bank_at >= ${period.fromInstant} then 1 else 0 end, 1
        from payroll_line l
        join aid on aid.county_code = l.county_code and aid.case_id = l.case_id
        where ${this.inCounty('l')} and l.program = 'temporary' and l.bank_status = 'paid'
          and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant}
      )`;
  }

  /** 取暖救助: heating lines the bank reported paid in `period`, by the household's mode on the roll: households (each once) and fen. */
  async heating(period: ReportPeriod): Promise<HeatingRow[]> {
    const r = await sql<{ mode: 'central' | 'dispersed'; households: Num; fen: Num }>`
      with ${this.heatingCte(period)}
      select heating_mode as mode, count(distinct county_code || '/' || household_id) as households, sum(amount_fen) as fen
      from f group by heating_mode`.execute(this.db);
    return r.rows.map((x) => ({ mode: x.mode, households: n(x.households), fen: n(x.fen) }));
  }

  /** `f`: the scope's heating lines the bank reported paid in `period`. */
  private heatingCte(period: ReportPeriod): RawBuilder<unknown> {
    return sql`f as (
        select l.county_code, l.roll_id, l.seq, l.household_id, l.area_code, l.payee_name, l.heating_mode, l.amount_fen, l.bank_at
        from payroll_line l
        where ${this.inScope('l')} and l.program = 'heating' and l.bank_status = 'paid' and l.bank_at >= ${period.fromInstant} and l.bank_at < ${period.toInstant}
      )`;
  }

  /**
   * Dibao and tekun application cases decided (a decision dated) in `period`, grouped by what the decision's due day
   * depends on: the program and rule set, the state the decision was taken from, acceptance, arrival at the county,
   * the last objection and the county notice's end.
   */
  async decided(period: ReportPeriod): Promise<DecidedGroup[]> {
    const r = await sql<DecidedGroup & { cases: Num }>`
      with ${this.decidedCte(period)}
      select program, rule_set, from_state, decided_on, accepted_on, county_review_since, county_objection_on, notice_ends_on, count(*) as cases
      from d group by program, rule_set, from_state, decided_on, accepted_on, county_review_since, county_objection_on, notice_ends_on`.execute(this.db);
    return r.rows.map((x) => ({ ...x, cases: n(x.cases) }));
  }

  /** `d`: the decided cases of `decided`, one row each, with what their due day depends on and their household. */
  private decidedCte(period: ReportPeriod): RawBuilder<unknown> {
    return sql`d as (
        select k.county_code, k.id as case_id, k.household_id, k.area_code, k.program, k.rule_set, d.decided_on, d.outcome, k.accepted_on, k.county_review_since, k.county_objection_on,
          (select ev.from_state from case_event ev where ev.county_code = k.county_code and ev.case_id = k.id and ev.to_state = d.outcome
           order by ev.seq desc limit 1) as from_state,
          (select max(cn.ends_on) from case_notice cn where cn.county_code = k.county_code and cn.case_id = k.id and cn.level = 'county') as notice_ends_on
        from case_decision d
        join assistance_case k on k.county_code = d.county_code and k.id = d.case_id
        where ${this.inScope('k')} and k.program in ('dibao', 'tekun') and d.decided_on >= ${period.firstDay} and d.decided_on <= ${period.lastDay}
      )`;
  }

  /** Every case of `decided` with what its due day depends on (the on-time test is the workflow's, in the command). */
  async decidedCases(period: ReportPeriod): Promise<(Omit<DecidedGroup, 'cases'> & { case_id: string; household_id: string; area_code: string; head_name: string; outcome: string })[]> {
    const r = await sql<Omit<DecidedGroup, 'cases'> & { case_id: string; household_id: string; area_code: string; head_name: string; outcome: string }>`
      with ${this.decidedCte(period)}
      select d.*, h.head_name from d
      left join household h on h.county_code = d.county_code and h.id = d.household_id
      order by d.case_id`.execute(this.db);
    return r.rows;
  }

  /**
   * Overdue work on `asOf`: open cases whose current step was due before it, enrollments not ended whose periodic
   * review fell due before it; and county home visits of spot checks recorded in `period`.
   */
  async procedure(asOf: string, period: ReportPeriod): Promise<{ overdueCases: number; overdueReviews: number; spotChecksDone: number }> {
    const r = await sql<{ overdue_cases: Num; overdue_reviews: Num; spot_checks: Num }>`
      with ${this.procedureCtes(asOf, period)}
      select (select count(*) from oc) as overdue_cases, (select count(*) from orv) as overdue_reviews, (select count(*) from sc) as spot_checks`.execute(this.db);
    const x = r.rows[0];
    return { overdueCases: n(x?.overdue_cases), overdueReviews: n(x?.overdue_reviews), spotChecksDone: n(x?.spot_checks) };
  }

  /** `oc` open cases overdue on `asOf`, `orv` enrollments whose review is overdue on it, `sc` spot-check visits in `period`. */
  private procedureCtes(asOf: string, period: ReportPeriod): RawBuilder<unknown> {
    return sql`oc as (
        select k.county_code, k.id as case_id, k.household_id, k.area_code, k.due_date, k.state, k.program from assistance_case k where ${this.inScope('k')}
          and k.state not in ('approved', 'refused', 'closed_ineligible', 'withdrawn') and k.due_date < ${asOf}
      ),
      orv as (
        select e.id as enrollment_id, e.household_id, h.area_code, h.head_name, s.next_due, e.program from enrollment e
          join household h on h.county_code = e.county_code and h.id = e.household_id
          join review_schedule s on s.county_code = e.county_code and s.enrollment_id = e.id
          where ${this.inCounty('e')} and ${this.inScope('h')} and e.status <> 'ended' and s.next_due < ${asOf}
      ),
      sc as (
        select k.county_code, i.spot_check_id, i.case_id, k.household_id, k.area_code, i.visited_on, i.finding from spot_check_item i
          join assistance_case k on k.county_code = i.county_code and k.id = i.case_id
          where ${this.inScope('k')} and i.sampled = 1 and i.visited_on >= ${period.firstDay} and i.visited_on <= ${period.lastDay}
      )`;
  }

  /**
   * 数字背后的名单 One page of the rows behind a figure (contracts/report-drill.ts) and the whole list's totals: the list is
   * a CTE `r` over the very definition the figure's statement aggregates (`stockCte`, `flowCte`, `lineCte`,
   * `temporaryCte`, `heatingCte`, `procedureCtes`), filtered as the figure is, keyed by a unique text (`row_key`, the
   * page order). `decided` is not here: its on-time test is the workflow's (`decidedCases`).
   */
  async drillPage(d: Drill, t: DrillDates, after: string | null, limit: number): Promise<{ rows: DrillDbRow[]; total: { rows: number; persons: number; amountFen: number } }> {
    const cte = this.drillCte(d, t);
    const page = await sql<DrillDbRow>`with ${cte}
      select * from r where ${after === null ? sql`1 = 1` : sql`row_key > ${after}`} order by row_key limit ${limit}`.execute(this.db);
    const tot = await sql<{ n: Num; persons: Num; amount: Num }>`with ${cte}
      select count(*) as n, sum(persons) as persons, sum(amount) as amount from r`.execute(this.db);
    const x = tot.rows[0];
    return { rows: page.rows, total: { rows: n(x?.n), persons: n(x?.persons), amountFen: n(x?.amount) } };
  }

  private drillCte(d: Drill, t: DrillDates): RawBuilder<unknown> {
    const flag = (on: boolean | undefined, cond: RawBuilder<unknown>) => (on ? sql`and ${cond}` : sql``);
    const program = d.program ?? '';
    switch (d.kind) {
      case 'enrolled':
        return sql`${this.stockCte(t.toMonth)}, r as (
          select household_id as row_key, household_id, max(head_name) as head_name, max(area_code) as area_code, sum(persons) as persons, max(rp) as rp,
            ${NO_INT} as amount, ${NO_TEXT} as day, ${NO_TEXT} as case_id, min(enrollment_id) as enrollment_id, ${NO_TEXT} as roll_id, max(program) as detail
          from f where program = ${program} ${flag(d.registeredPoor, sql`rp = 1`)}
          group by household_id)`;
      case 'started':
      case 'ended':
        return sql`${this.flowCte(t.fromMonth, t.toMonth)}, r as (
          select enrollment_id || '/' || month as row_key, household_id, head_name, area_code, persons, rp, ${NO_INT} as amount, month as day,
            ${NO_TEXT} as case_id, enrollment_id, ${NO_TEXT} as roll_id, case when gradual = 1 then 'gradual' else program end as detail
          from f where program = ${program} and ${d.kind === 'started' ? sql`started = 1` : sql`ended = 1`} ${flag(d.gradual, sql`gradual = 1`)})`;
      case 'paid':
      case 'regular': {
        const which = d.kind === 'regular' ? sql`regular = 1` : d.period === 'year' ? sql`paid_year = 1` : sql`paid_period = 1`;
        return sql`${this.lineCte(t.period, t.yearPeriod.fromInstant, t.fromMonth, t.toMonth)}, r as (
          select roll_id || '/' || seq as row_key, household_id, payee_name as head_name, area_code, person_count as persons, ${NO_INT} as rp, amount_fen as amount,
            ${d.kind === 'regular' ? sql`benefit_month` : sql`bank_at`} as day, case_id, enrollment_id, roll_id, program as detail
          from f where program = ${program} and ${which})`;
      }
      case 'tempAssisted':
      case 'tempApproved':
      case 'tempPaid': {
        const filters = sql`${d.category ? sql`and category = ${d.category}` : sql``} ${d.level ? sql`and level = ${d.level}` : sql``}`;
        const cte = this.temporaryCte(t.period, t.yearPeriod.firstDay, t.yearPeriod.fromInstant);
        if (d.kind === 'tempPaid') {
          const inPeriod = d.period === 'year' ? sql`paid_in_year = 1` : sql`paid_in_quarter = 1`;
          return sql`${cte}, r as (
            select case_id || '/' || coalesce(roll_id || '/' || seq, 'a') as row_key, household_id, head_name, area_code, member_count as persons, rp,
              ${d.period === 'year' ? sql`year_fen` : sql`quarter_fen`} as amount, paid_on as day, case_id, ${NO_TEXT} as enrollment_id, roll_id,
              case when src = 'aid' then 'paidFirst' else 'stage' end as detail
            from ev where ${inPeriod} ${filters} ${flag(d.assistFirst, sql`first = 1`)})`;
        }
        const which = d.kind === 'tempApproved' ? sql`approved = 1` : d.assistFirst ? sql`first = 1` : sql`in_quarter = 1`;
        return sql`${cte}, r as (
          select case_id as row_key, household_id, head_name, area_code, member_count as persons, rp, ${NO_INT} as amount,
            ${d.kind === 'tempApproved' ? sql`decided_on` : sql`assisted_on`} as day, case_id, ${NO_TEXT} as enrollment_id, ${NO_TEXT} as roll_id, category as detail
          from ev where src = 'aid' and ${which} ${filters})`;
      }
      case 'heatingPaid':
        return sql`${this.heatingCte(d.period === 'year' ? t.yearPeriod : t.period)}, r as (
          select household_id as row_key, household_id, max(payee_name) as head_name, max(area_code) as area_code, ${NO_INT} as persons, ${NO_INT} as rp,
            sum(amount_fen) as amount, max(bank_at) as day, ${NO_TEXT} as case_id, ${NO_TEXT} as enrollment_id, max(roll_id) as roll_id,
            case when min(heating_mode) = max(heating_mode) then max(heating_mode) else 'mixed' end as detail
          from f ${d.mode ? sql`where heating_mode = ${d.mode}` : sql``} group by household_id)`;
      case 'overdueCases':
        return sql`${this.procedureCtes(t.asOf, t.period)}, r as (
          select oc.case_id as row_key, oc.household_id, h.head_name, oc.area_code, ${NO_INT} as persons, h.registered_poor as rp, ${NO_INT} as amount,
            oc.due_date as day, oc.case_id, ${NO_TEXT} as enrollment_id, ${NO_TEXT} as roll_id, oc.state as detail
          from oc left join household h on h.county_code = oc.county_code and h.id = oc.household_id)`;
      case 'overdueReviews':
        return sql`${this.procedureCtes(t.asOf, t.period)}, r as (
          select enrollment_id as row_key, household_id, head_name, area_code, ${NO_INT} as persons, ${NO_INT} as rp, ${NO_INT} as amount,
            next_due as day, ${NO_TEXT} as case_id, enrollment_id, ${NO_TEXT} as roll_id, program as detail
          from orv)`;
      case 'spotChecks':
        return sql`${this.procedureCtes(t.asOf, t.period)}, r as (
          select sc.spot_check_id || '/' || sc.case_id as row_key, sc.household_id, h.head_name, sc.area_code, ${NO_INT} as persons, h.registered_poor as rp, ${NO_INT} as amount,
            sc.visited_on as day, sc.case_id, ${NO_TEXT} as enrollment_id, ${NO_TEXT} as roll_id, sc.finding as detail
          from sc left join household h on h.county_code = sc.county_code and h.id = sc.household_id)`;
      case 'decided':
        throw new Error('decided cases are read by decidedCases (the on-time test is the workflow’s)');
    }
  }

  /**
   * 双纳入 The poverty-registry snapshot each county of the scope had for `lastDay`: of the snapshots whose file stands for
   * a day up to it (`as_of`), the one imported last — the county's own or the city's (as DualInclusionRepo picks the
   * latest, bounded by the period so that a later file does not change an earlier quarter's figures).
   */
  async snapshotsFor(lastDay: string, cityCode: string): Promise<{ countyCode: string; snapshotId: string; asOf: string; importedAt: string }[]> {
    const counties = this.scope.countyCode ? [this.scope.countyCode] : [];
    if (!this.scope.countyCode) {
      const [lo, hi] = codeRange(this.scope.prefix, 12);
      const rows = await sql<{ code: string }>`select code from division where level = 'county' and code >= ${lo} and code <= ${hi} order by code`.execute(this.db);
      counties.push(...rows.rows.map((r) => r.code.slice(0, 6)));
    }
    if (counties.length === 0) return [];
    const r = await sql<{ id: string; area_code: string; as_of: string; imported_at: string }>`
      select id, area_code, as_of, imported_at from poverty_snapshot
      where area_code in (${sql.join([cityCode, ...counties.map((c) => `${c}000000`)])}) and as_of <= ${lastDay}
      order by imported_at desc, id desc`.execute(this.db);
    const out: { countyCode: string; snapshotId: string; asOf: string; importedAt: string }[] = [];
    for (const c of counties) {
      const x = r.rows.find((s) => s.area_code === cityCode || s.area_code === `${c}000000`);
      if (x) out.push({ countyCode: c, snapshotId: x.id, asOf: x.as_of, importedAt: x.imported_at });
    }
    return out;
  }

  /**
   * 集中排查 The scope's ledger rows of the campaigns of `year` (a county's or the city's) by conclusion (null: not yet
   * concluded on `lastDay`), with the number of campaigns; no row at all when no campaign covers the scope that year.
   */
  async screening(year: number, lastDay: string, cityCode: string): Promise<ScreeningRow[]> {
    const county = this.scope.countyCode;
    const areas = county ? [`${county}000000`, cityCode] : [cityCode];
    const r = await sql<{ campaigns: Num; conclusion: string | null; n: Num }>`
      with camp as (select id from screening_campaign where year = ${year} and area_code in (${sql.join(areas)})),
      rows as (
        select case when r.conclusion is not null and r.concluded_on <= ${lastDay} then r.conclusion end as conclusion
        from screening_row r where r.campaign_id in (select id from camp) and ${this.inScope('r')}
      )
      select (select count(*) from camp) as campaigns, conclusion, count(*) as n from rows group by conclusion
      union all
      select (select count(*) from camp), null, 0 where not exists (select 1 from rows)`.execute(this.db);
    const campaigns = n(r.rows[0]?.campaigns);
    if (campaigns === 0) return [];
    const total = r.rows.reduce((s, x) => s + n(x.n), 0);
    const concluded = r.rows.filter((x) => x.conclusion !== null).reduce((s, x) => s + n(x.n), 0);
    return r.rows.map((x) => ({ campaigns, rows: total, concluded, conclusion: x.conclusion, n: n(x.n) }));
  }
}
