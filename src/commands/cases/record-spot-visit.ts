import type { CaseDetail, SpotVisit } from '../../contracts/cases.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkNotFuture } from '../../workflow/records.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { json } from '../shared/json-text.ts';
import { runStep } from './run-step.ts';

/**
 * 县级入户抽查 The county's home visit of a sampled case: who went, when, and whether the file held true. A visit recorded
 * on a phone (`visit`, ADR 0051) keeps its id and the time it was recorded in the home on the sampled item.
 */
export async function recordSpotVisit(ctx: CommandContext, props: { ref: CaseRef; input: SpotVisit; visit?: { id: string; recordedAt: string } }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'spot_visit',
    attachments: input.attachments,
    validate: (_row, today) => checkNotFuture(input.visitedOn as PlainDate, today, 'visitedOn'),
    act: async ({ records, row }) => {
      const checkId = row.spot_check_id as string;
      await records.recordVisit(row.county_code, checkId, row.id, {
        visited_on: input.visitedOn,
        visitors: json(input.visitors),
        finding: input.finding,
        note: input.note,
        visited_by: ctx.actor.userId,
        visit_id: props.visit?.id ?? null,
        recorded_at: props.visit?.recordedAt ?? null,
      });
      return {
        patch: { spot_check: 'visited' },
        payload: { spotCheckId: checkId, visitedOn: input.visitedOn, visitors: input.visitors.length, finding: input.finding, ...(props.visit ? { visitId: props.visit.id, recordedAt: props.visit.recordedAt } : {}) },
      };
    },
  });
}
