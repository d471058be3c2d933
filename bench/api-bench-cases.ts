import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.ts';
import { NO_DEADLINE } from '../src/db/case-repo.ts';
import type { AssistanceCaseTable } from '../src/db/schema.ts';
import { addDays, type PlainDate } from '../src/kernel/plain-date.ts';

/**
 * Cases for the API benchmark, written straight into the case table (the benchmark measures reads, so going through
 * every step's command for tens of thousands of cases would only cost time): one household in `every`, spread over
 * every open state and a few closed ones, with due dates spread over four months around the benchmark's clock, so a
 * worklist has many pages, overdue cases and cases without a deadline.
 */
const OPEN_STATES = ['applied', 'incomplete', 'accepted', 'investigated', 'deliberated', 'village_notice', 'county_review', 'county_notice'] as const;
const CLOSED_STATES = ['approved', 'refused', 'withdrawn'] as const;
const FIRST_DUE = '2025-12-01' as PlainDate;

export async function seedBenchCases(db: Db, opts: { cases: number; now: Date }): Promise<number> {
  const [{ n }] = await db.kysely.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const every = Math.max(1, Math.floor(Number(n) / opts.cases));
  const at = opts.now.toISOString();
  let written = 0;
  let i = 0;
  let after: { county: string; id: string } | null = null;
  while (written < opts.cases) {
    let q = db.kysely
      .selectFrom('household')
      .innerJoin('person', (j) => j.onRef('person.county_code', '=', 'household.county_code').onRef('person.household_id', '=', 'household.id'))
      .where('person.relation', '=', 'head')
      .select(['household.county_code', 'household.id', 'household.area_code', 'person.id as head_id'])
      .orderBy('household.county_code')
      .orderBy('household.id')
      .limit(5_000);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('household.county_code', '>', a.county), eb.and([eb('household.county_code', '=', a.county), eb('household.id', '>', a.id)])]));
    }
    const batch = await q.execute();
    if (batch.length === 0) break;
    after = { county: batch[batch.length - 1].county_code, id: batch[batch.length - 1].id };
    const rows: AssistanceCaseTable[] = [];
    for (const h of batch) {
      if (i++ % every !== 0 || written + rows.length >= opts.cases) continue;
      const k = written + rows.length;
      const closed = k % 10 === 9;
      const state = closed ? CLOSED_STATES[k % CLOSED_STATES.length] : OPEN_STATES[k % OPEN_STATES.length];
      const program = k % 7 === 0 ? 'tekun' : 'dibao';
      const due = closed || state === 'applied' || state === 'incomplete' ? NO_DEADLINE : addDays(FIRST_DUE, (k * 37) % 120);
      const applied = addDays(FIRST_DUE, -20 + ((k * 13) % 60));
      rows.push({
        county_code: h.county_code,
        id: randomUUID(),
        kind: program === 'tekun' ? 'tekun' : 'dibao_household',
        program,
        state,
        version: 1,
        household_id: h.id,
        applicant_person_id: h.head_id,
        area_code: h.area_code,
        staff_relative: k % 23 === 0 ? 1 : 0,
        staff_relative_note: null,
        contested: 0,
        on_behalf: 1,
        signed_declaration: 1,
        data_check_authorised: 1,
        filed_by: 'bench',
        rule_set: 'nat-2021',
        applied_on: applied,
        accepted_on: state === 'applied' || state === 'incomplete' ? null : applied,
        state_since: applied,
        due_date: due,
        notice_ends_on: state === 'village_notice' || state === 'county_notice' ? addDays(applied, 30) : null,
        county_review_since: state === 'county_review' || state === 'county_notice' ? applied : null,
        county_objection_on: null,
        spot_check: null,
        spot_check_id: null,
        proposed_amount_fen: state === 'village_notice' || state === 'county_notice' ? 50_000 + (k % 50) * 1_000 : null,
        decision_id: null,
        open_program: closed ? null : program,
        origin: null,
        created_at: at,
        updated_at: at,
      });
    }
    if (rows.length > 0) {
      await db.kysely.transaction().execute(async (trx) => {
        for (let s = 0; s < rows.length; s += 200) await trx.insertInto('assistance_case').values(rows.slice(s, s + 200)).execute();
      });
      written += rows.length;
    }
  }
  return written;
}

/** The meta key marking a data set that has the dashboard's records (added to data sets cached before it existed). */
export const DASHBOARD_MARK = 'bench.api.dashboard';
/** The month the dashboard's roll pays: the benchmark clock's (its default month). */
export const BENCH_MONTH = '2026-01';

/**
 * What the dashboard counts, written set-based straight into the tables (as the cases above): about one household in
 * sixteen (the last character of its id) enrolled from 2025-01 — one in eight of those on tekun, individually — each
 * with its term and a review schedule (some overdue), and per county the month's dibao roll, approved, every line paid
 * but one in seven failed, and a tekun roll built and waiting for approval.
 */
