import type { DirectChange, EnrollmentChange, EnrollmentDetail } from '../../contracts/enrollments.ts';
import { AppError } from '../../kernel/errors.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type ChangeKind, planChange } from '../../workflow/review-terms.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { todayOf, type CommandContext, requirePermission, staleVersion } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { cancelOpenReview, refuseTheTownshipReviewer } from './review-guards.ts';
import { applyPlan, ENROLLMENT, type EnrollmentRef, effectiveMonth, enrollmentsFor, requireEnrollment, termsOf } from './enrollment-context.ts';
import { loadEnrollmentDetail } from './get-enrollments.ts';
import { assessEnrollment } from './registry-facts.ts';

const NEEDS_ENGINE: ReadonlySet<ChangeKind> = new Set(['resume', 'increase', 'reduce']);

/**
 * 待遇变更 The county suspends, resumes, increases, reduces or stops a benefit, with written reasons, from the next
 * month (POLICY.md §6). Amounts come from the policy engine on the household as the registry now holds it (record the
 * household's change there first), with next month's parameters. A township reviewer of the enrollment's open review
 * may not decide it. Optimistic lock on the enrollment's version; terms, summary, follow-up and audit in one
 * transaction.
 */
export async function changeEnrollment(ctx: CommandContext, props: { ref: EnrollmentRef; kind: DirectChange; input: EnrollmentChange }): Promise<EnrollmentDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.approve');
  const { kind, input } = props;
  if (input.reasons.length === 0) {
    throw new AppError('REASONS_REQUIRED', { zh: '请填写书面理由', en: 'Give the written reasons' }, { field: 'reasons' });
  }
  const ps: ParameterSet | null = NEEDS_ENGINE.has(kind) ? await loadParameterSet(ctx.db) : null;
  const today = todayOf(ctx);
  const month = effectiveMonth(today);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const row = await requireEnrollment(repo, props.ref);
    if (Number(row.version) !== input.version) throw staleVersion(ENROLLMENT);
    await refuseTheTownshipReviewer(repo, row, ctx.actor);
    const terms = termsOf(await repo.terms(row.county_code, [row.id]));
    const assessed = ps ? await assessEnrollment(trx, ctx.actor, ps, row, month) : null;
    const engine = assessed ? { eligible: assessed.determination.eligible, fen: assessed.determination.amount.fen } : undefined;
    const plan = planChange({ kind, program: row.program, terms, month, engine });
    if (!plan.ok) throw refusalError(plan.refusal);
    if (!(await repo.claim(row.county_code, row.id, input.version, at))) throw staleVersion(ENROLLMENT);
    await applyPlan(trx, repo, {
      actor: ctx.actor,
      at,
      today,
      row,
      version: input.version,
      plan,
      month,
      action: kind,
      reasons: input.reasons,
      determination: assessed?.determination ?? null,
    });
    if (plan.status === 'ended') await cancelOpenReview(trx, repo, { row, actor: ctx.actor, at, today, why: kind });
    return loadEnrollmentDetail(ctx, trx, props.ref);
  });
}
