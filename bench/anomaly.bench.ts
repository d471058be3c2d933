/**
 * Benchmark of the anomaly rules (issue 16 point 7, ADR 0046): a county with N enrolled persons (default 1,000,000;
 * dibao households of 1–4, every eighth a 单人保 one-person unit) generated with set-based SQL
 * (tests/factories/payroll-population.ts, as the payroll and report benches do), a year of monthly rolls (2019-01 …
 * 2019-12, one INSERT … SELECT per roll) and anomalies planted at small rates: death records (the head of 1 household in 400,
 * died in June), stops from August still paid (1 in 250 enrollments), staff-relative cases never visited (1 in 500),
 * reviews due in spring (1 in 7), a second household paid into an account (1 in 1,000). Then, each in a child process
 * of its own (so that its peak RSS is its own), alternately:
 *   raw    the same joins hand-written, one `select count(*)` per SQL rule, and the registry rule's batch reads (the four
 *          statements of each keyset batch) without the engine — the baseline;
 *   rules  the run for the county as `doudi anomalies run` and the server's job do it (in a thread with the job's bounded
 *          heap): every rule staged (the registry rule through the simulation's batch path and the engine), merged into
 *          findings, audited.
 * Prints time, the ratio rules / raw (median; target ≤ 3), the registry rule's own share, and peak RSS (target ≤ 300 MB);
 * checks that both sides count the same findings per SQL rule. SQLite always; PostgreSQL too when
 * DOUDI_BENCH_DATABASE_URL=postgres://… is set (a schema of its own).
 *
 *   npx node bench/anomaly.bench.ts [--persons 1000000] [--runs 3]   (ANOMALY_BENCH_VERBOSE=1: each rule's time)
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect, type Db, resolveConnectOptions } from '../src/db/connect.ts';
import { childPhase, mb, peakRssMb, s } from './lib/phase.ts';
import { forEachDatabase } from './lib/databases.ts';

const COUNTY = '211224';
const VILLAGES = ['211224100200', '211224101200', '211224102200'];
/** The run's day: after the year of rolls; the review threshold (30 days) puts the cutoff at 2019-11-20. */
const NOW = new Date('2019-12-20T04:00:00.000Z');
const CUTOFF = '2019-11-20';
const HERE = fileURLToPath(import.meta.url);
const MONTHS = Array.from({ length: 12 }, (_, k) => `2019-${String(k + 1).padStart(2, '0')}`);

const { values: args } = parseArgs({
  options: { persons: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, phase: { type: 'string' } },
});

interface PhaseResult {
  seconds: number;
  peakRssMb: number;
  /** Findings per SQL rule (rules side: candidates found this run, i.e. new + open + reopened). */
  counts: Record<string, number>;
  /** The registry rule's own seconds (rules side), or the batch reads' (raw side). */
  registrySeconds: number;
}

// ——— the baseline: the same joins, hand-written, counted ———

