/**
 * End-to-end runner: builds the web app, starts the real server on a fresh SQLite database in a temporary
 * directory, drives Debian's Chromium through playwright-core, and runs every `tests/e2e/*.e2e.ts`.
 *
 *   npm run test:e2e                       (or: npx node tests/e2e/run.ts [filter[,filter…]])
 *   E2E_SHARDS=n …                         run the files in n shards at the same time (default 1 = one after another)
 *   E2E_BASE_URL=http://127.0.0.1:3000 …   test a running system instead (E2E_USERNAME/E2E_PASSWORD; one shard)
 *   CHROMIUM_PATH=/path/to/chromium …      another browser binary (default /usr/bin/chromium)
 *   E2E_SKIP_BUILD=1 …                     reuse web/dist as it is (otherwise it is rebuilt when older than web/src)
 *
 * Shards: the web app is built once, then each shard is a child process (this file, given its files in E2E_SHARD_FILES)
 * with a system of its own — its own SQLite file or PostgreSQL schema, server port and Chromium — running its files one
 * after another in name order. tests/e2e/shards.ts splits the files by their typical seconds (longest first, to the
 * least loaded shard) and keeps together the files that read what another left. A shard's lines are printed as they
 * come, prefixed `[k/n]`; when all are done the runner prints every file's time in name order, then each failed file's
 * output in one piece, then `e2e: X passed, Y failed in Z s`. A shard that dies fails its unfinished files.
 * Most of a file's time is waiting (the pages, the server, the authenticator's 30-second steps): one shard used about
 * 200 s of CPU in its 657 s, so shards overlap on two cores. Measured on the 2-core machine while other work ran on it
 * (load 6–20, so noisy; 2026-12-05): the whole suite on SQLite took 657 s in one shard, 581 s and 707 s in two, 726 s in
 * three; four files, alternately, 153 and 141 s in one shard, 122 and 133 s in two. Under that load a few 15–20 s waits
 * in the tests ran out with two and three shards (none with one). Then a quiet fresh-clone CI run (2 cores, nothing
 * else running) settled it: two shards took 548 and 561 s against 571 s for the same files one after another the run
 * before — on two cores the browsers and servers are CPU-bound, and the two shards only share the same CPU. Hence 1 by
 * default (no second system racing for the CPU, no waits run out); shards stay for a machine with more cores.
 *
 * Screenshots go to `test-results/e2e/` (emptied at the start of a run), in `shard-k/` when there are shards. Exits 1
 * when any test fails or a shard does not end well.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { scratchDir } from '../factories/scratch-dir.ts';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { type Account, CHROMIUM_ARGS, type E2EContext, type E2ETest, makeScreenshot, makeStep, totpWaits } from './harness.ts';
import { planShards } from './shards.ts';
import { operatorContext } from '../../src/commands/context.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-results', 'e2e');
/** One shard unless E2E_SHARDS says otherwise (measured on the 2-core CI machine: see the comment at the top). */
const DEFAULT_SHARDS = 1;
const log = (line: string) => process.stdout.write(`${line}\n`);

interface System {
  baseUrl: string;
  caseworker: E2EContext['caseworker'];
  supervisor?: E2EContext['supervisor'];
  admin?: E2EContext['admin'];
  liaison?: Account;
  auditor?: Account;
  villageAssistant?: Account;
  reviewer?: Account;
  approver?: Account;
  countyAdmin?: Account;
  newApprover?: Account;
  resetWorker?: Account;
  clock?: E2EContext['clock'];
  auditEvents?: E2EContext['auditEvents'];
  payrollFixtures?: E2EContext['payrollFixtures'];
  caseFixtures?: E2EContext['caseFixtures'];
  povertyFixtures?: E2EContext['povertyFixtures'];
  rectificationFixtures?: E2EContext['rectificationFixtures'];
  stop: () => Promise<void>;
}

