import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 异常规则的查询 The anomaly rules' statements (issue 16 point 1, ADR 0046): one set-based `INSERT … SELECT` per rule and
 * county into `finding_candidate`, the run's staging table, read by nothing but the county's merge
 * (src/db/supervision-repo.ts). Each statement names the rule, a stable fingerprint (the rule and its subject), the
 * area the finding belongs to (the household's village; a county-wide subject: `XXXXXX000000`), the subject's ids and
 * its facts as a JSON object — figures, dates and ids, never a name or an ID number. Written once for both databases:
 * the only dialect difference is the JSON object's constructor.
 */
export interface RuleStatementInput {
  runId: string;
  county: string;
  dialect: DialectName;
}

const COLUMNS = sql.raw('(run_id, county_code, rule, fingerprint, area_code, household_id, person_id, enrollment_id, case_id, roll_id, line_seq, facts)');

/** A JSON object of `pairs` as text: json_object on SQLite, json_build_object on PostgreSQL. */
export function jsonFacts(dialect: DialectName, pairs: Record<string, RawBuilder<unknown>>): RawBuilder<string> {
  const args = sql.join(Object.entries(pairs).flatMap(([k, v]) => [sql.lit(k), v]));
  return dialect === 'postgres' ? sql<string>`json_build_object(${args})::text` : sql<string>`json_object(${args})`;
}

const r = (ref: string) => sql.ref(ref) as RawBuilder<unknown>;
const num = (e: RawBuilder<unknown>, dialect: DialectName) => (dialect === 'postgres' ? sql`(${e})::bigint` : e);

/**
 * 死亡人员仍领取待遇 A person named by an imported death record (ID number's keyed hash) whose household (household
 * unit) or who (单人保/特困 one-person unit) was paid dibao or tekun for a month after the month of death, net of the
 * recoveries already booked for those months.
 */
export async function stageDeceasedPaid(q: Q, i: RuleStatementInput): Promise<void> {
  const facts = jsonFacts(i.dialect, {
    diedOn: r('x.died_on'),
    months: r('x.months'),
    paidFen: num(r('x.paid_fen'), i.dialect),
    firstMonth: r('x.first_month'),
    lastMonth: r('x.last_month'),
  });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'DECEASED_PAID', 'DECEASED_PAID:' || x.person_id, x.area_code, x.household_id, x.person_id, x.enrollment_id, null, x.roll_id, null, ${facts}
    from (
      select p.id as person_id, p.household_id, p.area_code, d.died_on, max(pl.enrollment_id) as enrollment_id, max(pl.roll_id) as roll_id,
        count(distinct case when pl.amount_fen > 0 then pl.benefit_month end) as months, sum(pl.amount_fen) as paid_fen,
        min(pl.benefit_month) as first_month, max(pl.benefit_month) as last_month
      from death_record d
      join person p on p.county_code = ${i.county} and p.id_hash = d.id_hash
      join payroll_line pl on pl.county_code = p.county_code and pl.household_id = p.household_id and (pl.person_id is null or pl.person_id = p.id)
      where pl.program in ('dibao', 'tekun') and pl.benefit_month > substr(d.died_on, 1, 7) and pl.amount_fen <> 0
        and (pl.bank_status is null or pl.bank_status = 'paid')
      group by p.id, p.household_id, p.area_code, d.died_on
      having sum(pl.amount_fen) > 0
    ) x`.execute(q);
}

/**
 * 同月重复领取 A person paid on two regular lines of the same benefit month (dibao and tekun, or two households' rolls):
 * a household line pays each of its members, a one-person line its person.
 */
export async function stageDoublePaid(q: Q, i: RuleStatementInput): Promise<void> {
  const facts = jsonFacts(i.dialect, { months: r('x.months'), firstMonth: r('x.first_month'), lastMonth: r('x.last_month'), lines: r('x.lines') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'DOUBLE_PAID', 'DOUBLE_PAID:' || x.person_id, p.area_code, p.household_id, x.person_id, null, null, x.roll_id, null, ${facts}
    from (
      select m.person_id, count(*) as months, min(m.benefit_month) as first_month, max(m.benefit_month) as last_month, sum(m.n) as lines, max(m.roll_id) as roll_id
      from (
        select pm.person_id, pm.benefit_month, count(*) as n, max(pm.roll_id) as roll_id
        from (
          select p.id as person_id, pl.benefit_month, pl.roll_id
          from payroll_line pl join person p on p.county_code = pl.county_code and p.household_id = pl.household_id
          where pl.county_code = ${i.county} and pl.kind = 'regular' and pl.program in ('dibao', 'tekun') and pl.person_id is null
          union all
          select pl.person_id, pl.benefit_month, pl.roll_id
          from payroll_line pl
          where pl.county_code = ${i.county} and pl.kind = 'regular' and pl.program in ('dibao', 'tekun') and pl.person_id is not null
        ) pm
        group by pm.person_id, pm.benefit_month
        having count(*) > 1
      ) m
      group by m.person_id
    ) x
    join person p on p.county_code = ${i.county} and p.id = x.person_id`.execute(q);
}

/** Enrollments in force (not ended) covering a person: their household's household-unit ones and their own. */
const COVERED = (alias: string) => sql`(exists (
    select 1 from enrollment e where e.county_code = ${sql.ref(`${alias}.county_code`)} and e.household_id = ${sql.ref(`${alias}.household_id`)} and e.status <> 'ended'
      and (e.unit = 'household' or e.person_id = ${sql.ref(`${alias}.id`)})))`;

/**
 * 跨县重复保障 A person (by the ID number's keyed hash) in the registry of this county and of another (`others`: the
 * city's other counties, so that the lookup is by the (county, hash) key), covered by an enrollment in force in both.
 * The duplicates are found first (materialised: few), then their coverage checked.
 */
export async function stageTwoCounties(q: Q, i: RuleStatementInput & { others: readonly string[] }): Promise<void> {
  if (i.others.length === 0) return;
  const facts = jsonFacts(i.dialect, { otherCounty: r('d.other_county') });
  await sql`insert into finding_candidate ${COLUMNS}
    with d as materialized (
      select p.county_code, p.id, p.household_id, p.area_code, o.county_code as other_county, o.id as other_id, o.household_id as other_household
      from person p join person o on o.county_code in (${sql.join(i.others)}) and o.id_hash = p.id_hash
      where p.county_code = ${i.county}
    )
    select ${i.runId}, ${i.county}, 'TWO_COUNTIES', 'TWO_COUNTIES:' || d.id || ':' || d.other_county, d.area_code, d.household_id, d.id, null, null, null, null, ${facts}
    from d
    where ${COVERED('d')}
      and exists (select 1 from enrollment e where e.county_code = d.other_county and e.household_id = d.other_household and e.status <> 'ended'
        and (e.unit = 'household' or e.person_id = d.other_id))`.execute(q);
}

/**
 * 近亲属备案未全部入户 An approved dibao or tekun case declared as a staff or cadre's close relative whose county home
 * visit (the spot check, 100% for these cases) is not recorded as done.
 */
export async function stageStaffRelativeUnvisited(q: Q, i: RuleStatementInput): Promise<void> {
  const facts = jsonFacts(i.dialect, { program: r('c.program'), decidedOn: r('d.decided_on'), spotCheck: r('c.spot_check') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'STAFF_RELATIVE_UNVISITED', 'STAFF_RELATIVE_UNVISITED:' || c.id, c.area_code, c.household_id, c.applicant_person_id, null, c.id, null, null, ${facts}
    from assistance_case c join case_decision d on d.county_code = c.county_code and d.id = c.decision_id
    where c.county_code = ${i.county} and c.staff_relative = 1 and c.program in ('dibao', 'tekun') and d.outcome = 'approved'
      and (c.spot_check is null or c.spot_check <> 'visited')`.execute(q);
}

/** 复核逾期 An enrollment in force whose review was due before `cutoff` (the run's day less the threshold) and not done. */
export async function stageReviewOverdue(q: Q, i: RuleStatementInput & { cutoff: string; thresholdDays: number }): Promise<void> {
  const facts = jsonFacts(i.dialect, { nextDue: r('s.next_due'), thresholdDays: sql`cast(${i.thresholdDays} as integer)`, program: r('e.program'), reviewClass: r('s.review_class') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'REVIEW_OVERDUE', 'REVIEW_OVERDUE:' || e.id || ':' || s.next_due, h.area_code, e.household_id, e.person_id, e.id, null, null, null, ${facts}
    from review_schedule s
    join enrollment e on e.county_code = s.county_code and e.id = s.enrollment_id
    join household h on h.county_code = e.county_code and h.id = e.household_id
    where s.county_code = ${i.county} and s.next_due < ${i.cutoff} and e.status <> 'ended'`.execute(q);
}

/** 先行救助未补办手续 Emergency temporary aid paid first whose paperwork was due before `today` and is not done. */
export async function stageEmergencyPaperwork(q: Q, i: RuleStatementInput & { today: string }): Promise<void> {
  const facts = jsonFacts(i.dialect, { paidFirstOn: r('t.paid_first_on'), paperworkDue: r('t.paperwork_due'), paidFirstFen: r('t.paid_first_fen'), category: r('t.category') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'EMERGENCY_PAPERWORK_OVERDUE', 'EMERGENCY_PAPERWORK_OVERDUE:' || c.id, c.area_code, c.household_id, c.applicant_person_id, null, c.id, null, null, ${facts}
    from temporary_aid t join assistance_case c on c.county_code = t.county_code and c.id = t.case_id
    where t.county_code = ${i.county} and t.assisted_first = 1 and t.paperwork_due is not null and t.paperwork_due < ${i.today}
      and t.paperwork_done_on is null`.execute(q);
}

/**
 * 一个账户多户领取 One bank account (by its keyed hash) paid on lines of at least `minHouseholds` different households.
 * The finding belongs to the township when all the households are in one, else to the county.
 */
export async function stageSharedAccount(q: Q, i: RuleStatementInput & { minHouseholds: number }): Promise<void> {
  const facts = jsonFacts(i.dialect, { households: r('x.households'), lines: r('x.lines'), firstMonth: r('x.first_month'), lastMonth: r('x.last_month') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'SHARED_ACCOUNT', 'SHARED_ACCOUNT:' || x.account_hash,
      case when x.lo_township = x.hi_township then x.lo_township || '000' else ${`${i.county}000000`} end,
      x.household_id, null, null, null, x.roll_id, null, ${facts}
    from (
      select pl.bank_account_hash as account_hash, count(distinct pl.household_id) as households, count(*) as lines, min(pl.household_id) as household_id,
        max(pl.roll_id) as roll_id, min(pl.benefit_month) as first_month, max(pl.benefit_month) as last_month,
        min(substr(pl.area_code, 1, 9)) as lo_township, max(substr(pl.area_code, 1, 9)) as hi_township
      from payroll_line pl
      where pl.county_code = ${i.county} and pl.bank_account_hash is not null and pl.program in ('dibao', 'tekun', 'temporary', 'heating')
      group by pl.bank_account_hash
      having count(distinct pl.household_id) >= ${i.minHouseholds}
    ) x`.execute(q);
}

/**
 * 无审批决定的保障对象 An enrollment whose decision is missing, not an approval, or the decision of another household's
 * case.
 */
export async function stageEnrollmentWithoutDecision(q: Q, i: RuleStatementInput): Promise<void> {
  const facts = jsonFacts(i.dialect, {
    program: r('e.program'),
    startMonth: r('e.start_month'),
    status: r('e.status'),
    decision: sql`case when d.id is null then 'missing' when d.outcome <> 'approved' then d.outcome else 'other_household' end`,
  });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'ENROLLMENT_WITHOUT_DECISION', 'ENROLLMENT_WITHOUT_DECISION:' || e.id, h.area_code, e.household_id, e.person_id, e.id, c.id, null, null, ${facts}
    from enrollment e
    join household h on h.county_code = e.county_code and h.id = e.household_id
    left join case_decision d on d.county_code = e.county_code and d.id = e.decision_id
    left join assistance_case c on c.county_code = d.county_code and c.id = d.case_id
    where e.county_code = ${i.county} and (d.id is null or d.outcome <> 'approved' or c.household_id is null or c.household_id <> e.household_id)`.execute(q);
}

/**
 * 停保后继续发放 An enrollment stopped (its first `ended` term, from the first month without benefit) still paid, net,
 * for a month from then on.
 */
export async function stagePaidAfterStop(q: Q, i: RuleStatementInput): Promise<void> {
  const facts = jsonFacts(i.dialect, { stoppedFrom: r('x.stop_month'), months: r('x.months'), paidFen: num(r('x.paid_fen'), i.dialect), lastMonth: r('x.last_month') });
  await sql`insert into finding_candidate ${COLUMNS}
    select ${i.runId}, ${i.county}, 'PAID_AFTER_STOP', 'PAID_AFTER_STOP:' || x.enrollment_id, x.area_code, x.household_id, x.person_id, x.enrollment_id, null, x.roll_id, null, ${facts}
    from (
      select pl.enrollment_id, s.stop_month, max(pl.area_code) as area_code, max(pl.household_id) as household_id, max(pl.person_id) as person_id, max(pl.roll_id) as roll_id,
        count(distinct case when pl.amount_fen > 0 then pl.benefit_month end) as months, sum(pl.amount_fen) as paid_fen, max(pl.benefit_month) as last_month
      from (
        select t.enrollment_id, min(t.from_month) as stop_month from enrollment_term t
        where t.county_code = ${i.county} and t.status = 'ended' group by t.enrollment_id
      ) s
      join payroll_line pl on pl.county_code = ${i.county} and pl.enrollment_id = s.enrollment_id
      where pl.benefit_month >= s.stop_month and pl.amount_fen <> 0 and (pl.bank_status is null or pl.bank_status = 'paid')
      group by pl.enrollment_id, s.stop_month
      having sum(pl.amount_fen) > 0
    ) x`.execute(q);
}

/** A dibao household-unit enrollment in force (its term for `month` active), as the registry rule compares it. */
export interface EnrolledHousehold {
  enrollment_id: string;
  household_id: string;
  amount_fen: number;
}

/**
 * The active dibao household-unit enrollments of households `first`…`last` of a county (one registry batch's range),
 * with the amount of their term in force in `month`, ordered by household.
 */
export async function enrolledDibaoHouseholds(q: Q, county: string, first: string, last: string, month: string): Promise<EnrolledHousehold[]> {
  const r = await sql<EnrolledHousehold>`select e.id as enrollment_id, e.household_id, t.amount_fen
    from enrollment e join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
    where e.county_code = ${county} and e.household_id >= ${first} and e.household_id <= ${last} and e.program = 'dibao' and e.unit = 'household'
      and e.status = 'active' and t.status = 'active'
      and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${month})
    order by e.household_id`.execute(q);
  return r.rows.map((x) => ({ ...x, amount_fen: Number(x.amount_fen) }));
}

/**
 * The village codes of a county's households `first`…`last` (a registry batch's range: a finding computed outside SQL
 * is placed in its household's area). One statement text whatever the batch (a list of ids would make one per length,
 * each kept in the connection's statement cache).
 */
export async function householdAreas(q: Q, county: string, first: string, last: string): Promise<Map<string, string>> {
  const rows = await q.selectFrom('household').select(['id', 'area_code']).where('county_code', '=', county).where('id', '>=', first).where('id', '<=', last).execute();
  return new Map(rows.map((r) => [r.id, r.area_code]));
}
