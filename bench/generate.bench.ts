/**
 * Benchmark of `doudi demo generate`: loads N persons (default 1,000,000) into a fresh SQLite file through the
 * generator, then inserts the very same rows with raw batched SQL on node:sqlite (prepared multi-row INSERTs, same
 * rows per statement, same transactions) into another fresh file, and prints the ratio. With
 * DOUDI_BENCH_DATABASE_URL=postgres://… it does the same on PostgreSQL (raw side: `pg` with named statements).
 *
 *   npx node bench/generate.bench.ts [--persons 1000000] [--seed bench] [--verify]
 *
 * The raw side's time is reported twice: its wall time (it must generate the rows too) and the time spent in SQL
 * alone. The headline ratio is generator wall time / raw SQL time: everything the generator adds, generation
 * included, over the bare cost of the inserts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../src/commands/admin/bootstrap.ts';
import { appendHousehold, comparableRow, BULK_ORDER, BULK_TABLES, type BulkTable, emptyBuffers, insertSql, rowsPerStatement, statementSizes } from '../src/commands/demo/bulk-writer.ts';
import { DEMO_AS_OF, generateDemo, loadVillages, TRANSACTION_PERSONS } from '../src/commands/demo/generate-demo.ts';
import { createIdAllocator } from '../src/commands/demo/id-allocator.ts';
import { createPopulation, type GeneratedHousehold } from '../src/commands/demo/population.ts';
import { connect, type Db, type DialectName, migrateToLatest } from '../src/db/connect.ts';
import { openSqliteFile } from '../src/db/sqlite-dialect.ts';
import type { KeyRing } from '../src/kernel/sealing.ts';
import { operatorContext } from '../src/commands/context.ts';

const { values: args } = parseArgs({
  options: { persons: { type: 'string', default: '1000000' }, seed: { type: 'string', default: 'bench' }, verify: { type: 'boolean', default: false } },
});
const PERSONS = Number(args.persons);
const SEED = args.seed as string;
const NOW = new Date('2026-01-05T02:00:00Z');
const ACTOR = { userId: null, username: 'bench' };

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const peakRssKb = () => process.resourceUsage().maxRSS;

/** The same population source the generator uses, for the raw side: households until `households` are made. */
async function rowSource(db: Db): Promise<() => GeneratedHousehold> {
  const { counties, villages, scope } = await loadVillages(db.kysely, undefined);
  const allocator = createIdAllocator(counties, DEMO_AS_OF);
  const pop = createPopulation({ seed: SEED, scope, asOf: DEMO_AS_OF, counties, villages, allocator, now: NOW.toISOString() });
  return () => pop.next();
}

/** How many households the seed needs to reach PERSONS persons (generation only, nothing written). */
async function householdsFor(db: Db, persons: number): Promise<number> {
  const next = await rowSource(db);
  let n = 0;
  for (let p = 0; p < persons; n++) p += next().persons.length;
  return n;
}

interface RawResult {
  wall: number;
  sql: number;
  /** CPU seconds (user + system) of the whole raw run and of its SQL alone: steadier than wall time on a busy machine. */
  cpu: number;
  sqlCpu: number;
}

const cpuSeconds = (since?: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** Raw side: whole households buffered, flushed every TRANSACTION_PERSONS persons in one transaction. */
async function rawInsert(
  households: number,
  next: () => GeneratedHousehold,
  exec: { begin(): Promise<void> | void; commit(): Promise<void> | void; insert(table: BulkTable, rows: number, params: unknown[]): Promise<void> | void },
  dialect: DialectName,
  keys: KeyRing,
): Promise<RawResult> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let sqlTime = 0;
  let sqlCpu = 0;
  let buffers = emptyBuffers();
  for (let i = 0; i < households; i++) {
    appendHousehold(buffers, next(), keys);
    const pending = buffers.person.length / BULK_TABLES.person.length;
    if (i === households - 1 || pending >= TRANSACTION_PERSONS) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await exec.begin();
      for (const table of BULK_ORDER) {
        const cols = BULK_TABLES[table].length;
        const values = buffers[table];
        let start = 0;
        for (const n of statementSizes(values.length / cols, rowsPerStatement(dialect, table))) {
          await exec.insert(table, n, values.slice(start * cols, (start + n) * cols));
          start += n;
        }
      }
      await exec.commit();
      sqlTime += performance.now() - t0;
      sqlCpu += cpuSeconds(c0);
      buffers = emptyBuffers();
    }
  }
  return { wall: (performance.now() - started) / 1000, sql: sqlTime / 1000, cpu: cpuSeconds(cpuStart), sqlCpu };
}

