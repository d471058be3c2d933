/**
 * Benchmark of the poverty-registry import (issue 12 point 10, ADR 0032): writes a file of N persons (default 200,000)
 * in the template's layout — households of 1–4 in Tieling's villages, 5 % legacy 15-digit numbers, 2 % without a number
 * — into a fresh SQLite database (or PostgreSQL with DOUDI_BENCH_DATABASE_URL=postgres://…), imports it as the city's
 * snapshot, then a second file with a tenth of the households changed (the difference against the first), and prints
 * each import's time and the process's peak RSS (the reader's worker included).
 *
 *   npx node bench/poverty-import.bench.ts [--persons 200000] [--format csv|xlsx] [--files DIR]
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { prepareDatabase } from '../src/commands/admin/bootstrap.ts';
import { CITY_AREA, type CommandContext } from '../src/commands/context.ts';
import { importPovertySnapshot } from '../src/commands/poverty/import-snapshot.ts';
import { POVERTY_COLUMNS } from '../src/commands/poverty/poverty-columns.ts';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.ts';
import { checkDigit } from '../src/kernel/id-number.ts';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '200000' },
    format: { type: 'string', default: 'csv' },
    'import-file': { type: 'string' },
    'data-dir': { type: 'string' },
    'key-file': { type: 'string' },
    'as-of': { type: 'string' },
    'reader-only': { type: 'boolean', default: false },
    /** A directory the files are written to once and read from by later runs (default: a fresh one, removed). */
    files: { type: 'string' },
  },
});
const PERSONS = Number(args.persons);
const FORMAT = args.format === 'xlsx' ? 'xlsx' : 'csv';
/** A name for a number (names hold no digits): base 20 over common characters. */
const POOL = '建国秀英明华丽伟军芳玉兰志强平霞金成海德';
const nameOf = (n: number) => {
  let s = '';
  for (let x = n; ; x = Math.floor(x / 20)) {
    s += POOL[x % 20];
    if (x < 20) break;
  }
  return `王${s}`;
};
/**
 * This process's peak RSS in MB: VmHWM, the high-water mark of the process image since its exec. Not getrusage's
 * maxRSS: Linux carries over into an exec'd child the RSS its parent had when it forked, so a child spawned by a parent
 * holding 180 MB reported 180 MB "before" doing anything.
 */
const peakMb = () => {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {}
  return Math.round(process.resourceUsage().maxRSS / 1024);
};

const url = process.env.DOUDI_BENCH_DATABASE_URL;
const ctxOf = (db: Awaited<ReturnType<typeof connect>>): CommandContext => ({ db, clock: () => new Date(), actor: { userId: 'bench', username: 'bench', displayName: '基准测试', role: 'poverty_liaison', areaCode: CITY_AREA } });

