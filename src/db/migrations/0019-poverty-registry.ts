import { type Kysely, sql } from 'kysely';

/**
 * 建档立卡 The poverty office's registry as doudi keeps it (issue 12, ADR 0032).
 *
 * - `poverty_snapshot`: one accepted import of the office's file — the area it covers, the day it stands for, the digest
 *   of its normalised content (the same file again is a no-op), its counts and its difference from the previous
 *   snapshot of the same area.
 * - `poverty_household`, `poverty_person`: the snapshot's rows. A person's `person_key` is stable across snapshots: the
 *   keyed hash of the 18-digit ID number (15-digit numbers converted) or, without a valid number, a keyed hash of the
 *   household number and name. ID numbers are sealed like the registry's (ADR 0012). The person's match to doudi's
 *   registry (by ID number, by a confirmed suggestion, or a suggestion waiting for a caseworker) is kept on the row.
 * - `poverty_snapshot_change`: what changed from the previous snapshot (households and persons added, removed, changed,
 *   and which fields).
 * - `poverty_match_decision`: a caseworker's confirmation or rejection of a suggested match, keyed by the person's
 *   stable key and doudi's person, so it holds for later snapshots.
 * - `assistance_case.origin`: where a case came from — null (an application) or 'screening' (a ledger row of the
 *   concentrated screening, whose cases need the four deliberations and two disclosures before township review).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('assistance_case').addColumn('origin', 'text').execute();
  await s
    .createTable('poverty_snapshot')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('content_digest', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('persons', 'integer', (c) => c.notNull())
    .addColumn('added_households', 'integer', (c) => c.notNull())
    .addColumn('removed_households', 'integer', (c) => c.notNull())
    .addColumn('changed_households', 'integer', (c) => c.notNull())
    .addColumn('added_persons', 'integer', (c) => c.notNull())
    .addColumn('removed_persons', 'integer', (c) => c.notNull())
    .addColumn('changed_persons', 'integer', (c) => c.notNull())
    .addColumn('previous_id', 'text')
    .addColumn('imported_by_id', 'text', (c) => c.notNull())
    .addColumn('imported_by_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('poverty_snapshot_area').on('poverty_snapshot').columns(['area_code', 'imported_at']).execute();
  await s.createIndex('poverty_snapshot_digest').on('poverty_snapshot').columns(['area_code', 'content_digest']).execute();

  await s
    .createTable('poverty_household')
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('hh_no', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('attribute', 'text', (c) => c.notNull().check(sql`attribute in ('general', 'dibao', 'tekun')`))
    .addColumn('poverty_cause', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('poor', 'out')`))
    .addColumn('exit_year', 'integer')
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('poverty_household_pk', ['snapshot_id', 'hh_no'])
    .execute();
  await s.createIndex('poverty_household_area').on('poverty_household').columns(['snapshot_id', 'county_code', 'village_code']).execute();

  await s
    .createTable('poverty_person')
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('hh_no', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('id_number_sealed', 'text')
    .addColumn('id_hash', 'text')
    .addColumn('id_form', 'text', (c) => c.notNull().check(sql`id_form in ('18', '15', 'invalid')`))
    .addColumn('birth_date', 'text')
    .addColumn('sex', 'text')
    .addColumn('labor_capacity', 'text', (c) => c.notNull())
    .addColumn('health', 'text', (c) => c.notNull().check(sql`health in ('healthy', 'chronic', 'serious', 'disabled')`))
    .addColumn('disability_grade', 'integer')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('match_county', 'text')
    .addColumn('match_person_id', 'text')
    .addColumn('match_method', 'text', (c) => c.check(sql`match_method in ('id', 'confirmed', 'suggested')`))
    .addColumn('match_confidence', 'integer')
    .addPrimaryKeyConstraint('poverty_person_pk', ['snapshot_id', 'person_key'])
    .execute();
  await s.createIndex('poverty_person_household').on('poverty_person').columns(['snapshot_id', 'hh_no']).execute();
  await s.createIndex('poverty_person_id_hash').on('poverty_person').columns(['id_hash']).execute();
  await s.createIndex('poverty_person_match').on('poverty_person').columns(['snapshot_id', 'match_county', 'match_person_id']).execute();
  await s.createIndex('poverty_person_area').on('poverty_person').columns(['snapshot_id', 'county_code', 'village_code']).execute();

  await s
    .createTable('poverty_snapshot_change')
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('household', 'person')`))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('added', 'removed', 'changed')`))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    /** JSON: the fields that changed, `[{ field, before, after }]` (ID numbers never shown in full). */
    .addColumn('fields', 'text')
    .addPrimaryKeyConstraint('poverty_snapshot_change_pk', ['snapshot_id', 'kind', 'key'])
    .execute();

  await s
    .createTable('poverty_match_decision')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('confirmed', 'rejected')`))
    .addColumn('snapshot_id', 'text', (c) => c.notNull())
    .addColumn('decided_by_id', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poverty_match_decision_pk', ['person_key', 'county_code', 'person_id'])
    .execute();
}