/** Builds the web app when web/dist is older than its sources (as `npm start` does): `npm run test:e2e` has just checked. */
function buildWeb(): void {
  if (process.env.E2E_SKIP_BUILD) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web-if-needed.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** The real server over a throw-away SQLite database, with one township caseworker of 新台子镇. */
async function startSystem(): Promise<System> {
  if (process.env.E2E_BASE_URL) {
    return {
      baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''),
      caseworker: {
        username: process.env.E2E_USERNAME ?? 'jingban',
        password: process.env.E2E_PASSWORD ?? 'Demo-2019-doudi',
        displayName: process.env.E2E_DISPLAY_NAME ?? '新台子镇经办 王强',
        area: process.env.E2E_AREA ?? '211221101000',
      },
      stop: async () => {},
    };
  }
  const { connect } = await import('../../src/db/connect.ts');
  const { prepareDatabase } = await import('../../src/commands/admin/bootstrap.ts');
  const { addUser } = await import('../../src/commands/admin/add-user.ts');
  const { buildServer } = await import('../../src/api/server.ts');

  // On PostgreSQL when the suite runs there (DOUDI_TEST_DATABASE_URL): a schema of its own, dropped afterwards.
  const pgUrl = process.env.DOUDI_TEST_DATABASE_URL;
  const dataDir = scratchDir('doudi-e2e-');
  const pgSchema = pgUrl ? `e2e_${randomBytes(6).toString('hex')}` : undefined;
  if (pgUrl && pgSchema) {
    const { sql } = await import('kysely');
    const admin = await connect({ databaseUrl: pgUrl, pgPoolSize: 1 });
    await sql`create schema ${sql.id(pgSchema)}`.execute(admin.kysely);
    await admin.close();
  }
  const db = pgUrl ? await connect({ databaseUrl: pgUrl, pgSchema, keyFile: join(dataDir, 'doudi.keys') }) : await connect({ dataDir });
  log(`e2e database: ${db.dialect}`);
  await prepareDatabase(db, new Date());
  const caseworker = {
    username: 'e2e_jingban',
    // Upper, lower, digit and symbol, whatever the random part: the password policy wants three classes.
    password: `Aa1-${randomBytes(12).toString('base64url')}`,
    displayName: '新台子镇经办 测试员',
    area: '211221101000',
  };
  await addUser(operatorContext(db, { name: 'system:e2e' }), {
    input: { username: caseworker.username, displayName: caseworker.displayName, role: 'township_caseworker', area: caseworker.area, password: caseworker.password },
  });
  // City-level accounts for the policy screens: the supervisor sees compliance, the administrator edits parameters.
  const cityAccount = (username: string, displayName: string) => ({ username, displayName, area: '211200000000', password: `Aa1-${randomBytes(12).toString('base64url')}` });
  const supervisor = cityAccount('e2e_dducha', '市局督查 测试员');
  const admin = cityAccount('e2e_sysadmin', '系统管理员 测试员');
  // The poverty-office liaison (issue 11 point 11): reference data only, so no registry screen to land on.
  const liaison = cityAccount('e2e_lianluo', '扶贫办联络员 测试员');
  // The auditor (issue 16 point 4): the audit browser.
  const auditor = cityAccount('e2e_shenji', '市审计 测试员');
  for (const [a, role] of [[supervisor, 'city_supervisor'], [admin, 'system_admin'], [liaison, 'poverty_liaison'], [auditor, 'auditor']] as const) {
    await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...a, role } });
  }
  // The other three users of the case procedure (issue 4): a village of the caseworker's township, the township, the county.
  const villageAssistant = { ...cityAccount('e2e_xieliyuan', '懿路村协理员 测试员'), area: '211221101200' };
  const reviewer = { ...cityAccount('e2e_shenhe', '新台子镇审核 测试员'), area: '211221101000' };
  const approver = { ...cityAccount('e2e_shenpi', '铁岭县审批 测试员'), area: '211221000000' };
  for (const [a, role] of [[villageAssistant, 'village_assistant'], [reviewer, 'township_reviewer'], [approver, 'county_approver']] as const) {
    await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...a, role } });
  }
  // Payment rolls (issue 5): the county's maker of rolls (the approver above checks them) and enrolled households to pay,
  // in a township of their own so that the case screens' lists stay as the other tests expect them.
  const countyAdmin = { ...cityAccount('e2e_xianjingban', '铁岭县经办 测试员'), area: '211221000000' };
  await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...countyAdmin, role: 'county_admin' } });
  // Administrators and approvers sign in with a second factor (ADR 0014): each gets an authenticator secret, from which
  // the harness computes codes with the same library the server checks them with.
  const { provisionSecondFactor } = await import('../../src/commands/auth/second-factor.ts');
  const { Secret } = await import('otpauth');
  for (const a of [admin, approver, countyAdmin] as Account[]) {
    a.totpSecret = new Secret({ size: 20 }).base32;
    await provisionSecondFactor(operatorContext(db, { name: 'system:e2e' }), { username: a.username, secret: a.totpSecret });
  }
  // The account screens (issue 9): an approver without an authenticator (enrols at first login) and a caseworker whose
  // password an administrator set (changes it at first login).
  const newApprover: Account = { ...cityAccount('e2e_xinshenpi', '铁岭县审批 新测试员'), area: '211221000000' };
  await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...newApprover, role: 'county_approver' } });
  const resetWorker: Account = { ...cityAccount('e2e_chongzhi', '新台子镇经办 重置'), area: '211221101000' };
  await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...resetWorker, role: 'township_caseworker', mustChangePassword: true } });
  const { enrollPopulation } = await import('../factories/payroll-population.ts');
  await enrollPopulation(db, { county: '211221', villages: ['211221102200'], households: 75, prefix: 'e2e', startMonth: '2019-01', individualEvery: 9 });
  // Periodic reviews (issue 5): four enrolled households in a village of the caseworker's township (东孤家子村), their first
  // reviews scheduled from 2019-01 as the batch does before a roll; reviews.e2e.ts finds them overdue at its day.
  await enrollPopulation(db, { county: '211221', villages: ['211221101201'], households: 4, prefix: 'e2r', startMonth: '2019-01' });
  const { scheduleMissingReviews } = await import('../../src/commands/enrollments/review-schedule.ts');
  const { loadParameterSet } = await import('../../src/commands/policy/parameters.ts');
  await scheduleMissingReviews(operatorContext(db, { name: 'system:e2e' }), { county: '211221', parameters: await loadParameterSet(db) });
  // 供养服务机构（演示）: the demo county's institutions for 集中供养 (tekun-care.e2e.ts, ADR 0027).
  const { seedDemoInstitutions } = await import('../../src/commands/demo/demo-institutions.ts');
  await seedDemoInstitutions(operatorContext(db, { name: 'system:e2e' }));
  // Real time unless a test sets a day (case notices run 7 days): 10:00 in China on that day.
  let fixed: Date | null = null;
  const clock = { set: (day: string) => void (fixed = new Date(`${day}T02:00:00Z`)), reset: () => void (fixed = null) };
  // The browser tests log in many times from 127.0.0.1: no rate limits. Security headers (CSP) are on as in production.
  const app = await buildServer({ db, webDist: join(ROOT, 'web/dist'), clock: () => fixed ?? new Date(), rateLimit: { login: false, api: false } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('server did not report a TCP port');
  return {
    baseUrl: `http://127.0.0.1:${addr.port}`,
    caseworker,
    supervisor,
    admin,
    liaison,
    auditor,
    villageAssistant,
    reviewer,
    approver,
    countyAdmin,
    newApprover,
    resetWorker,
    clock,
    payrollFixtures: {
      enroll: async ({ village, ...o }) => void (await enrollPopulation(db, { county: '211221', villages: [village ?? '211221102200'], ...o })),
      clearAccount: async (householdId) => {
        const { sealAccount } = await import('../../src/db/personal-data.ts');
        await db.kysely.updateTable('household').set(sealAccount(db.keys, null)).where('county_code', '=', '211221').where('id', '=', householdId).execute();
      },
    },
    rectificationFixtures: {
      // rectification.e2e.ts: a county of its own (西丰县 211223, untouched by the other files), its township caseworker and
      // county approver, one enrolled household paid dibao for 2019-03 by a roll built as the county's would be, and a
      // death record of its head dated January 2019 — as an accepted death-record import would leave it.
      deceasedStillPaid: async () => {
        const county = '211223';
        const caseworker: Account = { ...cityAccount('e2e_zg_jingban', '西丰乡镇经办 测试员'), area: '211223100000' };
        const approver: Account = { ...cityAccount('e2e_zg_shenpi', '西丰县审批 测试员'), area: '211223000000' };
        await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...caseworker, role: 'township_caseworker' } });
        await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...approver, role: 'county_approver' } });
        const reviewer: Account = { ...cityAccount('e2e_zg_shenhe', '西丰乡镇审核 测试员'), area: '211223100000' };
        await addUser(operatorContext(db, { name: 'system:e2e' }), { input: { ...reviewer, role: 'township_reviewer' } });
        approver.totpSecret = new Secret({ size: 20 }).base32;
        await provisionSecondFactor(operatorContext(db, { name: 'system:e2e' }), { username: approver.username, secret: approver.totpSecret });
        await enrollPopulation(db, { county, villages: ['211223100200'], households: 1, prefix: 'e2d', startMonth: '2019-01' });
        const { buildRoll } = await import('../../src/commands/payroll/build-roll.ts');
        await buildRoll(operatorContext(db, { name: 'system:e2e' }), { county, program: 'dibao', month: '2019-03' });
        const head = await db.kysely
          .selectFrom('person')
          .select(['id_hash', 'id_number_sealed', 'household_id'])
          .where('county_code', '=', county)
          .where('relation', '=', 'head')
          .where('household_id', 'like', 'e2d%')
          .executeTakeFirstOrThrow();
        await db.kysely
          .insertInto('death_record')
          .values({ id_hash: head.id_hash, id_number_sealed: head.id_number_sealed, died_on: '2019-01-20', import_id: 'e2e', imported_at: new Date().toISOString(), imported_by_name: 'system:e2e' })
          .execute();
        return { county, caseworker, reviewer, approver, householdId: head.household_id };
      },
    },
    caseFixtures: {
      markFromScreening: async (countyCode, id) => {
        await db.kysely.updateTable('assistance_case').set({ origin: 'screening' }).where('county_code', '=', countyCode).where('id', '=', id).execute();
      },
      overrideInForce: async (o) => {
        const { legacyOverride } = await import('../factories/policy.ts');
        const id = await legacyOverride(db, o);
        return async () => void (await db.kysely.deleteFrom('policy_override').where('id', '=', id).execute());
      },
    },
    povertyFixtures: {
      snapshot: async (o) => {
        const { insertPovertySnapshot } = await import('../factories/poverty.ts');
        const snap = await insertPovertySnapshot(db, { areaCode: o.areaCode, households: o.households });
        for (const [i, h] of o.households.entries()) {
          for (const [j, p] of h.persons.entries()) {
            if (!p.matchPersonId) continue;
            await db.kysely
              .updateTable('poverty_person')
              .set({ match_county: h.villageCode.slice(0, 6), match_person_id: p.matchPersonId, match_method: 'id' })
              .where('snapshot_id', '=', snap.snapshotId)
              .where('person_key', '=', snap.personKeys[i][j])
              .execute();
          }
        }
        return { snapshotId: snap.snapshotId };
      },
      enrolledSnapshot: async () => {
        const { insertPovertySnapshot } = await import('../factories/poverty.ts');
        const { PovertyMatchRepo } = await import('../../src/db/poverty-match-repo.ts');
        const { openIdNumber } = await import('../../src/db/personal-data.ts');
        const rows = await db.kysely
          .selectFrom('enrollment as e')
          .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'e.county_code').onRef('p.household_id', '=', 'e.household_id'))
          .select(['e.household_id', 'p.id', 'p.area_code', 'p.name', 'p.id_number_sealed', 'p.relation'])
          .where('e.county_code', '=', '211221')
          .orderBy('e.household_id')
          .limit(6)
          .execute();
        const byHousehold = new Map<string, typeof rows>();
        for (const r of rows) byHousehold.set(r.household_id, [...(byHousehold.get(r.household_id) ?? []), r]);
        const households = [...byHousehold.values()].map((members, i) => ({
          hhNo: `E2E${i + 1}`,
          villageCode: members[0].area_code,
          attribute: 'dibao' as const,
          persons: members.map((m) => ({ name: m.name, idNumber: openIdNumber(db.keys, m), relation: m.relation === 'head' ? '户主' : '其他' })),
        }));
        households.push({ hhNo: 'E2E9', villageCode: rows[0].area_code, attribute: 'dibao' as const, persons: [{ name: '王十五', idNumber: '211221700501123', relation: '户主' }] });
        const { snapshotId, personKeys } = await insertPovertySnapshot(db, { households });
        await new PovertyMatchRepo(db.kysely).matchById(snapshotId);
        // The enrolled population has no person_index rows: its persons matched by hand, as the ID pass would.
        for (const [i, members] of [...byHousehold.values()].entries()) {
          for (const [j, m] of members.entries()) {
            await db.kysely
              .updateTable('poverty_person')
              .set({ match_county: '211221', match_person_id: m.id, match_method: 'id', match_confidence: 100 })
              .where('snapshot_id', '=', snapshotId)
              .where('person_key', '=', personKeys[i][j])
              .execute();
          }
        }
      },
      // A poverty-office snapshot written straight into the tables and matched, as an accepted import would (poverty-match.e2e.ts).
      matchedSnapshot: async (o) => {
        const { insertPovertySnapshot } = await import('../factories/poverty.ts');
        const { matchSnapshot } = await import('../../src/commands/poverty/match-snapshot.ts');
        const { snapshotId } = await insertPovertySnapshot(db, o);
        await db.kysely.transaction().execute((trx) => matchSnapshot(trx, snapshotId));
        return snapshotId;
      },
    },
    auditEvents: async ({ action, entityId }) => {
      let q = db.kysely.selectFrom('audit_event').select(['at', 'actor_name', 'action', 'entity_type', 'entity_id', 'detail']).where('action', '=', action);
      if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
      const rows = await q.orderBy('at').orderBy('seq').execute();
      return rows.map((r) => ({
        at: r.at,
        actor: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
      }));
    },
    stop: async () => {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (pgUrl && pgSchema) {
        const { sql } = await import('kysely');
        const admin = await connect({ databaseUrl: pgUrl, pgPoolSize: 1 });
        await sql`drop schema ${sql.id(pgSchema)} cascade`.execute(admin.kysely);
        await admin.close();
      }
    },
  };
}

