/**
 * Benchmark of the county's quarterly report figures (issue 15 point 6): a county with N enrolled persons (default
 * 1,000,000; dibao households of 1–4 with every eighth a 单人保 one-person unit, 4 % of the persons tekun one-person
 * units, half of them in an institution) is generated with set-based SQL (tests/factories/payroll-population.ts,
 * as the payroll bench does), with a year of monthly rolls (2019-01 … 2019-12, dibao and tekun, written straight by one
 * INSERT … SELECT per roll: one in twenty failed, one in fifty left unsent), exits and gradual exits in the quarter, a
 * heating season roll, temporary aid (some assisted first) and a review schedule. Then, each in a child process of its
 * own (so that its peak RSS is its own), three times alternately for 2019Q3:
 *   raw     hand-written aggregate statements for the same figures (no area scope, no assembly in JS) — the baseline;
 *   report  `computeQuarterlyFigures` — the permission, the area scope, the statements of db/report-repo.ts, the
 *           parameters and the working-day calendar read, the figures assembled.
 * Prints time, the ratio report / raw (median of the three; target ≤ 2) and peak RSS, and checks that both give the
 * same figures. SQLite always; PostgreSQL too when DOUDI_BENCH_DATABASE_URL=postgres://… is set (a schema of its own).
 *
 *   npx node bench/report.bench.ts [--persons 1000000] [--runs 3]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect, type Db, resolveConnectOptions } from '../src/db/connect.ts';
import { childPhase, mb, peakRssMb, s } from './lib/phase.ts';
import { forEachDatabase } from './lib/databases.ts';

const COUNTY = '211224';
const VILLAGES = ['211224100200', '211224101200', '211224102200'];
const QUARTER = '2019Q3';
const NOW = new Date('2019-12-20T04:00:00.000Z');
const HERE = fileURLToPath(import.meta.url);

const { values: args } = parseArgs({
  options: { persons: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, phase: { type: 'string' } },
});

interface PhaseResult {
  seconds: number;
  startRssMb: number;
  peakRssMb: number;
  /** CPU seconds of the side's process (user + system): steadier than wall time on a busy machine on SQLite; on PostgreSQL the work is the server's. */
  cpuSeconds: number;
  /** The figures compared between the two sides (dibao, 单人保 and tekun stock and money; temporary; heating). */
  figures: Record<string, number | null>;
}

// ——— the baseline: the same figures, hand-written, one statement each, the county only ———

const PROGRAM = `case when e.program = 'dibao' then (case when e.unit = 'household' then 'dibao' else 'dibaoSingle' end)
  when c.placement = 'institution' then 'tekunConcentrated' else 'tekunDispersed' end`;
const CARE = (month: string) => `left join tekun_care c on c.county_code = e.county_code and c.owner = 'enrollment' and c.owner_id = e.id
  and c.from_month = (select max(c2.from_month) from tekun_care c2 where c2.county_code = e.county_code and c2.owner = 'enrollment' and c2.owner_id = e.id and c2.from_month <= '${month}')`;

