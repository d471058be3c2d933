import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { EnrollmentDetail, TerminationClose, TerminationNoticeInput } from '../../contracts/enrollments.ts';
import { appendAudit, digest } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { EnrollmentRepo, EnrollmentRow } from '../../db/enrollment-repo.ts';
import type { Database, TerminationNoticeTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { addDays, compareDates, type PlainDate } from '../../kernel/plain-date.ts';
import { planChange } from '../../workflow/review-terms.ts';
import { json } from '../shared/json-text.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { todayOf, type Actor, type CommandContext, requirePermission, staleVersion, actorName } from '../context.ts';
import { cancelOpenReview, refuseTheTownshipReviewer } from './review-guards.ts';
import { applyPlan, ENROLLMENT, type EnrollmentRef, effectiveMonth, enrollmentsFor, requireEnrollment, termsOf } from './enrollment-context.ts';
import { loadEnrollmentDetail } from './get-enrollments.ts';

/** 书面告知 7 days before tekun support stops (POLICY.md §4; nat-2016), counted like a notice: the 7 days after the notice day. */
export const TERMINATION_NOTICE_DAYS = 7;

type Scope = { trx: Transaction<Database>; repo: EnrollmentRepo; row: EnrollmentRow; today: PlainDate; at: string };

/** The shared frame of the three steps: permission, scoped read, version, separation of duties, lock, then the step. */
async function onTekun<T>(ctx: CommandContext, ref: EnrollmentRef, version: number, step: (s: Scope) => Promise<T>): Promise<EnrollmentDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.approve');
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const row = await requireEnrollment(repo, ref);
    if (Number(row.version) !== version) throw staleVersion(ENROLLMENT);
    if (row.program !== 'tekun') {
      throw new AppError('TERMINATION_NOT_TEKUN', { zh: '终止告知仅适用于特困供养；低保请直接停发', en: 'The termination notice is for tekun support; stop a dibao benefit directly' }, { status: 409 });
    }
    await refuseTheTownshipReviewer(repo, row, ctx.actor);
    await step({ trx, repo, row, today, at });
    return loadEnrollmentDetail(ctx, trx, ref);
  });
}

async function runningNotice(repo: EnrollmentRepo, row: EnrollmentRow): Promise<TerminationNoticeTable> {
  const n = (await repo.notices(row.county_code, [row.id])).find((x) => x.state === 'running');
  if (!n) throw new AppError('NO_TERMINATION_NOTICE', { zh: '没有在期内的终止告知', en: 'No termination notice is running' }, { status: 409 });
  return n;
}

async function claim(s: Scope, version: number): Promise<void> {
  if (!(await s.repo.claim(s.row.county_code, s.row.id, version, s.at))) throw staleVersion(ENROLLMENT);
}

/** The event carries the enrollment's state (claimed: its version moved) and the notice's digests in its detail. */
async function audit(s: Scope, actor: Actor, action: string, before: unknown, after: unknown, detail: Record<string, unknown>): Promise<void> {
  await appendAudit(
    s.trx,
    { userId: actor.userId, username: actor.username },
    {
      chain: s.row.county_code,
      action: `enrollment.${action}`,
      entityType: 'enrollment',
      entityId: s.row.id,
      after: await stateOf(s.trx, 'enrollment', s.row.county_code, s.row.id),
      detail: { ...detail, noticeBefore: digest(before), noticeAfter: digest(after) },
    },
    s.at,
  );
}

