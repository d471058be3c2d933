import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseOpinion } from '../../contracts/cases.ts';
import type { CaseNoticeTable, CaseOpinionTable } from '../../db/schema.ts';
import { addMonths, monthOf } from '../../kernel/plain-date.ts';
import { noticeEnd } from '../../workflow/deadlines.ts';
import { actorName, type CommandContext } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { assessCase } from './assess-case.ts';
import type { CaseRef } from './case-context.ts';
import { requireEngineEligible } from './engine-verdict.ts';
import { runStep } from './run-step.ts';

/**
 * A step that records a level's opinion and posts a public notice (7 days) with the engine's amount for next month as
 * the proposed amount the notice shows: 乡镇审核 (township-review.ts) and 县级审批意见 (county-opinion.ts).
 */
export interface OpinionWithNotice {
  step: 'township_review' | 'county_opinion';
  opinion: Pick<CaseOpinionTable, 'level' | 'kind'>;
  notice: CaseNoticeTable['level'];
  /**
   * `require-eligible`: the opinion proposes approval, so only what the engine finds eligible above zero (the county);
   * `report`: the opinion stands whatever the engine says, and the timeline shows its verdict and reasons (the township).
   */
  engine: 'require-eligible' | 'report';
}

export async function opinionWithNotice(ctx: CommandContext, props: { ref: CaseRef; input: CaseOpinion }, s: OpinionWithNotice): Promise<CaseDetail> {
  const { input } = props;
  const ps = await loadParameterSet(ctx.db);
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: s.step,
    attachments: input.attachments,
    act: async ({ trx, records, row, today, at, rules }) => {
      const opinion = () =>
        records.insertOpinion({
          county_code: row.county_code,
          id: randomUUID(),
          case_id: row.id,
          ...s.opinion,
          text: input.opinion,
          by_id: ctx.actor.userId,
          by_name: actorName(ctx.actor),
          on_date: today,
          created_at: at,
        });
      // 临时救助 has no notices: the township's opinion sends the case to the county at the level the need was assessed at (ADR 0037).
      if (row.program === 'temporary') {
        await opinion();
        return { payload: { notice: null } };
      }
      const { determination } = await assessCase(trx, ctx.actor, ps, row, addMonths(monthOf(today), 1), { trace: false });
      if (s.engine === 'require-eligible') requireEngineEligible(determination);
      const noticeId = randomUUID();
      const endsOn = noticeEnd(today, rules);
      await opinion();
      await records.insertNotice({ county_code: row.county_code, id: noticeId, case_id: row.id, level: s.notice, posted_on: today, ends_on: endsOn, closed_on: null, outcome: null, posted_by: ctx.actor.userId });
      const verdict = s.engine === 'report' ? { engineEligible: determination.eligible, reasons: determination.reasons.map((r) => r.code) } : {};
      return { patch: { notice_ends_on: endsOn, proposed_amount_fen: determination.amount.fen }, payload: { noticeId, noticeEndsOn: endsOn, ...verdict } };
    },
  });
}
