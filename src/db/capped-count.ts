import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A list page's total, counted no further than a bound: exact whenever it is at most the bound, otherwise the bound
 * with `totalCapped` set (the real count is larger). See docs/decisions/0010-capped-page-totals.md.
 */
export interface PageTotal {
  total: number;
  totalCapped: boolean;
}

/** Totals are counted in steps of this many rows, so a capped total reads as a round figure ("1,000+"). */
export const COUNT_STEP = 1_000;

/** How many pages past the one shown a total always covers, so that paging forward is never cut short. */
export const LOOKAHEAD_PAGES = 10;

/**
 * The number of rows to count for a page at `offset`: the smallest multiple of `step` that covers this page and the
 * LOOKAHEAD_PAGES after it. A user who keeps paging forward moves the bound with them (2,000, 3,000 …), and the cost
 * of the count stays in proportion to the depth the page query itself must read through anyway.
 */
export function countBound(offset: number, pageSize: number, step: number = COUNT_STEP): number {
  return Math.max(1, Math.ceil((offset + pageSize * LOOKAHEAD_PAGES) / step)) * step;
}

/**
 * The total a page already tells without counting: a page shorter than `pageSize` (and not past the end) is the last,
 * so the list holds exactly `offset + returned` rows. Most searches (a full name, an ID number) end on their first page.
 */
export function totalOfShortPage(offset: number, pageSize: number, returned: number): PageTotal | null {
  if (returned >= pageSize || (returned === 0 && offset > 0)) return null;
  return { total: offset + returned, totalCapped: false };
}

/**
 * Counts the rows of `rows` (a filtered query without selections, ordering or paging) up to `bound`:
 * `select count(*) from (select 1 … limit bound + 1)`. The database stops reading at the row past the bound, so the
 * cost is at most bound + 1 index entries, where an exact `count(*)` walks every matching row of a county.
 */
export async function cappedCount(
  db: Kysely<Database> | Transaction<Database>,
  rows: SelectQueryBuilder<Database, any, object>,
  bound: number,
): Promise<PageTotal> {
  const r = await sql<{ n: number | string }>`select ${countUpTo(rows, bound)} as n`.execute(db);
  return totalUpTo(Number(r.rows[0]?.n ?? 0), bound);
}

/**
 * The same count as a scalar subquery, to be selected beside a page's rows (`.select(countUpTo(q, b).as('capped_n'))`):
 * the page and its total in one statement (ADR 0011). Read it back with `totalUpTo`.
 */
export function countUpTo(rows: SelectQueryBuilder<Database, any, object>, bound: number) {
  const limited = rows.select(sql<number>`1`.as('one')).limit(bound + 1);
  return sql<number | string>`(select count(*) from (${limited}) as capped)`;
}

/** The page total a count of at most bound + 1 rows means: exact up to the bound, capped past it. */
export function totalUpTo(n: number, bound: number): PageTotal {
  return n > bound ? { total: bound, totalCapped: true } : { total: n, totalCapped: false };
}
