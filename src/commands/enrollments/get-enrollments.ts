import type { Kysely, Transaction } from 'kysely';
import type { EnrollmentDetail, HouseholdEnrollments } from '../../contracts/enrollments.ts';
import type { EnrollmentRepo, EnrollmentRow } from '../../db/enrollment-repo.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { DocumentRepo } from '../../db/document-repo.ts';
import { monthOf, type PlainDate } from '../../kernel/plain-date.ts';
import type { EnrollmentTekunCare } from '../../contracts/tekun-care.ts';
import { careAt } from '../../db/tekun-care-repo.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { presentCare, tekunCareFor } from './tekun-care.ts';
import { todayOf, type CommandContext, recordRead, requirePermission } from '../context.ts';
import { type EnrollmentRef, enrollmentsFor, requireEnrollment } from './enrollment-context.ts';
import { presentEnrollment } from './present-enrollment.ts';

/** Enrollments of one county already read through the scope, with their terms, schedules, reviews, notices and tasks. */
async function present(ctx: CommandContext, repo: EnrollmentRepo, county: string, rows: readonly EnrollmentRow[], today: PlainDate): Promise<EnrollmentDetail[]> {
  const ids = rows.map((r) => r.id);
  const [terms, schedules, reviews, notices, tasks, documents] = await Promise.all([
    repo.terms(county, ids),
    repo.schedules(county, ids),
    repo.reviewsOf(county, ids),
    repo.notices(county, ids),
    repo.tasksOf(county, ids),
    new DocumentRepo(repo.db, repo.scope).ofEnrollments(county, ids),
  ]);
  const care = await careOfEnrollments(ctx, repo.db, county, rows, today);
  return rows.map((row) =>
    presentEnrollment(
      row,
      {
        terms: terms.filter((t) => t.enrollment_id === row.id),
        schedule: schedules.find((s) => s.enrollment_id === row.id),
        reviews: reviews.filter((r) => r.enrollment_id === row.id),
        notices: notices.filter((n) => n.enrollment_id === row.id),
        task: tasks.find((t) => t.enrollment_id === row.id),
        documents: documents.filter((d) => d.enrollment_id === row.id),
        tekunCare: care.get(row.id),
      },
      ctx.actor,
      today,
    ),
  );
}

/** The tekun enrollments' care records presented: the one in force this month (else the first) and the history, newest first. */
async function careOfEnrollments(ctx: CommandContext, db: Kysely<Database> | Transaction<Database>, county: string, rows: readonly EnrollmentRow[], today: PlainDate): Promise<Map<string, EnrollmentTekunCare>> {
  const out = new Map<string, EnrollmentTekunCare>();
  const tekun = rows.filter((r) => r.program === 'tekun').map((r) => r.id);
  if (tekun.length === 0) return out;
  const repo = tekunCareFor(ctx.actor, db);
  const records = await repo.careOf(county, 'enrollment', tekun);
  if (records.length === 0) return out;
  const [ps, institutions] = await Promise.all([parameterSetOf(db), repo.institutions(county, { all: true })]);
  for (const id of tekun) {
    const own = records.filter((c) => c.owner_id === id);
    if (own.length === 0) continue;
    const now = careAt(own, monthOf(today)) ?? own[0];
    out.set(id, { current: presentCare(now, ps, institutions), history: own.map((c) => presentCare(c, ps, institutions)).reverse() });
  }
  return out;
}

/** One enrollment with its term history (each term with why), read through the user's scope. */
export async function loadEnrollmentDetail(ctx: CommandContext, db: Kysely<Database> | Transaction<Database>, ref: EnrollmentRef): Promise<EnrollmentDetail> {
  const repo = enrollmentsFor(ctx, db);
  const row = await requireEnrollment(repo, ref);
  const [detail] = await present(ctx, repo, row.county_code, [row], todayOf(ctx));
  return detail;
}

export async function getEnrollment(ctx: CommandContext, ref: EnrollmentRef): Promise<EnrollmentDetail> {
  requirePermission(ctx.actor, 'cases.read');
  const detail = await loadEnrollmentDetail(ctx, ctx.db.kysely, ref);
  await recordRead(ctx, { chain: ref.countyCode, action: 'enrollment.read', entityType: 'enrollment', entityId: ref.id, detail: { household: detail.householdId } });
  return detail;
}

/** 家庭的保障记录 Every enrollment of a household (dibao and tekun), oldest first. A household outside the area is not found. */
export async function householdEnrollments(ctx: CommandContext, ref: { countyCode: string; id: string }): Promise<HouseholdEnrollments> {
  requirePermission(ctx.actor, 'cases.read');
  const db = ctx.db.kysely;
  const household = await new RegistryRepo(db, scopeOf(ctx.actor.areaCode)).getHousehold(ref.countyCode, ref.id);
  if (!household) throw notFound({ zh: '家庭', en: 'household' });
  const repo = enrollmentsFor(ctx, db);
  const rows = await repo.householdEnrollments(ref.countyCode, ref.id);
  const today = todayOf(ctx);
  const items = await present(ctx, repo, ref.countyCode, rows, today);
  await recordRead(ctx, { chain: ref.countyCode, action: 'enrollment.list', entityType: 'household', entityId: ref.id, detail: { returned: items.length } });
  return { items, today };
}
