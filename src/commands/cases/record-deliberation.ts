import { randomUUID } from 'node:crypto';
import type { CaseDeliberation, CaseDetail } from '../../contracts/cases.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkDeliberation, countParticipants } from '../../workflow/records.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { json } from '../shared/json-text.ts';
import { runStep } from './run-step.ts';

/**
 * 民主评议 / 两委联席评议 Records the village meeting: participants by category (villager representatives at least
 * two thirds of them), the conclusion, signed.
 */
export async function recordDeliberation(ctx: CommandContext, props: { ref: CaseRef; input: CaseDeliberation }): Promise<CaseDetail> {
  const { input } = props;
  const record = { heldOn: input.heldOn as PlainDate, participants: input.participants, signed: input.signed };
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'deliberate',
    attachments: input.attachments,
    validate: (_row, today) => checkDeliberation(record, today),
    act: async ({ records, row, at }) => {
      const id = randomUUID();
      const { total, representatives } = countParticipants(input.participants);
      await records.insertDeliberation({
        county_code: row.county_code,
        id,
        case_id: row.id,
        held_on: input.heldOn,
        participants: json(input.participants),
        total,
        representatives,
        conclusion: input.conclusion,
        conclusion_text: input.conclusionText,
        signed: input.signed ? 1 : 0,
        recorded_by: ctx.actor.userId,
        created_at: at,
      });
      return { payload: { deliberationId: id, heldOn: input.heldOn, total, representatives, conclusion: input.conclusion } };
    },
  });
}