async function raw(db: Db): Promise<PhaseResult['counts'] & { _registry: number }> {
  const q = db.kysely;
  const one = async (name: string, text: ReturnType<typeof sql>) => [name, Number((await sql<{ n: unknown }>`select count(*) as n from (${text}) x`.execute(q)).rows[0].n)] as const;
  const C = COUNTY;
  const out = Object.fromEntries([
    await one('DECEASED_PAID', sql`select p.id from death_record d join person p on p.county_code = ${C} and p.id_hash = d.id_hash
      join payroll_line pl on pl.county_code = p.county_code and pl.household_id = p.household_id and (pl.person_id is null or pl.person_id = p.id)
      where pl.program in ('dibao', 'tekun') and pl.benefit_month > substr(d.died_on, 1, 7) and pl.amount_fen <> 0 and (pl.bank_status is null or pl.bank_status = 'paid')
      group by p.id having sum(pl.amount_fen) > 0`),
    await one('DOUBLE_PAID', sql`select person_id from (
        select p.id as person_id, pl.benefit_month from payroll_line pl join person p on p.county_code = pl.county_code and p.household_id = pl.household_id
        where pl.county_code = ${C} and pl.kind = 'regular' and pl.program in ('dibao', 'tekun') and pl.person_id is null
        union all
        select pl.person_id, pl.benefit_month from payroll_line pl where pl.county_code = ${C} and pl.kind = 'regular' and pl.program in ('dibao', 'tekun') and pl.person_id is not null
      ) m group by person_id, benefit_month having count(*) > 1`),
    await one('STAFF_RELATIVE_UNVISITED', sql`select c.id from assistance_case c join case_decision d on d.county_code = c.county_code and d.id = c.decision_id
      where c.county_code = ${C} and c.staff_relative = 1 and c.program in ('dibao', 'tekun') and d.outcome = 'approved' and (c.spot_check is null or c.spot_check <> 'visited')`),
    await one('REVIEW_OVERDUE', sql`select e.id from review_schedule s join enrollment e on e.county_code = s.county_code and e.id = s.enrollment_id
      join household h on h.county_code = e.county_code and h.id = e.household_id where s.county_code = ${C} and s.next_due < ${CUTOFF} and e.status <> 'ended'`),
    await one('EMERGENCY_PAPERWORK_OVERDUE', sql`select t.case_id from temporary_aid t join assistance_case c on c.county_code = t.county_code and c.id = t.case_id
      where t.county_code = ${C} and t.assisted_first = 1 and t.paperwork_due < '2019-12-20' and t.paperwork_done_on is null`),
    await one('SHARED_ACCOUNT', sql`select bank_account_hash from payroll_line where county_code = ${C} and bank_account_hash is not null
      group by bank_account_hash having count(distinct household_id) >= 2`),
    await one('ENROLLMENT_WITHOUT_DECISION', sql`select e.id from enrollment e join household h on h.county_code = e.county_code and h.id = e.household_id
      left join case_decision d on d.county_code = e.county_code and d.id = e.decision_id left join assistance_case c on c.county_code = d.county_code and c.id = d.case_id
      where e.county_code = ${C} and (d.id is null or d.outcome <> 'approved' or c.household_id is null or c.household_id <> e.household_id)`),
    await one('PAID_AFTER_STOP', sql`select pl.enrollment_id from (select enrollment_id, min(from_month) as stop_month from enrollment_term where county_code = ${C} and status = 'ended' group by enrollment_id) s
      join payroll_line pl on pl.county_code = ${C} and pl.enrollment_id = s.enrollment_id
      where pl.benefit_month >= s.stop_month and pl.amount_fen <> 0 and (pl.bank_status is null or pl.bank_status = 'paid') group by pl.enrollment_id having sum(pl.amount_fen) > 0`),
  ]);
  // The registry rule's reads: the batch path's four statements per 1,000 households, and the enrolled households' terms.
  const t = performance.now();
  let after = '';
  for (;;) {
    const hh = await sql<{ id: string }>`select id, county_code, hukou_type, registered_poor, heating_mode, heated_area_dm2 from household where county_code = ${C} and id > ${after} order by id limit 1000`.execute(q);
    if (hh.rows.length === 0) break;
    const last = hh.rows[hh.rows.length - 1].id;
    await sql`select household_id, birth_date, sex, relation, disability_kind, disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status from person where county_code = ${C} and household_id > ${after} and household_id <= ${last} order by household_id`.execute(q);
    await sql`select household_id, kind, sum(annual_fen) from income_item where county_code = ${C} and household_id > ${after} and household_id <= ${last} group by household_id, kind order by household_id, kind`.execute(q);
    await sql`select household_id, kind, value_fen, quantity from asset_item where county_code = ${C} and household_id > ${after} and household_id <= ${last} order by household_id`.execute(q);
    await sql`select e.id, e.household_id, t.amount_fen from enrollment e join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
      where e.county_code = ${C} and e.household_id > ${after} and e.household_id <= ${last} and e.program = 'dibao' and e.unit = 'household' and e.status = 'active' and t.status = 'active'
        and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= '2019-12')`.execute(q);
    if (hh.rows.length < 1000) break;
    after = last;
  }
  return { ...out, _registry: (performance.now() - t) / 1000 };
}

