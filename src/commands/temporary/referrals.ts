import type { z } from 'zod';
import type { CaseDetail } from '../../contracts/cases.ts';
import type { TemporaryReferralInput, TemporaryReferralOutcome } from '../../contracts/temporary.ts';
import { appendAudit } from '../../db/audit.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CaseRef, casesFor, requireCase } from '../cases/case-context.ts';
import { loadCaseDetail } from '../cases/get-case.ts';
import { type CommandContext, actorName, auditActor, requirePermission, todayOf } from '../context.ts';

const REFERRERS = new Set(['township_caseworker', 'township_reviewer', 'county_approver']);

/**
 * 转介 A temporary-aid household referred to other help (medical aid, education aid, charity, welfare, elderly care,
 * employment — 民发〔2018〕23号 and seed 二(二)三), and later the outcome of that referral. Recorded beside the case in
 * any state, by the township's staff or the county, read through the case's scope, audited; one pending referral
 * settles once (ADR 0037).
 */
export async function recordReferral(ctx: CommandContext, props: { ref: CaseRef; input: z.output<typeof TemporaryReferralInput> }): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  if (!REFERRERS.has(ctx.actor.role)) throw referrerOnly();
  if (props.input.referredOn > todayOf(ctx)) throw future('referredOn');
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = casesFor(ctx, trx);
    const row = await requireCase(repo, props.ref);
    if (row.program !== 'temporary') throw new AppError('TEMPORARY_CASE_EXPECTED', { zh: '该案件不是临时救助案件', en: 'This is not a temporary-aid case' }, { status: 409 });
    const seq = await new TemporaryRepo(trx, repo.scope).insertReferral({
      county_code: row.county_code,
      case_id: row.id,
      target: props.input.target,
      note: props.input.note,
      referred_on: props.input.referredOn,
      referred_by: ctx.actor.userId,
      referred_by_name: actorName(ctx.actor),
      outcome: 'pending',
      outcome_note: null,
      outcome_on: null,
      outcome_by_name: null,
    });
    await appendAudit(trx, auditActor(ctx.actor), { chain: row.county_code, action: 'temporary.referral', entityType: 'case', entityId: row.id, detail: { seq, target: props.input.target, referredOn: props.input.referredOn } }, at);
    return loadCaseDetail(ctx, trx, props.ref);
  });
}

export async function recordReferralOutcome(ctx: CommandContext, props: { ref: CaseRef; seq: number; input: z.output<typeof TemporaryReferralOutcome> }): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  if (!REFERRERS.has(ctx.actor.role)) throw referrerOnly();
  if (props.input.on > todayOf(ctx)) throw future('on');
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = casesFor(ctx, trx);
    const row = await requireCase(repo, props.ref);
    const done = await new TemporaryRepo(trx, repo.scope).settleReferral(row.county_code, row.id, props.seq, {
      outcome: props.input.outcome,
      outcome_note: props.input.note || null,
      outcome_on: props.input.on,
      outcome_by_name: actorName(ctx.actor),
    });
    if (!done) {
      throw new AppError('REFERRAL_NOT_PENDING', { zh: '没有该项待反馈的转介记录（或已登记结果）', en: 'No such referral is waiting for its outcome (or it has one already)' }, { status: 409, field: 'seq' });
    }
    await appendAudit(trx, auditActor(ctx.actor), { chain: row.county_code, action: 'temporary.referral_outcome', entityType: 'case', entityId: row.id, detail: { seq: props.seq, outcome: props.input.outcome } }, at);
    return loadCaseDetail(ctx, trx, props.ref);
  });
}

const referrerOnly = () =>
  new AppError('REFERRAL_ROLE', { zh: '转介由乡镇（街道）经办、审核人员或县级审批人员登记', en: 'Referrals are recorded by the township’s caseworkers and reviewers or the county approver' }, { status: 403 });
const future = (field: string) => new AppError('REFERRAL_DATE_FUTURE', { zh: '日期不能晚于今天', en: 'The date cannot be after today' }, { field });
