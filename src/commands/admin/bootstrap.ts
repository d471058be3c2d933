import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/connect.ts';
import { calendarSeeded } from '../../db/calendar-repo.ts';
import { divisionsLoaded } from '../../db/division-repo.ts';
import { operatorContext } from '../context.ts';
import { loadDivisions, TIELING_PREFIX } from './load-divisions.ts';
import { seedOfficialCalendar } from './seed-calendar.ts';

/**
 * Brings a database to the current schema and makes sure reference data is there: Tieling's divisions and the
 * official working-day calendar. Safe to run on every start (each step is idempotent). Not a use case: the composition
 * roots run it when they open the database, before anyone acts, so its queries are outside any area (ADR 0024).
 */
export async function prepareDatabase(db: Db, now: Date, log: (msg: string) => void = () => {}): Promise<{ fresh: boolean }> {
  const applied = await migrateToLatest(db);
  if (applied.length) log(`迁移 migrations applied: ${applied.join(', ')}`);
  const any = await divisionsLoaded(db.kysely);
  if (!any) {
    const { loaded } = await loadDivisions(operatorContext(db, { name: 'system:bootstrap', clock: () => now }), { prefix: TIELING_PREFIX });
    log(`区划 divisions loaded: ${loaded} (铁岭市 Tieling)`);
  }
  if (!(await calendarSeeded(db.kysely))) {
    const { days, years } = await seedOfficialCalendar(db, now);
    log(`日历 calendar: ${days} official days, ${years[0]}–${years[years.length - 1]}`);
  }
  await refreshPlannerStatistics(db);
  return { fresh: !any };
}

/**
 * Keeps the query planner's statistics current. Without them SQLite picks the area index for a name search and walks
 * a whole county (bench/api.bench.ts). `PRAGMA optimize` is cheap when nothing changed; 0x10002 also analyses tables
 * that were never analysed. PostgreSQL's autovacuum does this by itself; bulk loads call `analyzeAll`.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') await sql`PRAGMA optimize=0x10002`.execute(db.kysely);
}

/** After a bulk load (demo generation): full statistics on either database. */
export async function analyzeAll(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db.kysely);
}