/** 终止告知 The county notifies the person, in writing and with reasons, that support will stop; the stop waits 7 days. */
export async function noticeTermination(ctx: CommandContext, props: { ref: EnrollmentRef; input: TerminationNoticeInput }): Promise<EnrollmentDetail> {
  const { input } = props;
  return onTekun(ctx, props.ref, input.version, async (s) => {
    if ((await s.repo.notices(s.row.county_code, [s.row.id])).some((n) => n.state === 'running')) {
      throw new AppError('TERMINATION_NOTICE_RUNNING', { zh: '已有终止告知在期内', en: 'A termination notice is already running' }, { status: 409 });
    }
    // The stop must be possible at all (not ended already): judged now, so the notice is never sent in vain.
    const probe = planChange({ kind: 'terminate', program: 'tekun', terms: termsOf(await s.repo.terms(s.row.county_code, [s.row.id])), month: effectiveMonth(s.today) });
    if (!probe.ok && probe.refusal.code !== 'CHANGE_ALREADY_DECIDED') throw refusalError(probe.refusal);
    await claim(s, input.version);
    const notice: TerminationNoticeTable = {
      county_code: s.row.county_code,
      id: randomUUID(),
      enrollment_id: s.row.id,
      ground: input.ground,
      reasons: json(input.reasons),
      notified_on: s.today,
      ends_on: addDays(s.today, TERMINATION_NOTICE_DAYS),
      state: 'running',
      notified_by_id: ctx.actor.userId,
      notified_by_name: actorName(ctx.actor),
      closed_on: null,
      closed_by_id: null,
      closed_by_name: null,
      close_reasons: null,
      effective_month: null,
      open_enrollment: s.row.id,
      created_at: s.at,
    };
    await s.repo.insertNotice(notice);
    await audit(s, ctx.actor, 'termination_notice', null, notice, { ground: input.ground, endsOn: notice.ends_on, reasons: input.reasons.length });
  });
}

/**
 * 终止 After the 7 days the county confirms: support stops from the month after confirmation, the follow-up task to
 * check the person for dibao or temporary aid is created, and an open review is cancelled.
 */
export async function confirmTermination(ctx: CommandContext, props: { ref: EnrollmentRef; input: TerminationClose }): Promise<EnrollmentDetail> {
  const { input } = props;
  return onTekun(ctx, props.ref, input.version, async (s) => {
    const notice = await runningNotice(s.repo, s.row);
    if (compareDates(s.today, notice.ends_on as PlainDate) < 0) {
      throw new AppError('NOTICE_RUNNING', { zh: `告知期未满（至 ${notice.ends_on}）`, en: `The notice runs until ${notice.ends_on}` }, { status: 409 });
    }
    const month = effectiveMonth(s.today);
    const plan = planChange({ kind: 'terminate', program: 'tekun', terms: termsOf(await s.repo.terms(s.row.county_code, [s.row.id])), month });
    if (!plan.ok) throw refusalError(plan.refusal);
    await claim(s, input.version);
    const reasons = [...(JSON.parse(notice.reasons) as string[]), ...input.reasons];
    await applyPlan(s.trx, s.repo, { actor: ctx.actor, at: s.at, today: s.today, row: s.row, version: input.version, plan, month, action: 'termination', reasons, determination: null });
    await s.repo.closeNotice(s.row.county_code, notice.id, {
      state: 'confirmed',
      closed_on: s.today,
      closed_by_id: ctx.actor.userId,
      closed_by_name: actorName(ctx.actor),
      close_reasons: json(input.reasons),
      effective_month: month,
    });
    await cancelOpenReview(s.trx, s.repo, { row: s.row, actor: ctx.actor, at: s.at, today: s.today, why: 'termination' });
  });
}

/** 撤回终止告知 The notice is withdrawn (the person objected with cause, or the ground fell away), with written reasons. */
export async function withdrawTermination(ctx: CommandContext, props: { ref: EnrollmentRef; input: TerminationClose }): Promise<EnrollmentDetail> {
  const { input } = props;
  if (input.reasons.length === 0) throw new AppError('REASONS_REQUIRED', { zh: '请填写撤回理由', en: 'Give the reasons for withdrawing the notice' }, { field: 'reasons' });
  return onTekun(ctx, props.ref, input.version, async (s) => {
    const notice = await runningNotice(s.repo, s.row);
    await claim(s, input.version);
    const patch = { state: 'withdrawn' as const, closed_on: s.today, closed_by_id: ctx.actor.userId, closed_by_name: actorName(ctx.actor), close_reasons: json(input.reasons) };
    await s.repo.closeNotice(s.row.county_code, notice.id, patch);
    await audit(s, ctx.actor, 'termination_withdraw', notice, { ...notice, ...patch, open_enrollment: null }, { reasons: input.reasons.length });
  });
}
