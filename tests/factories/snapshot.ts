import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';

/** Tables that hold case data, and the audit trail: what "changes nothing" is checked against. */
export const CASE_TABLES = ['household', 'person', 'person_index', 'income_item', 'asset_item'] as const satisfies readonly (keyof Database)[];
export const WATCHED_TABLES = [...CASE_TABLES, 'audit_event', 'audit_head', 'app_user', 'calendar_day', 'calendar_year'] as const satisfies readonly (keyof Database)[];

/**
 * Every row of the given tables, in a stable order and with values normalised across SQLite and PostgreSQL,
 * as one string: two snapshots are equal exactly when nothing in those tables changed. A refused request leaves one
 * thing behind on purpose — its own `access.refused` audit event (issue 9 point 17), committed a moment after the
 * answer — so those events, and the chain heads they move, are not part of "changed".
 */
export async function snapshotTables(db: Db, tables: readonly (keyof Database)[] = WATCHED_TABLES): Promise<string> {
  const parts: Record<string, string[]> = {};
  for (const t of tables) {
    if (t === 'audit_head') continue;
    let rows = (await db.kysely.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    if (t === 'audit_event') rows = rows.filter((r) => r.action !== 'access.refused').map(({ seq: _s, prev_hash: _p, hash: _h, ...r }) => r);
    parts[t] = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, r[k] === null || r[k] === undefined ? null : String(r[k])]),
        ),
      )
      .sort();
  }
  return JSON.stringify(parts);
}

export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const r = await db.kysely.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
