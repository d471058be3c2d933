import { type FindingDetail, VerifyBody } from '../../contracts/rectification.ts';
import { appendAudit } from '../../db/audit.ts';
import type { FindingTable } from '../../db/schema.ts';
import { SupervisionRepo } from '../../db/supervision-repo.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission, staleVersion, todayOf } from '../context.ts';
import { deadlineFrom, FINDING, findingNotFound, presentDetail, rectificationError, rectificationRepo } from './rectification-context.ts';

/**
 * 核查销号 / 退回 The county's approver or administrator, or the city supervisor, verifies an answered finding of their
 * area: closes it with a note, or sends it back with the reason — open again, `sent_back_count` + 1 and a new deadline
 * from today (the run's parameter, in working days). A finding the latest run no longer saw may be closed while open.
 * The version read (stale = 409), a history row and the audit event in one transaction.
 */
export async function verifyFinding(ctx: CommandContext, key: { county: string; id: string }, body: unknown): Promise<FindingDetail> {
  requirePermission(ctx.actor, 'findings.verify');
  const parsed = VerifyBody.safeParse(body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'note';
    throw rectificationError('VERIFY_INVALID', { zh: '请选择销号或退回，并填写核查意见（不超过 2000 字）', en: 'Choose close or send back and give the note (2,000 characters at most)' }, field);
  }
  const b = parsed.data;
  const at = nowIso(ctx);
  const today = todayOf(ctx);
  const name = actorName(ctx.actor);
  // The deadline is read before the transaction (parameters and calendar are reference data).
  const dueOn = b.decision === 'send_back' ? await deadlineFrom(ctx, key.county, today as PlainDate) : null;
  const done = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = rectificationRepo(ctx, trx);
    const f = await repo.findingForUpdate(key.county, key.id);
    if (!f) throw findingNotFound();
    if (f.version !== b.version) throw staleVersion(FINDING);
    const closable = f.status === 'answered' || (b.decision === 'close' && f.status === 'open' && Number(f.seen_in_last_run) === 0);
    if (!closable) {
      throw rectificationError('FINDING_NOT_ANSWERED', { zh: '该问题线索尚未回复整改情况（或已销号），不能核查', en: 'This finding has not been answered (or is closed): it cannot be verified' }, 'status', 409);
    }
    let patch: Partial<FindingTable>;
    if (b.decision === 'close') {
      patch = { status: 'closed', closed_by: ctx.actor.userId, closed_by_name: name, closed_at: at, close_note: b.note, updated_at: at };
    } else {
      patch = { status: 'open', sent_back_count: Number(f.sent_back_count) + 1, due_on: dueOn as string, updated_at: at };
    }
    if (!(await repo.updateFinding(f.county_code, f.id, f.version, patch))) throw staleVersion(FINDING);
    const event = b.decision === 'close' ? ('closed' as const) : ('sent_back' as const);
    const record = b.decision === 'close' ? { note: b.note } : { reason: b.note, dueOn };
    await repo.appendHistory({ county_code: f.county_code, finding_id: f.id, at, event, run_id: null, actor_id: auditActor(ctx.actor).userId, actor_name: name, record: JSON.stringify(record) });
    const after: FindingTable = { ...f, ...patch, version: f.version + 1 };
    await appendAudit(trx, auditActor(ctx.actor), { chain: f.county_code, action: b.decision === 'close' ? 'finding.close' : 'finding.send_back', entityType: 'finding', entityId: f.id, before: f, after, detail: { rule: f.rule, ...record, version: after.version } }, at);
    const read = new SupervisionRepo(trx, repo.scope);
    return { after, history: await read.history(f.county_code, f.id) };
  });
  // Presented after the commit (the area's name is read outside the step's transaction).
  return presentDetail(ctx, done.after, done.history, today);
}
