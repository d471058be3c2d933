import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database, PayrollHorizonTable, PayrollRollTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The set-based SQL of a roll build (issue 5). Each function is one statement (or a few) over one county and
 * program; the build command (commands/payroll/build-roll.ts) decides the transactions around them. Amounts come
 * from enrollment terms only: the amount and status of month m are those of the enrollment's latest term starting on
 * or before m, and a month is payable when that status is active or gradual_exit and the amount is above zero.
 */

export const LINE_COLUMNS = sql.raw(`county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id,
  person_id, area_code, payee_name, bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq,
  hold_reason`);

/** 暂缓发放 A payment to a household without a bank account is written held (kept in the roll, never sent to the bank). */
const HOLD_IF_NO_ACCOUNT = sql.raw(`case when h.bank_account_hash is null then 'no_account' end`);

/** Who is paid for an enrollment: the household for household units, the person for 单人保 (individual inclusion). */
const payeeOf = (e: string) => sql.raw(`case when ${e}.unit = 'household' then ${e}.household_id else coalesce(${e}.person_id, ${e}.household_id) end`);
const payeeNameOf = (e: string) => sql.raw(`case when ${e}.unit = 'household' then h.head_name else coalesce(p.name, h.head_name) end`);
const personsOf = (e: string) => sql.raw(`case when ${e}.unit = 'household' then h.member_count else 1 end`);
const HOUSEHOLD_JOINS = (e: string) =>
  sql.raw(`join household h on h.county_code = ${e}.county_code and h.id = ${e}.household_id
  left join person p on ${e}.unit = 'individual' and p.county_code = ${e}.county_code and p.id = ${e}.person_id`);

export interface RollRef {
  county_code: string;
  id: string;
  program: 'dibao' | 'tekun' | 'temporary' | 'heating';
  month: string;
}

/** The regular roll of a county, program and month, if one was started. */
export async function findRegularRoll(q: Q, key: { county: string; program: 'dibao' | 'tekun'; month: string }): Promise<PayrollRollTable | undefined> {
  return q
    .selectFrom('payroll_roll')
    .selectAll()
    .where('county_code', '=', key.county)
    .where('program', '=', key.program)
    .where('month', '=', key.month)
    .where('kind', '=', 'regular')
    .where('round', '=', 0)
    .executeTakeFirst();
}

/** The roll, locked for this transaction on PostgreSQL (on SQLite the write transaction already excludes other writers). */
export async function lockRoll(trx: Transaction<Database>, dialect: DialectName, county: string, id: string): Promise<PayrollRollTable> {
  const q = trx.selectFrom('payroll_roll').selectAll().where('county_code', '=', county).where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
}

export async function insertRoll(trx: Q, row: PayrollRollTable): Promise<void> {
  await trx.insertInto('payroll_roll').values(row).execute();
}

/** A step of the build: its cursor, phase, counts and totals. */
export async function patchRoll(trx: Q, roll: { county_code: string; id: string }, patch: Partial<PayrollRollTable>): Promise<void> {
  await trx.updateTable('payroll_roll').set(patch).where('county_code', '=', roll.county_code).where('id', '=', roll.id).execute();
}

/** The months a county's rolls of a program cover (the first and the last built), if any. */
export async function rollHorizon(q: Q, county: string, program: RollRef['program']): Promise<PayrollHorizonTable | undefined> {
  // Temporary-aid batches are built on demand and heating rolls by season, not month after month: they have no horizon.
  if (program === 'temporary' || program === 'heating') return undefined;
  return q.selectFrom('payroll_horizon').selectAll().where('county_code', '=', county).where('program', '=', program).executeTakeFirst();
}

/** The horizon reaches `month` (the first roll of the county and program starts it). */
export async function raiseHorizon(trx: Q, county: string, program: 'dibao' | 'tekun', month: string, known: boolean): Promise<void> {
  if (known) await trx.updateTable('payroll_horizon').set({ last_month: month }).where('county_code', '=', county).where('program', '=', program).execute();
  else await trx.insertInto('payroll_horizon').values({ county_code: county, program, first_month: month, last_month: month }).execute();
}

/** On PostgreSQL, waits for transactions writing terms and holds them off until this transaction ends (see build-roll.ts). */
export async function holdTermWriters(trx: Q, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`lock table enrollment_term in share mode`.execute(trx);
}

