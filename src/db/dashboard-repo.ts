import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DashboardFigureKey, DashboardFigures, DashboardProgram } from '../contracts/dashboard.ts';
import type { DrillDbRow } from './report-repo.ts';
import type { Database } from './schema.ts';
import { type AreaScope, scopeCondition } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A fresh set of figures, every count zero (the rolls awaiting approval null: the caller says where they apply). */
export function emptyFigures(): DashboardFigures {
  const spend = () => ({ approvedFen: 0, paidFen: 0 });
  return {
    coverage: { dibaoHouseholds: 0, dibaoPersons: 0, tekunPersons: 0, registeredPoorPersons: 0, registeredPersons: 0 },
    spending: { dibao: spend(), tekun: spend(), temporary: spend(), heating: spend() },
    overdue: { cases: 0, reviews: 0, paperwork: 0, rollsAwaitingApproval: null },
    findings: { spotCheckProblems: 0, screeningOpen: 0, anomalies: 0 },
  };
}

/**
 * The dashboard's reads (issue 15 point 4): set-based aggregates over an area scope, each grouped by the child division
 * a record lies in — the first `childLength` digits of its 12-digit area (6 a county, 9 a township, 12 a village). The
 * caller sums the groups for the area's own totals, so a record under a division missing from the division table
 * still counts in the total. One statement per kind of figure; nothing is read row by row.
 */
export class DashboardRepo {
  readonly db: Q;
  readonly scope: AreaScope;
  readonly childLength: number;

  constructor(db: Q, scope: AreaScope, childLength: number) {
    this.db = db;
    this.scope = scope;
    this.childLength = childLength;
  }

  /**
   * `alias` within the scope: its county (the distribution key) and, below a county, its 12-digit area code range
   * (`areaColumn` null: the county alone, for a table of the county's such as the rolls).
   */
  private inScope(alias: string, areaColumn: string | null = 'area_code'): RawBuilder<unknown> {
    return scopeCondition(this.scope, alias, areaColumn);
  }

  /**
   * The child division a record lies in: the first digits of its area code — under the city, its county column itself,
   * which the indexes lead with (SQLite then groups in index order instead of sorting every row).
   */
  private child(alias: string, areaColumn = 'area_code'): RawBuilder<string> {
    if (this.childLength === 6) return sql<string>`${sql.ref(`${alias}.county_code`)}`;
    return sql<string>`substr(${sql.ref(`${alias}.${areaColumn}`)}, 1, ${sql.lit(this.childLength)})`;
  }

