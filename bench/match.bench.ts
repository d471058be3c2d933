/**
 * Benchmark of poverty matching (issue 12 point 10, ADR 0033): a registry of N persons (default 1,000,000, households of
 * 1–4 in four counties, 50 villages each) written with set-based SQL (household, person, person_index; ID numbers
 * sealed as the import would), and a poverty-office snapshot of S persons (default 200,000: every fifth household)
 * drawn from it with the faults of a real file — 90 % with their ID number, 2 % with a number doudi does not know,
 * 5 % without a valid number and with a swapped, homophone or mistyped name, 3 % persons unknown to doudi. Then, each in
 * a child process of its own (its peak RSS its own), three times:
 *   raw     `select count(*) from poverty_person p join person_index i on i.id_hash = p.id_hash where snapshot_id = ?`
 *   staged  the import's ID pass (`PovertyRepo.matchStagedById`): the snapshot's persons staged as the import stages
 *           them, matched on the stage (timed: on SQLite one UPDATE … FROM person_index; on PostgreSQL the matches
 *           written to a narrow table by one CREATE TABLE … AS SELECT of the join, the stage being an unlogged table
 *           that parallel plans may scan), then written in one INSERT … SELECT (timed apart); rolled back
 *   update  (first run only) the earlier form — the written rows matched by one UPDATE … FROM — for the ADR's comparison
 * and once the whole match (the staged ID pass and write, confirmations, fuzzy pass), rolled back. Prints times,
 * the median ratio ID pass / raw join (target ≤ 2), the fuzzy pass's time and peak RSS and what it found. SQLite
 * always; PostgreSQL too when DOUDI_BENCH_DATABASE_URL (or DOUDI_TEST_DATABASE_URL) = postgres://… is set (in a schema
 * of its own, dropped afterwards unless `--keep`; `--pg-schema NAME` measures a kept one again).
 *
 *   npx node bench/match.bench.ts [--persons 1000000] [--snapshot 200000] [--skip-sqlite] [--keep | --reuse DIR] [--pg-schema NAME]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { connect, type Db, resolveConnectOptions } from '../src/db/connect.ts';
import { childPhase, mb, peakRssMb, s } from './lib/phase.ts';
import { forEachDatabase } from './lib/databases.ts';

const COUNTIES = ['211221', '211223', '211224', '211281'];
const VILLAGES_PER_COUNTY = 50;
const SNAPSHOT_ID = 'bench-snapshot';
/** The snapshot the timed phases write (in transactions rolled back, but for the whole match). */
const STAGED_ID = 'bench-staged';
const HERE = fileURLToPath(import.meta.url);
const RUNS = 3;

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    snapshot: { type: 'string', default: '200000' },
    phase: { type: 'string' },
    'skip-sqlite': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** A SQLite directory a previous run kept (`--keep`): its registry and snapshot are measured again, not regenerated. */
    reuse: { type: 'string' },
    /** A PostgreSQL schema a previous run kept (`--keep`): measured again, not regenerated. */
    'pg-schema': { type: 'string' },
  },
});

/** 20 surnames, 20 given-name characters and, in the same places, a homophone of each (all in homophones.ts). */
const S = '王李张刘赵杨陈孙于高马徐郭周黄吴宋韩姜朱';
const G = '淑桂凤明国林红丽玉芳军伟建新兵佳志生庆振';
const H = '树贵峰铭郭琳洪莉宇方俊魏健欣冰嘉芝胜晴珍';

interface PhaseResult {
  seconds: number;
  startRssMb: number;
  peakRssMb: number;
  detail?: unknown;
}