async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

interface FileResult {
  file: string;
  seconds: number;
  ok: boolean;
}

/** Runs `files` one after another against a system of its own (a fresh database, server and Chromium); logs as it goes. */
async function runFiles(files: string[], artifactsDir: string, onResult: (results: FileResult[]) => void = () => {}): Promise<FileResult[]> {
  const setUp = performance.now();
  const system = await startSystem();
  log(`e2e system ready in ${seconds(setUp)} s`);
  let browser: Browser | undefined;
  const results: FileResult[] = [];
  try {
    browser = await launchBrowser();
    log(`e2e against ${system.baseUrl}`);
    for (const file of files) {
      const fileStarted = performance.now();
      Object.assign(totpWaits, { ms: 0, count: 0 });
      log(file);
      const mod = (await import(join(HERE, file))) as { default: E2ETest };
      const t: E2EContext = {
        browser,
        baseUrl: system.baseUrl,
        caseworker: system.caseworker,
        ...(system.supervisor ? { supervisor: system.supervisor } : {}),
        ...(system.admin ? { admin: system.admin } : {}),
        ...(system.liaison ? { liaison: system.liaison } : {}),
        ...(system.auditor ? { auditor: system.auditor } : {}),
        ...(system.villageAssistant && system.reviewer && system.approver ? { villageAssistant: system.villageAssistant, reviewer: system.reviewer, approver: system.approver } : {}),
        ...(system.countyAdmin ? { countyAdmin: system.countyAdmin } : {}),
        ...(system.newApprover && system.resetWorker ? { newApprover: system.newApprover, resetWorker: system.resetWorker } : {}),
        ...(system.clock ? { clock: system.clock } : {}),
        ...(system.auditEvents ? { auditEvents: system.auditEvents } : {}),
        ...(system.payrollFixtures ? { payrollFixtures: system.payrollFixtures } : {}),
        ...(system.caseFixtures ? { caseFixtures: system.caseFixtures } : {}),
        ...(system.povertyFixtures ? { povertyFixtures: system.povertyFixtures } : {}),
        ...(system.rectificationFixtures ? { rectificationFixtures: system.rectificationFixtures } : {}),
        artifactsDir,
        step: makeStep(log, () => (browser ? browser.contexts().flatMap((c) => c.pages()) : [])),
        screenshot: makeScreenshot(artifactsDir),
      };
      let ok = true;
      try {
        await mod.default(t);
      } catch (e) {
        ok = false;
        log(`    ${(e as Error).stack ?? String(e)}`);
      }
      results.push({ file, seconds: Number(seconds(fileStarted)), ok });
      onResult(results);
      const waited = totpWaits.count > 0 ? `, ${(totpWaits.ms / 1000).toFixed(1)} s waiting for ${totpWaits.count} authenticator steps` : '';
      log(`  (${file}: ${seconds(fileStarted)} s${waited})`);
    }
  } finally {
    await browser?.close();
    await system.stop();
  }
  return results;
}