async function raw(db: Db): Promise<Record<string, number | null>> {
  const q = db.kysely;
  const out: Record<string, number | null> = {};
  const num = (v: unknown) => Number(v ?? 0);
  const stock = await sql<{ program: string; households: unknown; persons: unknown; rp_h: unknown; rp_p: unknown }>`
    select ${sql.raw(PROGRAM)} as program, count(distinct e.household_id) as households, sum(case when e.unit = 'household' then h.member_count else 1 end) as persons,
      count(distinct case when h.registered_poor = 1 then e.household_id end) as rp_h, sum(case when h.registered_poor = 1 then (case when e.unit = 'household' then h.member_count else 1 end) else 0 end) as rp_p
    from enrollment e
    join household h on h.county_code = e.county_code and h.id = e.household_id
    join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
      and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= '2019-09')
    ${sql.raw(CARE('2019-09'))}
    where e.county_code = ${COUNTY} and e.start_month <= '2019-09' and t.status in ('active', 'gradual_exit')
    group by 1`.execute(q);
  for (const r of stock.rows) Object.assign(out, { [`${r.program}.households`]: num(r.households), [`${r.program}.persons`]: num(r.persons), [`${r.program}.rpHouseholds`]: num(r.rp_h), [`${r.program}.rpPersons`]: num(r.rp_p) });
  const flows = await sql<{ program: string; started: unknown; ended: unknown; gradual: unknown }>`
    select ${sql.raw(PROGRAM)} as program,
      sum(case when e.start_month between '2019-07' and '2019-09' then 1 else 0 end) as started,
      sum(case when x.from_month is not null then 1 else 0 end) as ended,
      sum(case when x.before_status = 'gradual_exit' then 1 else 0 end) as gradual
    from enrollment e
    left join (
      select t.county_code, t.enrollment_id, t.from_month,
        (select p.status from enrollment_term p where p.county_code = t.county_code and p.enrollment_id = t.enrollment_id and p.from_month < t.from_month order by p.from_month desc limit 1) as before_status
      from enrollment_term t where t.county_code = ${COUNTY} and t.status = 'ended' and t.from_month between '2019-07' and '2019-09'
    ) x on x.county_code = e.county_code and x.enrollment_id = e.id
    ${sql.raw(CARE('2019-09'))}
    where e.county_code = ${COUNTY} and (e.start_month between '2019-07' and '2019-09' or x.from_month is not null)
      and coalesce(x.before_status, 'none') <> 'ended'
    group by 1`.execute(q);
  // Gradual exit (渐退) is dibao's alone: the report has no such figure for tekun.
  for (const r of flows.rows) {
    Object.assign(out, { [`${r.program}.newApprovals`]: num(r.started), [`${r.program}.exits`]: num(r.ended) });
    if (r.program.startsWith('dibao')) out[`${r.program}.gradualExits`] = num(r.gradual);
  }
  // Beijing days as UTC instants: 2019-07-01 00:00 +08:00 … 2019-10-01 00:00 +08:00; the year from 2019-01-01 00:00 +08:00.
  const money = await sql<{ program: string; q: unknown; y: unknown; rf: unknown; rp: unknown }>`
    select case when l.program = 'dibao' then (case when l.unit = 'household' then 'dibao' else 'dibaoSingle' end)
        when l.program = 'tekun' then (case when c.placement = 'institution' then 'tekunConcentrated' else 'tekunDispersed' end) else l.program end as program,
      sum(case when l.bank_status = 'paid' and l.bank_at >= '2019-06-30T16:00:00.000Z' and l.bank_at < '2019-09-30T16:00:00.000Z' then l.amount_fen else 0 end) as q,
      sum(case when l.bank_status = 'paid' and l.bank_at < '2019-09-30T16:00:00.000Z' and l.bank_at >= '2018-12-31T16:00:00.000Z' then l.amount_fen else 0 end) as y,
      sum(case when l.kind = 'regular' and l.program in ('dibao', 'tekun') and l.benefit_month between '2019-07' and '2019-09' then l.amount_fen else 0 end) as rf,
      sum(case when l.kind = 'regular' and l.program in ('dibao', 'tekun') and l.benefit_month between '2019-07' and '2019-09' then l.person_count else 0 end) as rp
    from payroll_line l
    left join enrollment e on l.program = 'tekun' and e.county_code = l.county_code and e.id = l.enrollment_id
    ${sql.raw(CARE('2019-09'))}
    where l.county_code = ${COUNTY}
      and ((l.bank_status = 'paid' and l.bank_at >= '2018-12-31T16:00:00.000Z' and l.bank_at < '2019-09-30T16:00:00.000Z')
           or (l.kind = 'regular' and l.benefit_month between '2019-07' and '2019-09'))
    group by 1`.execute(q);
  for (const r of money.rows) {
    if (r.program === 'temporary' || r.program === 'heating') continue;
    const persons = num(r.rp);
    Object.assign(out, { [`${r.program}.paidQuarterFen`]: num(r.q), [`${r.program}.paidYearFen`]: num(r.y), [`${r.program}.benefit`]: persons > 0 ? Math.floor((2 * num(r.rf) + persons) / (2 * persons)) : null });
  }
  const tmp = await sql<{ cases: unknown; persons: unknown; first: unknown; first_fen: unknown; fen: unknown }>`
    with aid as (
      select a.assisted_first, a.paid_first_on, a.paid_first_fen, h.member_count,
        case when a.assisted_first = 1 and a.paid_first_on is not null then a.paid_first_on when a.outcome = 'approved' then d.decided_on end as assisted_on
      from temporary_aid a
      join assistance_case k on k.county_code = a.county_code and k.id = a.case_id
      join household h on h.county_code = k.county_code and h.id = k.household_id
      left join case_decision d on d.county_code = k.county_code and d.id = k.decision_id
      where a.county_code = ${COUNTY}
    )
    select sum(case when assisted_on between '2019-07-01' and '2019-09-30' then 1 else 0 end) as cases,
      sum(case when assisted_on between '2019-07-01' and '2019-09-30' then member_count else 0 end) as persons,
      sum(case when assisted_first = 1 and paid_first_on between '2019-07-01' and '2019-09-30' then 1 else 0 end) as first,
      sum(case when assisted_first = 1 and paid_first_on between '2019-07-01' and '2019-09-30' then paid_first_fen else 0 end) as first_fen,
      sum(case when paid_first_on between '2019-07-01' and '2019-09-30' then paid_first_fen else 0 end)
        + (select coalesce(sum(l.amount_fen), 0) from payroll_line l where l.county_code = ${COUNTY} and l.program = 'temporary' and l.bank_status = 'paid'
           and l.bank_at >= '2019-06-30T16:00:00.000Z' and l.bank_at < '2019-09-30T16:00:00.000Z') as fen
    from aid`.execute(q);
  const t = tmp.rows[0];
  Object.assign(out, { 'temporary.cases': num(t?.cases), 'temporary.personTimes': num(t?.persons), 'temporary.assistFirst': num(t?.first), 'temporary.assistFirstFen': num(t?.first_fen), 'temporary.fen': num(t?.fen) });
  const heat = await sql<{ households: unknown; fen: unknown }>`
    select count(distinct l.household_id) as households, sum(l.amount_fen) as fen from payroll_line l
    where l.county_code = ${COUNTY} and l.program = 'heating' and l.bank_status = 'paid' and l.bank_at >= '2019-06-30T16:00:00.000Z' and l.bank_at < '2019-09-30T16:00:00.000Z'`.execute(q);
  Object.assign(out, { 'heating.households': num(heat.rows[0]?.households), 'heating.fen': num(heat.rows[0]?.fen) });
  const proc = await sql<{ decided: unknown; overdue: unknown; reviews: unknown; spot: unknown }>`
    select
      (select count(*) from case_decision d join assistance_case k on k.county_code = d.county_code and k.id = d.case_id
        where d.county_code = ${COUNTY} and k.program in ('dibao', 'tekun') and d.decided_on between '2019-07-01' and '2019-09-30') as decided,
      (select count(*) from assistance_case k where k.county_code = ${COUNTY} and k.state not in ('approved', 'refused', 'closed_ineligible', 'withdrawn') and k.due_date < '2019-09-30') as overdue,
      (select count(*) from enrollment e join review_schedule s on s.county_code = e.county_code and s.enrollment_id = e.id
        where e.county_code = ${COUNTY} and e.status <> 'ended' and s.next_due < '2019-09-30') as reviews,
      (select count(*) from spot_check_item i where i.county_code = ${COUNTY} and i.sampled = 1 and i.visited_on between '2019-07-01' and '2019-09-30') as spot`.execute(q);
  const p = proc.rows[0];
  Object.assign(out, { 'procedure.casesDecided': num(p?.decided), 'procedure.overdueCases': num(p?.overdue), 'procedure.overdueReviews': num(p?.reviews), 'procedure.spotChecksDone': num(p?.spot) });
  // Dual inclusion and screening: whether the county has a snapshot / a campaign (none here).
  await sql`select count(*) from poverty_snapshot where area_code in (${`${COUNTY}000000`}, '211200000000')`.execute(q);
  await sql`select count(*) from screening_campaign where year = 2019 and area_code in (${`${COUNTY}000000`}, '211200000000')`.execute(q);
  return out;
}

