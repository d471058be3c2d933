import type { Kysely, Transaction } from 'kysely';
import type { Database, DivisionTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Division codes are reference data: small, the same for everyone, readable without an area scope. */
export async function getDivision(db: Q, code: string): Promise<DivisionTable | undefined> {
  return db.selectFrom('division').selectAll().where('code', '=', code).executeTakeFirst();
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