/** The number of shards asked for: E2E_SHARDS, else DEFAULT_SHARDS; one when testing a running system (one clock, one database). */
function shardCount(): number {
  if (process.env.E2E_BASE_URL) return 1;
  const asked = process.env.E2E_SHARDS ?? String(DEFAULT_SHARDS);
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 1) throw new Error(`E2E_SHARDS must be a whole number from 1: ${asked}`);
  return n;
}

interface ShardRun {
  label: string;
  files: string[];
  lines: string[];
  results: FileResult[];
  exit: string | null;
  seconds: number;
}

/** Runs one shard as a child process (this file, told its files), its output prefixed with `[k/n] ` as it comes. */
function runShard(k: number, n: number, files: string[], resultsDir: string): Promise<ShardRun> {
  const label = `${k}/${n}`;
  const resultFile = join(resultsDir, `shard-${k}.json`);
  const run: ShardRun = { label, files, lines: [], results: [], exit: null, seconds: 0 };
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    cwd: ROOT,
    env: {
      ...process.env,
      E2E_SKIP_BUILD: '1',
      E2E_SHARD: label,
      E2E_SHARD_FILES: files.join(','),
      E2E_SHARD_ARTIFACTS: join(ARTIFACTS, `shard-${k}`),
      E2E_SHARD_RESULT: resultFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const take = (line: string) => {
    run.lines.push(line);
    log(`[${label}] ${line}`);
  };
  const outDone = new Promise<void>((r) => createInterface({ input: child.stdout }).on('line', take).on('close', r));
  const errDone = new Promise<void>((r) => createInterface({ input: child.stderr }).on('line', take).on('close', r));
  return new Promise((resolve) => {
    child.on('close', async (code, signal) => {
      children.delete(child);
      await Promise.all([outDone, errDone]);
      run.seconds = Number(seconds(started));
      if (existsSync(resultFile)) run.results = JSON.parse(readFileSync(resultFile, 'utf8')) as FileResult[];
      // 0 when every file passed, 1 when one failed; anything else (a crash, a system that would not start or stop) is
      // the shard's own failure, whatever its files did.
      const complete = run.results.length === files.length;
      const expected = complete && run.results.every((x) => x.ok) ? 0 : 1;
      if (!complete || code !== expected) {
        run.exit = `${signal ? `was killed by ${signal}` : `exited with code ${code}`}${complete ? '' : ` after ${run.results.length} of ${files.length} files`}`;
      }
      resolve(run);
    });
  });
}

/** A file's lines in its shard's output: from its name to its `(file: N s)` line, or to the end when the shard died in it. */
function blockOf(lines: string[], file: string): string[] {
  const from = lines.indexOf(file);
  if (from < 0) return [];
  const to = lines.findIndex((l, i) => i > from && l.startsWith(`  (${file}: `));
  return lines.slice(from, to < 0 ? lines.length : to + 1);
}

const children = new Set<ChildProcess>();
let resultsDir: string | undefined;
const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

async function main(): Promise<number> {
  // A shard started by the runner below: its files, its artifacts folder, its results written for the runner.
  if (process.env.E2E_SHARD_FILES !== undefined) {
    const resultFile = process.env.E2E_SHARD_RESULT;
    const results = await runFiles(process.env.E2E_SHARD_FILES.split(','), process.env.E2E_SHARD_ARTIFACTS ?? ARTIFACTS, (so) => {
      if (resultFile) writeFileSync(resultFile, JSON.stringify(so));
    });
    const failed = results.filter((r) => !r.ok).length;
    log(`shard ${process.env.E2E_SHARD}: ${results.length - failed} passed, ${failed} failed in ${seconds(started)} s`);
    return failed === 0 ? 0 : 1;
  }

  // `run.ts registry` runs the files whose name contains "registry"; `run.ts cases,payroll` those of either.
  const filters = (process.argv[2] ?? '').split(',').filter((f) => f !== '');
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.e2e.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
    .sort();
  if (files.length === 0) {
    log('no e2e tests matched');
    return 1;
  }
  rmSync(ARTIFACTS, { recursive: true, force: true });
  const plan = planShards(files, shardCount());
  buildWeb();

  if (plan.length === 1) {
    const results = await runFiles(files, ARTIFACTS);
    const failed = results.filter((r) => !r.ok).length;
    log(`e2e: ${files.length - failed} passed, ${failed} failed in ${seconds(started)} s`);
    return failed === 0 ? 0 : 1;
  }

  for (const [i, shard] of plan.entries()) log(`e2e shard ${i + 1}/${plan.length}: ${shard.join(' ')}`);
  resultsDir = mkdtempSync(join(tmpdir(), 'doudi-e2e-shards-'));
  const dir = resultsDir;
  const runs = await Promise.all(plan.map((shard, i) => runShard(i + 1, plan.length, shard, dir)));

  // Grouped once all are done: every file's time (name order), then each failure's output in one piece.
  log('');
  log('e2e shards:');
  for (const r of runs) log(`  shard ${r.label}: ${r.files.length} files in ${r.seconds} s${r.exit ? ` — ${r.exit}` : ''}`);
  const byFile = new Map(runs.flatMap((r) => r.results.map((x) => [x.file, { ...x, shard: r.label }] as const)));
  for (const file of files) {
    const r = byFile.get(file);
    log(r ? `  (${file}: ${r.seconds} s)${r.ok ? '' : ' FAILED'}` : `  (${file}: not finished) FAILED`);
  }
  let failed = 0;
  for (const r of runs) {
    for (const file of r.files) {
      const result = byFile.get(file);
      if (result?.ok) continue;
      failed++;
      log('');
      const block = blockOf(r.lines, file);
      log(`── ${file} ${result ? 'failed' : block.length > 0 ? 'did not finish' : 'did not run'} (shard ${r.label}) ──`);
      for (const line of block) log(line);
    }
    if (r.exit) {
      // A shard that died, or did not start or stop its system: its last lines say why.
      log('');
      log(`── shard ${r.label} ${r.exit} ──`);
      for (const line of r.lines.slice(-20)) log(line);
    }
  }
  log(`e2e: ${files.length - failed} passed, ${failed} failed in ${seconds(started)} s`);
  return failed === 0 && runs.every((r) => !r.exit) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });
}

main()
  .finally(() => resultsDir && rmSync(resultsDir, { recursive: true, force: true }))
  .then(
    (code) => process.exit(code),
    (e) => {
      log(`e2e runner failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );

// A deadlock (e.g. a transaction awaiting itself on SQLite) empties the event loop without settling `main`: Node would
// then exit 0 having run nothing. Say so and fail instead.
process.on('beforeExit', () => {
  log('e2e runner stalled: the event loop emptied before the tests finished');
  process.exit(1);
});