/** Child mode: one phase against the database the environment names. */
async function runPhase(phase: string): Promise<void> {
  const { PovertyMatchRepo } = await import('../src/db/poverty-match-repo.ts');
  const { fuzzyPass } = await import('../src/commands/poverty/match-snapshot.ts');
  const db = await connect(resolveConnectOptions());
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  let detail: unknown;
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  if (phase === 'raw') {
    const c0 = cpu();
    const r = await sql<{ n: number }>`select count(*) as n from poverty_person p join person_index i on i.id_hash = p.id_hash where snapshot_id = ${SNAPSHOT_ID}`.execute(db.kysely);
    detail = { matched: Number(r.rows[0].n), cpuSeconds: cpu() - c0 };
  } else if (phase === 'staged') {
    // The import's ID pass (ADR 0033): the snapshot's persons staged as the import stages them, matched on the stage
    // (timed: the ID pass, `matchStagedById`), then written to the snapshot in one INSERT … SELECT (timed apart, for
    // information), all in a transaction rolled back afterwards.
    detail = await db.kysely
      .transaction()
      .execute(async (trx) => {
        const repo = await stageCopy(trx);
        const t = performance.now();
        const c0 = cpu();
        const matched = await repo.matchStagedById();
        const seconds = (performance.now() - t) / 1000;
        const cpuSeconds = cpu() - c0;
        const t1 = performance.now();
        const written = await repo.writeStagedPersons();
        const writeSeconds = (performance.now() - t1) / 1000;
        const m = await trx.selectFrom('poverty_person').select((e) => e.fn.countAll<number>().as('n')).where('snapshot_id', '=', STAGED_ID).where('match_method', '=', 'id').executeTakeFirstOrThrow();
        throw Object.assign(new Error('rollback'), { result: { matched, written, writtenMatched: Number(m.n), seconds, cpuSeconds, writeSeconds } });
      })
      .catch((e: { result?: unknown }) => {
        if (!e.result) throw e;
        return e.result;
      });
  } else if (phase === 'update') {
    // The earlier form, for the ADR's comparison: the written rows updated (`matchById`, one UPDATE … FROM), rolled back.
    detail = await db.kysely
      .transaction()
      .execute(async (trx) => {
        const t = performance.now();
        const matched = await new PovertyMatchRepo(trx).matchById(SNAPSHOT_ID);
        throw Object.assign(new Error('rollback'), { result: { matched, seconds: (performance.now() - t) / 1000 } });
      })
      .catch((e: { result?: unknown }) => {
        if (!e.result) throw e;
        return e.result;
      });
  } else if (phase === 'match') {
    detail = await db.kysely
      .transaction()
      .execute(async (trx) => {
      const t0 = performance.now();
      const staged = await stageCopy(trx);
      await staged.matchStagedById();
      await staged.writeStagedPersons();
      const repo = new PovertyMatchRepo(trx);
      await repo.applyConfirmed(STAGED_ID);
      const t1 = performance.now();
      const suggested = await fuzzyPass(repo, STAGED_ID);
      const t2 = performance.now();
      const counts = await repo.counts(STAGED_ID);
      const result = { idSeconds: (t1 - t0) / 1000, fuzzySeconds: (t2 - t1) / 1000, suggested, counts, fuzzyPeakRssMb: process.resourceUsage().maxRSS / 1024 };
      throw Object.assign(new Error('rollback'), { result });
      })
      .catch((e: { result?: unknown }) => {
        if (!e.result) throw e;
        return e.result;
      });
  }
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  const r: PhaseResult = { seconds, startRssMb, peakRssMb: peakRssMb(), detail };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/** A second snapshot whose persons are the bench snapshot's, staged as the import stages them (not timed). */
async function stageCopy(trx: Transaction<Database>) {
  const { PovertyRepo } = await import('../src/db/poverty-repo.ts');
  const { scopeOf } = await import('../src/db/scope.ts');
  await sql`insert into poverty_snapshot (id, area_code, as_of, content_digest, file_name, households, persons, added_households, removed_households,
      changed_households, added_persons, removed_persons, changed_persons, previous_id, imported_by_id, imported_by_name, imported_at)
    select ${STAGED_ID}, area_code, as_of, 'staged', file_name, households, persons, 0, 0, 0, 0, 0, 0, null, imported_by_id, imported_by_name, imported_at
    from poverty_snapshot where id = ${SNAPSHOT_ID}`.execute(trx);
  const repo = new PovertyRepo(trx, scopeOf('211200000000'));
  await repo.openPersonStage();
  await sql`insert into ${sql.id(repo.stage)} select * from poverty_person where snapshot_id = ${SNAPSHOT_ID}`.execute(trx);
  await sql`update ${sql.id(repo.stage)} set snapshot_id = ${STAGED_ID}, match_county = null, match_person_id = null, match_method = null, match_confidence = null`.execute(trx);
  return repo;
}

function child(env: NodeJS.ProcessEnv, phase: string): Promise<PhaseResult> {
  return childPhase<PhaseResult>(HERE, ['--phase', phase], env, phase);
}

const PAD = '000000000';

/** The registry: households of 1 + i % 4 members, valid sealed ID numbers, ~43 persons a birth day in the city. */
async function generateRegistry(db: Db, persons: number): Promise<void> {
  const households = Math.round(persons / 2.5);
  const at = '2019-01-01T00:00:00.000Z';
  const seq = sql`with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ${households})`;
  const id = (tag: string) => sql.raw(`'${tag}' || substr('${PAD}' || i, length('${PAD}' || i) - ${PAD.length - 1})`);
  const county = sql.raw(`case i % ${COUNTIES.length} ${COUNTIES.map((c, k) => `when ${k} then '${c}'`).join(' ')} end`);
  // County + 1 + township (2 digits) + 2 + village (2 digits): 50 villages in 10 townships per county.
  const vv = `(i / ${COUNTIES.length}) % ${VILLAGES_PER_COUNTY}`;
  const village = sql.raw(
    `(case i % ${COUNTIES.length} ${COUNTIES.map((c, k) => `when ${k} then '${c}'`).join(' ')} end) || '1' || substr('0' || (${vv} / 5), length('0' || (${vv} / 5)) - 1) || '2' || substr('0' || (${vv} % 5), length('0' || (${vv} % 5)) - 1)`,
  );
  await db.kysely.transaction().execute(async (trx) => {
    await sql`${seq} insert into household (county_code, id, area_code, address, hukou_type, registered_poor, bank_name, bank_account_sealed, bank_account_hash,
        phone_sealed, head_name, member_count, synthetic, version, created_at, updated_at)
      select ${county}, ${id('bh')}, ${village}, '测试地址', 'rural', 0, null, null, null, null, '户主', 1 + i % 4, 1, 1, ${at}, ${at} from seq`.execute(trx);
    const n = '(i * 4 + k.n)';
    const y = `(1930 + (${n} % 23520) / 336)`;
    const mo = `(1 + (${n} % 336) / 28)`;
    const d = `(1 + ${n} % 28)`;
    const two = (e: string) => `substr('0' || ${e}, length('0' || ${e}) - 1)`;
    const three = (e: string) => `substr('00' || ${e}, length('00' || ${e}) - 2)`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const checksum = weights.map((w, k) => `cast(substr(p.id17, ${k + 1}, 1) as integer) * ${w}`).join(' + ');
    const name = `substr('${S}', 1 + (i + k.n) % 20, 1) || substr('${G}', 1 + (i / 20) % 20, 1) || substr('${G}', 1 + (i / 400 + k.n) % 20, 1)`;
    await sql`${seq}, k(n) as (select 1 union all select n + 1 from k where n < 4),
      p as (select i, k.n as kn, ${county} as county, ${village} as village, ${sql.raw(name)} as name,
                   ${county} || ${sql.raw(`${y} || ${two(mo)} || ${two(d)} || ${three(`((${n} / 23520) % 1000)`)}`)} as id17,
                   ${sql.raw(`${y} || '-' || ${two(mo)} || '-' || ${two(d)}`)} as born
            from seq join k on k.n <= 1 + i % 4)
      insert into person (county_code, id, household_id, area_code, id_hash, id_number_sealed, name, sex, birth_date, relation, hukou_type, disability_kind,
        disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status, in_school, synthetic, version, created_at, updated_at)
      select p.county, ${id('bh')} || '-' || p.kn, ${id('bh')}, p.village, 'pending:' || ${id('bh')} || '-' || p.kn,
        p.id17 || substr('10X98765432', (${sql.raw(checksum)}) % 11 + 1, 1), p.name,
        case when cast(substr(p.id17, 17, 1) as integer) % 2 = 1 then 'M' else 'F' end, p.born,
        case when p.kn = 1 then 'head' else 'other' end, 'rural', null, null, 0, 'full', 0, 'none', 0, 1, 1, ${at}, ${at}
      from p`.execute(trx);
  });
  const { rewriteRows } = await import('../src/db/batch-rewrite.ts');
  const { sealIdNumber } = await import('../src/db/personal-data.ts');
  const keys = db.keys;
  await rewriteRows(db.kysely as never, {
    table: 'person',
    key: ['county_code', 'id'],
    read: ['id_number_sealed'],
    filter: sql`id_hash like 'pending:%'`,
    batch: 5000,
    transactionPerBatch: true,
    write: (r) => sealIdNumber(keys, String(r.id_number_sealed)),
  });
  await sql`insert into person_index (id_hash, county_code, person_id) select id_hash, county_code, id from person where id like 'bh%'`.execute(db.kysely);
}

/**
 * The snapshot: the members of every (households / households-wanted)-th household, as the office's file has them.
 * By the person's ordinal r: r % 100 < 90 the ID number; < 92 a number doudi does not know (name and birth date right);
 * < 97 no valid number, the name swapped / a homophone / mistyped; else a person unknown to doudi.
 */
async function generateSnapshot(db: Db, wanted: number, households: number): Promise<void> {
  const every = Math.max(1, Math.round(households / (wanted / 2.5)));
  const at = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await sql`insert into poverty_snapshot (id, area_code, as_of, content_digest, file_name, households, persons, added_households, removed_households,
        changed_households, added_persons, removed_persons, changed_persons, previous_id, imported_by_id, imported_by_name, imported_at)
      values (${SNAPSHOT_ID}, '211200000000', '2026-01-05', 'bench', 'bench.xlsx', 0, 0, 0, 0, 0, 0, 0, 0, null, 'bench', 'bench', ${at})`.execute(trx);
    const chosen = sql.raw(`cast(substr(h.id, 3) as integer) % ${every} = 0`);
    await sql`insert into poverty_household (snapshot_id, hh_no, county_code, township_code, village_code, head_name, attribute, poverty_cause, status, exit_year, member_count)
      select ${SNAPSHOT_ID}, 'P' || h.id, h.county_code, substr(h.area_code, 1, 9) || '000', h.area_code, h.head_name,
        case when cast(substr(h.id, 3) as integer) % 7 = 0 then 'dibao' else 'general' end, '因病', 'out', 2019, h.member_count
      from household h where h.id like 'bh%' and ${chosen}`.execute(trx);
    const r = sql.raw(`((cast(substr(c.household_id, 3) as integer) / ${every}) * 4 + cast(substr(c.id, length(c.id)) as integer)) % 100`);
    const alt = sql.raw(`cast(substr(c.household_id, 3) as integer) % 3`);
    const position = sql.raw(db.dialect === 'postgres' ? 'strpos' : 'instr');
    await sql`insert into poverty_person (snapshot_id, person_key, hh_no, row_no, name, relation, id_number_sealed, id_hash, id_form, birth_date, sex,
        labor_capacity, health, disability_grade, county_code, village_code, match_county, match_person_id, match_method, match_confidence)
      select ${SNAPSHOT_ID},
        case when ${r} < 90 then 'i:' || c.id_hash when ${r} < 92 then 'i:x' || c.id_hash else 'n:' || c.id end,
        'P' || c.household_id, 0,
        case when ${r} < 92 then c.name
             when ${r} < 97 then case ${alt}
               when 0 then substr(c.name, 1, 1) || substr(c.name, 3, 1) || substr(c.name, 2, 1)
               when 1 then substr(c.name, 1, 2) || substr(${H}, ${position}(${G}, substr(c.name, 3, 1)), 1)
               else substr(c.name, 1, 2) || '鑫' end
             else '无名' || substr(c.id, 3) end,
        '成员', case when ${r} < 90 then c.id_number_sealed else null end,
        case when ${r} < 90 then c.id_hash when ${r} < 92 then 'x' || c.id_hash else null end,
        case when ${r} < 92 then '18' else 'invalid' end,
        case when ${r} < 97 then c.birth_date else '2001-01-01' end,
        case when ${r} < 92 then c.sex else null end,
        '无劳动力', 'healthy', null, c.county_code, c.area_code, null, null, null, null
      from person c join household h on h.county_code = c.county_code and h.id = c.household_id
      where h.id like 'bh%' and ${chosen}`.execute(trx);
    await sql`update poverty_snapshot set persons = (select count(*) from poverty_person where snapshot_id = ${SNAPSHOT_ID}),
      households = (select count(*) from poverty_household where snapshot_id = ${SNAPSHOT_ID}) where id = ${SNAPSHOT_ID}`.execute(trx);
  });
}


