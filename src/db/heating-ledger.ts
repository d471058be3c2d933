import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { LINE_COLUMNS, type RollRef } from './payroll-ledger.ts';
import type { HeatingExceptionKind } from '../contracts/heating.ts';
import type { Database, HeatingSeasonTable, PayrollRollTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The set-based SQL of heating-season rolls (issue 14, ADR 0043): which households a season pays, how much, and what
 * keeps a household out (the exceptions). One statement per step over one county; the commands
 * (commands/heating/*) decide the transactions around them, as commands/payroll/build-roll.ts does for monthly rolls.
 *
 * The amounts are the engine's rule (rules/heating/heating.ts) in integer SQL, on the values the season fixed when it
 * was opened (`HeatingAmounts`): dispersed heating a flat amount; central heating rate × min(area, cap), rounded half
 * up to the fen once. A property test holds the two to the same fen (heating-ledger.test.ts).
 */

/** The season's amounts in integers, as SQL computes them. */
export interface HeatingAmounts {
  /** 分散取暖 the flat amount per household and season, in fen. */
  dispersedFen: number;
  /** 集中供暖 the rate per m² in 1/100,000 yuan (a thousandth of a fen): the parameter's two decimals and more, exactly. */
  centralRateMicro: number;
  /** The largest area paid for, in dm² (hundredths of a m², as the registry keeps areas). */
  maxAreaDm2: number;
  /** Months in the season (the pro-rating denominator). */
  seasonMonths: number;
  /** Supplementary households enrolled after the reference day: the whole season, or the months left of it. */
  supplementary: 'full' | 'prorated';
  /** Tekun persons in concentrated care: their institution covers heating (not on the roll), or they are paid. */
  concentrated: 'institution' | 'person';
}

/** A season's key facts the SQL needs. */
export interface SeasonRef {
  county_code: string;
  first_month: string;
  last_month: string;
  /** The reference day's month: enrollment terms are monthly. */
  referenceMonth: string;
}

export const seasonRef = (s: HeatingSeasonTable): SeasonRef => ({
  county_code: s.county_code,
  first_month: s.first_month,
  last_month: s.last_month,
  referenceMonth: s.reference_day.slice(0, 7),
});

/** The status of an enrollment's term in force in `month` (correlated on `e`). */
const termStatusAt = (e: string, month: string | RawBuilder<unknown>) => sql`(select t.status from enrollment_term t
  where t.county_code = ${sql.ref(`${e}.county_code`)} and t.enrollment_id = ${sql.ref(`${e}.id`)} and t.from_month <= ${month}
  order by t.from_month desc limit 1)`;

/** Where an enrollment's tekun person lives in `month` (home unless a care record says institution). */
const placementAt = (e: string, month: string) => sql`coalesce((select c.placement from tekun_care c
  where c.county_code = ${sql.ref(`${e}.county_code`)} and c.owner = 'enrollment' and c.owner_id = ${sql.ref(`${e}.id`)} and c.from_month <= ${month}
  order by c.from_month desc limit 1), 'home')`;

/**
 * The enrollment that makes household `h` eligible in `month`: a dibao enrollment before a tekun one, payable that
 * month (active or gradual exit), a tekun person in concentrated care only when the season pays them.
 */
const qualifyingEnrollment = (month: string, a: HeatingAmounts, o: { institutionOnly?: boolean } = {}) => sql`(select e.id from enrollment e
  where e.county_code = h.county_code and e.household_id = h.id and e.program in ('dibao', 'tekun')
    and ${termStatusAt('e', month)} in ('active', 'gradual_exit')
    and ${o.institutionOnly ? sql`e.program = 'tekun' and ${placementAt('e', month)} = 'institution'` : a.concentrated === 'institution' ? sql`not (e.program = 'tekun' and ${placementAt('e', month)} = 'institution')` : sql`1 = 1`}
  order by case e.program when 'dibao' then 0 else 1 end, e.id limit 1)`;

/**
 * An integer constant written into the statement: bound, node:sqlite sends a JS number as a double and SQLite would
 * divide in floating point. Only the season's own integers come here (never user text).
 */
const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`heating SQL: ${n} is not an integer`);
  return sql.lit(n);
};

