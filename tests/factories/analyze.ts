import type { Db } from '../../src/db/connect.ts';

/**
 * Gives PostgreSQL the statistics of tables a factory has just filled in bulk (a no-op on SQLite). A fresh table has
 * none until autovacuum comes round — late on a loaded machine — and without them the planner may pick a nested loop
 * over whole tables (seen: 171 s for the overdue-reviews page of 520 enrollments). A system in service has its
 * statistics; the tests should see the plans it sees.
 */
export async function analyzeAfterBulk(db: Db, tables: readonly string[]): Promise<void> {
  if (db.dialect !== 'postgres') return;
  const { sql } = await import('kysely');
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db.kysely);
}