async function benchOn(label: string, db: Db, env: NodeJS.ProcessEnv): Promise<boolean> {
  const persons = Number(args.persons);
  let t = performance.now();
  if ((args.reuse && db.dialect === 'sqlite') || (args['pg-schema'] && db.dialect === 'postgres')) {
    const n = await db.kysely.selectFrom('person').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    process.stdout.write(`\n== ${label}: ${Number(n.n).toLocaleString('en-US')} registry persons, reused\n`);
  } else {
    process.stdout.write(`\n== ${label}: ${persons.toLocaleString('en-US')} registry persons, generating…\n`);
    await generateRegistry(db, persons);
    process.stdout.write(`   registry generated in ${s((performance.now() - t) / 1000)}\n`);
    t = performance.now();
    await generateSnapshot(db, Number(args.snapshot), Math.round(persons / 2.5));
    await sql`analyze`.execute(db.kysely);
  }
  const snap = await db.kysely.selectFrom('poverty_snapshot').select(['persons', 'households']).where('id', '=', SNAPSHOT_ID).executeTakeFirstOrThrow();
  process.stdout.write(
    `   snapshot of ${Number(snap.persons).toLocaleString('en-US')} persons (${Number(snap.households).toLocaleString('en-US')} households) in ${s((performance.now() - t) / 1000)}\n`,
  );
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let ok = true;
  for (let run = 1; run <= RUNS; run++) {
    const raw = await child(env, 'raw');
    const staged = await child(env, 'staged');
    const upd = run === 1 ? await child(env, 'update') : null;
    const rawd = raw.detail as { matched: number; cpuSeconds: number };
    const st = staged.detail as { matched: number; written: number; writtenMatched: number; seconds: number; cpuSeconds: number; writeSeconds: number };
    const ratio = st.seconds / raw.seconds;
    ratios.push(ratio);
    cpuRatios.push(st.cpuSeconds / rawd.cpuSeconds);
    ok &&= st.matched === rawd.matched && st.writtenMatched === rawd.matched;
    // On SQLite the work is this process's: its CPU time is steadier than wall time on a busy machine.
    const cpuNote = db.dialect === 'sqlite' ? ` · CPU: raw ${s(rawd.cpuSeconds)}, ID pass ${s(st.cpuSeconds)}, ratio ${cpuRatios[cpuRatios.length - 1].toFixed(2)}` : '';
    const updNote = upd ? ` · for comparison, UPDATE … FROM of the written rows ${s((upd.detail as { seconds: number }).seconds)} (ratio ${((upd.detail as { seconds: number }).seconds / raw.seconds).toFixed(2)})` : '';
    process.stdout.write(
      `   run ${run}: raw join ${s(raw.seconds)} (${rawd.matched.toLocaleString('en-US')}) · ID pass on the stage ${s(st.seconds)} (${st.matched.toLocaleString('en-US')} matched) · ratio ${ratio.toFixed(2)}${cpuNote}` +
        ` · then the ${st.written.toLocaleString('en-US')} persons written from the stage ${s(st.writeSeconds)}${updNote}\n`,
    );
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  const cpuMedian = [...cpuRatios].sort((a, b) => a - b)[Math.floor(cpuRatios.length / 2)];
  ok &&= median <= 2;
  process.stdout.write(`   median ratio ID pass / raw join: ${median.toFixed(2)} (target ≤ 2)${db.dialect === 'sqlite' ? `; by CPU time ${cpuMedian.toFixed(2)}` : ''}\n`);
  const m = await child(env, 'match');
  const d = m.detail as { idSeconds: number; fuzzySeconds: number; suggested: number; counts: Record<string, number>; fuzzyPeakRssMb: number };
  process.stdout.write(
    `   whole match: staged, ID pass and written ${s(d.idSeconds)} · fuzzy pass ${s(d.fuzzySeconds)} for ${(d.counts.suggested + d.counts.unknown).toLocaleString('en-US')} unmatched persons, ` +
      `${d.suggested.toLocaleString('en-US')} suggested · peak RSS ${mb(m.peakRssMb)} (process start ${mb(m.startRssMb)}) · ` +
      `id ${d.counts.id.toLocaleString('en-US')}, suggested ${d.counts.suggested.toLocaleString('en-US')}, unknown ${d.counts.unknown.toLocaleString('en-US')}\n`,
  );
  return ok;
}

async function main(): Promise<void> {
  const ok = await forEachDatabase(
    { name: 'match', reuseDir: args.reuse, skipSqlite: args['skip-sqlite'], pgSchema: args['pg-schema'], keep: args.keep, pgKeyFile: true, testUrlFallback: true },
    ({ label, db, env }) => benchOn(label, db, env),
  );
  process.stdout.write(`\ntarget (ID pass ≤ 2 × the raw join): ${ok ? 'met' : 'NOT met'}\n`);
}

if (args.phase) await runPhase(args.phase);
else await main();
