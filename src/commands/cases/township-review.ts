import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseOpinion } from '../../contracts/cases.ts';
import { addMonths, monthOf } from '../../kernel/plain-date.ts';
import { noticeEnd } from '../../workflow/deadlines.ts';
import { type CommandContext, actorName } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { assessCase } from './assess-case.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/**
 * 乡镇审核 The township reviewer agrees with the investigation and the deliberation and posts the village notice
 * (村公示, 7 days). The engine's amount for next month is recorded as the proposed amount the notice shows.
 */
export async function townshipReview(ctx: CommandContext, props: { ref: CaseRef; input: CaseOpinion }): Promise<CaseDetail> {
  const { input } = props;
  const ps = await loadParameterSet(ctx.db);
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'township_review',
    attachments: input.attachments,
    act: async ({ trx, records, row, today, at, rules }) => {
      const { determination } = await assessCase(trx, ctx.actor, ps, row, addMonths(monthOf(today), 1), { trace: false });
      const noticeId = randomUUID();
      const endsOn = noticeEnd(today, rules);
      await records.insertOpinion({
        county_code: row.county_code,
        id: randomUUID(),
        case_id: row.id,
        level: 'township',
        kind: 'recommend',
        text: input.opinion,
        by_id: ctx.actor.userId,
        by_name: actorName(ctx.actor),
        on_date: today,
        created_at: at,
      });
      await records.insertNotice({ county_code: row.county_code, id: noticeId, case_id: row.id, level: 'village', posted_on: today, ends_on: endsOn, closed_on: null, outcome: null, posted_by: ctx.actor.userId });
      return {
        patch: { notice_ends_on: endsOn, proposed_amount_fen: determination.amount.fen },
        payload: { noticeId, noticeEndsOn: endsOn, engineEligible: determination.eligible, reasons: determination.reasons.map((r) => r.code) },
      };
    },
  });
}
