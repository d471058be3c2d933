import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { EnrollmentRepo, type EnrollmentRow } from '../../db/enrollment-repo.ts';
import type { Database, EnrollmentTable, EnrollmentTermTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { addMonths, monthOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { Determination } from '../../rules/common/result.ts';
import type { ChangePlan, Term, TermStatus } from '../../workflow/review-terms.ts';
import { type Actor, type CommandContext, actorName } from '../context.ts';
import { json } from '../shared/json-text.ts';
import { issueDocument } from '../shared/issue-document.ts';
import type { NumberedKind } from '../../kernel/document-number.ts';

export const ENROLLMENT = { zh: '保障对象', en: 'enrollment' };

export interface EnrollmentRef {
  countyCode: string;
  id: string;
}

export function enrollmentsFor(ctx: CommandContext, db: Kysely<Database> | Transaction<Database> = ctx.db.kysely): EnrollmentRepo {
  return new EnrollmentRepo(db, scopeOf(ctx.actor.areaCode));
}

export async function requireEnrollment(repo: EnrollmentRepo, ref: EnrollmentRef): Promise<EnrollmentRow> {
  const row = await repo.getEnrollment(ref.countyCode, ref.id);
  if (!row) throw notFound(ENROLLMENT);
  return row;
}

export function termsOf(rows: readonly EnrollmentTermTable[]): Term[] {
  return rows.map((t) => ({ fromMonth: t.from_month as PlainMonth, status: t.status as TermStatus, amountFen: Number(t.amount_fen), basis: t.basis }));
}

/** Changes take effect the month after the decision (POLICY.md §6: 次月起). */
export function effectiveMonth(today: PlainDate): PlainMonth {
  return addMonths(monthOf(today), 1);
}


/** The enrollment row without the columns the list joins in. */
export function enrollmentOnly(row: EnrollmentRow): EnrollmentTable {
  const { area_code: _a, head_name: _h, registered_poor: _r, person_name: _p, ...rest } = row;
  return rest;
}

/**
 * The notice a decided change sends the family (ADR 0030): 终止 when the benefit ends (at once or after a gradual exit),
 * 暂停 when it is suspended, 变更 when it resumes or its amount changes; none when the decision keeps it as it was.
 */
export function noticeKindOf(plan: Extract<ChangePlan, { ok: true }>, before: Pick<EnrollmentTable, 'status' | 'monthly_amount_fen'>): NumberedKind | null {
  if (plan.terms.length === 0) return null;
  if (plan.terms.some((t) => t.status === 'ended')) return 'termination';
  if (plan.terms[0].status === 'suspended') return before.status === 'suspended' ? null : 'suspension';
  const first = plan.terms[0];
  if (before.status !== 'active' || first.status !== 'active' || first.amountFen !== Number(before.monthly_amount_fen)) return 'change';
  return null;
}

/** The months of a gradual exit (渐退) the plan grants: from its gradual term to its end. */
export function gradualMonthsOf(plan: Extract<ChangePlan, { ok: true }>): number {
  const from = plan.terms.find((t) => t.status === 'gradual_exit')?.fromMonth;
  const end = plan.terms.find((t) => t.status === 'ended')?.fromMonth;
  if (!from || !end) return 0;
  const n = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return n(end) - n(from);
}

/**
 * Writes a decided change in the caller's transaction (the enrollment already claimed at `version`): its terms, the
 * enrollment's summary (status, end month, current amount), and on an exit the follow-up task and the end of the
 * review schedule; then the audit event. Returns the exit's follow-up task id, if one was created.
 */
export async function applyPlan(
  trx: Transaction<Database>,
  repo: EnrollmentRepo,
  o: {
    actor: Actor;
    at: string;
    today: PlainDate;
    row: EnrollmentRow;
    version: number;
    plan: Extract<ChangePlan, { ok: true }>;
    month: PlainMonth;
    action: string;
    reasons: readonly string[];
    determination: Determination | null;
  },
): Promise<{ followUpId: string | null }> {
  const { row, plan } = o;
  const terms: EnrollmentTermTable[] = plan.terms.map((t) => ({
    county_code: row.county_code,
    enrollment_id: row.id,
    from_month: t.fromMonth,
    status: t.status,
    amount_fen: t.amountFen,
    basis: t.basis,
    reasons: json(o.reasons),
    determination: t.status === 'active' && o.determination ? json(o.determination) : null,
    actor_id: o.actor.userId,
    actor_name: actorName(o.actor),
    created_at: o.at,
  }));
  // A decision that keeps the benefit as it is writes no term (and leaves the recalculated ones in place).
  if (terms.length > 0) await repo.writeDecidedTerms(row.county_code, row.id, o.month, terms);
  const paid = plan.terms.filter((t) => t.amountFen > 0).at(-1);
  const before = enrollmentOnly(row);
  const after: EnrollmentTable = {
    ...before,
    status: plan.status,
    end_month: plan.endMonth,
    monthly_amount_fen: paid ? paid.amountFen : Number(before.monthly_amount_fen),
    version: o.version + 1,
    updated_at: o.at,
  };
  await repo.patchEnrollment(row.county_code, row.id, { status: after.status, end_month: after.end_month, monthly_amount_fen: after.monthly_amount_fen });
  const exit = plan.terms.find((t) => t.status === 'ended');
  let followUpId: string | null = null;
  if (exit) {
    await repo.dropSchedule(row.county_code, row.id);
    const id = randomUUID();
    // 退出后跟进: a person leaving dibao or tekun is checked for other assistance (POLICY.md §4).
    const created = await repo.insertTask({
      county_code: row.county_code,
      id,
      enrollment_id: row.id,
      household_id: row.household_id,
      person_id: row.unit === 'individual' ? row.person_id : null,
      program: row.program,
      exit_basis: plan.terms[0].basis,
      exit_month: exit.fromMonth,
      created_on: o.today,
      state: 'open',
      outcome: null,
      note: null,
      done_on: null,
      done_by_id: null,
      done_by_name: null,
      created_at: o.at,
    });
    if (created) followUpId = id;
  }
  const notice = noticeKindOf(plan, before);
  const issued = notice
    ? await issueDocument(trx, o.actor, {
        countyCode: row.county_code,
        kind: notice,
        issuer: 'county',
        today: o.today,
        at: o.at,
        enrollmentId: row.id,
        content: {
          action: o.action,
          program: row.program,
          month: o.month,
          endMonth: plan.endMonth,
          gradualMonths: gradualMonthsOf(plan),
          reasons: [...o.reasons],
          beforeFen: Number(before.monthly_amount_fen),
          afterFen: plan.terms[0].amountFen,
          statusBefore: before.status,
        },
      })
    : null;
  await appendAudit(
    trx,
    { userId: o.actor.userId, username: o.actor.username },
    {
      chain: row.county_code,
      action: `enrollment.${o.action}`,
      entityType: 'enrollment',
      entityId: row.id,
      before,
      after: await stateOf(trx, 'enrollment', row.county_code, row.id),
      detail: { action: o.action, month: o.month, terms: plan.terms.map((t) => `${t.fromMonth}:${t.status}:${t.amountFen}`), reasons: o.reasons.length, followUpId, documentNumber: issued?.number ?? null },
    },
    o.at,
  );
  return { followUpId };
}