export async function lastSeq(trx: Q, roll: RollRef): Promise<number> {
  const r = await sql<{ n: number | null }>`select max(seq) as n from payroll_line where county_code = ${roll.county_code} and roll_id = ${roll.id}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** The id that ends a keyset batch of `size` enrollments after `after` (both programs: the PK index alone answers it); null: the rest. */
export async function batchBound(trx: Q, county: string, after: string, size: number): Promise<string | null> {
  const r = await sql<{ id: string }>`
    select id from enrollment where county_code = ${county} and id > ${after} order by id limit 1 offset ${size - 1}`.execute(trx);
  return r.rows[0]?.id ?? null;
}

/** Enrollments of the county (all programs), up to `upTo` when given: what the keyset batches go through. */
export async function countEnrollments(db: Q, county: string, upTo?: string): Promise<number> {
  const bound = upTo === undefined ? sql`` : sql`and id <= ${upTo}`;
  const r = await sql<{ n: number }>`select count(*) as n from enrollment where county_code = ${county} ${bound}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * The month's regular lines for enrollments with id in (after, upto]: one INSERT … SELECT over enrollment, its latest
 * term on or before the month, and the household (bank account, head's name, members). `ignoreConflicts` skips a payee
 * already paid for the month (the unique index says so) instead of failing the statement.
 */
export async function insertRegularLines(trx: Q, roll: RollRef, o: { after: string; upto: string | null; base: number; ignoreConflicts: boolean }): Promise<number> {
  const upto = o.upto === null ? sql`` : sql`and e.id <= ${o.upto}`;
  const r = await sql`
    insert into payroll_line (${LINE_COLUMNS})
    select e.county_code, ${roll.id}, ${o.base} + row_number() over (order by e.id), 'regular', e.program, ${roll.month}, e.id, e.unit,
           ${payeeOf('e')}, e.household_id, e.person_id, h.area_code, ${payeeNameOf('e')}, h.bank_name, h.bank_account_sealed, h.bank_account_hash,
           ${personsOf('e')}, t.amount_fen, t.status, null, null, ${HOLD_IF_NO_ACCOUNT}
    from enrollment e
    join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
      and t.from_month = (select max(t2.from_month) from enrollment_term t2
                          where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${roll.month})
    ${HOUSEHOLD_JOINS('e')}
    where e.county_code = ${roll.county_code} and e.program = ${roll.program} and e.id > ${o.after} ${upto}
      and t.status in ('active', 'gradual_exit') and t.amount_fen > 0
    ${o.ignoreConflicts ? sql`on conflict do nothing` : sql``}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Payable enrollments in (after, upto] that got no line in this roll (their payee was already paid for the month). */
export async function skippedInBatch(trx: Q, roll: RollRef, after: string, upto: string | null): Promise<number> {
  const bound = upto === null ? sql`` : sql`and e.id <= ${upto}`;
  const r = await sql<{ n: number }>`
    select count(*) as n from enrollment e
    join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
      and t.from_month = (select max(t2.from_month) from enrollment_term t2
                          where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${roll.month})
    where e.county_code = ${roll.county_code} and e.program = ${roll.program} and e.id > ${after} ${bound}
      and t.status in ('active', 'gradual_exit') and t.amount_fen > 0
      and not exists (select 1 from payroll_line l where l.county_code = e.county_code and l.roll_id = ${roll.id} and l.enrollment_id = e.id)`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** The earliest month changed by a term write not yet reconciled, for this county and program (null: none). */
export async function earliestChange(trx: Q, roll: RollRef): Promise<string | null> {
  const r = await sql<{ m: string | null }>`
    select min(c.from_month) as m from payroll_change c join enrollment e on e.county_code = c.county_code and e.id = c.enrollment_id
    where c.county_code = ${roll.county_code} and e.program = ${roll.program} and c.from_month < ${roll.month}`.execute(trx);
  return r.rows[0]?.m ?? null;
}

const monthsTable = (months: readonly string[]): RawBuilder<unknown> =>
  sql`months (m) as (values ${sql.join(months.map((m) => sql`(${m})`))})`;

/**
 * 补发 / 追缴 For every enrollment marked as changed and every earlier month in `months` from its mark on: what the
 * terms say is due now against what this enrollment's lines have settled for that month (regular + back-pay −
 * recovery; a reissue only replaces a failed payment). The difference becomes one back-pay or recovery line per month.
 * A month another enrollment of the same payee was paid for regularly is not due again (no double payment).
 */
export async function insertAdjustments(trx: Q, roll: RollRef, months: readonly string[], base: number): Promise<number> {
  if (months.length === 0) return 0;
  const r = await sql`
    with ${monthsTable(months)},
    pairs as (
      select e.county_code, e.id as enrollment_id, e.program, e.unit, e.household_id, e.person_id, ${payeeOf('e')} as payee_id, months.m as m
      from payroll_change c
      join enrollment e on e.county_code = c.county_code and e.id = c.enrollment_id
      join months on months.m >= c.from_month
      where c.county_code = ${roll.county_code} and e.program = ${roll.program} and c.from_month < ${roll.month}
    ),
    latest as (
      select pr.*, (select max(t.from_month) from enrollment_term t
                    where t.county_code = pr.county_code and t.enrollment_id = pr.enrollment_id and t.from_month <= pr.m) as term_from
      from pairs pr
    ),
    ledger as (
      select lt.*, t.status as term_status,
        case when t.status in ('active', 'gradual_exit')
              and not exists (select 1 from payroll_line o where o.county_code = lt.county_code and o.program = lt.program
                              and o.payee_id = lt.payee_id and o.benefit_month = lt.m and o.kind = 'regular' and o.enrollment_id <> lt.enrollment_id)
             then t.amount_fen else 0 end as due_fen,
        coalesce((select sum(l.amount_fen) from payroll_line l where l.county_code = lt.county_code and l.program = lt.program
                  and l.payee_id = lt.payee_id and l.benefit_month = lt.m and l.kind = 'regular' and l.enrollment_id = lt.enrollment_id), 0)
        + coalesce((select sum(l.amount_fen) from payroll_line l where l.county_code = lt.county_code and l.program = lt.program
                  and l.payee_id = lt.payee_id and l.benefit_month = lt.m and l.kind in ('backpay', 'recovery') and l.enrollment_id = lt.enrollment_id), 0)
          as settled_fen
      from latest lt
      left join enrollment_term t on t.county_code = lt.county_code and t.enrollment_id = lt.enrollment_id and t.from_month = lt.term_from
    )
    insert into payroll_line (${LINE_COLUMNS})
    select l.county_code, ${roll.id}, ${base} + row_number() over (order by l.enrollment_id, l.m),
           case when l.due_fen > l.settled_fen then 'backpay' else 'recovery' end, l.program, l.m, l.enrollment_id, l.unit,
           l.payee_id, l.household_id, l.person_id, h.area_code, ${payeeNameOf('l')}, h.bank_name, h.bank_account_sealed, h.bank_account_hash, ${personsOf('l')},
           l.due_fen - l.settled_fen, coalesce(l.term_status, 'ended'), null, null,
           case when l.due_fen > l.settled_fen then ${HOLD_IF_NO_ACCOUNT} end
    from ledger l
    ${HOUSEHOLD_JOINS('l')}
    where l.due_fen <> l.settled_fen`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * 重发 The re-issue queue paid: every failed line of a closed roll, and every line held for a missing account in an
 * approved or closed roll, of this county and program that no line has reissued yet — at its amount and benefit month,
 * to the household's account as it is now, and only once the household has one (until then it stays in the queue).
 */
/**
 * Lines of a county and program to pay again, not yet reissued, whose household has an account now: `failed` by the
 * bank (closed rolls), or `held` out of the bank file (approved or closed rolls); never the roll `except` itself.
 */
const REISSUE_DUE = (o: { county_code: string; program: string; id?: string }, reason: 'failed' | 'held') => sql`
    from payroll_line f
    join payroll_roll r on r.county_code = f.county_code and r.id = f.roll_id
      and ${reason === 'failed' ? sql`r.status = 'closed'` : sql`r.status in ('approved', 'closed')`}
    ${HOUSEHOLD_JOINS('f')}
    where f.county_code = ${o.county_code} and f.program = ${o.program} and ${reason === 'failed' ? sql`f.bank_status = 'failed'` : sql`f.hold_reason is not null`}
      and f.roll_id <> ${o.id ?? ''} and h.bank_account_hash is not null
      and not exists (select 1 from payroll_line x where x.county_code = f.county_code and x.kind = 'reissue'
                      and x.reissue_of_roll = f.roll_id and x.reissue_of_seq = f.seq)`;

/** What `insertReissues` would write now for a county and program (nothing written). */
export async function reissuesDue(q: Q, county: string, program: RollRef['program']): Promise<{ count: number; fen: number }> {
  let count = 0;
  let fen = 0;
  for (const reason of ['failed', 'held'] as const) {
    const r = await sql<{ n: number; fen: number | null }>`select count(*) as n, sum(f.amount_fen) as fen ${REISSUE_DUE({ county_code: county, program }, reason)}`.execute(q);
    count += Number(r.rows[0]?.n ?? 0);
    fen += Number(r.rows[0]?.fen ?? 0);
  }
  return { count, fen };
}

export async function insertReissues(trx: Q, roll: RollRef, base: number): Promise<number> {
  const failed = await sql`
    insert into payroll_line (${LINE_COLUMNS}, case_id, stage_n, heating_mode, heated_area_dm2, heating_months)
    select f.county_code, ${roll.id}, ${base} + row_number() over (order by f.roll_id, f.seq), 'reissue', f.program, f.benefit_month,
           f.enrollment_id, f.unit, f.payee_id, f.household_id, f.person_id, h.area_code, ${payeeNameOf('f')}, h.bank_name, h.bank_account_sealed, h.bank_account_hash,
           f.person_count, f.amount_fen, f.term_status, f.roll_id, f.seq, null, f.case_id, f.stage_n, f.heating_mode, f.heated_area_dm2, f.heating_months
    ${REISSUE_DUE(roll, 'failed')}`.execute(trx);
  const n = Number(failed.numAffectedRows ?? 0);
  const held = await sql`
    insert into payroll_line (${LINE_COLUMNS}, case_id, stage_n, heating_mode, heated_area_dm2, heating_months)
    select f.county_code, ${roll.id}, ${base + n} + row_number() over (order by f.roll_id, f.seq), 'reissue', f.program, f.benefit_month,
           f.enrollment_id, f.unit, f.payee_id, f.household_id, f.person_id, h.area_code, ${payeeNameOf('f')}, h.bank_name, h.bank_account_sealed, h.bank_account_hash,
           f.person_count, f.amount_fen, f.term_status, f.roll_id, f.seq, null, f.case_id, f.stage_n, f.heating_mode, f.heated_area_dm2, f.heating_months
    ${REISSUE_DUE(roll, 'held')}`.execute(trx);
  return n + Number(held.numAffectedRows ?? 0);
}

/**
 * Marks reconciled by this build or refresh: changes to the roll's month and the months before it, of this county and
 * program (earlier months as back-pay or recovery, the roll's month in its regular lines: `reconcileRegular`).
 */
export async function consumeChanges(trx: Q, roll: RollRef): Promise<void> {
  await sql`
    delete from payroll_change where county_code = ${roll.county_code} and from_month <= ${roll.month}
      and enrollment_id in (select e.id from enrollment e where e.county_code = ${roll.county_code} and e.program = ${roll.program})`.execute(trx);
}

export type RollTotals = Pick<
  PayrollRollTable,
  'line_count' | 'pay_line_count' | 'person_count' | 'total_fen' | 'regular_fen' | 'backpay_fen' | 'reissue_fen' | 'recovery_fen' | 'gradual_exit_count' | 'held_count' | 'held_fen'
>;

/** The control totals, from the lines themselves (a temporary-aid batch's stages count as its regular payments). */
export async function rollTotals(db: Q, county: string, rollId: string): Promise<RollTotals> {
  const r = await sql<Record<keyof RollTotals, number | null>>`
    select count(*) as line_count,
      sum(case when kind <> 'recovery' then 1 else 0 end) as pay_line_count,
      sum(case when kind in ('regular', 'stage') then person_count else 0 end) as person_count,
      sum(case when kind <> 'recovery' then amount_fen else 0 end) as total_fen,
      sum(case when kind in ('regular', 'stage') then amount_fen else 0 end) as regular_fen,
      sum(case when kind = 'backpay' then amount_fen else 0 end) as backpay_fen,
      sum(case when kind = 'reissue' then amount_fen else 0 end) as reissue_fen,
      sum(case when kind = 'recovery' then -amount_fen else 0 end) as recovery_fen,
      sum(case when kind = 'regular' and term_status = 'gradual_exit' then 1 else 0 end) as gradual_exit_count,
      sum(case when hold_reason is not null then 1 else 0 end) as held_count,
      sum(case when hold_reason is not null then amount_fen else 0 end) as held_fen
    from payroll_line where county_code = ${county} and roll_id = ${rollId}`.execute(db);
  const row = r.rows[0];
  const n = (k: keyof RollTotals) => Number(row?.[k] ?? 0);
  return {
    line_count: n('line_count'),
    pay_line_count: n('pay_line_count'),
    person_count: n('person_count'),
    total_fen: n('total_fen'),
    regular_fen: n('regular_fen'),
    backpay_fen: n('backpay_fen'),
    reissue_fen: n('reissue_fen'),
    recovery_fen: n('recovery_fen'),
    gradual_exit_count: n('gradual_exit_count'),
    held_count: n('held_count'),
    held_fen: n('held_fen'),
  };
}

/* ── Issue 11: staleness and refresh of a roll awaiting approval (ADR 0025) ── */

/** A touched enrollment (see `touchedEnrollments`) and who it pays (an enrollment's unit, household and person never change). */
export interface TouchedEnrollment {
  id: string;
  household_id: string;
  payee_id: string;
}

/**
 * The touched enrollments: those of the roll's county and program whose terms changed, for its month or before, since
 * the roll was built or last refreshed (the marks the term trigger writes and a build or refresh consumes), and every
 * other enrollment of the program in their households (a household is paid once a month: its skipped enrollments move
 * with it). Read once by a build's last step or a refresh, and few (a build or refresh consumes the marks).
 *
 * Read table by table with explicit lists, and the statements that use them take explicit lists in chunks: each is
 * then planned as index lookups whatever the planner believes of freshly filled tables. (Joined in one statement, the
 * read was planned on PostgreSQL as nested loops over the whole county when the tables had no statistics yet, and ran
 * for minutes on 6,000 enrollments.)
 */
export async function touchedEnrollments(q: Q, roll: RollRef): Promise<TouchedEnrollment[]> {
  const marks = await sql<{ enrollment_id: string }>`
    select enrollment_id from payroll_change where county_code = ${roll.county_code} and from_month <= ${roll.month}`.execute(q);
  const households = new Set<string>();
  for (const part of chunks(marks.rows.map((m) => m.enrollment_id))) {
    const r = await sql<{ household_id: string }>`
      select household_id from enrollment where county_code = ${roll.county_code} and id in (${sql.join(part)}) and program = ${roll.program}`.execute(q);
    for (const e of r.rows) households.add(e.household_id);
  }
  const out: TouchedEnrollment[] = [];
  for (const part of chunks([...households])) {
    const r = await sql<TouchedEnrollment>`
      select id, household_id, ${payeeOf('enrollment')} as payee_id from enrollment
      where county_code = ${roll.county_code} and program = ${roll.program} and household_id in (${sql.join(part)})`.execute(q);
    out.push(...r.rows);
  }
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Whether a touched household has more than one enrollment of the program: only then can an enrollment be skipped (its payee paid by another), and the roll's skipped count be recounted. */
export function touchedShareAPayee(list: readonly TouchedEnrollment[]): boolean {
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.household_id)) return true;
    seen.add(e.household_id);
  }
  return false;
}

const CHUNK = 500;
function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK);
}

/** The term in force in the roll's month for enrollment `e` (its latest term starting on or before the month). */
const termOf = (roll: RollRef, alias: string): RawBuilder<unknown> => {
  const e = sql.raw(alias);
  return sql`join enrollment_term t on t.county_code = ${e}.county_code and t.enrollment_id = ${e}.id
      and t.from_month = (select max(t2.from_month) from enrollment_term t2
                          where t2.county_code = ${e}.county_code and t2.enrollment_id = ${e}.id and t2.from_month <= ${roll.month})`;
};

/**
 * Enrollments of the program with a change mark for the roll's month or before: what makes the latest roll awaiting
 * approval stale. One indexed read of the county's marks (a build or refresh consumes them, so there are few).
 */
export async function changedEnrollments(q: Q, roll: RollRef): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*) as n from payroll_change c join enrollment e on e.county_code = c.county_code and e.id = c.enrollment_id
    where c.county_code = ${roll.county_code} and e.program = ${roll.program} and c.from_month <= ${roll.month}`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}

/** Held lines of the roll whose household has an account now (a refresh before approval pays them in this roll). */
export async function accountsEntered(q: Q, roll: RollRef): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*) as n from payroll_line l join household h on h.county_code = l.county_code and h.id = l.household_id
    where l.county_code = ${roll.county_code} and l.program = ${roll.program} and l.roll_id = ${roll.id} and l.hold_reason is not null
      and h.bank_account_hash is not null`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Payments of the roll with no account that are not held: none in a roll built since holds exist; a roll built before
 * (migration 0016) may have them, and is refreshed before it can be approved or exported.
 */
export async function unheldWithoutAccount(q: Q, roll: RollRef): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*) as n from payroll_line where county_code = ${roll.county_code} and roll_id = ${roll.id}
      and kind <> 'recovery' and hold_reason is null and bank_account_hash is null`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}