async function rules(db: Db): Promise<PhaseResult['counts'] & { _registry: number }> {
  const { runAnomaliesInThread } = await import('../src/commands/supervision/jobs.ts');
  const { operatorContext } = await import('../src/commands/context.ts');
  const { readRun } = await import('../src/db/supervision-repo.ts');
  // As the operator's command and the server's job run it: in a thread with the job's bounded heap (this process's
  // peak RSS is both threads'). Each rule's own time comes back with the run's result.
  const r = await runAnomaliesInThread(operatorContext(db, { name: 'bench', clock: () => NOW }), { county: COUNTY });
  const row = await readRun(db.kysely, r.runId);
  const seconds = (JSON.parse(row?.result ?? '{}') as { seconds?: Record<string, number> }).seconds ?? {};
  if (process.env.ANOMALY_BENCH_VERBOSE) for (const [code, took] of Object.entries(seconds)) process.stderr.write(`     ${code}: ${took.toFixed(2)} s\n`);
  return { ...Object.fromEntries(r.rules.map((x) => [x.code, x.counts.new + x.counts.open + x.counts.reopened])), _registry: seconds.REGISTRY_MISMATCH ?? 0 };
}

/** Child mode: one side against the database the environment names; prints its time, its peak RSS and its counts. */
async function runPhase(phase: string): Promise<void> {
  await import('../src/commands/supervision/jobs.ts');
  const db = await connect(resolveConnectOptions());
  const started = performance.now();
  const { _registry, ...counts } = phase === 'raw' ? await raw(db) : await rules(db);
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  const r: PhaseResult = { seconds, peakRssMb: peakRssMb(), counts, registrySeconds: _registry };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

function child(env: NodeJS.ProcessEnv, phase: string): Promise<PhaseResult> {
  return childPhase<PhaseResult>(HERE, ['--phase', phase], env, phase);
}


/** The county's population, its year of rolls and the planted anomalies: everything written with set-based statements. */
async function generate(db: Db): Promise<{ persons: number; lines: number }> {
  const { enrollPopulation } = await import('../tests/factories/payroll-population.ts');
  const { analyzeAfterBulk } = await import('../tests/factories/analyze.ts');
  const households = Math.round(Number(args.persons) / 2.5);
  const k = db.kysely;
  const a = await enrollPopulation(db, { county: COUNTY, villages: VILLAGES, households, prefix: 'b', startMonth: '2019-01', individualEvery: 8 });
  const at = '2019-01-01T00:00:00.000Z';
  const n = (col: string) => sql.raw(`cast(substr(${col}, 3) as integer)`);
  let lines = 0;
  for (const month of MONTHS) {
    const id = `bench-dibao-${month}`;
    await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
      values (${COUNTY}, ${id}, 'dibao', ${month}, 'regular', 0, 'building', 'done', 'bench', 'bench', ${at}, ${at}, ${at})`.execute(k);
    const r = await sql`
      insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code, payee_name,
        bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq, bank_status, bank_reason, bank_at)
      select e.county_code, ${id}, row_number() over (order by e.id), 'regular', e.program, ${month}, e.id, e.unit,
        case when e.unit = 'household' then e.household_id else coalesce(e.person_id, e.household_id) end, e.household_id, e.person_id, h.area_code, h.head_name,
        h.bank_name, h.bank_account_sealed, h.bank_account_hash, case when e.unit = 'household' then h.member_count else 1 end, t.amount_fen, t.status, null, null,
        'paid', null, ${`${month}-10T02:00:00.000Z`}
      from enrollment e
      join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
        and t.from_month = (select max(t2.from_month) from enrollment_term t2 where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${month})
      join household h on h.county_code = e.county_code and h.id = e.household_id
      where e.county_code = ${COUNTY} and t.status in ('active', 'gradual_exit') and t.amount_fen > 0`.execute(k);
    lines += Number(r.numAffectedRows ?? 0);
  }
  // A second household paid into another's account (a line of a roll still building, as a re-issue would be).
  await sql`insert into payroll_roll (county_code, id, program, month, kind, round, status, phase, built_by, built_by_name, build_started_at, created_at, updated_at)
    values (${COUNTY}, 'bench-reissue', 'dibao', '2019-12', 'reissue', 1, 'building', 'done', 'bench', 'bench', ${at}, ${at}, ${at})`.execute(k);
  await sql`insert into payroll_line (county_code, roll_id, seq, kind, program, benefit_month, enrollment_id, unit, payee_id, household_id, person_id, area_code, payee_name,
      bank_name, bank_account_sealed, bank_account_hash, person_count, amount_fen, term_status, reissue_of_roll, reissue_of_seq, bank_status, bank_reason, bank_at)
    select l.county_code, 'bench-reissue', row_number() over (order by l.seq), 'backpay', 'dibao', '2019-11', l.enrollment_id, l.unit, l.payee_id, l.household_id, l.person_id,
      l.area_code, l.payee_name, l.bank_name, l.bank_account_sealed, o.bank_account_hash, l.person_count, 1000, 'active', null, null, null, null, null
    from payroll_line l join payroll_line o on o.county_code = l.county_code and o.roll_id = l.roll_id and o.seq = l.seq + 1
    where l.county_code = ${COUNTY} and l.roll_id = 'bench-dibao-2019-12' and l.seq % 1000 = 1`.execute(k);
  // Deaths in June of 1 person in 1,000.
  await sql`insert into death_record (id_hash, id_number_sealed, died_on, import_id, imported_at, imported_by_name)
    select id_hash, id_number_sealed, '2019-06-15', 'bench', ${at}, 'bench' from person where county_code = ${COUNTY} and relation = 'head' and ${n('household_id')} % 400 = 5`.execute(k);
  // Stops from August (1 in 250 enrollments) after the rolls: still paid to December.
  await sql`insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination, actor_id, actor_name, created_at)
    select county_code, id, '2019-08', 'ended', 0, 'stop', null, null, null, 'bench', ${at} from enrollment where county_code = ${COUNTY} and ${n('id')} % 250 = 0`.execute(k);
  await sql`update assistance_case set staff_relative = 1 where county_code = ${COUNTY} and ${n('household_id')} % 500 = 3`.execute(k);
  await sql`insert into review_schedule (county_code, enrollment_id, review_class, interval_months, counted_from, next_due, last_review_id, updated_at)
    select county_code, id, 'stable', 6, '2019-01-01', case when ${n('id')} % 7 = 0 then '2019-05-01' else '2020-03-01' end, null, ${at}
    from enrollment where county_code = ${COUNTY}`.execute(k);
  await analyzeAfterBulk(db, ['enrollment', 'enrollment_term', 'review_schedule', 'payroll_roll', 'payroll_line', 'assistance_case', 'death_record']);
  return { persons: a.persons, lines };
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
    const f = await child(env, 'rules');
    const differ = Object.keys(r.counts).filter((key) => r.counts[key] !== f.counts[key]);
    for (const key of differ) process.stdout.write(`   differs: ${key} raw ${r.counts[key]} rules ${f.counts[key]}\n`);
    ok &&= differ.length === 0 && f.peakRssMb <= 300;
    const ratio = f.seconds / r.seconds;
    ratios.push(ratio);
    process.stdout.write(
      `   run ${run}: raw joins ${s(r.seconds)} (registry reads ${s(r.registrySeconds)}, peak ${mb(r.peakRssMb)}) · runAnomalies ${s(f.seconds)} (registry rule ${s(f.registrySeconds)}, peak ${mb(f.peakRssMb)}) · ratio ${ratio.toFixed(2)} · SQL rules without the registry ${((f.seconds - f.registrySeconds) / (r.seconds - r.registrySeconds)).toFixed(2)} · counts ${differ.length === 0 ? 'equal' : 'DIFFER'}\n`,
    );
    if (run === 1) process.stdout.write(`   findings: ${JSON.stringify(f.counts)}\n`);
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  ok &&= median <= 3;
  process.stdout.write(`   median ratio runAnomalies / raw: ${median.toFixed(2)} (target ≤ 3, peak RSS ≤ 300 MB)\n`);
  return ok;
}

async function main(): Promise<void> {
  const ok = await forEachDatabase({ name: 'anomaly' }, ({ label, db, env }) => benchOn(label, db, env));
  process.exitCode = ok ? 0 : 1;
}

if (args.phase) await runPhase(args.phase);
else await main();