async function report(db: Db): Promise<Record<string, number | null>> {
  const { computeQuarterlyFigures } = await import('../src/commands/reports/quarterly-figures.ts');
  const actor = { userId: 'bench', username: 'bench', displayName: 'bench', role: 'city_supervisor' as const, areaCode: '211200000000' };
  const f = await computeQuarterlyFigures({ db, actor, clock: () => NOW }, { county: COUNTY, quarter: QUARTER });
  const out: Record<string, number | null> = {};
  for (const p of ['dibao', 'dibaoSingle', 'tekunDispersed', 'tekunConcentrated'] as const) {
    const x = f.programs[p];
    if (!x.households && !x.paidYearFen && !x.newApprovals && !x.exits) continue;
    Object.assign(out, {
      [`${p}.households`]: x.households, [`${p}.persons`]: x.persons, [`${p}.rpHouseholds`]: x.registeredPoorHouseholds, [`${p}.rpPersons`]: x.registeredPoorPersons,
      [`${p}.newApprovals`]: x.newApprovals, [`${p}.exits`]: x.exits, ...(x.gradualExits === null ? {} : { [`${p}.gradualExits`]: x.gradualExits }),
      [`${p}.paidQuarterFen`]: x.paidQuarterFen, [`${p}.paidYearFen`]: x.paidYearFen, [`${p}.benefit`]: x.averageMonthlyBenefitPerPersonFen,
    });
  }
  Object.assign(out, {
    'temporary.cases': f.temporary.cases, 'temporary.personTimes': f.temporary.personTimes, 'temporary.assistFirst': f.temporary.assistFirst.cases,
    'temporary.assistFirstFen': f.temporary.assistFirst.fen, 'temporary.fen': f.temporary.fen, 'heating.households': f.heating.households, 'heating.fen': f.heating.fen,
    'procedure.casesDecided': f.procedure.casesDecided, 'procedure.overdueCases': f.procedure.overdueCases, 'procedure.overdueReviews': f.procedure.overdueReviews,
    'procedure.spotChecksDone': f.procedure.spotChecksDone,
  });
  return out;
}

