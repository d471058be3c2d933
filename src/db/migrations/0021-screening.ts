import { type Kysely, sql } from 'kysely';

/**
 * 集中排查 The screening campaign and its ledger (核查台账), issue 12 point 5, ADR 0035.
 *
 * - `screening_campaign`: one per scope (a county's 12-digit code, or the city for every county) and year, opened over
 *   the latest poverty-registry snapshot of each county in scope (`snapshots`, JSON `[{ county, snapshotId }]`), with a
 *   deadline on the working-day calendar; open until closed (every row concluded), then read-only.
 * - `screening_row`: one row per registered-poor household of those snapshots, assigned to its township and village
 *   (`area_code` = the household's village, so the area scope of every other table applies). The methods used, the
 *   findings and the engine's assessment are JSON; the conclusion and, when a case was opened from the row, the case
 *   (`case_county`, `case_id`; the case carries `origin = 'screening'` and is found from the row by that index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('screening_campaign')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('snapshots', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'closed')`))
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('opened_by_id', 'text', (c) => c.notNull())
    .addColumn('opened_by_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_by_id', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('screening_campaign_scope_year').unique().on('screening_campaign').columns(['area_code', 'year']).execute();

  await s
    .createTable('screening_row')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('hh_no', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('attribute', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exit_year', 'integer')
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('matched_household_id', 'text')
    /** JSON: the programs of the enrollments in force when the campaign opened (the finding "already on dibao/tekun"). */
    .addColumn('covered_at_open', 'text', (c) => c.notNull())
    .addColumn('methods', 'text', (c) => c.notNull())
    .addColumn('findings', 'text')
    .addColumn('assessment', 'text')
    .addColumn('conclusion', 'text', (c) => c.check(sql`conclusion in ('covered', 'eligible', 'single_person', 'not_eligible', 'referred')`))
    .addColumn('conclusion_detail', 'text')
    .addColumn('concluded_on', 'text')
    .addColumn('case_county', 'text')
    .addColumn('case_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by_id', 'text')
    .addColumn('updated_by_name', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('screening_row_pk', ['campaign_id', 'county_code', 'hh_no'])
    .execute();
  await s.createIndex('screening_row_area').on('screening_row').columns(['campaign_id', 'county_code', 'area_code']).execute();
  await s.createIndex('screening_row_case').on('screening_row').columns(['case_county', 'case_id']).execute();
}
