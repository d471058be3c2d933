import type { Kysely } from 'kysely';
import { type AuditActor, appendAudit } from '../../db/audit.ts';
import { analyzeAll } from '../admin/bootstrap.ts';
import { type Db, keysOf } from '../../db/connect.ts';
import { openIdNumber } from '../../db/personal-data.ts';
import type { Database } from '../../db/schema.ts';
import { normaliseDivisionCode } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/plain-date.ts';
import { TIELING_PREFIX } from '../admin/load-divisions.ts';
import { createBulkWriter } from './bulk-writer.ts';
import { createIdAllocator, type IdAllocator } from './id-allocator.ts';
import { createPopulation, type VillageRef } from './population.ts';

/**
 * 生成合成演示数据 Generates a synthetic population into the registry (households flagged `synthetic = 1`),
 * streaming: households are generated one by one and written in multi-row batches, one transaction per
 * ~TRANSACTION_PERSONS persons, always at a household boundary, so an interrupted run leaves whole households.
 * Memory stays flat whatever the size. One audit event records the run (counts only) in the last transaction.
 */
export interface GenerateDemoOptions {
  households: number;
  seed: string;
  /** 6- or 12-digit county code; the whole city when absent. */
  county?: string;
  /** The day ages refer to (default DEMO_AS_OF, fixed so that a seed always gives the same population). */
  asOf?: PlainDate;
  actor: AuditActor;
  now?: Date;
  onProgress?: (householdsDone: number, total: number) => void;
  /** Persons per transaction (tests make it small to exercise several transactions). */
  transactionPersons?: number;
}

export interface GenerateDemoResult {
  households: number;
  persons: number;
  incomes: number;
  assets: number;
  seconds: number;
  scope: string;
  asOf: PlainDate;
}

export const DEMO_AS_OF = '2026-01-01' as PlainDate;
export const MAX_DEMO_HOUSEHOLDS = 10_000_000;
export const TRANSACTION_PERSONS = 10_000;

export async function generateDemo(db: Db, opts: GenerateDemoOptions): Promise<GenerateDemoResult> {
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
  const allocator = createIdAllocator(counties, asOf);
  await markExistingIds(db.kysely, allocator);

  const now = (opts.now ?? new Date()).toISOString();
  const population = createPopulation({ seed, scope, asOf, counties, villages, allocator, now });
  const writer = createBulkWriter(db.dialect, db.keys);
  const perTransaction = opts.transactionPersons ?? TRANSACTION_PERSONS;
  const counts = { households: 0, persons: 0, incomes: 0, assets: 0 };

  for (let i = 0; i < total; i++) {
    const h = population.next();
    if (i === 0) await refuseUsedSeed(db.kysely, h.household.county_code, h.household.id, seed);
    writer.add(h);
    counts.households++;
    counts.persons += h.persons.length;
    counts.incomes += h.incomes.length;
    counts.assets += h.assets.length;
    const last = i === total - 1;
    if (last || writer.pendingPersons >= perTransaction) {
      await db.kysely.transaction().execute(async (trx) => {
        await writer.flush(trx);
        if (last) {
          await appendAudit(
            trx,
            opts.actor,
            { chain: scope, action: 'demo.generate', entityType: 'household', detail: { ...counts, synthetic: true } },
            now,
          );
        }
      });
      opts.onProgress?.(counts.households, total);
    }
  }
  // A bulk load changes the data's shape: give the planner fresh statistics before anyone searches it.
  await analyzeAll(db);
  return { ...counts, seconds: (performance.now() - started) / 1000, scope, asOf };
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
    const row = await db.selectFrom('division').select('level').where('code', '=', code).executeTakeFirst();
    if (row?.level !== 'county') throw unknownCounty(county);
    prefix = code.slice(0, 6);
  }
  const rows = await db
    .selectFrom('division as v')
    .innerJoin('division as t', 't.code', 'v.parent_code')
    .select(['v.code as code', 'v.name as name', 't.name as township'])
    .where('v.level', '=', 'village')
    .where('v.code', 'like', `${prefix}%`)
    .orderBy('v.code')
    .execute();
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
async function markExistingIds(db: Kysely<Database>, allocator: IdAllocator): Promise<void> {
  const keys = keysOf(db);
  let after: { county: string; id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('person').select(['county_code', 'id', 'id_number_sealed']).orderBy('county_code').orderBy('id').limit(10_000);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('county_code', '>', a.county), eb.and([eb('county_code', '=', a.county), eb('id', '>', a.id)])]));
    }
    const rows = await q.execute();
    for (const r of rows) allocator.markUsed(openIdNumber(keys, r));
    if (rows.length < 10_000) break;
    const last = rows[rows.length - 1];
    after = { county: last.county_code, id: last.id };
  }
}

async function refuseUsedSeed(db: Kysely<Database>, county: string, id: string, seed: string): Promise<void> {
  const hit = await db.selectFrom('household').select('id').where('county_code', '=', county).where('id', '=', id).executeTakeFirst();
  if (hit) {
    throw new AppError(
      'DEMO_SEED_USED',
      { zh: `种子 ${seed} 已在本数据库生成过数据，请换一个种子`, en: `Seed ${seed} has already been generated into this database; use another seed` },
      { field: 'seed', status: 409 },
    );
  }
}
