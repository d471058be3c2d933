import type { ReviewDecision, ReviewDetail } from '../../contracts/enrollments.ts';
import { notFound } from '../../db/scope.ts';
import { gradualExit } from '../../rules/exit/gradual-exit.ts';
import { type ChangeKind, planChange } from '../../workflow/review-terms.ts';
import type { ReviewOutcome } from '../../workflow/review-types.ts';
import { json } from '../shared/json-text.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { type CommandContext, staleVersion, actorName } from '../context.ts';
import { applyPlan, ENROLLMENT, effectiveMonth, termsOf } from '../enrollments/enrollment-context.ts';
import { assessEnrollment } from '../enrollments/registry-facts.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { type ReviewRef, runReviewStep } from './run-review-step.ts';
import { putReviewSchedule, scheduleFor } from '../enrollments/review-schedule.ts';

const KIND: Record<ReviewOutcome, ChangeKind> = { keep: 'keep', change: 'change', stop: 'review_stop', gradual_exit: 'gradual_exit' };

/**
 * 县级决定 The county decides a review from the next month, with written reasons: keep the benefit, change its amount
 * (the engine's, on the registry as the investigation left it), stop it, or — for a household now above the
 * standard — grant a gradual exit (渐退) of the months it chooses within the bound in force (24 for registered-poor
 * households, seed 二(二)), after which the benefit ends by itself. A kept or changed benefit is scheduled for its
 * next review; every exit creates the follow-up task. The township reviewer of the case may not decide it.
 */
export async function decideReview(ctx: CommandContext, props: { ref: ReviewRef; input: ReviewDecision }): Promise<ReviewDetail> {
  const { input } = props;
  const ps = await loadParameterSet(ctx.db);
  return runReviewStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'decide',
    act: async ({ trx, repo, row, today, at }) => {
      const e = await repo.getEnrollment(row.county_code, row.enrollment_id);
      if (!e) throw notFound(ENROLLMENT);
      const month = effectiveMonth(today);
      const terms = termsOf(await repo.terms(e.county_code, [e.id]));
      const assessed = input.outcome === 'stop' ? null : await assessEnrollment(trx, ctx.actor, ps, e, month);
      const registeredPoor = Number(e.registered_poor) === 1;
      const bound = input.outcome === 'gradual_exit' ? gradualExit({ county: e.county_code, month, registeredPoor }, ps) : null;
      const plan = planChange({
        kind: KIND[input.outcome],
        program: e.program,
        terms,
        month,
        engine: assessed ? { eligible: assessed.determination.eligible, fen: assessed.determination.amount.fen } : undefined,
        gradual: bound ? { months: input.gradualExitMonths ?? 0, maxMonths: bound.maxMonths } : undefined,
      });
      if (!plan.ok) throw refusalError(plan.refusal);
      if (!(await repo.claim(e.county_code, e.id, Number(e.version), at))) throw staleVersion(ENROLLMENT);
      const reasons = [...input.reasons, ...(bound ? bound.reasons.map((r) => `${r.code}: ${r.message.zh}（${r.citation}）`) : [])];
      await applyPlan(trx, repo, {
        actor: ctx.actor,
        at,
        today,
        row: e,
        version: Number(e.version),
        plan,
        month,
        action: `review_${input.outcome}`,
        reasons,
        determination: assessed?.determination ?? null,
      });
      if (plan.status !== 'ended' && plan.endMonth === null && assessed) {
        await putReviewSchedule(repo, ctx.actor, scheduleFor(ps, assessed.facts, e, today, { at, lastReviewId: row.id }));
      }
      const amountFen = plan.terms[0]?.amountFen ?? assessed?.determination.amount.fen ?? null;
      return {
        patch: {
          outcome: input.outcome,
          decided_on: today,
          decider_id: ctx.actor.userId,
          decider_name: actorName(ctx.actor),
          decision_reasons: json(reasons),
          amount_fen: amountFen,
          effective_month: plan.terms.length > 0 ? month : null,
          gradual_months: input.outcome === 'gradual_exit' ? (input.gradualExitMonths ?? null) : null,
        },
        record: {
          outcome: input.outcome,
          reasons,
          effectiveMonth: month,
          amountFen,
          // The amount before the decision, for the review page's before → after (issue 11 point 10).
          amountBeforeFen: e.monthly_amount_fen == null ? null : Number(e.monthly_amount_fen),
          gradualExitMonths: input.gradualExitMonths ?? null,
          terms: plan.terms.map((t) => ({ fromMonth: t.fromMonth, status: t.status, amountFen: t.amountFen })),
        },
      };
    },
  });
}
