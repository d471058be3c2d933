import type { Kysely, Transaction } from 'kysely';
import { appendAudit, appendAuditBatch } from '../../db/audit.ts';
import { householdStateOf } from '../../db/audit-state.ts';
import { analyzeAll } from '../admin/bootstrap.ts';
import { keysOf } from '../../db/connect.ts';
import { getDivision, villagesUnder } from '../../db/division-repo.ts';
import { openIdNumber } from '../../db/personal-data.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { readMeta, writeMeta } from '../../db/meta-repo.ts';
import type { Database } from '../../db/schema.ts';
import { normaliseDivisionCode } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/plain-date.ts';
import { TIELING_PREFIX } from '../admin/load-divisions.ts';
import { type CommandContext, auditActor, requireOperator } from '../context.ts';
import { createBulkWriter } from './bulk-writer.ts';
import { createIdAllocator, type IdAllocator } from './id-allocator.ts';
import { createPopulation, type VillageRef } from './population.ts';

/**
 * 生成合成演示数据 Generates a synthetic population into the registry (households flagged `synthetic = 1`),
 * streaming: households are generated one by one and written in multi-row batches, one transaction per
 * ~TRANSACTION_PERSONS persons, always at a household boundary. Memory stays flat whatever the size.
 *
 * Audited and resumable (ADR 0005): each transaction appends one event per household it writes, carrying the
 * household's state (audit verify --deep), and records the run's progress in `meta` (`demo.run:<scope>:<seed>`);
 * the last one also appends the run's summary event. A run that was interrupted is taken up again by the same
 * command with the same seed: the households already written are generated again and skipped (the generator is a
 * function of the seed), the others written, so the population ends complete and each household once. A seed whose
 * run completed is refused (its ids would repeat).
 */
export interface GenerateDemoOptions {
  households: number;
  seed: string;
  /** 6- or 12-digit county code; the whole city when absent. */
  county?: string;
  /** The day ages refer to (default DEMO_AS_OF, fixed so that a seed always gives the same population). */
  asOf?: PlainDate;
  onProgress?: (householdsDone: number, total: number) => void;
  /** Persons per transaction (tests make it small to exercise several transactions). */
  transactionPersons?: number;
}

export interface GenerateDemoResult {
  /** The whole population of the run (a resumed run counts the households written before the interruption too). */
  households: number;
  persons: number;
  incomes: number;
  assets: number;
  seconds: number;
  scope: string;
  asOf: PlainDate;
  /** Households found already written by an interrupted run of this seed (0: a fresh run). */
  resumedFrom: number;
}

/** Progress of a run, in `meta`, written in the same transaction as each batch. */
interface RunRecord {
  households: number;
  asOf: string;
  done: number;
}

const runKey = (scope: string, seed: string) => `demo.run:${scope}:${seed}`;

export const DEMO_AS_OF = '2026-01-01' as PlainDate;
export const MAX_DEMO_HOUSEHOLDS = 10_000_000;
export const TRANSACTION_PERSONS = 10_000;

