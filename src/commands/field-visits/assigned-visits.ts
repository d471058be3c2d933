import type { AssignedReviewVisit, AssignedVisitList } from '../../contracts/field-visits.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { EnrollmentRepo } from '../../db/enrollment-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { REVIEW_TRANSITIONS } from '../../workflow/review-transitions.ts';
import { type CommandContext, may, requirePermission, todayOf } from '../context.ts';
import { investigationVisits, spotVisits, visitMember } from '../cases/field-visits.ts';
import { presentReviewSummary } from '../enrollments/review-summary.ts';
import { screeningVisits } from './screening-visits.ts';

/** At most this many visits per download, soonest due first: a phone holds a working week, not the township's archive. */
export const ASSIGNED_VISITS_LIMIT = 200;

/** The permissions of the steps recorded as home visits: a role holding none of them has no field visits. */
export const FIELD_VISIT_PERMISSIONS = ['cases.investigate', 'screening.fill', 'cases.approve'] as const;

/**
 * 外出走访任务 Every home visit assigned to the user, to download to a phone (issue 17 point 4, ADR 0051), one list told
 * apart by `kind`: the case investigations due (`investigation`), the periodic reviews opened and waiting for their
 * investigation (`review`), the screening ledger rows waiting for their verification visit (`screening`) and the
 * sampled cases waiting for the county's spot visit (`spot_check`), each only
 * where the user's role takes that step, in the user's area (the repositories'
 * scope: out of area = not listed), soonest due first, at most `ASSIGNED_VISITS_LIMIT` in all. A bulk read of personal
 * data: audited with counts per kind (`field_visit.download`) before anything is returned.
 */
export async function assignedVisits(ctx: CommandContext): Promise<AssignedVisitList> {
  if (!FIELD_VISIT_PERMISSIONS.some((p) => may(ctx.actor, p))) requirePermission(ctx.actor, FIELD_VISIT_PERMISSIONS[0]);
  const scope = scopeOf(ctx.actor.areaCode);
  const [inv, rev, scr, spot] = await Promise.all([
    investigationVisits(ctx, ASSIGNED_VISITS_LIMIT),
    reviewVisits(ctx, ASSIGNED_VISITS_LIMIT),
    screeningVisits(ctx, ASSIGNED_VISITS_LIMIT),
    spotVisits(ctx, ASSIGNED_VISITS_LIMIT),
  ]);
  const all = [...inv.items, ...rev.items, ...scr.items, ...spot.items].sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'));
  const items = all.slice(0, ASSIGNED_VISITS_LIMIT);
  const more = inv.more || rev.more || scr.more || spot.more || all.length > ASSIGNED_VISITS_LIMIT;
  const at = ctx.clock().toISOString();
  const counts = { investigation: 0, review: 0, screening: 0, spot_check: 0 };
  for (const v of items) counts[v.kind] += 1;
  await recordBulkRead(
    ctx.db.kysely,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'field_visit.download', entityType: 'case', detail: { area: scope.areaCode, returned: items.length, kinds: counts, more } },
    at,
  );
  return { items, downloadedAt: at, limit: ASSIGNED_VISITS_LIMIT, more };
}

/**
 * 复核入户调查任务 The periodic reviews in the user's area opened and waiting for their investigation (the states the
 * review's `investigate` step starts from), when the user's role takes that step; the household as the visit form
 * needs it and the review's version and state as the base.
 */
export async function reviewVisits(ctx: CommandContext, limit: number): Promise<{ items: AssignedReviewVisit[]; more: boolean }> {
  const step = REVIEW_TRANSITIONS.investigate;
  if (!may(ctx.actor, step.permission) || !step.roles.includes(ctx.actor.role)) return { items: [], more: false };
  const scope = scopeOf(ctx.actor.areaCode);
  const db = ctx.db.kysely;
  const { rows } = await new EnrollmentRepo(db, scope).openReviews({ states: step.from, limit: limit + 1 });
  const more = rows.length > limit;
  const reviews = rows.slice(0, limit);
  const registry = new RegistryRepo(db, scope);
  const households = await registry.householdsByIds(reviews.map((r) => r.household_id));
  const names = await divisionNames(db, reviews.map((r) => r.area_code));
  const today = todayOf(ctx);
  const items: AssignedReviewVisit[] = [];
  for (const r of reviews) {
    const h = households.get(r.household_id);
    if (!h || h.county_code !== r.county_code) continue;
    const { members } = await registry.householdParts(h);
    const s = presentReviewSummary(r, today);
    items.push({
      kind: 'review',
      countyCode: r.county_code,
      reviewId: r.id,
      enrollmentId: r.enrollment_id,
      program: s.program,
      trigger: s.trigger,
      reportedChange: r.reported_change,
      base: { version: s.version, state: s.state },
      openedOn: s.openedOn,
      dueDate: s.dueDate,
      areaCode: r.area_code,
      areaName: names.get(r.area_code) ?? r.area_code,
      household: { id: h.id, address: h.address, headName: h.head_name, members: members.map(visitMember) },
    });
  }
  return { items, more };
}