/** The horizon of the roll's county and program, locked on PostgreSQL until the transaction ends (no next roll starts meanwhile). */
export async function lockHorizon(trx: Transaction<Database>, dialect: DialectName, county: string, program: RollRef['program']): Promise<PayrollHorizonTable | undefined> {
  if (program === 'temporary' || program === 'heating') return undefined;
  const q = trx.selectFrom('payroll_horizon').selectAll().where('county_code', '=', county).where('program', '=', program);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * The regular lines of the touched enrollments made what their terms say now, in two statements: lines whose amount,
 * status or payee no longer match (or that are no longer due) are deleted; due enrollments without a line get one
 * (numbered after `base`; a payee already paid for the month is skipped, as in the build). Lines that still match keep
 * their number. Returns the lines deleted and inserted.
 */
export async function reconcileRegular(trx: Q, roll: RollRef, base: number, list: readonly TouchedEnrollment[]): Promise<{ deleted: number; inserted: number }> {
  let deleted = 0;
  let inserted = 0;
  let next = base;
  for (const part of chunks(list)) {
    const ids = sql.join(part.map((e) => e.id));
    // The lines of these payees for the month (the paid-once index), of these enrollments, in this roll.
    const del = await sql`
      delete from payroll_line
      where county_code = ${roll.county_code} and program = ${roll.program} and kind = 'regular' and benefit_month = ${roll.month}
        and payee_id in (${sql.join([...new Set(part.map((e) => e.payee_id))])}) and roll_id = ${roll.id} and enrollment_id in (${ids})
        and not exists (
          select 1 from enrollment e ${termOf(roll, 'e')}
          where e.county_code = payroll_line.county_code and e.id = payroll_line.enrollment_id
            and t.status in ('active', 'gradual_exit') and t.amount_fen > 0
            and t.amount_fen = payroll_line.amount_fen and t.status = payroll_line.term_status and ${payeeOf('e')} = payroll_line.payee_id)`.execute(trx);
    deleted += Number(del.numAffectedRows ?? 0);
    const ins = await sql`
      insert into payroll_line (${LINE_COLUMNS})
      select e.county_code, ${roll.id}, ${next} + row_number() over (order by e.id), 'regular', e.program, ${roll.month}, e.id, e.unit,
             ${payeeOf('e')}, e.household_id, e.person_id, h.area_code, ${payeeNameOf('e')}, h.bank_name, h.bank_account_sealed, h.bank_account_hash,
             ${personsOf('e')}, t.amount_fen, t.status, null, null, ${HOLD_IF_NO_ACCOUNT}
      from enrollment e
      ${termOf(roll, 'e')}
      ${HOUSEHOLD_JOINS('e')}
      where e.county_code = ${roll.county_code} and e.program = ${roll.program} and e.id in (${ids})
        and t.status in ('active', 'gradual_exit') and t.amount_fen > 0
        and not exists (select 1 from payroll_line x where x.county_code = e.county_code and x.program = e.program and x.kind = 'regular'
                        and x.payee_id = ${payeeOf('e')} and x.benefit_month = ${roll.month} and x.roll_id = ${roll.id} and x.enrollment_id = e.id)
      on conflict do nothing`.execute(trx);
    // Numbered on from the last line written (a payee skipped on conflict leaves a gap, as in the build).
    const n = Number(ins.numAffectedRows ?? 0);
    inserted += n;
    if (n > 0) next = await lastSeq(trx, roll);
  }
  return { deleted, inserted };
}

/**
 * Before a refresh recomputes back-pay and recovery: for every enrollment marked for an earlier month that has such
 * lines in this roll, the mark goes back to the earliest of those lines' months, and the lines are deleted — the
 * ledger pass then writes one net line per month again, never a back-pay and its own recovery side by side.
 */
export async function reopenAdjustments(trx: Q, roll: RollRef): Promise<number> {
  await sql`
    update payroll_change set from_month = (
        select min(l.benefit_month) from payroll_line l
        where l.county_code = payroll_change.county_code and l.roll_id = ${roll.id} and l.enrollment_id = payroll_change.enrollment_id
          and l.kind in ('backpay', 'recovery'))
    where county_code = ${roll.county_code} and from_month < ${roll.month}
      and enrollment_id in (select e.id from enrollment e where e.county_code = ${roll.county_code} and e.program = ${roll.program})
      and exists (select 1 from payroll_line l where l.county_code = payroll_change.county_code and l.roll_id = ${roll.id}
                  and l.enrollment_id = payroll_change.enrollment_id and l.kind in ('backpay', 'recovery') and l.benefit_month < payroll_change.from_month)`.execute(trx);
  const del = await sql`
    delete from payroll_line
    where county_code = ${roll.county_code} and roll_id = ${roll.id} and kind in ('backpay', 'recovery')
      and enrollment_id in (
        select c.enrollment_id from payroll_change c join enrollment e on e.county_code = c.county_code and e.id = c.enrollment_id
        where c.county_code = ${roll.county_code} and e.program = ${roll.program} and c.from_month < ${roll.month})`.execute(trx);
  return Number(del.numAffectedRows ?? 0);
}

/** Held lines of this roll whose household has an account now: paid with it (the account as it is now). */
export async function releaseHeld(trx: Q, roll: RollRef): Promise<number> {
  const r = await sql`
    update payroll_line set hold_reason = null,
      bank_name = (select h.bank_name from household h where h.county_code = payroll_line.county_code and h.id = payroll_line.household_id),
      bank_account_sealed = (select h.bank_account_sealed from household h where h.county_code = payroll_line.county_code and h.id = payroll_line.household_id),
      bank_account_hash = (select h.bank_account_hash from household h where h.county_code = payroll_line.county_code and h.id = payroll_line.household_id)
    where county_code = ${roll.county_code} and program = ${roll.program} and roll_id = ${roll.id} and hold_reason is not null
      and exists (select 1 from household h where h.county_code = payroll_line.county_code and h.id = payroll_line.household_id and h.bank_account_hash is not null)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Payments of this roll without an account that are not held (a roll built before holds existed): held now. */
export async function holdMissingAccounts(trx: Q, roll: RollRef): Promise<number> {
  const r = await sql`
    update payroll_line set hold_reason = 'no_account'
    where county_code = ${roll.county_code} and roll_id = ${roll.id} and kind <> 'recovery' and hold_reason is null and bank_account_hash is null`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** What a refresh compares, line by line: the parts of a line its difference shows. */
export interface LineSnapshot {
  seq: number;
  kind: 'regular' | 'backpay' | 'recovery' | 'reissue';
  benefit_month: string;
  enrollment_id: string;
  household_id: string;
  payee_name: string;
  area_code: string;
  amount_fen: number;
  hold_reason: string | null;
  reissue_of_roll: string | null;
  reissue_of_seq: number | null;
}

const SNAPSHOT_COLUMNS = sql.raw(
  'seq, kind, benefit_month, enrollment_id, household_id, payee_name, area_code, amount_fen, hold_reason, reissue_of_roll, reissue_of_seq',
);

/**
 * The lines a refresh may change, read before and after it: those of the touched enrollments, the held ones and those
 * without an account, the ones numbered after `afterSeq` (added), and those numbered in `seqs` (held before).
 */
export async function snapshotLines(q: Q, roll: RollRef, o: { afterSeq: number; touched: readonly TouchedEnrollment[]; seqs?: readonly number[] }): Promise<LineSnapshot[]> {
  const out: LineSnapshot[] = [];
  const seen = new Set<number>();
  const add = (rows: readonly LineSnapshot[]) => {
    for (const l of rows) {
      if (seen.has(Number(l.seq))) continue;
      seen.add(Number(l.seq));
      out.push(l);
    }
  };
  const r = await sql<LineSnapshot>`
    select ${SNAPSHOT_COLUMNS} from payroll_line
    where county_code = ${roll.county_code} and roll_id = ${roll.id}
      and (hold_reason is not null or seq > ${o.afterSeq} or (bank_account_hash is null and kind <> 'recovery'))`.execute(q);
  add(r.rows);
  for (const part of chunks(o.touched)) {
    const more = await sql<LineSnapshot>`
      select ${SNAPSHOT_COLUMNS} from payroll_line where county_code = ${roll.county_code} and roll_id = ${roll.id}
        and enrollment_id in (${sql.join(part.map((e) => e.id))})`.execute(q);
    add(more.rows);
  }
  for (const part of chunks((o.seqs ?? []).filter((s) => !seen.has(s)))) {
    const more = await sql<LineSnapshot>`
      select ${SNAPSHOT_COLUMNS} from payroll_line where county_code = ${roll.county_code} and roll_id = ${roll.id}
        and seq in (${sql.join(part)})`.execute(q);
    add(more.rows);
  }
  return out.map((l) => ({ ...l, seq: Number(l.seq), amount_fen: Number(l.amount_fen), reissue_of_seq: l.reissue_of_seq === null ? null : Number(l.reissue_of_seq) }));
}

/* ── Issue 13 point 6: temporary-aid disbursement batches (ADR 0040) ── */

/** Stages due in a county by a day: planned, paid on or before it, of an approved case; with the case and household. */
const STAGES_DUE = (county: string, upTo: string) => sql`
    from temporary_stage s
    join temporary_aid a on a.county_code = s.county_code and a.case_id = s.case_id
    join assistance_case c on c.county_code = s.county_code and c.id = s.case_id
    join household h on h.county_code = c.county_code and h.id = c.household_id
    where s.county_code = ${county} and s.status = 'planned' and s.pay_on <= ${upTo} and a.outcome = 'approved'`;

/** What `insertStageLines` would write now: how many stages, their sum, and how many of them would be held (no account). */
export async function dueStages(q: Q, county: string, upTo: string): Promise<{ count: number; fen: number; withoutAccount: number }> {
  const r = await sql<{ n: number; fen: number | null; without: number | null }>`
    select count(*) as n, sum(s.amount_fen) as fen, sum(case when h.bank_account_hash is null then 1 else 0 end) as without
    ${STAGES_DUE(county, upTo)}`.execute(q);
  const x = r.rows[0];
  return { count: Number(x?.n ?? 0), fen: Number(x?.fen ?? 0), withoutAccount: Number(x?.without ?? 0) };
}

/**
 * 临时救助发放 The stages due in a county by `upTo` (planned, paid on or before that day, of a case approved) as `stage`
 * lines of a disbursement batch, in one INSERT … SELECT: paid to the household's account as it is now (held when it has
 * none, like a monthly payment), the head of household named as payee. A stage already in another batch is refused by
 * `payroll_line_stage_paid_once` — the caller's transaction fails whole and is retried by the caller.
 */
export async function insertStageLines(trx: Q, roll: RollRef, o: { upTo: string; base: number }): Promise<number> {
  const r = await sql`
    insert into payroll_line (${LINE_COLUMNS}, case_id, stage_n)
    select s.county_code, ${roll.id}, ${o.base} + row_number() over (order by s.pay_on, s.case_id, s.n), 'stage', 'temporary', substr(s.pay_on, 1, 7),
           null, 'household', c.household_id, c.household_id, c.applicant_person_id, h.area_code, h.head_name, h.bank_name, h.bank_account_sealed, h.bank_account_hash,
           h.member_count, s.amount_fen, 'active', null, null, ${HOLD_IF_NO_ACCOUNT}, s.case_id, s.n
    ${STAGES_DUE(roll.county_code, o.upTo)}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The stages a batch's lines pay (its stage lines and its re-issues of stages) point at it: held, or with the bank.
 * Driven by the batch's lines (its key's prefix), each stage found by its own key: cost follows the batch.
 */
export async function markStagesInBatch(trx: Q, roll: RollRef, at: string): Promise<number> {
  const r = await sql`
    update temporary_stage set roll_id = ${roll.id}, updated_at = ${at}, status = case when l.hold_reason is not null then 'held' else 'in_batch' end
    from payroll_line l
    where l.county_code = ${roll.county_code} and l.roll_id = ${roll.id} and l.case_id is not null
      and temporary_stage.county_code = l.county_code and temporary_stage.case_id = l.case_id and temporary_stage.n = l.stage_n`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** After the bank's result: each stage the batch sent is paid or failed, as its line says (in the closing transaction). */
export async function settleStages(trx: Q, roll: RollRef, at: string): Promise<number> {
  const r = await sql`
    update temporary_stage set status = l.bank_status, updated_at = ${at}
    from payroll_line l
    where l.county_code = ${roll.county_code} and l.roll_id = ${roll.id} and l.case_id is not null and l.bank_status is not null
      and temporary_stage.county_code = l.county_code and temporary_stage.case_id = l.case_id and temporary_stage.n = l.stage_n`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