function sqliteExec(raw: DatabaseSync) {
  const stmts = new Map<string, StatementSync>();
  return {
    begin: () => raw.exec('begin immediate'),
    commit: () => raw.exec('commit'),
    insert(table: BulkTable, rows: number, params: unknown[]) {
      const text = insertSql('sqlite', table, rows);
      let st = stmts.get(text);
      if (!st) stmts.set(text, (st = raw.prepare(text)));
      st.run(...(params as never[]));
    },
  };
}

async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of BULK_ORDER) {
    const r = await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/**
 * Digest of every generated row in key order, sealed values opened (each side has keys of its own, so neither the
 * sealed forms nor the keyed hashes compare): proves both sides hold the same rows.
 */
async function digestRows(db: Db): Promise<string> {
  const h = createHash('sha256');
  for (const t of BULK_ORDER) {
    const key = t === 'person_index' ? 'person_id' : 'id';
    let after = '';
    for (;;) {
      const rows = await db.kysely.selectFrom(t).select(BULK_TABLES[t] as never).where(key as never, '>', after as never).orderBy(key as never).limit(20_000).execute();
      for (const r of rows) h.update(JSON.stringify(comparableRow(db.keys, t, r as Record<string, unknown>)));
      if (rows.length < 20_000) break;
      after = (rows[rows.length - 1] as Record<string, string>)[key];
    }
  }
  return h.digest('hex').slice(0, 16);
}

function report(label: string, persons: number, gen: { seconds: number; cpu: number }, raw: RawResult): void {
  const r = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`${label} generator: ${gen.seconds.toFixed(2)} s wall, ${gen.cpu.toFixed(2)} s CPU; ${fmt(persons / gen.seconds)} persons/s`);
  console.log(`${label} raw SQL:   ${raw.wall.toFixed(2)} s wall, ${raw.cpu.toFixed(2)} s CPU (rows generated on the fly); SQL alone ${raw.sql.toFixed(2)} s wall, ${raw.sqlCpu.toFixed(2)} s CPU`);
  console.log(`${label} ratio generator / raw SQL alone = ${r(gen.seconds, raw.sql)} wall, ${r(gen.cpu, raw.sqlCpu)} CPU;  generator / raw run = ${r(gen.seconds, raw.wall)} wall, ${r(gen.cpu, raw.cpu)} CPU`);
}

