import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DashboardFigures, DashboardProgram } from '../contracts/dashboard.ts';
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
    findings: { spotCheckProblems: 0, screeningOpen: 0, anomalies: null },
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
    const r = await sql<{ child: string; n: number | string }>`
      select ${this.child('p')} as child, count(*) as n from person p where ${this.inScope('p')} group by ${this.child('p')}`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, n: Number(x.n) }));
  }

  /**
   * Enrollments payable in `month` (the term in force that month active or in gradual exit), per child and program:
   * households, persons (a household unit's members, one for an individual unit) and persons of registered-poor households.
   */
  async coverage(month: string): Promise<{ child: string; program: 'dibao' | 'tekun'; households: number; persons: number; poorPersons: number }[]> {
    const persons = sql`case when e.unit = 'individual' then 1 else h.member_count end`;
    const r = await sql<{ child: string; program: 'dibao' | 'tekun'; households: number | string; persons: number | string | null; poor: number | string | null }>`
      select ${this.child('h')} as child, e.program as program, count(distinct e.household_id) as households,
        sum(${persons}) as persons, sum(case when h.registered_poor = 1 then ${persons} else 0 end) as poor
      from enrollment e
      cross join household h
      where h.county_code = e.county_code and h.id = e.household_id and ${this.inScope('e', null)} and ${this.inScope('h')}
        and (select t.status from enrollment_term t where t.county_code = e.county_code and t.enrollment_id = e.id and t.from_month <= ${month}
             order by t.from_month desc limit 1) in ('active', 'gradual_exit')
      group by ${this.child('h')}, e.program`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, program: x.program, households: Number(x.households), persons: Number(x.persons ?? 0), poorPersons: Number(x.poor ?? 0) }));
  }

  /** The lines of the month's approved (or closed) rolls, per child and program: their sum, and what the bank paid. */
  async rollSpending(month: string): Promise<{ child: string; program: DashboardProgram; approved: number; paid: number }[]> {
    const r = await sql<{ child: string; program: DashboardProgram; approved: number | string | null; paid: number | string | null }>`
      select ${this.child('l')} as child, l.program as program, sum(l.amount_fen) as approved,
        sum(case when l.bank_status = 'paid' then l.amount_fen else 0 end) as paid
      from payroll_roll r
      join payroll_line l on l.county_code = r.county_code and l.roll_id = r.id
      where ${this.inScope('r', null)} and ${this.inScope('l')} and r.month = ${month} and r.status in ('approved', 'closed')
      group by ${this.child('l')}, l.program`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, program: x.program, approved: Number(x.approved ?? 0), paid: Number(x.paid ?? 0) }));
  }

  /** 先行救助 Temporary aid paid first (in cash, from the township reserve) on a day of the month, per child. */
  async paidFirst(month: string): Promise<{ child: string; fen: number }[]> {
    const r = await sql<{ child: string; fen: number | string | null }>`
      select ${this.child('c')} as child, sum(a.paid_first_fen) as fen
      from temporary_aid a
      join assistance_case c on c.county_code = a.county_code and c.id = a.case_id
      where ${this.inScope('c')} and a.paid_first_on >= ${`${month}-01`} and a.paid_first_on <= ${`${month}-31`} and a.paid_first_fen > 0
      group by ${this.child('c')}`.execute(this.db);
    return r.rows.map((x) => ({ child: x.child, fen: Number(x.fen ?? 0) }));
  }

  /** Open cases past their statutory due day (a case without a deadline carries 9999-12-31), per child. */
  async overdueCases(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select ${this.child('c')} as child, count(*) as n from assistance_case c
      where ${this.inScope('c')} and c.open_program is not null and c.due_date < ${today}
      group by ${this.child('c')}`);
  }

  /** Enrollments (not ended) whose periodic review was due before today, per child (the review desk's overdue list). */
  async overdueReviews(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select ${this.child('h')} as child, count(*) as n from review_schedule s
      cross join enrollment e
      cross join household h
      where e.county_code = s.county_code and e.id = s.enrollment_id and h.county_code = e.county_code and h.id = e.household_id
        and ${this.inScope('s', null)} and ${this.inScope('h')} and s.next_due < ${today} and e.status <> 'ended'
      group by ${this.child('h')}`);
  }

  /** 补办手续逾期 Assist-first cases whose paperwork is past its due day and not done, per child. */
  async overduePaperwork(today: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select ${this.child('c')} as child, count(*) as n from temporary_aid a
      join assistance_case c on c.county_code = a.county_code and c.id = a.case_id
      where ${this.inScope('c')} and a.paperwork_done_on is null and a.paperwork_due < ${today}
      group by ${this.child('c')}`);
  }

  /** Rolls built and waiting for their approval (any program and month), per county: rolls are a county's. */
  async rollsAwaitingApproval(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select r.county_code as child, count(*) as n from payroll_roll r
      where ${this.inScope('r', null)} and r.status = 'built'
      group by r.county_code`);
  }

  /** Spot-check visits made in the month that found the case inconsistent, per child of the case's area. */
  async spotCheckProblems(month: string): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select ${this.child('c')} as child, count(*) as n from spot_check_item i
      join assistance_case c on c.county_code = i.county_code and c.id = i.case_id
      where ${this.inScope('c')} and i.finding = 'inconsistent' and i.visited_on >= ${`${month}-01`} and i.visited_on <= ${`${month}-31`}
      group by ${this.child('c')}`);
  }

  /** Ledger rows of open screening campaigns still without a conclusion, per child. */
  async screeningOpen(): Promise<{ child: string; n: number }[]> {
    return this.counts(sql`
      select ${this.child('r')} as child, count(*) as n from screening_row r
      join screening_campaign k on k.id = r.campaign_id
      where ${this.inScope('r')} and k.state = 'open' and r.conclusion is null
      group by ${this.child('r')}`);
  }

  private async counts(q: RawBuilder<unknown>): Promise<{ child: string; n: number }[]> {
    const r = await (q as RawBuilder<{ child: string; n: number | string }>).execute(this.db);
    return r.rows.map((x) => ({ child: x.child, n: Number(x.n) }));
  }
}
