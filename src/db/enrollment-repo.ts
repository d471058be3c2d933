import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type {
  Database,
  EnrollmentRecalcTable,
  EnrollmentTable,
  EnrollmentTermTable,
  FollowUpTaskTable,
  ReviewCaseTable,
  ReviewEventTable,
  ReviewScheduleTable,
  TerminationNoticeTable,
} from './schema.ts';
import { type AreaScope, inScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** An enrollment with what screens show beside it: the household's village, head and registry flag, the person's name. */
export type EnrollmentRow = EnrollmentTable & { area_code: string; head_name: string; registered_poor: number; person_name: string | null };
/** A review (or schedule, notice, task) row with its household's village, for the scope and for lists. */
export type ReviewRow = ReviewCaseTable & { area_code: string; head_name: string };
export type OverdueRow = ReviewScheduleTable & { household_id: string; program: string; area_code: string; head_name: string; open_review_id: string | null };
export type TaskRow = FollowUpTaskTable & { area_code: string; head_name: string };

/** Terms per multi-row insert: 11 columns each, well under SQLite's limit of bound parameters. */
const TERM_ROWS_PER_STATEMENT = 200;
/** Rows per multi-row insert of the narrower tables (enrollments, recalculation stamps, schedules). */
const ROWS_PER_STATEMENT = 500;

/** Keyset position in a list ordered by (day, county, id). */
export interface DayCursor {
  day: string;
  county: string;
  id: string;
}

/**
 * Enrollments, their terms, reviews, notices and follow-up tasks, bound to an area scope like every repository: an
 * enrollment belongs to its household's village, so every read joins the household and filters on the scope (and on
 * county_code first, the distribution key). Out-of-area rows are simply not found.
 */
export class EnrollmentRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** `table` joined to its household (same county) and filtered by the scope. */
  private within<T extends 'enrollment' | 'review_case' | 'follow_up_task'>(table: T): SelectQueryBuilder<Database, T | 'household', object> {
    // One builder for three tables: the conditions name only columns all three share.
    const t = table as 'enrollment';
    let q = this.db
      .selectFrom(t)
      .innerJoin('household', (j) => j.onRef('household.county_code', '=', `${t}.county_code`).onRef('household.id', '=', `${t}.household_id`));
    // The distribution key on the table read, and the scope (as index-friendly code ranges) on its household.
    if (this.scope.countyCode) q = q.where(`${t}.county_code`, '=', this.scope.countyCode);
    q = whereInScope(q, this.scope, 'household');
    return q as unknown as SelectQueryBuilder<Database, T | 'household', object>;
  }

  /**
   * A county's enrollments for a batch job (recalculation, review schedules), without the household join when the
   * scope holds the whole county (the operator's city, the county's own job): an enrollment lies in its household's
   * county, so the distribution key alone is the scope then. A narrower scope joins the household and filters on it.
   */
  private ofCounty(county: string) {
    const q = this.db.selectFrom('enrollment as e').where('e.county_code', '=', county);
    if (inScope(this.scope, `${county}000000`)) return q;
    return whereInScope(q.innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'e.county_code').onRef('h.id', '=', 'e.household_id')), this.scope, 'h') as unknown as typeof q;
  }

  /** Counties of the scope with any enrollment (a run over the whole city goes county by county). */
  async enrolledCounties(): Promise<string[]> {
    const q = this.db.selectFrom('enrollment as e');
    // A county or more: the distribution key is the scope (enrollments lie in their household's county).
    const scoped =
      this.scope.prefix.length <= 6
        ? whereInScope(q, this.scope, 'e')
        : whereInScope(q.innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'e.county_code').onRef('h.id', '=', 'e.household_id')), this.scope, 'h');
    const rows = await scoped.select('e.county_code').distinct().orderBy('e.county_code').execute();
    return rows.map((r) => r.county_code);
  }

  /**
   * The next keyset batch (by id, after `after`) of a county's enrollments not yet recalculated under `fingerprint`
   * from `fromKey` on (enrollment_recalc stamps those done).
   */
  async toRecalculate(county: string, o: { after: string; fingerprint: string; fromKey: string; limit: number }): Promise<EnrollmentTable[]> {
    return this.ofCounty(county)
      .leftJoin('enrollment_recalc as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.enrollment_id', '=', 'e.id'))
      .selectAll('e')
      .where('e.id', '>', o.after)
      .where((eb) => eb.or([eb('r.enrollment_id', 'is', null), eb('r.fingerprint', '<>', o.fingerprint), eb('r.from_month', '>', o.fromKey)]))
      .orderBy('e.id')
      .limit(o.limit)
      .execute();
  }

  /** The next keyset batch of a county's running enrollments (not ended, no exit under way) without a review schedule. */
  async unscheduled(county: string, o: { after: string; limit: number }): Promise<EnrollmentTable[]> {
    return this.ofCounty(county)
      .leftJoin('review_schedule as s', (j) => j.onRef('s.county_code', '=', 'e.county_code').onRef('s.enrollment_id', '=', 'e.id'))
      .selectAll('e')
      .where('e.id', '>', o.after)
      .where('s.enrollment_id', 'is', null)
      .where('e.status', '<>', 'ended')
      .where('e.end_month', 'is', null)
      .orderBy('e.id')
      .limit(o.limit)
      .execute();
  }

  /** New enrollments (an approval's, the demo's many), in multi-row statements. */
  async insertEnrollments(rows: readonly EnrollmentTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await this.db.insertInto('enrollment').values(rows.slice(i, i + ROWS_PER_STATEMENT)).execute();
  }

  /** A recalculation's new current amount, unless a decision changed the enrollment since it was read (false then). */
  async setAmountIfUnchanged(county: string, id: string, version: number, amountFen: number): Promise<boolean> {
    const u = await this.db.updateTable('enrollment').set({ monthly_amount_fen: amountFen }).where('county_code', '=', county).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(u.numUpdatedRows) === 1;
  }

  /** Stamps enrollments recalculated under a fingerprint (a rerun skips them). */
  async stampRecalculated(rows: readonly EnrollmentRecalcTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await this.db
        .insertInto('enrollment_recalc')
        .values(rows.slice(i, i + ROWS_PER_STATEMENT))
        .onConflict((oc) =>
          oc.columns(['county_code', 'enrollment_id']).doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            from_month: eb.ref('excluded.from_month'),
            checked_at: eb.ref('excluded.checked_at'),
          })),
        )
        .execute();
    }
  }

  /** First schedules of many enrollments; one already there is kept. */
  async insertSchedules(rows: readonly ReviewScheduleTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await this.db.insertInto('review_schedule').values(rows.slice(i, i + ROWS_PER_STATEMENT)).onConflict((oc) => oc.columns(['county_code', 'enrollment_id']).doNothing()).execute();
    }
  }

  private enrollments() {
    return this.within('enrollment')
      .leftJoin('person', (j) => j.onRef('person.county_code', '=', 'enrollment.county_code').onRef('person.id', '=', 'enrollment.person_id'))
      .selectAll('enrollment')
      .select(['household.area_code as area_code', 'household.head_name as head_name', 'household.registered_poor as registered_poor', 'person.name as person_name']);
  }

  async getEnrollment(countyCode: string, id: string): Promise<EnrollmentRow | undefined> {
    return (await this.enrollments().where('enrollment.county_code', '=', countyCode).where('enrollment.id', '=', id).executeTakeFirst()) as EnrollmentRow | undefined;
  }

  async householdEnrollments(countyCode: string, householdId: string): Promise<EnrollmentRow[]> {
    return (await this.enrollments()
      .where('enrollment.county_code', '=', countyCode)
      .where('enrollment.household_id', '=', householdId)
      .orderBy('enrollment.start_month')
      .orderBy('enrollment.id')
      .execute()) as EnrollmentRow[];
  }

  /** Terms of enrollments already read through the scope, in month order. */
  async terms(countyCode: string, enrollmentIds: readonly string[]): Promise<EnrollmentTermTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.db
      .selectFrom('enrollment_term')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('enrollment_id', 'in', [...enrollmentIds])
      .orderBy('enrollment_id')
      .orderBy('from_month')
      .execute();
  }

  /** Optimistic lock of a change: bumps the version only if it is still `version` (first write of the transaction). */
  async claim(countyCode: string, id: string, version: number, at: string): Promise<boolean> {
    return this.claimRow('enrollment', countyCode, id, version, at);
  }

  private async claimRow(table: 'enrollment' | 'review_case', countyCode: string, id: string, version: number, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable(table as 'enrollment')
      .set({ version: version + 1, updated_at: at })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async patchEnrollment(countyCode: string, id: string, patch: Partial<EnrollmentTable>): Promise<void> {
    await this.db.updateTable('enrollment').set(patch).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  /**
   * Writes a decision's terms. Recalculated terms from the decision's month on are dropped first: they were derived
   * from the terms before the decision, lie in months not yet reached, and the next recalculation derives them
   * again from the new terms (the stamp is reset for that).
   */
  async writeDecidedTerms(countyCode: string, enrollmentId: string, fromMonth: string, rows: EnrollmentTermTable[]): Promise<void> {
    await this.db
      .deleteFrom('enrollment_term')
      .where('county_code', '=', countyCode)
      .where('enrollment_id', '=', enrollmentId)
      .where('from_month', '>=', fromMonth)
      .where('basis', '=', 'recalculation')
      .execute();
    await this.db.deleteFrom('enrollment_recalc').where('county_code', '=', countyCode).where('enrollment_id', '=', enrollmentId).execute();
    await this.insertTerms(rows);
  }

  /**
   * 待遇期间 The one writer of `enrollment_term`: an approval's first term, a decision's terms, a recalculation's, the
   * demo's. Many rows go in multi-row statements (a recalculation or the demo writes thousands); `keepExisting` leaves
   * a term already written for that enrollment and month as it is (a recalculation run twice adds nothing).
   */
  async insertTerms(rows: readonly EnrollmentTermTable[], o: { keepExisting?: boolean } = {}): Promise<void> {
    for (let i = 0; i < rows.length; i += TERM_ROWS_PER_STATEMENT) {
      const q = this.db.insertInto('enrollment_term').values(rows.slice(i, i + TERM_ROWS_PER_STATEMENT));
      await (o.keepExisting ? q.onConflict((oc) => oc.columns(['county_code', 'enrollment_id', 'from_month']).doNothing()) : q).execute();
    }
  }

  async schedules(countyCode: string, enrollmentIds: readonly string[]): Promise<ReviewScheduleTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.db.selectFrom('review_schedule').selectAll().where('county_code', '=', countyCode).where('enrollment_id', 'in', [...enrollmentIds]).execute();
  }

  async putSchedule(row: ReviewScheduleTable): Promise<void> {
    await this.db
      .insertInto('review_schedule')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['county_code', 'enrollment_id']).doUpdateSet({
          review_class: row.review_class,
          interval_months: row.interval_months,
          counted_from: row.counted_from,
          next_due: row.next_due,
          last_review_id: row.last_review_id,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async dropSchedule(countyCode: string, enrollmentId: string): Promise<void> {
    await this.db.deleteFrom('review_schedule').where('county_code', '=', countyCode).where('enrollment_id', '=', enrollmentId).execute();
  }

  /** Enrollments whose review is due before `before`, soonest first, keyset on (due, county, enrollment). */
  async overdue(opts: { before: string; after?: DayCursor; limit: number }): Promise<{ rows: OverdueRow[]; total: number }> {
    let q = this.within('enrollment')
      .innerJoin('review_schedule as s', (j) => j.onRef('s.county_code', '=', 'enrollment.county_code').onRef('s.enrollment_id', '=', 'enrollment.id'))
      .where('s.next_due', '<', opts.before)
      .where('enrollment.status', '<>', 'ended');
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const a = opts.after;
    if (a) q = q.where(sql<boolean>`(s.next_due, enrollment.county_code, enrollment.id) > (${a.day}, ${a.county}, ${a.id})`);
    const rows = await q
      .leftJoin('review_case as r', (j) => j.onRef('r.county_code', '=', 'enrollment.county_code').onRef('r.open_enrollment', '=', 'enrollment.id'))
      .selectAll('s')
      .select(['enrollment.household_id as household_id', 'enrollment.program as program', 'household.area_code as area_code', 'household.head_name as head_name', 'r.id as open_review_id'])
      .orderBy('s.next_due')
      .orderBy('enrollment.county_code')
      .orderBy('enrollment.id')
      .limit(opts.limit)
      .execute();
    return { rows: rows as OverdueRow[], total: Number(total) };
  }

  private reviews() {
    return this.within('review_case').selectAll('review_case').select(['household.area_code as area_code', 'household.head_name as head_name']);
  }

  async getReview(countyCode: string, id: string): Promise<ReviewRow | undefined> {
    return (await this.reviews().where('review_case.county_code', '=', countyCode).where('review_case.id', '=', id).executeTakeFirst()) as ReviewRow | undefined;
  }

  async reviewsOf(countyCode: string, enrollmentIds: readonly string[]): Promise<ReviewCaseTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.db
      .selectFrom('review_case')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('enrollment_id', 'in', [...enrollmentIds])
      .orderBy('opened_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Open reviews in the given states, soonest due first, keyset on (due, county, id). */
  async openReviews(opts: { states: readonly string[]; after?: DayCursor; limit: number }): Promise<{ rows: ReviewRow[]; total: number }> {
    if (opts.states.length === 0) return { rows: [], total: 0 };
    let q = this.within('review_case').where('review_case.state', 'in', [...opts.states]);
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const a = opts.after;
    if (a) q = q.where(sql<boolean>`(review_case.due_date, review_case.county_code, review_case.id) > (${a.day}, ${a.county}, ${a.id})`);
    const rows = await q
      .selectAll('review_case')
      .select(['household.area_code as area_code', 'household.head_name as head_name'])
      .orderBy('review_case.due_date')
      .orderBy('review_case.county_code')
      .orderBy('review_case.id')
      .limit(opts.limit)
      .execute();
    return { rows: rows as ReviewRow[], total: Number(total) };
  }

  async insertReview(row: ReviewCaseTable): Promise<void> {
    await this.db.insertInto('review_case').values(row).execute();
  }

  async claimReview(countyCode: string, id: string, version: number, at: string): Promise<boolean> {
    return this.claimRow('review_case', countyCode, id, version, at);
  }

  async patchReview(countyCode: string, id: string, patch: Partial<ReviewCaseTable>): Promise<void> {
    await this.db.updateTable('review_case').set(patch).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  async insertReviewEvent(row: ReviewEventTable): Promise<void> {
    await this.db.insertInto('review_event').values(row).execute();
  }

  /** The review step a field visit recorded (its id is unique per county; ADR 0051), whatever the review's area: the sync asks only after reading the review through the scope. */
  async reviewEventByVisit(countyCode: string, visitId: string): Promise<ReviewEventTable | undefined> {
    return this.db.selectFrom('review_event').selectAll().where('county_code', '=', countyCode).where('visit_id', '=', visitId).executeTakeFirst();
  }

  async reviewEvents(countyCode: string, reviewId: string): Promise<ReviewEventTable[]> {
    return this.db.selectFrom('review_event').selectAll().where('county_code', '=', countyCode).where('review_id', '=', reviewId).orderBy('seq').execute();
  }

  /** Users who took a step on a review (the township reviewers, for the separation of duties). */
  async reviewActors(countyCode: string, reviewId: string, step: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('review_event')
      .select('actor_id')
      .where('county_code', '=', countyCode)
      .where('review_id', '=', reviewId)
      .where('step', '=', step)
      .execute();
    return rows.map((r) => r.actor_id).filter((x): x is string => x !== null);
  }

  async notices(countyCode: string, enrollmentIds: readonly string[]): Promise<TerminationNoticeTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.db
      .selectFrom('termination_notice')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('enrollment_id', 'in', [...enrollmentIds])
      .orderBy('notified_on', 'desc')
      .execute();
  }

  async insertNotice(row: TerminationNoticeTable): Promise<void> {
    await this.db.insertInto('termination_notice').values(row).execute();
  }

  async closeNotice(countyCode: string, id: string, patch: Partial<TerminationNoticeTable>): Promise<void> {
    await this.db.updateTable('termination_notice').set({ ...patch, open_enrollment: null }).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  /** One follow-up per enrollment: a second exit of the same enrollment (a stop during a gradual exit) adds none. */
  async insertTask(row: FollowUpTaskTable): Promise<boolean> {
    const r = await this.db
      .insertInto('follow_up_task')
      .values(row)
      .onConflict((oc) => oc.columns(['county_code', 'enrollment_id']).doNothing())
      .returning('id')
      .execute();
    return r.length === 1;
  }

  async tasksOf(countyCode: string, enrollmentIds: readonly string[]): Promise<FollowUpTaskTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.db.selectFrom('follow_up_task').selectAll().where('county_code', '=', countyCode).where('enrollment_id', 'in', [...enrollmentIds]).execute();
  }

  async getTask(countyCode: string, id: string): Promise<TaskRow | undefined> {
    return (await this.within('follow_up_task')
      .selectAll('follow_up_task')
      .select(['household.area_code as area_code', 'household.head_name as head_name'])
      .where('follow_up_task.county_code', '=', countyCode)
      .where('follow_up_task.id', '=', id)
      .executeTakeFirst()) as TaskRow | undefined;
  }

  async tasks(opts: { state?: 'open' | 'done'; after?: DayCursor; limit: number }): Promise<{ rows: TaskRow[]; total: number }> {
    let q = this.within('follow_up_task');
    if (opts.state) q = q.where('follow_up_task.state', '=', opts.state);
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const a = opts.after;
    if (a) q = q.where(sql<boolean>`(follow_up_task.created_on, follow_up_task.county_code, follow_up_task.id) > (${a.day}, ${a.county}, ${a.id})`);
    const rows = await q
      .selectAll('follow_up_task')
      .select(['household.area_code as area_code', 'household.head_name as head_name'])
      .orderBy('follow_up_task.created_on')
      .orderBy('follow_up_task.county_code')
      .orderBy('follow_up_task.id')
      .limit(opts.limit)
      .execute();
    return { rows: rows as TaskRow[], total: Number(total) };
  }

  async patchTask(countyCode: string, id: string, patch: Partial<FollowUpTaskTable>): Promise<boolean> {
    const r = await this.db.updateTable('follow_up_task').set(patch).where('county_code', '=', countyCode).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
