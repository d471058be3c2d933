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

export async function divisionNames(db: Q, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('division').select(['code', 'name']).where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
