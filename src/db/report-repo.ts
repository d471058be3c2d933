import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
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
      with f as (
        select ${ENROLLMENT_PROGRAM} as program, e.county_code || '/' || e.household_id as hh,
          case when e.unit = 'household' then h.member_count else 1 end as persons, h.registered_poor as rp
        from enrollment e
        join household h on h.county_code = e.county_code and h.id = e.household_id
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2
                              where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${month})
        ${this.careOf(month)}
        where ${this.inCounty('e')} and ${this.inScope('h')} and e.start_month <= ${month} and t.status in ('active', 'gradual_exit')
      )
      select program, count(distinct hh) as households, sum(persons) as persons,
        count(distinct case when rp = 1 then hh end) as rp_households, sum(case when rp = 1 then persons else 0 end) as rp_persons
      from f group by program`.execute(this.db);
    return r.rows.map((x) => ({
      program: x.program,
      households: n(x.households),
      persons: n(x.persons),
      registeredPoorHouseholds: n(x.rp_households),
      registeredPoorPersons: n(x.rp_persons),
    }));
  }

  /**
   * Enrollments starting in [fromMonth, toMonth] (new approvals) and ending there (their `ended` term starts in the
   * range, the term before not ended), and of the ending ones those whose term before was a gradual exit; per program,
   * tekun by the care record in force in `toMonth`.
   */
  async flows(fromMonth: string, toMonth: string): Promise<FlowRow[]> {
    const r = await sql<{ program: EnrollmentProgramKey; new_approvals: Num; exits: Num; gradual_exits: Num }>`
      with ev as (
        select e.county_code, e.id, 1 as started, 0 as ended, 0 as gradual
        from enrollment e where ${this.inCounty('e')} and e.start_month >= ${fromMonth} and e.start_month <= ${toMonth}
        union all
        select t.county_code, t.enrollment_id, 0, 1,
          case when (select p.status from enrollment_term p where p.county_code = t.county_code and p.enrollment_id = t.enrollment_id
                     and p.from_month < t.from_month order by p.from_month desc limit 1) = 'gradual_exit' then 1 else 0 end
        from enrollment_term t
        where ${this.inCounty('t')} and t.status = 'ended' and t.from_month >= ${fromMonth} and t.from_month <= ${toMonth}
          and coalesce((select p.status from enrollment_term p where p.county_code = t.county_code and p.enrollment_id = t.enrollment_id
                        and p.from_month < t.from_month order by p.from_month desc limit 1), 'none') <> 'ended'
      )
      select ${ENROLLMENT_PROGRAM} as program, sum(ev.started) as new_approvals, sum(ev.ended) as exits, sum(ev.gradual) as gradual_exits
      from ev
      join enrollment e on e.county_code = ev.county_code and e.id = ev.id
      join household h on h.county_code = e.county_code and h.id = e.household_id
      ${this.careOf(toMonth)}
      where ${this.inScope('h')}
      group by 1`.execute(this.db);
    return r.rows.map((x) => ({ program: x.program, newApprovals: n(x.new_approvals), exits: n(x.exits), gradualExits: n(x.gradual_exits) }));
  }

  /**
   * One pass over the scope's payment-roll lines: per program, what the bank reported paid in `period` and from
   * `yearFromInstant` to the period's end, and the regular lines of the benefit months [fromMonth, toMonth] (sum and
   * persons: the monthly benefit per person). Tekun lines by the care record in force in `toMonth`.
   */
  async lines(period: ReportPeriod, yearFromInstant: string, fromMonth: string, toMonth: string): Promise<LineRow[]> {
    const r = await sql<{ program: LineRow['program']; paid_period: Num; paid_year: Num; regular_fen: Num; regular_persons: Num }>`
      select case when l.program = 'dibao' then (case when l.unit = 'household' then 'dibao' else 'dibaoSingle' end)
          when l.program = 'tekun' then (case when c.placement = 'institution' then 'tekunConcentrated' else 'tekunDispersed' end)
          else l.program end as program,
        sum(case when l.bank_status = 'paid' and l.bank_at >= ${period.fromInstant} and l.bank_at < ${period.toInstant} then l.amount_fen else 0 end) as paid_period,
        sum(case when l.bank_status = 'paid' and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant} then l.amount_fen else 0 end) as paid_year,
        sum(case when l.kind = 'regular' and l.program in ('dibao', 'tekun') and l.benefit_month >= ${fromMonth} and l.benefit_month <= ${toMonth} then l.amount_fen else 0 end) as regular_fen,
        sum(case when l.kind = 'regular' and l.program in ('dibao', 'tekun') and l.benefit_month >= ${fromMonth} and l.benefit_month <= ${toMonth} then l.person_count else 0 end) as regular_persons
      from payroll_line l
      left join enrollment e on l.program = 'tekun' and e.county_code = l.county_code and e.id = l.enrollment_id
      ${this.careOf(toMonth)}
      where ${this.inScope('l')}
        and ((l.bank_status = 'paid' and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant})
             or (l.kind = 'regular' and l.benefit_month >= ${fromMonth} and l.benefit_month <= ${toMonth}))
      group by 1`.execute(this.db);
    return r.rows.map((x) => ({
      program: x.program,
      paidPeriodFen: n(x.paid_period),
      paidYearFen: n(x.paid_year),
      regularFen: n(x.regular_fen),
      regularPersons: n(x.regular_persons),
    }));
  }

  /**
   * 临时救助 by category and approval level: cases first assisted in `period` (paid first on a day of it, or else
   * approved on one), their households' members, the registered poor among them, approvals decided in it; what was paid
   * in it and in the year to its end (paid first from the reserve + stage lines the bank reported paid); cases paid
   * first in it and the amount.
   */
  async temporary(period: ReportPeriod, yearFirstDay: string, yearFromInstant: string): Promise<TemporaryRow[]> {
    const { firstDay, lastDay } = period;
    const r = await sql<{
      category: string; level: TemporaryRow['level']; cases: Num; person_times: Num; rp_cases: Num; approvals: Num; fen: Num; year_fen: Num; first_cases: Num; first_fen: Num;
    }>`
      with aid as (
        select a.county_code, a.case_id, a.category, coalesce(a.approval_level, 'none') as level, a.registered_poor, a.outcome,
          a.assisted_first, a.paid_first_on, a.paid_first_fen, d.decided_on, h.member_count,
          case when a.assisted_first = 1 and a.paid_first_on is not null then a.paid_first_on
               when a.outcome = 'approved' then d.decided_on end as assisted_on
        from temporary_aid a
        join assistance_case k on k.county_code = a.county_code and k.id = a.case_id
        join household h on h.county_code = k.county_code and h.id = k.household_id
        left join case_decision d on d.county_code = k.county_code and d.id = k.decision_id
        where ${this.inScope('k')}
      ),
      ev as (
        select category, level,
          case when assisted_on >= ${firstDay} and assisted_on <= ${lastDay} then 1 else 0 end as cases,
          case when assisted_on >= ${firstDay} and assisted_on <= ${lastDay} then member_count else 0 end as person_times,
          case when assisted_on >= ${firstDay} and assisted_on <= ${lastDay} and registered_poor = 1 then 1 else 0 end as rp_cases,
          case when outcome = 'approved' and decided_on >= ${firstDay} and decided_on <= ${lastDay} then 1 else 0 end as approvals,
          case when paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then paid_first_fen else 0 end as fen,
          case when paid_first_on >= ${yearFirstDay} and paid_first_on <= ${lastDay} then paid_first_fen else 0 end as year_fen,
          case when assisted_first = 1 and paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then 1 else 0 end as first_cases,
          case when assisted_first = 1 and paid_first_on >= ${firstDay} and paid_first_on <= ${lastDay} then paid_first_fen else 0 end as first_fen
        from aid
        union all
        select aid.category, aid.level, 0, 0, 0, 0,
          case when l.bank_at >= ${period.fromInstant} then l.amount_fen else 0 end, l.amount_fen, 0, 0
        from payroll_line l
        join aid on aid.county_code = l.county_code and aid.case_id = l.case_id
        where ${this.inCounty('l')} and l.program = 'temporary' and l.bank_status = 'paid'
          and l.bank_at >= ${yearFromInstant} and l.bank_at < ${period.toInstant}
      )
      select category, level, sum(cases) as cases, sum(person_times) as person_times, sum(rp_cases) as rp_cases, sum(approvals) as approvals,
        sum(fen) as fen, sum(year_fen) as year_fen, sum(first_cases) as first_cases, sum(first_fen) as first_fen
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

  /** 取暖救助: heating lines the bank reported paid in `period`, by the household's mode on the roll: households (each once) and fen. */
  async heating(period: ReportPeriod): Promise<HeatingRow[]> {
    const r = await sql<{ mode: 'central' | 'dispersed'; households: Num; fen: Num }>`
      select l.heating_mode as mode, count(distinct l.county_code || '/' || l.household_id) as households, sum(l.amount_fen) as fen
      from payroll_line l
      where ${this.inScope('l')} and l.program = 'heating' and l.bank_status = 'paid' and l.bank_at >= ${period.fromInstant} and l.bank_at < ${period.toInstant}
      group by l.heating_mode`.execute(this.db);
    return r.rows.map((x) => ({ mode: x.mode, households: n(x.households), fen: n(x.fen) }));
  }

  /**
   * Dibao and tekun application cases decided (a decision dated) in `period`, grouped by what the decision's due day
   * depends on: the program and rule set, the state the decision was taken from, acceptance, arrival at the county,
   * the last objection and the county notice's end.
   */
  async decided(period: ReportPeriod): Promise<DecidedGroup[]> {
    const r = await sql<DecidedGroup & { cases: Num }>`
      with d as (
        select k.program, k.rule_set, d.decided_on, k.accepted_on, k.county_review_since, k.county_objection_on,
          (select ev.from_state from case_event ev where ev.county_code = k.county_code and ev.case_id = k.id and ev.to_state = d.outcome
           order by ev.seq desc limit 1) as from_state,
          (select max(cn.ends_on) from case_notice cn where cn.county_code = k.county_code and cn.case_id = k.id and cn.level = 'county') as notice_ends_on
        from case_decision d
        join assistance_case k on k.county_code = d.county_code and k.id = d.case_id
        where ${this.inScope('k')} and k.program in ('dibao', 'tekun') and d.decided_on >= ${period.firstDay} and d.decided_on <= ${period.lastDay}
      )
      select program, rule_set, from_state, decided_on, accepted_on, county_review_since, county_objection_on, notice_ends_on, count(*) as cases
      from d group by program, rule_set, from_state, decided_on, accepted_on, county_review_since, county_objection_on, notice_ends_on`.execute(this.db);
    return r.rows.map((x) => ({ ...x, cases: n(x.cases) }));
  }

  /**
   * Overdue work on `asOf`: open cases whose current step was due before it, enrollments not ended whose periodic
   * review fell due before it; and county home visits of spot checks recorded in `period`.
   */
  async procedure(asOf: string, period: ReportPeriod): Promise<{ overdueCases: number; overdueReviews: number; spotChecksDone: number }> {
    const r = await sql<{ overdue_cases: Num; overdue_reviews: Num; spot_checks: Num }>`
      select
        (select count(*) from assistance_case k where ${this.inScope('k')}
          and k.state not in ('approved', 'refused', 'closed_ineligible', 'withdrawn') and k.due_date < ${asOf}) as overdue_cases,
        (select count(*) from enrollment e
          join household h on h.county_code = e.county_code and h.id = e.household_id
          join review_schedule s on s.county_code = e.county_code and s.enrollment_id = e.id
          where ${this.inCounty('e')} and ${this.inScope('h')} and e.status <> 'ended' and s.next_due < ${asOf}) as overdue_reviews,
        (select count(*) from spot_check_item i
          join assistance_case k on k.county_code = i.county_code and k.id = i.case_id
          where ${this.inScope('k')} and i.sampled = 1 and i.visited_on >= ${period.firstDay} and i.visited_on <= ${period.lastDay}) as spot_checks`.execute(this.db);
    const x = r.rows[0];
    return { overdueCases: n(x?.overdue_cases), overdueReviews: n(x?.overdue_reviews), spotChecksDone: n(x?.spot_checks) };
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
