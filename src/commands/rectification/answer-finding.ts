import { AnswerBody, type FindingDetail } from '../../contracts/rectification.ts';
import { appendAudit } from '../../db/audit.ts';
import { SupervisionRepo } from '../../db/supervision-repo.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission, staleVersion, todayOf } from '../context.ts';
import { FINDING, findingNotFound, presentDetail, rectificationError, rectificationRepo } from './rectification-context.ts';

/**
 * 整改回复 The township's staff answer a finding of their township with the action taken and its evidence (a note;
 * files come with issue 17): open → answered, with the version read (stale = 409), a history row and the audit event
 * in one transaction. Another township's finding is not found; an answered or closed one is refused (409).
 */
export async function answerFinding(ctx: CommandContext, key: { county: string; id: string }, body: unknown): Promise<FindingDetail> {
  requirePermission(ctx.actor, 'findings.answer');
  const parsed = AnswerBody.safeParse(body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'action';
    throw rectificationError('ANSWER_INVALID', { zh: '请填写整改措施和佐证说明（各不超过 2000 字）', en: 'Give the action taken and its evidence (2,000 characters each at most)' }, field);
  }
  const b = parsed.data;
  const at = nowIso(ctx);
  const name = actorName(ctx.actor);
  const done = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = rectificationRepo(ctx, trx);
    const f = await repo.findingForUpdate(key.county, key.id);
    if (!f) throw findingNotFound();
    if (f.version !== b.version) throw staleVersion(FINDING);
    if (f.status !== 'open') {
      throw rectificationError('FINDING_NOT_OPEN', { zh: '该问题线索不在待整改状态，不能回复', en: 'This finding is not open: it cannot be answered' }, 'status', 409);
    }
    const patch = { status: 'answered' as const, answer_action: b.action, answer_evidence: b.evidence, answered_by: ctx.actor.userId, answered_by_name: name, answered_at: at, updated_at: at };
    if (!(await repo.updateFinding(f.county_code, f.id, f.version, patch))) throw staleVersion(FINDING);
    await repo.appendHistory({ county_code: f.county_code, finding_id: f.id, at, event: 'answered', run_id: null, actor_id: auditActor(ctx.actor).userId, actor_name: name, record: JSON.stringify({ action: b.action, evidence: b.evidence }) });
    const after = { ...f, ...patch, version: f.version + 1 };
    await appendAudit(trx, auditActor(ctx.actor), { chain: f.county_code, action: 'finding.answer', entityType: 'finding', entityId: f.id, before: f, after, detail: { rule: f.rule, version: after.version } }, at);
    const read = new SupervisionRepo(trx, repo.scope);
    return { after, history: await read.history(f.county_code, f.id) };
  });
  // Presented after the commit (the area's name is read outside the step's transaction).
  return presentDetail(ctx, done.after, done.history, todayOf(ctx));
}
