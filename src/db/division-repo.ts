import type { Kysely, Transaction } from 'kysely';
import type { Database, DivisionTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Division codes are reference data: small, the same for everyone, readable without an area scope. */
export async function getDivision(db: Q, code: string): Promise<DivisionTable | undefined> {
  return db.selectFrom('division').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Whether any division is loaded yet (a first start loads Tieling's). */
export async function divisionsLoaded(db: Q): Promise<boolean> {
  return (await db.selectFrom('division').select('code').limit(1).executeTakeFirst()) !== undefined;
}

/** Loads division codes, updating those already there, in one transaction; cached names are dropped after it. */
export async function putDivisions(db: Kysely<Database>, rows: readonly DivisionTable[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('division')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), parent_code: eb.ref('excluded.parent_code'), county_code: eb.ref('excluded.county_code') })))
        .execute();
    }
  });
  forgetDivisionNames();
}

/** The villages (and communities) whose codes begin with `prefix`, each with its township's name, by code. */
export async function villagesUnder(db: Q, prefix: string): Promise<{ code: string; name: string; township: string }[]> {
  return db
    .selectFrom('division as v')
    .innerJoin('division as t', 't.code', 'v.parent_code')
    .select(['v.code as code', 'v.name as name', 't.name as township'])
    .where('v.level', '=', 'village')
    .where('v.code', 'like', `${prefix}%`)
    .orderBy('v.code')
    .execute();
}

/**
 * Divisions whose name contains `text` or whose code begins with it (a name or a code typed in a search box), by
 * code, at most `limit`, each with its parent's name. `text` holds no LIKE wildcard (the caller strips them).
 */
export async function searchDivisions(db: Q, text: string, limit: number): Promise<(DivisionTable & { parent_name: string | null })[]> {
  return db
    .selectFrom('division as d')
    .leftJoin('division as p', 'p.code', 'd.parent_code')
    .selectAll('d')
    .select('p.name as parent_name')
    .where((eb) => (/^\d+$/.test(text) ? eb('d.code', 'like', `${text}%`) : eb('d.name', 'like', `%${text}%`)))
    .orderBy('d.code')
    .limit(limit)
    .execute();
}

export async function childDivisions(db: Q, parentCode: string): Promise<DivisionTable[]> {
  return db.selectFrom('division').selectAll().where('parent_code', '=', parentCode).orderBy('code').execute();
}

export async function divisionPath(db: Q, code: string): Promise<DivisionTable[]> {
  const path: DivisionTable[] = [];
  let cur: string | null = code;
  while (cur) {
    const d = await getDivision(db, cur);
    if (!d) break;
    path.unshift(d);
    cur = d.parent_code;
  }
  return path;
}

/**
 * Division names are reference data read on every list page (each row's village), and change only when an operator
 * loads a new division table. They are kept per database handle for NAME_TTL_MS, so a busy list costs no query for
 * them (bench/api.bench.ts); `forgetDivisionNames` drops them at once after a load in this process.
 */
const NAME_TTL_MS = 10 * 60_000;
/** Per database handle: the names read, and the load generation they were read in. */
const nameCache = new WeakMap<object, { generation: number; names: Map<string, { name: string; until: number }> }>();
let generation = 0;

export function forgetDivisionNames(): void {
  generation++;
}

export async function divisionNames(db: Q, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  let entry = nameCache.get(db);
  if (!entry || entry.generation !== generation) nameCache.set(db, (entry = { generation, names: new Map() }));
  const cache = entry.names;
  const now = Date.now();
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const c of unique) {
    const hit = cache.get(c);
    if (hit && hit.until > now) out.set(c, hit.name);
    else missing.push(c);
  }
  if (missing.length === 0) return out;
  const rows = await db.selectFrom('division').select(['code', 'name']).where('code', 'in', missing).execute();
  for (const r of rows) {
    out.set(r.code, r.name);
    if (cache.size >= 20_000) cache.clear();
    cache.set(r.code, { name: r.name, until: now + NAME_TTL_MS });
  }
  return out;
}
