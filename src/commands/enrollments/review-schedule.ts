import { type AuditActor, appendAudit } from '../../db/audit.ts';
import type { EnrollmentRepo } from '../../db/enrollment-repo.ts';
import type { EnrollmentTable, ReviewScheduleTable } from '../../db/schema.ts';
import { isAppError } from '../../kernel/errors.ts';
import { daysInMonth, firstDayOf, fromYmd, monthOf, type PlainDate, ymd } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { reviewFrequency } from '../../rules/review/review-frequency.ts';
import { registryFor } from '../registry/load-household.ts';
import type { RegistryFacts } from '../registry/situation-from-registry.ts';
import { situationForEnrollment } from '../enrollments/registry-facts.ts';
import { type CommandContext, auditActor } from '../context.ts';
import { enrollmentsFor } from './enrollment-context.ts';
import { loadParameterSet } from '../policy/parameters.ts';

/** The same day `n` months later (the month's last day when it is shorter). */
export function addMonthsToDay(d: PlainDate, n: number): PlainDate {
  const [y, m, day] = ymd(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fromYmd(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

/**
 * 动态管理 The enrollment's next review, by household type (review-frequency rule: yearly for fixed incomes,
 * half-yearly for stable ones, quarterly for rural households with able-bodied members or irregular income), counted
 * from `countedFrom` (the benefit's first day, or the last review's decision).
 */
export function scheduleFor(
  ps: ParameterSet,
  facts: RegistryFacts,
  e: Pick<EnrollmentTable, 'county_code' | 'id' | 'program' | 'unit' | 'household_id' | 'person_id'>,
  countedFrom: PlainDate,
  o: { at: string; lastReviewId: string | null },
): ReviewScheduleTable {
  const month = monthOf(countedFrom);
  const situation = situationForEnrollment(facts, e, month);
  const f = reviewFrequency({ county: e.county_code, month, household: situation.household }, ps);
  return {
    county_code: e.county_code,
    enrollment_id: e.id,
    review_class: f.type,
    interval_months: f.months,
    counted_from: countedFrom,
    next_due: addMonthsToDay(countedFrom, f.months),
    last_review_id: o.lastReviewId,
    updated_at: o.at,
  };
}

/**
 * Writes one enrollment's schedule (its first, or the next after a review) through the caller's repository, in its
 * transaction, with the audit event there too: approval and review decisions schedule as they decide, so no running enrollment waits for the batch.
 */
export async function putReviewSchedule(repo: EnrollmentRepo, actor: AuditActor, row: ReviewScheduleTable): Promise<ReviewScheduleTable> {
  await repo.putSchedule(row);
  await appendAudit(
    repo.db,
    actor,
    {
      chain: row.county_code,
      action: 'review.schedule',
      // Its own entity type: the enrollment's state (audit verify --deep) is the enrollment and its terms.
      entityType: 'review_schedule',
      entityId: row.enrollment_id,
      after: row,
      detail: { reviewClass: row.review_class, intervalMonths: row.interval_months, countedFrom: row.counted_from, nextDue: row.next_due, lastReviewId: row.last_review_id },
    },
    row.updated_at,
  );
  return row;
}

const BATCH = 500;

/**
 * Schedules the first review of every enrollment of the county that has none yet and still runs (not ended, no
 * gradual exit under way): a batch job, run before every roll and by `doudi reviews overdue`. Idempotent.
 */
export async function scheduleMissingReviews(ctx: CommandContext, o: { county: string; parameters?: ParameterSet }): Promise<{ scheduled: number; errors: number }> {
  const { db } = ctx;
  const ps = o.parameters ?? (await loadParameterSet(db));
  const actor = auditActor(ctx.actor);
  const at = ctx.clock().toISOString();
  let after = '';
  let scheduled = 0;
  let errors = 0;
  for (;;) {
    const batch = await enrollmentsFor(ctx).unscheduled(o.county, { after, limit: BATCH });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    await db.kysely.transaction().execute(async (trx) => {
      const facts = await registryFor(ctx, trx).householdsWithParts(o.county, batch.map((e) => e.household_id));
      const rows: ReviewScheduleTable[] = [];
      for (const e of batch) {
        const f = facts.get(e.household_id);
        try {
          if (f) rows.push(scheduleFor(ps, f, e, firstDayOf(e.start_month as ReturnType<typeof monthOf>), { at, lastReviewId: null }));
          else errors++;
        } catch (err) {
          if (!isAppError(err)) throw err;
          errors++;
        }
      }
      await enrollmentsFor(ctx, trx).insertSchedules(rows);
      if (rows.length > 0) {
        await appendAudit(trx, actor, { chain: o.county, action: 'review.schedule', entityType: 'review_schedule', detail: { scheduled: rows.length } }, at);
      }
      scheduled += rows.length;
    });
  }
  return { scheduled, errors };
}