export async function generateDemo(ctx: CommandContext, opts: GenerateDemoOptions): Promise<GenerateDemoResult> {
  // Synthetic data for the whole city is the server's own business: the operator's (CLI, first start, tests).
  requireOperator(ctx.actor);
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  const started = performance.now();
  const { households: total, seed } = opts;
  if (!Number.isSafeInteger(total) || total < 1 || total > MAX_DEMO_HOUSEHOLDS) {
    throw new AppError(
      'DEMO_HOUSEHOLDS_RANGE',
      { zh: `户数须为 1 至 ${MAX_DEMO_HOUSEHOLDS} 之间的整数`, en: `The number of households must be a whole number from 1 to ${MAX_DEMO_HOUSEHOLDS}` },
      { field: 'households' },
    );
  }
  if (typeof seed !== 'string' || seed.length === 0 || seed.length > 100) {
    throw new AppError('DEMO_SEED_FORMAT', { zh: '种子须为 1 至 100 个字符', en: 'The seed must be 1 to 100 characters' }, { field: 'seed' });
  }
  const asOf = opts.asOf ?? DEMO_AS_OF;
  if (parsePlainDate(asOf) === null) {
    throw new AppError('DEMO_AS_OF_FORMAT', { zh: '参照日期须为 YYYY-MM-DD', en: 'The reference day must be YYYY-MM-DD' }, { field: 'asOf' });
  }
  const { counties, villages, scope } = await loadVillages(db.kysely, opts.county);
  const record = await readRun(db.kysely, scope, seed);
  const startAt = resumePoint(record, { households: total, asOf, seed });
  const allocator = createIdAllocator(counties, asOf);
  const registry = new RegistryRepo(db.kysely, scopeOf(ctx.actor.areaCode));
  await markExistingIds(registry, allocator);

  const now = ctx.clock().toISOString();
  const population = createPopulation({ seed, scope, asOf, counties, villages, allocator, now });
  const writer = createBulkWriter(db.dialect, db.keys);
  const perTransaction = opts.transactionPersons ?? TRANSACTION_PERSONS;
  const counts = { households: 0, persons: 0, incomes: 0, assets: 0 };

  let states: { chain: string; id: string; after: unknown }[] = [];
  for (let i = 0; i < total; i++) {
    const h = population.next();
    if (i === 0 && !record) await refuseUsedSeed(registry, h.household.county_code, h.household.id, seed);
    counts.households++;
    counts.persons += h.persons.length;
    counts.incomes += h.incomes.length;
    counts.assets += h.assets.length;
    // Written before the interruption: generated again only to move the stream on.
    if (i < startAt) continue;
    writer.add(h);
    states.push({ chain: h.household.county_code, id: h.household.id, after: householdStateOf(db.keys, h.household, { members: h.persons, incomes: h.incomes, assets: h.assets }) });
    const last = i === total - 1;
    if (last || writer.pendingPersons >= perTransaction) {
      const batch = states;
      states = [];
      await db.kysely.transaction().execute(async (trx) => {
        await writer.flush(trx);
        await appendAuditBatch(
          trx,
          batch.map((s) => ({ actor, at: now, input: { chain: s.chain, action: 'demo.household', entityType: 'household', entityId: s.id, after: s.after, detail: { synthetic: true, seed } } })),
        );
        await writeRun(trx, scope, seed, { households: total, asOf, done: i + 1 });
        if (last) {
          await appendAudit(
            trx,
            actor,
            { chain: scope, action: 'demo.generate', entityType: 'household', detail: { ...counts, synthetic: true, ...(startAt > 0 ? { resumedFrom: startAt } : {}) } },
            now,
          );
        }
      });
      opts.onProgress?.(counts.households, total);
    }
  }
  // A bulk load changes the data's shape: give the planner fresh statistics before anyone searches it.
  await analyzeAll(db);
  return { ...counts, seconds: (performance.now() - started) / 1000, scope, asOf, resumedFrom: startAt };
}

async function readRun(db: Kysely<Database>, scope: string, seed: string): Promise<RunRecord | null> {
  const value = await readMeta(db, runKey(scope, seed));
  return value ? (JSON.parse(value) as RunRecord) : null;
}

async function writeRun(trx: Transaction<Database>, scope: string, seed: string, r: RunRecord): Promise<void> {
  await writeMeta(trx, runKey(scope, seed), JSON.stringify(r));
}

