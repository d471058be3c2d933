import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/**
 * 四议两公开 The four deliberation stages and the two disclosures of a case (issue 12 point 6, ADR 0036).
 *
 * - `case_deliberation_stage`: one meeting of the four — 党支部提议 (proposal), 村“两委”商议 (consultation), 党员大会审议
 *   (party_meeting), 村民代表会议或村民会议决议 (resolution, with the meeting that resolved) — with its date, attendance
 *   (present of entitled), the votes in favour (the two voting meetings), the outcome, and the share rules applied
 *   (codes of `kernel/share.ts`, from the dated parameters in force on the meeting's day). A stage recorded again is
 *   a new row (its `seq` the next of the case); the latest row of a stage counts, the earlier ones stay as its history.
 * - `case_disclosure`: 决议公开 (resolution) and 实施结果公开 (result), with the day posted and where.
 * Keyed (county_code, id) with case_id like `case_deliberation`; the database refuses attendance that cannot be
 * (more present than entitled, more votes than present) even if the workflow's check were skipped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const caseChild = (table: string) =>
    s
      .createTable(table)
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      // The record's place among the case's records of its table (1, 2, …): the latest of a stage is its highest seq.
      .addColumn('seq', 'integer', (c) => c.notNull());
  const finish = async (t: CreateTableBuilder<string, string>, table: string) => {
    await t
      .addPrimaryKeyConstraint(`${table}_pk`, ['county_code', 'id'])
      .addForeignKeyConstraint(`${table}_case_fk`, ['county_code', 'case_id'], 'assistance_case', ['county_code', 'id'])
      .addUniqueConstraint(`${table}_seq`, ['county_code', 'case_id', 'seq'])
      .execute();
  };
  const within = (col: string, values: readonly string[]) => sql`${sql.ref(col)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await finish(
    caseChild('case_deliberation_stage')
      .addColumn('stage', 'text', (c) => c.notNull().check(within('stage', ['proposal', 'consultation', 'party_meeting', 'resolution'])))
      .addColumn('meeting', 'text', (c) => c.check(within('meeting', ['representatives', 'villagers', 'household_delegates'])))
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('present', 'integer', (c) => c.notNull())
      .addColumn('entitled', 'integer', (c) => c.notNull())
      .addColumn('in_favour', 'integer')
      .addColumn('outcome', 'text', (c) => c.notNull().check(within('outcome', ['agreed', 'not_agreed'])))
      .addColumn('quorum_rule', 'text', (c) => c.notNull())
      .addColumn('pass_rule', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_by_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('case_deliberation_stage_attendance', sql`entitled > 0 and present >= 0 and present <= entitled and (in_favour is null or (in_favour >= 0 and in_favour <= present))`),
    'case_deliberation_stage',
  );
  await finish(
    caseChild('case_disclosure')
      .addColumn('kind', 'text', (c) => c.notNull().check(within('kind', ['resolution', 'result'])))
      .addColumn('posted_on', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_by_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
    'case_disclosure',
  );
}

