import { type Kysely, sql } from 'kysely';

/**
 * 特困供养：供养方式与护理等级 (issue 11 point 7, ADR 0027).
 *
 * - `tekun_institution`: a county's 供养服务机构 (name, address), where 集中供养 places a person. `synthetic` marks the
 *   demo county's labelled demo rows; `active` 0 keeps an institution that closed readable on old records.
 * - `tekun_care`: the placement (`home` 分散供养 / `institution` 集中供养 and which one) and the care level's
 *   assessment (the six self-care items failed as a bit mask, bits 0–5 eat, dress, bed, toilet, walk, bathe, as
 *   `person.self_care_mask`), with a level set by hand (`level_override`) that needs its reason. One row per owner and
 *   month: `owner` `case` is what the investigation recorded (the latest month wins), `enrollment` the dated history
 *   of a benefit (in force from `from_month` until the next row). Rows are never updated in place by a change: a
 *   change from a month writes that month's row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('tekun_institution')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tekun_institution_pk', ['county_code', 'id'])
    .execute();
  await s
    .createTable('tekun_care')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull().check(sql`owner in ('case', 'enrollment')`))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('from_month', 'text', (c) => c.notNull())
    .addColumn('placement', 'text', (c) => c.notNull().check(sql`placement in ('home', 'institution')`))
    .addColumn('institution_id', 'text')
    .addColumn('self_care_mask', 'integer', (c) => c.notNull().check(sql`self_care_mask >= 0 and self_care_mask < 64`))
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('level_override', 'text', (c) => c.check(sql`level_override in ('selfCare', 'partial', 'full')`))
    .addColumn('override_reason', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tekun_care_pk', ['county_code', 'owner', 'owner_id', 'from_month'])
    .addCheckConstraint('tekun_care_institution', sql`(placement = 'institution') = (institution_id is not null)`)
    .addCheckConstraint('tekun_care_override_reason', sql`level_override is null or override_reason is not null`)
    .execute();
  await s.createIndex('tekun_care_placement').on('tekun_care').columns(['county_code', 'owner', 'placement']).execute();
}
