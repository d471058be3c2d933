import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseReasons } from '../../contracts/cases.ts';
import { type CommandContext, actorName } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 乡镇审核退回 The township reviewer sends the case back for another investigation, saying why. */
export async function returnForInvestigation(ctx: CommandContext, props: { ref: CaseRef; input: CaseReasons }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'return_for_investigation',
    attachments: input.attachments,
    act: async ({ records, row, today, at }) => {
      await records.insertOpinion({
        county_code: row.county_code,
        id: randomUUID(),
        case_id: row.id,
        level: 'township',
        kind: 'return',
        text: input.reasons.join('\n'),
        by_id: ctx.actor.userId,
        by_name: actorName(ctx.actor),
        on_date: today,
        created_at: at,
      });
      return { payload: { reasons: input.reasons.length } };
    },
  });
}