if (args['import-file'] && args['reader-only']) {
  // The child, reading only: the bounded reader's part of the peak (its worker thread's heap included).
  const { normaliseSheet } = await import('../src/commands/uploads/bounded-reader.ts');
  const { POVERTY_FILE_LIMITS } = await import('../src/commands/uploads/limits.ts');
  const before = peakMb();
  const started = performance.now();
  const out = join(mkdtempSync(join(tmpdir(), 'doudi-reader-')), 'rows.csv');
  await normaliseSheet({ path: args['import-file'], format: FORMAT, limits: POVERTY_FILE_LIMITS, out, rowNumbers: true });
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, peakBeforeMb: before, peakMb: peakMb() }) + '\n');
  rmSync(dirname(out), { recursive: true, force: true });
  process.exit(0);
}
if (args['import-file']) {
  // The child: one import in a fresh process, as the server would run it; its own peak RSS reported.
  const db = await connect(url ? { databaseUrl: url, pgSchema: args['data-dir'] as string, keyFile: args['key-file'] } : { dataDir: args['data-dir'] as string, sqliteFile: 'bench.sqlite' });
  try {
    const before = peakMb();
    const started = performance.now();
    // The peak of each phase: the high-water mark read as the next phase starts (and at the end).
    const phases: Record<string, number> = {};
    const detail: Record<string, string> = {};
    let phase = '';
    let phaseStart = started;
    const note = () => {
      const m0 = process.memoryUsage();
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      if ((globalThis as { gc?: () => void }).gc) detail[`${phase} before gc`] = `rss ${Math.round(m0.rss / 1048576)} heap ${Math.round(m0.heapUsed / 1048576)}/${Math.round(m0.heapTotal / 1048576)}`;
      detail[phase] = `${((performance.now() - phaseStart) / 1000).toFixed(1)} s, rss ${Math.round(m.rss / 1048576)} heap ${Math.round(m.heapUsed / 1048576)}/${Math.round(m.heapTotal / 1048576)} ext ${Math.round(m.external / 1048576)}`;
      phaseStart = performance.now();
    };
    const r = await importPovertySnapshot(ctxOf(db), {
      file: args['import-file'],
      format: FORMAT,
      asOf: args['as-of'],
      onPhase: (p) => {
        if (phase) {
          phases[phase] = peakMb();
          note();
        }
        phase = p;
      },
    });
    phases[phase] = peakMb();
    note();
    const seconds = (performance.now() - started) / 1000;
    if (r.outcome !== 'accepted') throw new Error(`refused: ${JSON.stringify(r.problems.slice(0, 3))}`);
    process.stdout.write(JSON.stringify({ seconds, persons: r.persons, added: r.added, removed: r.removed, changed: r.changed, peakBeforeMb: before, peakMb: peakMb(), phases, detail }) + '\n');
  } finally {
    await db.close();
  }
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'doudi-poverty-bench-'));
if (args.files) mkdirSync(args.files, { recursive: true });
const schema = `bench_poverty_${process.pid}`;
// On PostgreSQL: a schema of its own (dropped afterwards) and a key file in the run's directory, for the child too.
const keyFile = join(dir, 'pg.keys');
if (url) {
  const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
  await admin.close();
}
const db = await connect(url ? { databaseUrl: url, pgSchema: schema, keyFile } : { dataDir: dir, sqliteFile: 'bench.sqlite' });
try {
  await prepareDatabase(db, new Date());
  const villages = (await db.kysely.selectFrom('division').select('code').where('level', '=', 'village').orderBy('code').execute()).map((v) => v.code);

  /** The file, streamed out: household h's persons are a pure function of (h, variant), so nothing is held. */
  async function writeFile(path: string, variant: number): Promise<number> {
    if (args.files && existsSync(path)) {
      let h = 0;
      for (let written = 0; written < PERSONS; h++) written += Math.min(1 + (h % 4), PERSONS - written);
      return h;
    }
    const header = POVERTY_COLUMNS.map((c) => c.header);
    let written = 0;
    let h = 0;
    const rows: string[][] = [];
    const ws = FORMAT === 'csv' ? createWriteStream(path) : null;
    const ExcelJS = FORMAT === 'xlsx' ? (await import('exceljs')).default : null;
    const wb = ExcelJS ? new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true }) : null;
    const sheet = wb?.addWorksheet('建档立卡人口');
    const emit = async (r: string[]) => {
      if (sheet) sheet.addRow(r).commit();
      else {
        rows.push(r);
        if (rows.length >= 2000) {
          if (!ws!.write(stringify(rows.splice(0)))) await once(ws!, 'drain');
        }
      }
    };
    await emit(header);
    while (written < PERSONS) {
      const village = villages[h % villages.length];
      const size = Math.min(1 + (h % 4), PERSONS - written);
      const changed = variant > 0 && h % 10 === 0;
      for (let m = 0; m < size; m++) {
        const n = written + m;
        const birth = `19${String(30 + (n % 60)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
        const first17 = `${village.slice(0, 6)}${birth}${String((Math.floor(n / 336) % 999) + 1).padStart(3, '0')}`;
        const id18 = first17 + checkDigit(first17);
        const id = n % 50 === 7 ? '' : n % 20 === 3 ? id18.slice(0, 6) + id18.slice(8, 17) : id18;
        await emit([`P${String(h).padStart(8, '0')}`, '', '', village, nameOf(h * 4), nameOf(h * 4 + m), id, m === 0 ? '户主' : '之子', changed ? '低保贫困户' : '一般贫困户', '因病', changed ? '未脱贫' : '已脱贫', changed ? '' : '2018', '普通劳动力', m === 2 ? '长期慢性病' : '健康', '']);
      }
      written += size;
      h++;
    }
    if (ws) {
      ws.write(stringify(rows));
      ws.end();
      await once(ws, 'finish');
    } else {
      sheet!.commit();
      await wb!.commit();
    }
    return h;
  }

  for (const variant of [0, 1]) {
    const path = join(args.files ?? dir, `poverty-${PERSONS}-${variant}.${FORMAT}`);
    const households = await writeFile(path, variant);
    const bytes = statSync(path).size;
    if (variant === 0) {
      const reader = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--import-file', path, '--format', FORMAT, '--reader-only'], { encoding: 'utf8', env: process.env });
      if (reader.status !== 0) throw new Error(`the reader failed: ${reader.stderr}`);
      const r = JSON.parse(reader.stdout.trim().split('\n').pop() as string);
      process.stdout.write(`${FORMAT} reader alone (bounded reader, its worker included): ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb} MB (${r.peakBeforeMb} MB before it)\n`);
    }
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--import-file', path, '--format', FORMAT, '--data-dir', url ? schema : dir, '--key-file', keyFile, '--as-of', variant ? '2026-06-30' : '2025-12-31'], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`the import failed: ${child.stderr}`);
    if (process.env.DOUDI_TRACE) process.stderr.write(child.stderr);
    const r = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    // The RSS and the calling thread's heap at each phase's end (after a full collection when run with --expose-gc).
    if (process.env.DOUDI_TRACE) process.stderr.write(`${JSON.stringify(r.detail)}\n`);
    process.stdout.write(
      `${db.dialect} ${FORMAT} import ${variant ? 'second (diff)' : 'first'}: ${r.persons.toLocaleString('en-US')} persons, ${households.toLocaleString('en-US')} households, ${(bytes / 1048576).toFixed(1)} MB file — ` +
        `${r.seconds.toFixed(1)} s; added ${JSON.stringify(r.added)} removed ${JSON.stringify(r.removed)} changed ${JSON.stringify(r.changed)}; peak RSS of the importing process ${r.peakMb} MB (${r.peakBeforeMb} MB before the import; high-water mark after each phase, and its time: ${Object.entries(r.phases).map(([k, v]) => `${k} ${v} MB ${r.detail[k].split(',')[0]}`).join(', ')})\n`,
    );
  }
} finally {
  await db.close();
  if (url) {
    const admin = await connect({ databaseUrl: url, pgPoolSize: 1 });
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely);
    await admin.close();
  }
  rmSync(dir, { recursive: true, force: true });
}