export async function seedBenchDashboard(db: Db, opts: { now: Date }): Promise<{ enrollments: number; lines: number }> {
  const at = opts.now.toISOString();
  const tekun = sql`substr(h.id, length(h.id) - 1, 1) in ('0', '8')`;
  await db.kysely.transaction().execute(async (trx) => {
    // The approved case and decision each enrollment stands on (its foreign keys), as the population factory writes them.
    await sql`insert into assistance_case (county_code, id, kind, program, state, version, household_id, applicant_person_id, area_code, staff_relative,
        staff_relative_note, contested, on_behalf, signed_declaration, data_check_authorised, filed_by, rule_set, applied_on, accepted_on, state_since,
        due_date, notice_ends_on, county_review_since, county_objection_on, spot_check, spot_check_id, proposed_amount_fen, decision_id, open_program, created_at, updated_at)
      select h.county_code, 'bc-' || h.id, case when ${tekun} then 'tekun' else 'dibao_household' end, case when ${tekun} then 'tekun' else 'dibao' end, 'approved', 1,
        h.id, (select p.id from person p where p.county_code = h.county_code and p.household_id = h.id order by case when p.relation = 'head' then 0 else 1 end, p.id limit 1),
        h.area_code, 0, null, 0, 0, 1, 1, 'bench', case when ${tekun} then 'nat-2021' else 'nat-2012' end, '2024-12-01', '2024-12-01', '2024-12-20', ${NO_DEADLINE}, null, null, null, null, null,
        30000, 'bd-' || h.id, null, ${at}, ${at}
      from household h where substr(h.id, length(h.id), 1) = '7'`.execute(trx);
    await sql`insert into case_decision (county_code, id, case_id, outcome, decided_on, decided_at, decider_id, decider_name, decider_role, reasons, amount_fen, benefit_from, rule_set, determination)
      select c.county_code, c.decision_id, c.id, 'approved', '2024-12-20', ${at}, 'bench', 'bench', 'county_approver', '[]', 30000, '2025-01', c.rule_set, null
      from assistance_case c where c.id like 'bc-%'`.execute(trx);
    await sql`insert into enrollment (county_code, id, program, unit, household_id, person_id, decision_id, monthly_amount_fen, start_month, end_month, status, version, created_at, updated_at)
      select h.county_code, 'be-' || h.id, case when ${tekun} then 'tekun' else 'dibao' end, case when ${tekun} then 'individual' else 'household' end,
        h.id, null, 'bd-' || h.id, 30000, '2025-01', null, 'active', 1, ${at}, ${at}
      from household h where substr(h.id, length(h.id), 1) = '7'`.execute(trx);
    await sql`insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination, actor_id, actor_name, created_at)
      select e.county_code, e.id, '2025-01', 'active', 30000, 'decision', null, null, null, 'bench', ${at} from enrollment e where e.id like 'be-%'`.execute(trx);
    await sql`insert into review_schedule (county_code, enrollment_id, review_class, interval_months, counted_from, next_due, last_review_id, updated_at)
      select e.county_code, e.id, 'stable', 12, '2025-01-01', case when substr(e.id, length(e.id) - 2, 1) in ('0', '1', '2') then '2025-12-15' else '2026-06-01' end, null, ${at}
      from enrollment e where e.id like 'be-%'`.execute(trx);
    const roll = (program: 'dibao' | 'tekun', status: 'building' | 'built') => sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, cursor,
        line_count, pay_line_count, person_count, total_fen, regular_fen, backpay_fen, reissue_fen, recovery_fen, gradual_exit_count, skipped_count,
        built_by, built_by_name, build_started_at, built_at, export_count, paid_count, paid_fen, failed_count, failed_fen, version, created_at, updated_at)
      select distinct e.county_code, ${`bench-${program}-${BENCH_MONTH}`}, ${program}, ${BENCH_MONTH}, 'regular', 0, ${status}, 'done', null,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'bench', 'bench', ${at}, ${at}, 0, 0, 0, 0, 0, 1, ${at}, ${at}
      from enrollment e where e.id like 'be-%'`;
    await roll('dibao', 'building').execute(trx);
    await roll('tekun', 'built').execute(trx);
    await sql`insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code,
        payee_name, bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq, bank_status, bank_reason, bank_at, hold_reason)
      select e.county_code, ${`bench-dibao-${BENCH_MONTH}`}, row_number() over (partition by e.county_code order by e.id), 'regular', 'dibao', ${BENCH_MONTH}, e.id, 'household',
        h.id, h.id, null, h.area_code, h.head_name, null, null, null, h.member_count, 30000, 'active', null, null,
        case when substr(h.id, length(h.id) - 1, 1) in ('3', 'c') then 'failed' else 'paid' end, null, ${at}, null
      from enrollment e join household h on h.county_code = e.county_code and h.id = e.household_id
      where e.id like 'be-%' and e.program = 'dibao'`.execute(trx);
    await sql`update payroll_roll set status = 'approved', approved_by = 'bench-checker', approved_by_name = 'bench', approved_at = ${at} where id = ${`bench-dibao-${BENCH_MONTH}`}`.execute(trx);
  });
  const [{ n }] = await db.kysely.selectFrom('enrollment').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'be-%').execute();
  const [{ l }] = await db.kysely.selectFrom('payroll_line').select((eb) => eb.fn.countAll<number>().as('l')).where('roll_id', '=', `bench-dibao-${BENCH_MONTH}`).execute();
  return { enrollments: Number(n), lines: Number(l) };
}