  /** Persons in the registry, per child. */
  async registeredPersons(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.registeredCte()} select child, count(*) as n from f group by child`);
  }

  private registeredCte(): RawBuilder<unknown> {
    return sql`f as (select ${this.child('p')} as child, p.id, p.household_id, p.name, p.area_code from person p where ${this.inScope('p')})`;
  }

  /**
   * Enrollments payable in `month` (the term in force that month active or in gradual exit), per child and program:
   * households, persons (a household unit's members, one for an individual unit) and persons of registered-poor households.
   */
  async coverage(month: string): Promise<{ child: string; program: 'dibao' | 'tekun'; households: number; persons: number; poorPersons: number }[]> {
    const r = await sql<{ child: string; program: 'dibao' | 'tekun'; households: number | string; persons: number | string | null; poor: number | string | null }>`
      with ${this.coverageCte(month)}
      select child, program, count(distinct household_id) as households, sum(persons) as persons, sum(case when rp = 1 then persons else 0 end) as poor
      from f group by child, program`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, program: x.program, households: Number(x.households), persons: Number(x.persons ?? 0), poorPersons: Number(x.poor ?? 0) }));
  }

  /** `f`: the enrollments payable in `month`, one row each, with their household. */
  private coverageCte(month: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('h')} as child, e.program as program, e.household_id, h.head_name, h.area_code, h.registered_poor as rp,
        case when e.unit = 'individual' then 1 else h.member_count end as persons
      from enrollment e
      cross join household h
      where h.county_code = e.county_code and h.id = e.household_id and ${this.inScope('e', null)} and ${this.inScope('h')}
        and (select t.status from enrollment_term t where t.county_code = e.county_code and t.enrollment_id = e.id and t.from_month <= ${month}
             order by t.from_month desc limit 1) in ('active', 'gradual_exit'))`;
  }

  /** The lines of the month's approved (or closed) rolls, per child and program: their sum, and what the bank paid. */
  async rollSpending(month: string): Promise<{ child: string; program: DashboardProgram; approved: number; paid: number }[]> {
    const r = await sql<{ child: string; program: DashboardProgram; approved: number | string | null; paid: number | string | null }>`
      with ${this.spendingCte(month)}
      select child, program, sum(amount_fen) as approved, sum(case when bank_status = 'paid' then amount_fen else 0 end) as paid
      from f group by child, program`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, program: x.program, approved: Number(x.approved ?? 0), paid: Number(x.paid ?? 0) }));
  }

  /** `f`: the lines of the month's approved (or closed) rolls. */
  private spendingCte(month: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('l')} as child, l.program as program, l.roll_id, l.seq, l.household_id, l.payee_name, l.area_code, l.case_id, l.enrollment_id,
        l.person_count, l.amount_fen, l.bank_status, l.hold_reason
      from payroll_roll r
      join payroll_line l on l.county_code = r.county_code and l.roll_id = r.id
      where ${this.inScope('r', null)} and ${this.inScope('l')} and r.month = ${month} and r.status in ('approved', 'closed'))`;
  }

  /** 先行救助 Temporary aid paid first (in cash, from the township reserve) on a day of the month, per child. */
  async paidFirst(month: string): Promise<{ child: string; fen: number }[]> {
    const r = await sql<{ child: string; fen: number | string | null }>`
      with ${this.paidFirstCte(month)} select child, sum(paid_first_fen) as fen from g group by child`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, fen: Number(x.fen ?? 0) }));
  }

  /** `g`: the temporary aid paid first on a day of `month`. */
  private paidFirstCte(month: string): RawBuilder<unknown> {
    return sql`g as (
      select ${this.child('c')} as child, a.case_id, c.household_id, c.area_code, a.paid_first_fen, a.paid_first_on
      from temporary_aid a
      join assistance_case c on c.county_code = a.county_code and c.id = a.case_id
      where ${this.inScope('c')} and a.paid_first_on >= ${`${month}-01`} and a.paid_first_on <= ${`${month}-31`} and a.paid_first_fen > 0)`;
  }

  /** Open cases past their statutory due day (a case without a deadline carries 9999-12-31), per child. */
  async overdueCases(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.overdueCasesCte(today)} select child, count(*) as n from f group by child`);
  }

  private overdueCasesCte(today: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('c')} as child, c.county_code, c.id, c.household_id, c.area_code, c.due_date, c.state from assistance_case c
      where ${this.inScope('c')} and c.open_program is not null and c.due_date < ${today})`;
  }

  /** Enrollments (not ended) whose periodic review was due before today, per child (the review desk's overdue list). */
  async overdueReviews(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.overdueReviewsCte(today)} select child, count(*) as n from f group by child`);
  }

  private overdueReviewsCte(today: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('h')} as child, e.id as enrollment_id, e.program, e.household_id, h.head_name, h.area_code, h.registered_poor as rp, s.next_due
      from review_schedule s
      cross join enrollment e
      cross join household h
      where e.county_code = s.county_code and e.id = s.enrollment_id and h.county_code = e.county_code and h.id = e.household_id
        and ${this.inScope('s', null)} and ${this.inScope('h')} and s.next_due < ${today} and e.status <> 'ended')`;
  }

  /** 补办手续逾期 Assist-first cases whose paperwork is past its due day and not done, per child. */
  async overduePaperwork(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.overduePaperworkCte(today)} select child, count(*) as n from f group by child`);
  }

  private overduePaperworkCte(today: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('c')} as child, c.county_code, a.case_id, c.household_id, c.area_code, a.paperwork_due, a.category, a.registered_poor as rp
      from temporary_aid a
      join assistance_case c on c.county_code = a.county_code and c.id = a.case_id
      where ${this.inScope('c')} and a.paperwork_done_on is null and a.paperwork_due < ${today})`;
  }

  /** Rolls built and waiting for their approval (any program and month), per county: rolls are a county's. */
  async rollsAwaitingApproval(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.rollsAwaitingCte()} select child, count(*) as n from f group by child`);
  }

  private rollsAwaitingCte(): RawBuilder<unknown> {
    return sql`f as (select r.county_code as child, r.id, r.program, r.month, r.county_code from payroll_roll r where ${this.inScope('r', null)} and r.status = 'built')`;
  }

  /** Spot-check visits made in the month that found the case inconsistent, per child of the case's area. */
  async spotCheckProblems(month: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.spotCheckCte(month)} select child, count(*) as n from f group by child`);
  }

  private spotCheckCte(month: string): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('c')} as child, c.county_code, i.spot_check_id, i.case_id, c.household_id, c.area_code, i.visited_on from spot_check_item i
      join assistance_case c on c.county_code = i.county_code and c.id = i.case_id
      where ${this.inScope('c')} and i.finding = 'inconsistent' and i.visited_on >= ${`${month}-01`} and i.visited_on <= ${`${month}-31`})`;
  }

  /** Ledger rows of open screening campaigns still without a conclusion, per child. */
  async screeningOpen(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.screeningOpenCte()} select child, count(*) as n from f group by child`);
  }

  private screeningOpenCte(): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('r')} as child, r.campaign_id, r.county_code, r.seq, r.hh_no, r.head_name, r.area_code, r.member_count from screening_row r
      join screening_campaign k on k.id = r.campaign_id
      where ${this.inScope('r')} and k.state = 'open' and r.conclusion is null)`;
  }

  /** 异常线索 Findings of the anomaly rules not yet closed (open, or answered and awaiting verification), per child. */
  async openFindings(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`with ${this.openFindingsCte()} select child, count(*) as n from f group by child`);
  }

  private openFindingsCte(): RawBuilder<unknown> {
    return sql`f as (
      select ${this.child('x')} as child, x.county_code, x.id, x.rule, x.area_code, x.household_id, x.enrollment_id, x.case_id, x.roll_id, x.due_on
      from finding x where ${this.inScope('x')} and x.status <> 'closed')`;
  }

  /**
   * 数字背后的名单 One page of the records behind a dashboard figure of the scope (`figure`: contracts/dashboard.ts
   * FIGURE_KEYS) and the list's totals: a CTE `r` over the very definition the figure's count reads (the `…Cte`
   * fragments above), keyed by a unique text (`row_key`, the page order). Rows as report-repo's drill lists have them.
   */
  async drillPage(figure: DashboardFigureKey, month: string, today: string, after: string | null, limit: number): Promise<{ rows: DrillDbRow[]; total: { rows: number; persons: number; amountFen: number } }> {
    const cte = this.drillCte(figure, month, today);
    const page = await sql<DrillDbRow>`with ${cte}
      select * from r where ${after === null ? sql`1 = 1` : sql`row_key > ${after}`} order by row_key limit ${limit}`.execute(this.db);
    const tot = await sql<{ n: number | string; persons: number | string | null; amount: number | string | null }>`with ${cte}
      select count(*) as n, sum(persons) as persons, sum(amount) as amount from r`.execute(this.db);
    const x = tot.rows[0];
    return { rows: page.rows, total: { rows: Number(x?.n ?? 0), persons: Number(x?.persons ?? 0), amountFen: Number(x?.amount ?? 0) } };
  }

  private drillCte(figure: DashboardFigureKey, month: string, today: string): RawBuilder<unknown> {
    const NT = sql.raw('cast(null as text)');
    const NI = sql.raw('cast(null as integer)');
    switch (figure) {
      case 'dibaoHouseholds':
      case 'dibaoPersons':
      case 'tekunPersons':
      case 'registeredPoorPersons': {
        const which = figure === 'tekunPersons' ? sql`program = 'tekun'` : figure === 'registeredPoorPersons' ? sql`rp = 1` : sql`program = 'dibao'`;
        return sql`${this.coverageCte(month)}, r as (
          select household_id || '/' || program as row_key, household_id, max(head_name) as head_name, max(area_code) as area_code, sum(persons) as persons,
            max(rp) as rp, ${NI} as amount, ${NT} as day, ${NT} as case_id, ${NT} as enrollment_id, ${NT} as roll_id, program as detail
          from f where ${which} group by household_id, program)`;
      }
      case 'registeredPersons':
        return sql`${this.registeredCte()}, r as (
          select id as row_key, household_id, name as head_name, area_code, 1 as persons, ${NI} as rp, ${NI} as amount, ${NT} as day,
            ${NT} as case_id, ${NT} as enrollment_id, ${NT} as roll_id, ${NT} as detail from f)`;
      case 'spendDibao':
      case 'spendTekun':
      case 'spendTemporary':
      case 'spendHeating': {
        const program = { spendDibao: 'dibao', spendTekun: 'tekun', spendTemporary: 'temporary', spendHeating: 'heating' }[figure];
        const lines = sql`select roll_id || '/' || seq as row_key, household_id, payee_name as head_name, area_code, person_count as persons, ${NI} as rp,
            amount_fen as amount, ${NT} as day, case_id, enrollment_id, roll_id,
            case when bank_status is not null then bank_status when hold_reason is not null then 'held' else 'sent' end as detail
          from f where program = ${program}`;
        if (figure !== 'spendTemporary') return sql`${this.spendingCte(month)}, r as (${lines})`;
        return sql`${this.spendingCte(month)}, ${this.paidFirstCte(month)}, r as (${lines}
          union all
          select case_id || '/a', household_id, ${NT}, area_code, ${NI}, ${NI}, paid_first_fen, paid_first_on, case_id, ${NT}, ${NT}, 'paidFirst' from g)`;
      }
      case 'overdueCases':
        return sql`${this.overdueCasesCte(today)}, r as (
          select f.id as row_key, f.household_id, h.head_name, f.area_code, ${NI} as persons, h.registered_poor as rp, ${NI} as amount, f.due_date as day,
            f.id as case_id, ${NT} as enrollment_id, ${NT} as roll_id, f.state as detail
          from f left join household h on h.county_code = f.county_code and h.id = f.household_id)`;
      case 'overdueReviews':
        return sql`${this.overdueReviewsCte(today)}, r as (
          select enrollment_id as row_key, household_id, head_name, area_code, ${NI} as persons, rp, ${NI} as amount, next_due as day,
            ${NT} as case_id, enrollment_id, ${NT} as roll_id, program as detail from f)`;
      case 'overduePaperwork':
        return sql`${this.overduePaperworkCte(today)}, r as (
          select f.case_id as row_key, f.household_id, h.head_name, f.area_code, ${NI} as persons, f.rp, ${NI} as amount, f.paperwork_due as day,
            f.case_id, ${NT} as enrollment_id, ${NT} as roll_id, f.category as detail
          from f left join household h on h.county_code = f.county_code and h.id = f.household_id)`;
      case 'rollsAwaitingApproval':
        return sql`${this.rollsAwaitingCte()}, r as (
          select id as row_key, ${NT} as household_id, ${NT} as head_name, county_code || '000000' as area_code, ${NI} as persons, ${NI} as rp, ${NI} as amount,
            month as day, ${NT} as case_id, ${NT} as enrollment_id, id as roll_id, program as detail from f)`;
      case 'spotCheckProblems':
        return sql`${this.spotCheckCte(month)}, r as (
          select f.spot_check_id || '/' || f.case_id as row_key, f.household_id, h.head_name, f.area_code, ${NI} as persons, h.registered_poor as rp,
            ${NI} as amount, f.visited_on as day, f.case_id, ${NT} as enrollment_id, ${NT} as roll_id, 'inconsistent' as detail
          from f left join household h on h.county_code = f.county_code and h.id = f.household_id)`;
      case 'anomalies':
        return sql`${this.openFindingsCte()}, r as (
          select f.county_code || '/' || f.id as row_key, f.household_id, h.head_name, f.area_code, ${NI} as persons, h.registered_poor as rp, ${NI} as amount,
            f.due_on as day, f.case_id, f.enrollment_id, f.roll_id, f.rule as detail
          from f left join household h on h.county_code = f.county_code and h.id = f.household_id)`;
      case 'screeningOpen':
        return sql`${this.screeningOpenCte()}, r as (
          select campaign_id || '/' || county_code || '/' || hh_no as row_key, ${NT} as household_id, head_name, area_code, member_count as persons, 1 as rp, ${NI} as amount,
            ${NT} as day, ${NT} as case_id, ${NT} as enrollment_id, ${NT} as roll_id, ${NT} as detail from f)`;
    }
  }

  private async counts(q: RawBuilder<unknown>): Promise<{ child: string; n: number }[]> {
    const r = await (q as RawBuilder<{ child: string; n: number | string }>).execute(this.db);
    return r.rows.map((x) => ({ child: x.child, n: Number(x.n) }));
  }
}
