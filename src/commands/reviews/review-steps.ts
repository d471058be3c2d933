import type { ReviewDetail, ReviewInvestigation, ReviewOpinion, ReviewReasons } from '../../contracts/enrollments.ts';
import { compareDates, type PlainDate } from '../../kernel/plain-date.ts';
import { refusal } from '../../workflow/refusals.ts';
import type { CommandContext } from '../context.ts';
import { applyReviewRegistryChanges } from './review-registry-changes.ts';
import { type ReviewRef, runReviewStep } from './run-review-step.ts';

/**
 * 入户调查 The township records the review's investigation: at least two investigators (as for an application), the
 * day, the home visit and the findings. What it found changed in the household (incomes, members joining or leaving,
 * a member's circumstances) it records here too: written to the registry by the registry's own commands in the
 * step's transaction, the review named as their source, where the county's decision reads them (issue 11 point 10).
 * A refusal of any of them leaves the investigation unrecorded.
 */
export async function investigateReview(
  ctx: CommandContext,
  props: { ref: ReviewRef; input: ReviewInvestigation; visit?: { id: string; recordedAt: string } },
): Promise<ReviewDetail> {
  const { input } = props;
  return runReviewStep(ctx, {
    ref: props.ref,
    visit: props.visit,
    version: input.version,
    step: 'investigate',
    validate: (row, today) => {
      if (new Set(input.investigators).size < 2) {
        return refusal('record', 'INVESTIGATORS_TOO_FEW', '入户调查须由 2 名以上工作人员进行', 'At least two investigators must take part', 'investigators');
      }
      for (const [field, day] of [['investigatedOn', input.investigatedOn], ['homeVisitOn', input.homeVisitOn]] as const) {
        if (!day) continue;
        if (compareDates(day as PlainDate, today) > 0 || compareDates(day as PlainDate, row.opened_on as PlainDate) < 0) {
          return refusal('record', 'DATE_OUT_OF_RANGE', '日期须在立案之日与今天之间', 'The day must lie between the opening of the review and today', field);
        }
      }
      return null;
    },
    act: async ({ trx, row }) => {
      const registryChanges = input.registry ? await applyReviewRegistryChanges(ctx, { trx, row }, input.registry) : [];
      return {
        record: {
          investigators: input.investigators,
          investigatedOn: input.investigatedOn,
          homeVisitOn: input.homeVisitOn ?? null,
          findings: input.findings,
          attachments: input.attachments,
          ...(registryChanges.length > 0 ? { registryChanges } : {}),
        },
      };
    },
  });
}

/** 乡镇审核 The township reviewer agrees and sends the review to the county, with an opinion. */
export async function townshipReviewReview(ctx: CommandContext, props: { ref: ReviewRef; input: ReviewOpinion }): Promise<ReviewDetail> {
  return runReviewStep(ctx, { ref: props.ref, version: props.input.version, step: 'township_review', act: async () => ({ record: { opinion: props.input.opinion } }) });
}

/** 退回 The township reviewer (or the county) sends the review back for another investigation, with reasons. */
export async function returnReview(ctx: CommandContext, props: { ref: ReviewRef; input: ReviewReasons; by: 'township' | 'county' }): Promise<ReviewDetail> {
  return runReviewStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: props.by === 'township' ? 'return_for_investigation' : 'county_return',
    act: async () => ({ record: { reasons: props.input.reasons } }),
  });
}

/** 撤销复核 The county cancels a review that has no object any more, with reasons. */
export async function cancelReview(ctx: CommandContext, props: { ref: ReviewRef; input: ReviewReasons }): Promise<ReviewDetail> {
  return runReviewStep(ctx, { ref: props.ref, version: props.input.version, step: 'cancel', act: async () => ({ record: { reasons: props.input.reasons } }) });
}