/** A household's amount for the whole season, from its recorded mode and area (integer SQL, half up to the fen). */
export const seasonAmountSql = (a: HeatingAmounts, mode: RawBuilder<unknown>, areaDm2: RawBuilder<unknown>) => sql`case when ${mode} = 'dispersed' then ${int(a.dispersedFen)}
  else (cast(${int(a.centralRateMicro)} as bigint) * (case when ${areaDm2} < ${int(a.maxAreaDm2)} then ${areaDm2} else ${int(a.maxAreaDm2)} end) + 50000) / 100000 end`;

const monthIndex = (m: RawBuilder<unknown> | string) => sql`(cast(substr(${m}, 1, 4) as integer) * 12 + cast(substr(${m}, 6, 2) as integer))`;

/** Households of the county in (after, upto] by id: the keyset batches of a season build. */
export async function householdBound(q: Q, county: string, after: string, size: number): Promise<string | null> {
  const r = await sql<{ id: string }>`select id from household where county_code = ${county} and id > ${after} order by id limit 1 offset ${size - 1}`.execute(q);
  return r.rows[0]?.id ?? null;
}

export async function countHouseholds(q: Q, county: string, upTo?: string): Promise<number> {
  const bound = upTo === undefined ? sql`` : sql`and id <= ${upTo}`;
  const r = await sql<{ n: number }>`select count(*) as n from household where county_code = ${county} ${bound}`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}

export interface HeatingBatch {
  after: string;
  upto: string | null;
  base: number;
}

/**
 * 采暖季花名册 The season roll's lines for households with id in (after, upto]: every rural household with a payable
 * dibao or tekun enrollment in the reference month and its heating recorded (central with its area, or dispersed),
 * one line each, to the household, at the season's amount; without a bank account the line is written held.
 * A household already paid for the season (another roll of it) is skipped by the paid-once key (`on conflict`).
 */
