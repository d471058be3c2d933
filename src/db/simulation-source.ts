import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { DialectName } from './connect.ts';
import type { AssetItemTable, Database, HouseholdTable, IncomeItemTable, PersonTable } from './schema.ts';
import type { AreaScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The registry as a what-if simulation reads it: one county at a time, households in keyset batches over the
 * primary key (county_code, id), each batch with its members, its incomes summed per kind and its asset items — the
 * columns the one registry → situation mapping reads for a household unit
 * (src/commands/registry/situation-from-registry.ts), which sums incomes per kind itself: summing them here first
 * changes nothing but the rows carried. All members are read: the mapping, not the reader, decides who was a member in
 * the month. Four set-based queries per batch over the same household-id range; memory stays flat whatever the
 * registry's size: one batch is held at a time. Every query of a batch returns its rows ordered by household id (the
 * order of the indexes it reads), so the caller can match them without lookups; rows come back as the database gives
 * them. Nothing is written: the caller reads inside `readOnlySnapshot`.
 */
export type SourceHousehold = Pick<HouseholdTable, 'id' | 'county_code' | 'hukou_type' | 'registered_poor' | 'heating_mode' | 'heated_area_dm2'>;
export type SourcePerson = Pick<
  PersonTable,
  'household_id' | 'birth_date' | 'sex' | 'relation' | 'disability_kind' | 'disability_grade' | 'serious_illness' | 'labor_capacity' | 'self_care_mask' | 'supporter_status'
> &
  Partial<Pick<PersonTable, 'id'>>;
/** The household's income items of one kind (and, `withIds`, of one earner), summed: fen per year. */
export type SourceIncome = Pick<IncomeItemTable, 'household_id' | 'kind' | 'annual_fen'> & Partial<Pick<IncomeItemTable, 'person_id'>>;
export type SourceAsset = Pick<AssetItemTable, 'household_id' | 'kind' | 'value_fen' | 'quantity'>;

export interface RegistryBatch {
  county: string;
  households: SourceHousehold[];
  persons: SourcePerson[];
  incomes: SourceIncome[];
  assets: SourceAsset[];
}

export interface CountyReadOptions {
  scope: AreaScope;
  county: string;
  /** Households per batch. */
  batchSize?: number;
  /**
   * Person ids too, and incomes summed per earner and kind: what a mapping for one person (tekun, 单人保) needs to name
   * the person (the 应保尽保 outreach scan, ADR 0047). The simulation reads without them.
   */
  withIds?: boolean;
  /** Only these households of the county (one household's detail of the outreach list). */
  ids?: readonly string[];
}

/**
 * Households per batch: 1,000 keeps a batch's rows (~2,500 persons) in the CPU cache while the mapping reads them —
 * SQLite hands rows over as dictionary-mode objects, so each field read of a row that left the cache costs a miss
 * (bench/simulate.bench.ts, 1,000,000 persons: one thread ~10% less CPU than with 2,000) — at twice the statements
 * of 2,000, which PostgreSQL's round trips barely notice at this size.
 */
export const SIMULATION_BATCH = 1_000;

/** The counties of `counties` that the scope reaches. */
export function countiesInScope(scope: AreaScope, counties: readonly string[]): string[] {
  return counties.filter((c) => c.startsWith(scope.prefix.slice(0, 6)) && (scope.countyCode === null || scope.countyCode === c));
}

/** Villages narrower than a county: the scope filters on `area_code` too. */
const areaPrefix = (scope: AreaScope): string | null => (scope.prefix.length > 6 ? `${scope.prefix}%` : null);

/** Households per county within the scope (for progress, and to hand the largest counties out first). */
export async function countHouseholds(db: Q, scope: AreaScope, counties: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const like = areaPrefix(scope);
  for (const county of countiesInScope(scope, counties)) {
    let q = db.selectFrom('household').select(sql<number>`count(*)`.as('n')).where('county_code', '=', county);
    if (like) q = q.where('area_code', 'like', like);
    const r = await q.executeTakeFirstOrThrow();
    out.set(county, Number(r.n));
  }
  return out;
}

