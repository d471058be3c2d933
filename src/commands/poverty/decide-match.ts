import type { MatchDecisionInput, MatchDecisionResult } from '../../contracts/poverty-match.ts';
import { appendAudit } from '../../db/audit.ts';
import { PovertyMatchRepo } from '../../db/poverty-match-repo.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { actorName, auditActor, nowIso, requirePermission } from '../context.ts';

const SUGGESTION = { zh: '比对建议', en: 'suggested match' };

/**
 * 确认 / 否决比对建议 A caseworker confirms or rejects a suggested match of a snapshot person to a doudi person in their
 * area. The suggestion must still be the one shown (else 409: decided or re-matched meanwhile). In one transaction: the
 * snapshot row becomes 'confirmed' or is cleared; the decision is kept by the person's stable key and doudi's person, so
 * later snapshots apply it (a confirmation matches, a rejection is never suggested again); an audit event in the doudi
 * person's county chain.
 */
export async function decideMatch(ctx: CommandContext, input: MatchDecisionInput): Promise<MatchDecisionResult> {
  requirePermission(ctx.actor, 'poverty.match');
  const at = nowIso(ctx);
  const scope = scopeOf(ctx.actor.areaCode);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new PovertyMatchRepo(trx);
    const pair = await repo.getPair(scope, input.snapshotId, input.personKey, input.countyCode, input.personId);
    if (!pair) throw notFound(SUGGESTION);
    const still = pair.match_method === 'suggested' && pair.match_county === input.countyCode && pair.match_person_id === input.personId;
    if (!still || !(await repo.decideRow(input.snapshotId, input.personKey, input.countyCode, input.personId, input.decision))) {
      throw new AppError(
        'MATCH_ALREADY_DECIDED',
        { zh: '该比对建议已被处理或已更新，请刷新后再操作', en: 'This suggestion was decided or changed meanwhile; reload the queue' },
        { status: 409, field: 'personKey' },
      );
    }
    await repo.recordDecision({
      personKey: input.personKey,
      county: input.countyCode,
      personId: input.personId,
      decision: input.decision,
      snapshotId: input.snapshotId,
      byId: ctx.actor.userId,
      byName: actorName(ctx.actor),
      at,
    });
    const before = { matchMethod: 'suggested', county: input.countyCode, personId: input.personId, confidence: pair.match_confidence };
    const after =
      input.decision === 'confirmed'
        ? { matchMethod: 'confirmed', county: input.countyCode, personId: input.personId, confidence: 100 }
        : { matchMethod: null, county: null, personId: null, confidence: null };
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: input.countyCode,
        action: input.decision === 'confirmed' ? 'poverty.match.confirm' : 'poverty.match.reject',
        entityType: 'poverty_person',
        entityId: `${input.snapshotId}/${input.personKey}`,
        before,
        after,
        detail: { snapshotId: input.snapshotId, personKey: input.personKey, county: input.countyCode, personId: input.personId, confidence: pair.match_confidence },
      },
      at,
    );
    return { snapshotId: input.snapshotId, personKey: input.personKey, decision: input.decision, matchMethod: input.decision === 'confirmed' ? 'confirmed' : null };
  });
}
