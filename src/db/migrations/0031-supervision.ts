import { type Kysely, sql } from 'kysely';

/** The statuses of a finding: open (to be answered), answered (the township's action and evidence given), closed (verified). */
export const FINDING_STATUSES = "'open', 'answered', 'closed'";
/** What a finding's history records. */
export const FINDING_EVENTS = "'found', 'reopened', 'answered', 'sent_back', 'closed', 'campaign'";
/** 问责措施 the measures of an accountability record: 约谈, 通报批评, 诫勉, 移交纪检, other. */
export const ACCOUNTABILITY_MEASURES = "'interview', 'criticism', 'admonition', 'discipline_referral', 'other'";

/**
 * 监督检查 Supervision (issue 16 points 1, 2, 6; ADR 0046):
 * - two indexes of `payroll_line` the rules join by (household; enrollment and month).
 * - `death_record`: an imported death-record file's rows, city-wide, keyed by the ID number's keyed hash (the number
 *   itself sealed as every ID number, ADR 0012) with the date of death and the import that brought it.
 * - `supervision_run`: a run of the anomaly rules (a job: owner and heartbeat as payroll's, ADR 0046), over the city or
 *   one county, its rules, the counties done (the resume point), progress, result and error.
 * - `finding_candidate`: what a run's rules found in a county, staged before the county's merge (keyed by the run;
 *   removed by the merge, so nothing half-found is ever read as a finding).
 * - `finding`: one likely error, keyed (county_code, id), unique per (county_code, fingerprint) where the fingerprint
 *   is the rule and its subject; the area it belongs to (`area_code`: the village, township or the county's
 *   `XXXXXX000000`), the subject's ids, the facts (JSON, masked), when first and last found, the run that last saw it,
 *   its status and the rectification's columns (the township's answer, the verification, the deadline in working
 *   days, the campaign it belongs to).
 * - `finding_history`: every change of a finding's status (found, reopened, answered, sent back, closed), numbered.
 * - `supervision_campaign`: a campaign (e.g. 2019 农村低保专项治理) grouping findings of an area and a period.
 * - `accountability_record`: 责任追究 from a finding, the responsible users, what failed, the measure and who decided.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  // The rules read a county's roll lines by household (payments to the deceased, one person on two rolls) and by
  // enrollment and month (payments after a stop): without these SQLite would scan the lines once per subject.
  await s.createIndex('payroll_line_household').on('payroll_line').columns(['county_code', 'household_id', 'benefit_month']).execute();
  await s.createIndex('payroll_line_enrollment').on('payroll_line').columns(['county_code', 'enrollment_id', 'benefit_month']).execute();
  await s
    .createTable('death_record')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('id_number_sealed', 'text', (c) => c.notNull())
    .addColumn('died_on', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by_name', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('supervision_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('manual', 'nightly')`))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('counties', 'text', (c) => c.notNull())
    .addColumn('counties_done', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('run_day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('heartbeat_at', 'text')
    .execute();
  await s.createIndex('supervision_run_recent').on('supervision_run').columns(['area_code', 'created_at']).execute();
  await s
    .createTable('finding_candidate')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('roll_id', 'text')
    .addColumn('line_seq', 'integer')
    .addColumn('facts', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('finding_candidate_run').on('finding_candidate').columns(['run_id', 'county_code', 'fingerprint']).execute();
  await s
    .createTable('supervision_campaign')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('supervision_campaign_period', sql`starts_on <= ends_on`)
    .execute();
  await s
    .createTable('finding')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text')
    .addColumn('village_code', 'text')
    .addColumn('household_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('roll_id', 'text')
    .addColumn('line_seq', 'integer')
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${FINDING_STATUSES})`)))
    .addColumn('first_found_at', 'text', (c) => c.notNull())
    .addColumn('last_found_at', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'text', (c) => c.notNull())
    .addColumn('seen_in_last_run', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.references('supervision_campaign.id'))
    // The rectification (整改): the township's answer, the county's or city's verification.
    .addColumn('answer_action', 'text')
    .addColumn('answer_evidence', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_by_name', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('sent_back_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_by', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('close_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_pk', ['county_code', 'id'])
    .addUniqueConstraint('finding_fingerprint', ['county_code', 'fingerprint'])
    .addCheckConstraint('finding_closed', sql`(status = 'closed') = (closed_at is not null)`)
    .execute();
  await s.createIndex('finding_area').on('finding').columns(['county_code', 'area_code', 'status']).execute();
  await s.createIndex('finding_rule').on('finding').columns(['county_code', 'rule', 'status']).execute();
  await s
    .createTable('finding_history')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull().check(sql.raw(`event in (${FINDING_EVENTS})`)))
    .addColumn('run_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('finding_history_pk', ['county_code', 'finding_id', 'seq'])
    .addForeignKeyConstraint('finding_history_finding', ['county_code', 'finding_id'], 'finding', ['county_code', 'id'])
    .execute();
  await s
    .createTable('accountability_record')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text', (c) => c.notNull())
    .addColumn('failure', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull().check(sql.raw(`measure in (${ACCOUNTABILITY_MEASURES})`)))
    .addColumn('measure_note', 'text')
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('accountability_record_pk', ['county_code', 'id'])
    .addForeignKeyConstraint('accountability_record_finding', ['county_code', 'finding_id'], 'finding', ['county_code', 'id'])
    .addCheckConstraint('accountability_record_texts', sql`length(failure) > 0 and length(responsible) > 2`)
    .execute();
}