/** One county's households in batches, each household once. */
export async function* countyBatches(db: Q, opts: CountyReadOptions): AsyncGenerator<RegistryBatch> {
  const size = opts.batchSize ?? SIMULATION_BATCH;
  const { county } = opts;
  if (countiesInScope(opts.scope, [county]).length === 0) return;
  const like = areaPrefix(opts.scope);
  let after = '';
  for (;;) {
    let hq = db
      .selectFrom('household')
      .select(['id', 'county_code', 'hukou_type', 'registered_poor', 'heating_mode', 'heated_area_dm2'])
      .where('county_code', '=', county)
      .where('id', '>', after)
      .orderBy('id')
      .limit(size);
    if (like) hq = hq.where('area_code', 'like', like);
    if (opts.ids) hq = hq.where('id', 'in', opts.ids.length > 0 ? [...opts.ids] : ['']);
    const households = await hq.execute();
    if (households.length === 0) return;
    const last = households[households.length - 1].id;
    const range: Range = { county, after, last, like, ids: opts.ids ? households.map((h) => h.id) : undefined };
    const personColumns = ['household_id', 'birth_date', 'sex', 'relation', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status'] as const;
    const persons: SourcePerson[] = opts.withIds
      ? await inRange(db.selectFrom('person'), range)
          .select([...personColumns, 'id'])
          .orderBy('household_id')
          .execute()
      : await inRange(db.selectFrom('person'), range).select([...personColumns]).orderBy('household_id').execute();
    const incomes: SourceIncome[] = opts.withIds
      ? await inRange(db.selectFrom('income_item'), range)
          .select(['household_id', 'person_id', 'kind', sql<number>`sum(annual_fen)`.as('annual_fen')])
          .groupBy(['household_id', 'person_id', 'kind'])
          .orderBy('household_id')
          .execute()
      : await inRange(db.selectFrom('income_item'), range)
          .select(['household_id', 'kind', sql<number>`sum(annual_fen)`.as('annual_fen')])
          .groupBy(['household_id', 'kind'])
          .orderBy('household_id')
          .orderBy('kind')
          .execute();
    const assets = await inRange(db.selectFrom('asset_item'), range).select(['household_id', 'kind', 'value_fen', 'quantity']).orderBy('household_id').execute();
    yield { county, households, persons, incomes, assets };
    if (households.length < size) return;
    after = last;
  }
}

interface Range {
  county: string;
  after: string;
  last: string;
  like: string | null;
  /** The batch's households when only some were asked for: the child rows of those alone. */
  ids?: readonly string[];
}

/** The child-table conditions: households in (after, last] of the county and, for a narrow scope, in its villages. */
function inRange<QB>(qb: QB, r: Range): QB {
  // One builder type for three tables: the conditions name only columns all three share.
  let q = qb as unknown as SelectQueryBuilder<Database, 'person', object>;
  q = q.where('county_code', '=', r.county).where('household_id', '>', r.after).where('household_id', '<=', r.last);
  if (r.ids) q = q.where('household_id', 'in', [...r.ids]);
  if (r.like) {
    const like = r.like;
    q = q.where('household_id', 'in', (eb) =>
      eb
        .selectFrom('household')
        .select('household.id')
        .where('household.county_code', '=', r.county)
        .where('household.id', '>', r.after)
        .where('household.id', '<=', r.last)
        .where('household.area_code', 'like', like),
    );
  }
  return q as unknown as QB;
}

/**
 * Runs `fn` in one read-only snapshot of the database, on one connection: every batch sees the registry as it
 * stood when the simulation began, and the database itself refuses any write (PostgreSQL: a READ ONLY
 * repeatable-read transaction; SQLite: a deferred read transaction with `query_only` set, which takes no write
 * lock, so writers are not held up).
 */
export async function readOnlySnapshot<T>(db: Kysely<Database>, dialect: DialectName, fn: (q: Q) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    if (dialect === 'postgres') await sql`begin transaction isolation level repeatable read read only`.execute(conn);
    else {
      await sql`pragma query_only = 1`.execute(conn);
      await sql`begin deferred`.execute(conn);
    }
    try {
      return await fn(conn);
    } finally {
      await sql`rollback`.execute(conn);
      if (dialect === 'sqlite') await sql`pragma query_only = 0`.execute(conn);
    }
  });
}