async function sqliteBench(): Promise<void> {
  const dirs = [mkdtempSync(join(tmpdir(), 'doudi-bench-gen-')), mkdtempSync(join(tmpdir(), 'doudi-bench-raw-'))];
  try {
    const gen = await connect({ dataDir: dirs[0] });
    await prepareDatabase(gen, NOW);
    const households = await householdsFor(gen, PERSONS);
    console.log(`SQLite: ${fmt(households)} households for ≥ ${fmt(PERSONS)} persons (seed ${SEED})`);
    const rssBefore = peakRssKb();
    const c0 = process.cpuUsage();
    const rssAt: number[] = [];
    const r = await generateDemo(operatorContext(gen, { name: ACTOR.username, clock: () => NOW }), {
      households,
      seed: SEED,
      // Resident memory at each tenth of the run: flat once SQLite's cache and V8's heap have settled.
      onProgress: (done) => {
        if (done >= ((rssAt.length + 1) * households) / 10) rssAt.push(process.memoryUsage().rss / 1024);
      },
    });
    const genCpu = cpuSeconds(c0);
    const rssGen = peakRssKb();
    const genCounts = await counts(gen);
    const genDigest = args.verify ? await digestRows(gen) : null;
    await gen.close();

    const rawDb = await connect({ dataDir: dirs[1] });
    await prepareDatabase(rawDb, NOW);
    const next = await rowSource(rawDb);
    const rawKeys = rawDb.keys;
    await rawDb.close();
    const raw = openSqliteFile(join(dirs[1], 'doudi.sqlite'));
    const rawResult = await rawInsert(households, next, sqliteExec(raw), 'sqlite', rawKeys);
    raw.close();
    const check = await connect({ dataDir: dirs[1] });
    const rawCounts = await counts(check);
    const rawDigest = args.verify ? await digestRows(check) : null;
    await check.close();

    console.log(`SQLite rows: ${JSON.stringify(genCounts)}`);
    if (JSON.stringify(genCounts) !== JSON.stringify(rawCounts)) throw new Error(`row counts differ: raw ${JSON.stringify(rawCounts)}`);
    if (genDigest !== rawDigest) throw new Error(`row digests differ: ${genDigest} vs ${rawDigest}`);
    if (genDigest) console.log(`SQLite rows identical on both sides (digest ${genDigest})`);
    report('SQLite', r.persons, { seconds: r.seconds, cpu: genCpu }, rawResult);
    console.log(`SQLite peak RSS: ${mb(rssGen)} after the generator (${mb(rssBefore)} before it), ${mb(peakRssKb())} after the raw run`);
    console.log(`SQLite RSS during the generator at each 10%: ${rssAt.map((kb) => (kb / 1024).toFixed(0)).join(', ')} MB`);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * Kysely's migrator looks for its own tables in every schema unless told which one: with two schemas in one
 * database the second would be taken as migrated already. Naming the schema keeps them apart.
 */
async function migrateInSchema(db: Db, schema: string): Promise<void> {
  if (db.schema !== schema) throw new Error(`connected to schema ${db.schema}, not ${schema}`);
  await migrateToLatest(db);
}

async function pgBench(url: string): Promise<void> {
  const { sql } = await import('kysely');
  const pg = (await import('pg')).default;
  const suffix = `${process.pid}_${Date.now() % 100000}`;
  const schemas = [`bench_gen_${suffix}`, `bench_raw_${suffix}`];
  const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
  for (const s of schemas) await sql`create schema ${sql.id(s)}`.execute(admin.kysely);
  try {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'doudi-bench-keys-')), 'doudi.keys');
    const gen = await connect({ databaseUrl: url, pgSchema: schemas[0], keyFile });
    await migrateInSchema(gen, schemas[0]);
    await prepareDatabase(gen, NOW);
    const households = await householdsFor(gen, PERSONS);
    console.log(`PostgreSQL: ${fmt(households)} households for ≥ ${fmt(PERSONS)} persons`);
    const c0 = process.cpuUsage();
    const r = await generateDemo(operatorContext(gen, { name: ACTOR.username, clock: () => NOW }), { households, seed: SEED });
    const genCpu = cpuSeconds(c0);
    const genCounts = await counts(gen);
    await gen.close();

    const rawDb = await connect({ databaseUrl: url, pgSchema: schemas[1], keyFile });
    await migrateInSchema(rawDb, schemas[1]);
    await prepareDatabase(rawDb, NOW);
    const next = await rowSource(rawDb);
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schemas[1]}` });
    await client.connect();
    const rawResult = await rawInsert(
      households,
      next,
      {
        begin: async () => void (await client.query('begin')),
        commit: async () => void (await client.query('commit')),
        insert: async (table, rows, params) => void (await client.query({ name: `${table}_${rows}`, text: insertSql('postgres', table, rows), values: params })),
      },
      'postgres',
      rawDb.keys,
    );
    await client.end();
    const rawCounts = await counts(rawDb);
    await rawDb.close();
    if (JSON.stringify(genCounts) !== JSON.stringify(rawCounts)) throw new Error(`row counts differ: ${JSON.stringify(genCounts)} vs ${JSON.stringify(rawCounts)}`);
    console.log(`PostgreSQL rows: ${JSON.stringify(genCounts)}`);
    report('PostgreSQL', r.persons, { seconds: r.seconds, cpu: genCpu }, rawResult);
  } finally {
    for (const s of schemas) await sql`drop schema ${sql.id(s)} cascade`.execute(admin.kysely);
    await admin.close();
  }
}

await sqliteBench();
if (process.env.DOUDI_BENCH_DATABASE_URL) await pgBench(process.env.DOUDI_BENCH_DATABASE_URL);
