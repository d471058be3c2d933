import type { z } from 'zod';
import type { CaseDetail } from '../../contracts/cases.ts';
import type { CollectiveDecision } from '../../contracts/temporary.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { refusal } from '../../workflow/refusals.ts';
import type { CaseRef } from '../cases/case-context.ts';
import { runStep } from '../cases/run-step.ts';
import { type CommandContext, actorName } from '../context.ts';
import { json } from '../shared/json-text.ts';

/**
 * 一事一议 The county records the collective decision on a major difficulty above the normal maximum (铁市民发〔2019〕45号
 * 二(三); 民发〔2018〕23号): who took part, how many of how many were present (at least two thirds), how many agreed (more
 * than half of those present), the decision and the amount — which may exceed the normal maximum and is recorded as
 * such. Only then may the county approve the case (ADR 0037).
 */
export async function recordCollectiveDecision(ctx: CommandContext, props: { ref: CaseRef; input: z.output<typeof CollectiveDecision> }): Promise<CaseDetail> {
  const i = props.input;
  if (i.present > i.members || i.inFavour > i.present) {
    throw new AppError('COLLECTIVE_COUNTS', { zh: '到会人数不能多于应到人数，同意人数不能多于到会人数', en: 'Those present cannot outnumber the members, nor those in favour those present' }, { field: 'present' });
  }
  if (i.present * 3 < i.members * 2) {
    throw new AppError('COLLECTIVE_QUORUM', { zh: `到会 ${i.present} 人，不足应到 ${i.members} 人的三分之二，议定无效`, en: `${i.present} of ${i.members} present: fewer than two thirds, no quorum` }, { field: 'present' });
  }
  if (i.inFavour * 2 <= i.present) {
    throw new AppError('COLLECTIVE_MAJORITY', { zh: `同意 ${i.inFavour} 人，未超过到会人数 ${i.present} 人的半数，未形成决定`, en: `${i.inFavour} in favour of ${i.present} present: no majority` }, { field: 'inFavour' });
  }
  if (i.participants.length < i.present) {
    throw new AppError('COLLECTIVE_PARTICIPANTS', { zh: '请逐一列出到会人员（姓名和职务）', en: 'List everyone present (name and post)' }, { field: 'participants' });
  }
  if (i.amountYuan <= 0) throw new AppError('TEMPORARY_NEED_ZERO', { zh: '救助金额须大于 0', en: 'The amount must be more than zero' }, { field: 'amountYuan' });
  return runStep(ctx, {
    ref: props.ref,
    version: i.version,
    step: 'collective_decision',
    attachments: i.attachments,
    validate: (_row, today) => (i.decidedOn > today ? refusal('record', 'COLLECTIVE_DATE_FUTURE', '议定日期不能晚于今天', 'The decision cannot be dated after today', 'decidedOn') : null),
    act: async ({ trx, repo, row, at }) => {
      const aids = new TemporaryRepo(trx, repo.scope);
      const aid = await aids.aidOf(row.county_code, row.id);
      if (!aid) throw new Error(`temporary case ${row.id} has no aid row`);
      const maximum = Number(aid.maximum_fen ?? 0);
      const seq = await aids.insertDecision({
        county_code: row.county_code,
        case_id: row.id,
        decided_on: i.decidedOn,
        participants: json(i.participants),
        members: i.members,
        present: i.present,
        in_favour: i.inFavour,
        decision: i.decision,
        amount_fen: i.amountYuan,
        maximum_fen: maximum,
        recorded_by: ctx.actor.userId,
        recorded_by_name: actorName(ctx.actor),
        recorded_at: at,
      });
      // The decided amount is what the county approves: the need on file becomes it (the level stays 一事一议).
      await aids.patchAid(row.county_code, row.id, { need_fen: i.amountYuan, proposed_fen: i.amountYuan, updated_at: at });
      return {
        patch: { proposed_amount_fen: i.amountYuan },
        payload: { seq, members: i.members, present: i.present, inFavour: i.inFavour, amountFen: i.amountYuan, maximumFen: maximum, aboveMaximum: i.amountYuan > maximum },
      };
    },
  });
}