export async function insertSeasonLines(trx: Q, roll: RollRef, season: SeasonRef, a: HeatingAmounts, b: HeatingBatch): Promise<number> {
  const upto = b.upto === null ? sql`` : sql`and h.id <= ${b.upto}`;
  const r = await sql`
    insert into payroll_line (${LINE_COLUMNS}, heating_mode, heated_area_dm2, heating_months)
    select x.county_code, ${roll.id}, ${b.base} + row_number() over (order by x.id), 'regular', 'heating', ${roll.month}, x.enrollment_id, 'household',
           x.id, x.id, null, x.area_code, x.head_name, x.bank_name, x.bank_account_sealed, x.bank_account_hash, x.member_count, x.amount_fen,
           coalesce(${termStatusAt('e', season.referenceMonth)}, 'active'), null, null, case when x.bank_account_hash is null then 'no_account' end,
           x.heating_mode, x.heated_area_dm2, null
    from (
      select h.county_code, h.id, h.area_code, h.head_name, h.bank_name, h.bank_account_sealed, h.bank_account_hash, h.member_count,
             h.heating_mode, h.heated_area_dm2, ${seasonAmountSql(a, sql.raw('h.heating_mode'), sql.raw('h.heated_area_dm2'))} as amount_fen,
             ${qualifyingEnrollment(season.referenceMonth, a)} as enrollment_id
      from household h
      where h.county_code = ${season.county_code} and h.id > ${b.after} ${upto}
        and h.hukou_type = 'rural' and h.heating_mode in ('central', 'dispersed')
    ) x
    join enrollment e on e.county_code = x.county_code and e.id = x.enrollment_id
    where x.amount_fen > 0
    on conflict do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * 补充发放 A supplementary roll's lines: households eligible now (`asOf`, a month of the season) and not paid for the
 * season by any roll of it — enrolled after the reference day, or eligible then but whose heating was recorded since.
 * A household enrolled after the reference month gets, when the season pro-rates, the months from its first payable
 * month to the season's end (`heating_months`), half up to the fen; otherwise the whole season.
 */
export async function insertSupplementaryLines(trx: Q, roll: RollRef, season: SeasonRef, a: HeatingAmounts, asOf: string, b: HeatingBatch): Promise<number> {
  const upto = b.upto === null ? sql`` : sql`and h.id <= ${b.upto}`;
  const last = monthIndex(season.last_month);
  // The first month after the reference month from which the enrollment was payable (null: payable on the reference day).
  const joined = sql`(select min(t.from_month) from enrollment_term t where t.county_code = e.county_code and t.enrollment_id = e.id
    and t.from_month > ${season.referenceMonth} and t.from_month <= ${asOf} and t.status in ('active', 'gradual_exit'))`;
  const payableAtReference = sql`${termStatusAt('e', season.referenceMonth)} in ('active', 'gradual_exit')`;
  const months = sql`case when ${payableAtReference} then null else ${last} - ${monthIndex(joined)} + 1 end`;
  const prorate = a.supplementary === 'prorated';
  const r = await sql`
    insert into payroll_line (${LINE_COLUMNS}, heating_mode, heated_area_dm2, heating_months)
    select y.county_code, ${roll.id}, ${b.base} + row_number() over (order by y.id), 'regular', 'heating', ${roll.month}, y.enrollment_id, 'household',
           y.id, y.id, null, y.area_code, y.head_name, y.bank_name, y.bank_account_sealed, y.bank_account_hash, y.member_count,
           ${prorate ? sql`case when y.months is null or y.months >= ${int(a.seasonMonths)} then y.amount_fen else (cast(y.amount_fen as bigint) * y.months * 2 + ${int(a.seasonMonths)}) / ${int(2 * a.seasonMonths)} end` : sql`y.amount_fen`},
           y.term_status, null, null, case when y.bank_account_hash is null then 'no_account' end,
           y.heating_mode, y.heated_area_dm2, ${prorate ? sql`case when y.months is null or y.months >= ${int(a.seasonMonths)} then null else y.months end` : sql`null`}
    from (
      select x.*, coalesce(${termStatusAt('e', asOf)}, 'active') as term_status, ${months} as months
      from (
        select h.county_code, h.id, h.area_code, h.head_name, h.bank_name, h.bank_account_sealed, h.bank_account_hash, h.member_count,
               h.heating_mode, h.heated_area_dm2, ${seasonAmountSql(a, sql.raw('h.heating_mode'), sql.raw('h.heated_area_dm2'))} as amount_fen,
               ${qualifyingEnrollment(asOf, a)} as enrollment_id
        from household h
        where h.county_code = ${season.county_code} and h.id > ${b.after} ${upto}
          and h.hukou_type = 'rural' and h.heating_mode in ('central', 'dispersed')
          and not exists (select 1 from payroll_line l where l.county_code = h.county_code and l.program = 'heating' and l.kind = 'regular'
                          and l.payee_id = h.id and l.benefit_month = ${season.first_month})
      ) x
      join enrollment e on e.county_code = x.county_code and e.id = x.enrollment_id
    ) y
    where y.amount_fen > 0
    on conflict do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Heating-season rolls of a county and season, in round order. */
export async function seasonRolls(q: Q, season: { county_code: string; first_month: string }): Promise<PayrollRollTable[]> {
  return q
    .selectFrom('payroll_roll')
    .selectAll()
    .where('county_code', '=', season.county_code)
    .where('program', '=', 'heating')
    .where('kind', '=', 'season')
    .where('month', '=', season.first_month)
    .orderBy('round')
    .execute();
}

/* ── Exceptions (例外): who the season does not pay, or pays but should be looked at ── */


export interface HeatingExceptionRow {
  kind: HeatingExceptionKind;
  household_id: string;
  area_code: string;
  head_name: string;
  member_count: number;
  /** The enrollment concerned (the qualifying one; for `changed` the paid line's). */
  enrollment_id: string;
  program: 'dibao' | 'tekun';
  /** For `changed`: the status now (suspended / ended) and the month it took effect. */
  status_now: string | null;
  since_month: string | null;
}

/** The exceptions of a season, all of them or one kind, in a township or village (area prefix), paged. */
export async function seasonExceptions(
  q: Q,
  season: SeasonRef,
  a: HeatingAmounts,
  o: { kind?: HeatingExceptionKind; areaPrefix?: string; nowMonth: string; limit: number; offset: number },
): Promise<{ rows: HeatingExceptionRow[]; counts: Record<HeatingExceptionKind, number> }> {
  const area = o.areaPrefix ? sql`and h.area_code like ${`${o.areaPrefix}%`}` : sql``;
  const ref = season.referenceMonth;
  const union = sql`
    with eligible as (
      select h.county_code, h.id, h.area_code, h.head_name, h.member_count, h.heating_mode, ${qualifyingEnrollment(ref, a)} as enrollment_id
      from household h where h.county_code = ${season.county_code} and h.hukou_type = 'rural' ${area}
    ),
    institution as (
      select h.county_code, h.id, h.area_code, h.head_name, h.member_count, ${qualifyingEnrollment(ref, a, { institutionOnly: true })} as enrollment_id
      from household h where h.county_code = ${season.county_code} and h.hukou_type = 'rural' ${area}
    ),
    found as (
      select case when x.heating_mode is null then 'missing' else 'none' end as kind, x.id as household_id, x.area_code, x.head_name, x.member_count,
             x.enrollment_id, null as status_now, null as since_month
      from eligible x where x.enrollment_id is not null and (x.heating_mode is null or x.heating_mode = 'none')
        and not exists (select 1 from payroll_line l where l.county_code = x.county_code and l.program = 'heating' and l.kind = 'regular'
                        and l.payee_id = x.id and l.benefit_month = ${season.first_month})
      union all
      select 'institution', i.id, i.area_code, i.head_name, i.member_count, i.enrollment_id, null, null
      from institution i where ${a.concentrated === 'institution' ? sql`i.enrollment_id is not null` : sql`1 = 0`}
        and not exists (select 1 from eligible x where x.id = i.id and x.enrollment_id is not null)
      union all
      select 'changed', l.household_id, h.area_code, h.head_name, h.member_count, l.enrollment_id, t.status, t.from_month
      from payroll_line l
      join household h on h.county_code = l.county_code and h.id = l.household_id
      join enrollment_term t on t.county_code = l.county_code and t.enrollment_id = l.enrollment_id
        and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = l.county_code and t2.enrollment_id = l.enrollment_id and t2.from_month <= ${o.nowMonth})
      where l.county_code = ${season.county_code} and l.program = 'heating' and l.kind = 'regular' and l.benefit_month = ${season.first_month}
        and t.status not in ('active', 'gradual_exit') and t.from_month > ${ref} ${area}
    )`;
  const kindFilter = o.kind ? sql`where f.kind = ${o.kind}` : sql``;
  // Counts only (the season's figures): the rows' query is not run.
  const rows = o.limit === 0 ? { rows: [] } : await sql<Omit<HeatingExceptionRow, 'program'> & { program: 'dibao' | 'tekun' }>`
    ${union}
    select f.*, e.program from found f join enrollment e on e.county_code = ${season.county_code} and e.id = f.enrollment_id
    ${kindFilter} order by f.kind, f.area_code, f.household_id limit ${o.limit} offset ${o.offset}`.execute(q);
  const counts = await sql<{ kind: HeatingExceptionKind; n: number }>`${union} select f.kind, count(*) as n from found f group by f.kind`.execute(q);
  const c: Record<HeatingExceptionKind, number> = { missing: 0, none: 0, institution: 0, changed: 0 };
  for (const r of counts.rows) c[r.kind] = Number(r.n);
  return { rows: rows.rows.map((r) => ({ ...r, member_count: Number(r.member_count) })), counts: c };
}

/** Figures of a county's season: households and amounts by mode, paid and not, over all its rolls (regular lines: one per household). */
export async function seasonFigures(q: Q, season: { county_code: string; first_month: string }): Promise<{ mode: 'central' | 'dispersed'; township: string; households: number; fen: number; paid: number; paidFen: number }[]> {
  // Paid: the bank said so for the line, or for its re-issue.
  const r = await sql<{ mode: 'central' | 'dispersed'; township: string; households: number; fen: number; paid: number; paid_fen: number }>`
    with lines as (
      select l.heating_mode, substr(l.area_code, 1, 9) as township, l.amount_fen,
        case when l.bank_status = 'paid' or exists (select 1 from payroll_line x where x.county_code = l.county_code and x.kind = 'reissue'
              and x.reissue_of_roll = l.roll_id and x.reissue_of_seq = l.seq and x.bank_status = 'paid') then 1 else 0 end as paid
      from payroll_line l
      where l.county_code = ${season.county_code} and l.program = 'heating' and l.kind = 'regular' and l.benefit_month = ${season.first_month}
    )
    select heating_mode as mode, township, count(*) as households, sum(amount_fen) as fen, sum(paid) as paid, sum(paid * amount_fen) as paid_fen
    from lines group by heating_mode, township order by township, mode`.execute(q);
  return r.rows.map((x) => ({ mode: x.mode, township: x.township, households: Number(x.households), fen: Number(x.fen), paid: Number(x.paid), paidFen: Number(x.paid_fen) }));
}
