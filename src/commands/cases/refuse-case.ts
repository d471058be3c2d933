import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseReasons } from '../../contracts/cases.ts';
import { type CommandContext, actorName } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { json } from '../shared/json-text.ts';
import { runStep } from './run-step.ts';

/** 不予批准 The county refuses, with written reasons (sent through the township within 3 days); the decision names its decider. */
export async function refuseCase(ctx: CommandContext, props: { ref: CaseRef; input: CaseReasons }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'refuse',
    attachments: input.attachments,
    act: async ({ records, row, today, at }) => {
      const decisionId = randomUUID();
      await records.insertDecision({
        county_code: row.county_code,
        id: decisionId,
        case_id: row.id,
        outcome: 'refused',
        decided_on: today,
        decided_at: at,
        decider_id: ctx.actor.userId,
        decider_name: actorName(ctx.actor),
        decider_role: ctx.actor.role,
        reasons: json(input.reasons),
        amount_fen: null,
        benefit_from: null,
        rule_set: row.rule_set,
        determination: null,
      });
      return { patch: { decision_id: decisionId }, payload: { decisionId, reasons: input.reasons.length } };
    },
  });
}
