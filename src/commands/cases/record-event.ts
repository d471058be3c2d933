import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { CaseRepo } from '../../db/case-repo.ts';
import type { AssistanceCaseTable, Database } from '../../db/schema.ts';
import type { CaseState, Step } from '../../workflow/case-types.ts';
import { type Actor, actorName } from '../context.ts';
import { json } from '../shared/json-text.ts';

/**
 * Writes one step to the case's timeline and to the audit trail, in the step's transaction. The event's `seq` is
 * the case version the step produced, so the timeline and the optimistic lock can never disagree. Payloads hold
 * ids, codes, dates and counts only: names and free text stay in the step's own record table, and the audit trail
 * sees digests.
 */
export async function recordStep(
  trx: Transaction<Database>,
  repo: CaseRepo,
  e: {
    actor: Actor;
    at: string;
    before: AssistanceCaseTable | null;
    after: AssistanceCaseTable;
    step: Step;
    from: CaseState | null;
    to: CaseState;
    payload?: Record<string, unknown>;
    attachments?: readonly string[];
  },
): Promise<void> {
  await repo.insertEvent({
    county_code: e.after.county_code,
    case_id: e.after.id,
    seq: Number(e.after.version),
    at: e.at,
    actor_id: e.actor.userId,
    actor_name: actorName(e.actor),
    actor_role: e.actor.role,
    step: e.step,
    from_state: e.from,
    to_state: e.to,
    payload: json(e.payload ?? {}),
    attachments: json(e.attachments ?? []),
  });
  await appendAudit(
    trx,
    { userId: e.actor.userId, username: e.actor.username },
    {
      chain: e.after.county_code,
      action: `case.${e.step}`,
      entityType: 'case',
      entityId: e.after.id,
      before: e.before,
      after: await stateOf(trx, 'case', e.after.county_code, e.after.id),
      detail: { step: e.step, from: e.from, to: e.to, version: Number(e.after.version), attachments: e.attachments?.length ?? 0 },
    },
    e.at,
  );
}