/** Child mode: one side against the database the environment names; prints its time, its peak RSS and its figures. */
async function runPhase(phase: string): Promise<void> {
  // Both sides load the report's modules and the shipped policy files first (a server does both once, at start), so
  // that neither pays for them inside its timing.
  await import('../src/commands/reports/quarterly-figures.ts');
  (await import('../src/policy/loader.ts')).loadDefaultPolicy();
  const db = await connect(resolveConnectOptions());
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const figures = phase === 'raw' ? await raw(db) : await report(db);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  await db.close();
  const r: PhaseResult = { seconds, startRssMb, peakRssMb: peakRssMb(), cpuSeconds: (cpu.user + cpu.system) / 1e6, figures };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

function child(env: NodeJS.ProcessEnv, phase: string): Promise<PhaseResult> {
  return childPhase<PhaseResult>(HERE, ['--phase', phase], env, phase);
}

const MONTHS = Array.from({ length: 12 }, (_, k) => `2019-${String(k + 1).padStart(2, '0')}`);

/** The county's population and its year: everything written with set-based statements. */
async function generate(db: Db): Promise<{ persons: number; lines: number }> {
  const { enrollPopulation } = await import('../tests/factories/payroll-population.ts');
  const { analyzeAfterBulk } = await import('../tests/factories/analyze.ts');
  // N enrolled persons: 4 % tekun one-person units, the rest dibao households of 1–4 (2.5 on average).
  const persons = Number(args.persons);
  const tekun = Math.round(persons * 0.04);
  const dibao = Math.round((persons - tekun) / 2.5);
  const k = db.kysely;
  const a = await enrollPopulation(db, { county: COUNTY, villages: VILLAGES, households: dibao, prefix: 'b', startMonth: '2019-01', individualEvery: 8 });
  const b = await enrollPopulation(db, { county: COUNTY, villages: VILLAGES, households: tekun, prefix: 'k', startMonth: '2019-01', program: 'tekun', individualEvery: 1, headsOnly: true });
  const at = '2019-01-01T00:00:00.000Z';
  const n = (col: string) => sql.raw(`cast(substr(${col}, 3) as integer)`);
  // Exits in the quarter: every 25th enrollment ends from 2019-08 (half of them were in gradual exit — every tenth is),
  // every 97th starts in 2019-08 instead of 2019-01 (new approvals of the quarter).
  await sql`insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination, actor_id, actor_name, created_at)
    select county_code, id, '2019-08', 'ended', 0, 'stop', null, null, null, 'bench', ${at} from enrollment where county_code = ${COUNTY} and ${n('id')} % 25 = 0`.execute(k);
  await sql`update enrollment set status = 'ended', end_month = '2019-08' where county_code = ${COUNTY} and ${n('id')} % 25 = 0`.execute(k);
  await sql`update enrollment set start_month = '2019-08' where county_code = ${COUNTY} and ${n('id')} % 97 = 0 and ${n('id')} % 25 <> 0`.execute(k);
  await sql`update enrollment_term set from_month = '2019-08' where county_code = ${COUNTY} and ${n('enrollment_id')} % 97 = 0 and ${n('enrollment_id')} % 25 <> 0`.execute(k);
  // Tekun placement: every other tekun enrollment in the county's institution from its start.
  await sql`insert into tekun_institution (county_code, id, name, address, synthetic, active, created_at) values (${COUNTY}, 'bench-inst', '敬老院', '地址', 1, 1, ${at})`.execute(k);
  await sql`insert into tekun_care (county_code, owner, owner_id, from_month, placement, institution_id, self_care_mask, assessed_on, level_override, override_reason, reasons, actor_id, actor_name, created_at)
    select county_code, 'enrollment', id, start_month, case when ${n('id')} % 2 = 0 then 'institution' else 'home' end, case when ${n('id')} % 2 = 0 then 'bench-inst' end,
      0, '2019-01-01', null, null, '[]', null, 'bench', ${at} from enrollment where county_code = ${COUNTY} and program = 'tekun'`.execute(k);
  // Reviews: next due spread over 2019-06 … 2019-12.
  await sql`insert into review_schedule (county_code, enrollment_id, review_class, interval_months, counted_from, next_due, last_review_id, updated_at)
    select county_code, id, 'stable', 6, '2019-01-01',
      '2019-' || case when 6 + ${n('id')} % 7 < 10 then '0' else '' end || cast(6 + ${n('id')} % 7 as text) || '-15', null, ${at}
    from enrollment where county_code = ${COUNTY}`.execute(k);
  // A year of rolls, one INSERT … SELECT each: the terms in force that month; paid on the 10th, one in twenty failed, one in fifty not sent.
  let lines = 0;
  for (const program of ['dibao', 'tekun'] as const) {
    for (const month of MONTHS) {
      const id = `bench-${program}-${month}`;
      await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
        values (${COUNTY}, ${id}, ${program}, ${month}, 'regular', 0, 'building', 'done', 'bench', 'bench', ${at}, ${at}, ${at})`.execute(k);
      const r = await sql`
        insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code, payee_name,
          bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq, bank_status, bank_reason, bank_at)
        select e.county_code, ${id}, row_number() over (order by e.id), 'regular', e.program, ${month}, e.id, e.unit,
          case when e.unit = 'household' then e.household_id else coalesce(e.person_id, e.household_id) end, e.household_id, e.person_id, h.area_code, h.head_name,
          h.bank_name, h.bank_account_sealed, h.bank_account_hash, case when e.unit = 'household' then h.member_count else 1 end, t.amount_fen, t.status, null, null,
          case when ${n('e.id')} % 50 = 7 then null when ${n('e.id')} % 20 = 3 then 'failed' else 'paid' end, null,
          case when ${n('e.id')} % 50 = 7 then null else ${`${month}-10T02:00:00.000Z`} end
        from enrollment e
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${month})
        join household h on h.county_code = e.county_code and h.id = e.household_id
        where e.county_code = ${COUNTY} and e.program = ${program} and e.start_month <= ${month} and t.status in ('active', 'gradual_exit') and t.amount_fen > 0`.execute(k);
      lines += Number(r.numAffectedRows ?? 0);
    }
  }
  // The heating season roll: a third of the dibao households, paid 2019-09-20 (in the quarter), central or dispersed.
  await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
    values (${COUNTY}, 'bench-heating', 'heating', '2019-11', 'season', 0, 'building', 'done', 'bench', 'bench', ${at}, ${at}, ${at})`.execute(k);
  const hr = await sql`
    insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code, payee_name,
      bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq, bank_status, bank_reason, bank_at, heating_mode, heated_area_dm2)
    select e.county_code, 'bench-heating', row_number() over (order by e.id), 'regular', 'heating', '2019-11', e.id, 'household', e.household_id, e.household_id, null,
      h.area_code, h.head_name, h.bank_name, h.bank_account_sealed, h.bank_account_hash, h.member_count,
      case when ${n('e.id')} % 2 = 0 then 60000 else 20000 end, 'active', null, null, 'paid', null, '2019-09-20T02:00:00.000Z',
      case when ${n('e.id')} % 2 = 0 then 'central' else 'dispersed' end, case when ${n('e.id')} % 2 = 0 then 8000 end
    from enrollment e join household h on h.county_code = e.county_code and h.id = e.household_id
    where e.county_code = ${COUNTY} and e.program = 'dibao' and e.unit = 'household' and ${n('e.id')} % 3 = 0`.execute(k);
  lines += Number(hr.numAffectedRows ?? 0);
  await sql`update payroll_roll set status = 'approved', approved_by = 'bench-checker', approved_by_name = 'bench-checker' where county_code = ${COUNTY}`.execute(k);
  // Temporary aid: one case per 200 households, approved in the quarter; every third assisted first.
  const temp = sql`${n('h.id')} % 200 = 0`;
  await sql`insert into assistance_case (county_code, id, kind, program, state, version, household_id, applicant_person_id, area_code, staff_relative, staff_relative_note, contested,
      on_behalf, signed_declaration, data_check_authorised, filed_by, rule_set, applied_on, accepted_on, state_since, due_date, notice_ends_on, county_review_since,
      county_objection_on, spot_check, spot_check_id, proposed_amount_fen, decision_id, open_program, origin, created_at, updated_at)
    select h.county_code, 'tmp' || h.id, 'temporary_emergency', 'temporary', 'approved', 3, h.id, (select min(p.id) from person p where p.county_code = h.county_code and p.household_id = h.id),
      h.area_code, 0, null, 0, 0, 1, 1, 'bench', 'nat-2014', '2019-07-01', '2019-07-01', '2019-08-01', '9999-12-31', null, null, null, null, null, null, 'dtmp' || h.id, null, null, ${at}, ${at}
    from household h where h.county_code = ${COUNTY} and h.id like 'bh%' and ${temp}`.execute(k);
  await sql`insert into case_decision (county_code, id, case_id, outcome, decided_on, decided_at, decider_id, decider_name, decider_role, reasons, amount_fen, benefit_from, rule_set, determination)
    select county_code, 'dtmp' || household_id, id, 'approved', '2019-08-01', ${at}, 'bench', 'bench', 'county_approver', '[]', 100000, null, 'nat-2014', null
    from assistance_case where county_code = ${COUNTY} and program = 'temporary'`.execute(k);
  await sql`insert into temporary_aid (county_code, case_id, category, event_date, event_note, need_fen, registered_poor, approval_level, proposed_fen, maximum_fen, assisted_first,
      paid_first_fen, paid_first_on, paid_first_by, paid_first_by_name, paid_first_reason, township_code, paperwork_due, paperwork_done_on, new_event_reason, new_event_by_name,
      approved_fen, recovery_fen, outcome, created_at, updated_at)
    select county_code, id, 'fire', '2019-07-01', '火灾', 100000, 0, 'township', 100000, null, case when ${n('household_id')} % 3 = 0 then 1 else 0 end,
      case when ${n('household_id')} % 3 = 0 then 50000 else 0 end, case when ${n('household_id')} % 3 = 0 then '2019-07-02' end, null, null, null,
      substr(area_code, 1, 9) || '000', null, null, null, null, 100000, 0, 'approved', ${at}, ${at}
    from assistance_case where county_code = ${COUNTY} and program = 'temporary'`.execute(k);
  await analyzeAfterBulk(db, ['enrollment', 'enrollment_term', 'tekun_care', 'review_schedule', 'payroll_roll', 'payroll_line', 'assistance_case', 'case_decision', 'temporary_aid']);
  return { persons: a.persons + b.persons, lines };
}

async function benchOn(label: string, db: Db, env: NodeJS.ProcessEnv): Promise<boolean> {
  process.stdout.write(`\n== ${label}: generating ${Number(args.persons).toLocaleString('en-US')} persons and a year of rolls…\n`);
  const t = performance.now();
  const g = await generate(db);
  process.stdout.write(`   ${g.persons.toLocaleString('en-US')} enrolled persons, ${g.lines.toLocaleString('en-US')} roll lines in ${s((performance.now() - t) / 1000)}\n`);
  const ratios: number[] = [];
  let ok = true;
  for (let run = 1; run <= Number(args.runs); run++) {
    const r = await child(env, 'raw');
    const f = await child(env, 'report');
    const same = JSON.stringify(sorted(r.figures)) === JSON.stringify(sorted(f.figures));
    if (!same) {
      for (const key of new Set([...Object.keys(r.figures), ...Object.keys(f.figures)])) {
        if (r.figures[key] !== f.figures[key]) process.stdout.write(`   differs: ${key} raw ${r.figures[key]} report ${f.figures[key]}\n`);
      }
    }
    ok &&= same;
    const ratio = f.seconds / r.seconds;
    ratios.push(ratio);
    const cpu = db.dialect === 'sqlite' ? ` · CPU ${s(r.cpuSeconds)} vs ${s(f.cpuSeconds)}, ratio ${(f.cpuSeconds / r.cpuSeconds).toFixed(2)}` : '';
    process.stdout.write(
      `   run ${run}: raw aggregates ${s(r.seconds)} (peak ${mb(r.peakRssMb)}) · computeQuarterlyFigures ${s(f.seconds)} (${mb(f.startRssMb)} → peak ${mb(f.peakRssMb)}) · ratio ${ratio.toFixed(2)}${cpu} · figures ${same ? 'equal' : 'DIFFER'}\n`,
    );
    if (run === 1) {
      const x = f.figures;
      process.stdout.write(
        `   2019Q3: dibao ${x['dibao.households']} households / ${x['dibao.persons']} persons, paid ${((x['dibao.paidQuarterFen'] ?? 0) / 100).toLocaleString('en-US')} yuan in the quarter, ` +
          `${((x['dibao.paidYearFen'] ?? 0) / 100).toLocaleString('en-US')} in the year; 单人保 ${x['dibaoSingle.households']}; tekun ${x['tekunDispersed.persons']} dispersed / ${x['tekunConcentrated.persons']} concentrated; ` +
          `exits ${x['dibao.exits']} (gradual ${x['dibao.gradualExits']}); temporary ${x['temporary.cases']} cases; heating ${x['heating.households']} households\n`,
      );
    }
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  ok &&= median <= 2;
  process.stdout.write(`   median ratio computeQuarterlyFigures / raw: ${median.toFixed(2)} (target ≤ 2)\n`);
  return ok;
}

function sorted(o: Record<string, unknown>): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function main(): Promise<void> {
  const ok = await forEachDatabase({ name: 'report' }, ({ label, db, env }) => benchOn(label, db, env));
  process.stdout.write(`\ntargets (ratio ≤ 2, same figures): ${ok ? 'met' : 'NOT met'}\n`);
}

if (args.phase) await runPhase(args.phase);
else await main();