/** Where a run of this seed starts: 0 for a new one, the households done for an interrupted one with the same parameters. */
function resumePoint(record: RunRecord | null, want: { households: number; asOf: string; seed: string }): number {
  if (!record) return 0;
  if (record.done >= record.households) throw seedUsed(want.seed);
  if (record.households !== want.households || record.asOf !== want.asOf) {
    throw new AppError(
      'DEMO_RUN_INCOMPLETE',
      {
        zh: `种子 ${want.seed} 的上次生成中断于 ${record.done}/${record.households} 户：请用相同参数（--households ${record.households}${record.asOf !== DEMO_AS_OF ? ` --as-of ${record.asOf}` : ''}）重新运行以完成它`,
        en: `The last run of seed ${want.seed} stopped at ${record.done}/${record.households} households: run it again with the same parameters (--households ${record.households}${record.asOf !== DEMO_AS_OF ? ` --as-of ${record.asOf}` : ''}) to complete it`,
      },
      { field: 'households', status: 409, details: { done: record.done, households: record.households, asOf: record.asOf } },
    );
  }
  return record.done;
}

/** An interrupted run of this seed in this scope, if any (seedDemoIfEmpty completes it). */
export async function incompleteRun(db: Kysely<Database>, scope: string, seed: string): Promise<RunRecord | null> {
  const r = await readRun(db, scope, seed);
  return r && r.done < r.households ? r : null;
}

function seedUsed(seed: string): AppError {
  return new AppError(
    'DEMO_SEED_USED',
    { zh: `种子 ${seed} 已在本数据库生成过数据，请换一个种子`, en: `Seed ${seed} has already been generated into this database; use another seed` },
    { field: 'seed', status: 409 },
  );
}

/** Tieling's villages (or one county's), each with its township's name for addresses; `scope` is "city" or the county. */
export async function loadVillages(db: Kysely<Database>, county: string | undefined): Promise<{ counties: string[]; villages: VillageRef[]; scope: string }> {
  let prefix = TIELING_PREFIX;
  if (county !== undefined) {
    let code: string;
    try {
      code = normaliseDivisionCode(county);
    } catch {
      throw unknownCounty(county);
    }
    if ((await getDivision(db, code))?.level !== 'county') throw unknownCounty(county);
    prefix = code.slice(0, 6);
  }
  const rows = await villagesUnder(db, prefix);
  if (rows.length === 0) {
    throw new AppError('DEMO_NO_VILLAGES', { zh: '所选范围内没有村（社区）区划', en: 'No villages or communities in the chosen area' }, { field: 'county' });
  }
  const counties = [...new Set(rows.map((r) => r.code.slice(0, 6)))];
  const index = new Map(counties.map((c, i) => [c, i]));
  const villages = rows.map((r) => {
    const community = /社区|居委会|居民委员会/.test(r.name);
    const short = r.name.replace(/村民委员会$/, '村').replace(/居民委员会$|委员会$/, '');
    return { code: r.code, countyIndex: index.get(r.code.slice(0, 6)) ?? 0, place: `${r.township}${short}`, community };
  });
  return { counties, villages, scope: county === undefined ? 'city' : prefix };
}

function unknownCounty(text: string): AppError {
  return new AppError(
    'DEMO_COUNTY_UNKNOWN',
    { zh: `不是已加载的县级区划：${text}`, en: `Not a loaded county-level division: ${text}` },
    { field: 'county' },
  );
}

/**
 * Numbers already registered — entered by hand or generated earlier — are never handed out again. They are sealed
 * (ADR 0012), so every registered number in the city is opened once and the allocator marks those of the counties it
 * serves (a person registered in one county may carry another's region code): keyset batches, memory flat.
 */
async function markExistingIds(registry: RegistryRepo, allocator: IdAllocator): Promise<void> {
  const keys = keysOf(registry.db);
  let after: { county: string; id: string } | null = null;
  for (;;) {
    const rows = await registry.sealedIdNumbers(after, 10_000);
    for (const r of rows) allocator.markUsed(openIdNumber(keys, r));
    if (rows.length < 10_000) break;
    const last = rows[rows.length - 1];
    after = { county: last.county_code, id: last.id };
  }
}

async function refuseUsedSeed(registry: RegistryRepo, county: string, id: string, seed: string): Promise<void> {
  if (await registry.getHousehold(county, id)) throw seedUsed(seed);
}
