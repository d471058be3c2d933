import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** 取暖方式: central heating (集中供暖), dispersed heating (分散取暖), none (无取暖). */
export const HEATING_MODES_SQL = "'central', 'dispersed', 'none'";

/**
 * A household's heating, both columns null or both right: central heating with its area, dispersed or none without one.
 * (Null mode = not recorded: existing households, and any household until someone records it.)
 */
// Null-safe (coalesce): a check passes when it is null, so a null mode must not make a comparison null.
export const HEATING_CONSISTENT = `(heating_mode is null and heated_area_dm2 is null)
  or (coalesce(heating_mode, '') = 'central' and heated_area_dm2 is not null)
  or (coalesce(heating_mode, '') in ('dispersed', 'none') and heated_area_dm2 is null)`;

/**
 * 取暖信息 The household's heating (issue 14 point 1, ADR 0042):
 * - `household.heating_mode`: central | dispersed | none; null = not recorded (every household written before this).
 * - `household.heated_area_dm2`: the heated floor area in hundredths of a square metre (1 dm² = 0.01 m²), an integer as
 *   money is in fen — exact and the same on both databases (SQLite has no exact decimal type); > 0 when given.
 * - The two agree (HEATING_CONSISTENT): central has an area, dispersed and none have none.
 * PostgreSQL adds the columns and a table check. SQLite adds the columns with column checks — SQLite's column checks
 * may name other columns of the row, so the cross-column rule rides on the area column and no table rebuild is needed
 * (`ALTER TABLE … ADD COLUMN` tests the checks against the rows already there: all null, all consistent).
 * Plausibility (1–1,000 m²) is the contract's (src/contracts/registry.ts), not the database's: the database says only
 * what can never be right.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw(`alter table household add column heating_mode text constraint household_heating_mode_check check (heating_mode in (${HEATING_MODES_SQL}))`).execute(db);
    await sql.raw('alter table household add column heated_area_dm2 integer constraint household_heated_area_positive check (heated_area_dm2 > 0)').execute(db);
    await sql.raw(`alter table household add constraint household_heating_consistent check (${HEATING_CONSISTENT})`).execute(db);
    return;
  }
  await sql.raw(`alter table household add column heating_mode text check (heating_mode in (${HEATING_MODES_SQL}))`).execute(db);
  await sql.raw(`alter table household add column heated_area_dm2 integer check (heated_area_dm2 > 0) constraint household_heating_consistent check (${HEATING_CONSISTENT})`).execute(db);
}
