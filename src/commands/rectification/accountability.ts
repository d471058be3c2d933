import { randomUUID } from 'node:crypto';
import { AccountabilityBody, type AccountabilityMeasure, type AccountabilityView } from '../../contracts/rectification.ts';
import { appendAudit } from '../../db/audit.ts';
import type { AccountabilityRecordTable } from '../../db/schema.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission } from '../context.ts';
import { findingNotFound, rectificationError, rectificationRepo } from './rectification-context.ts';

interface Responsible {
  userId: string;
  username: string;
  displayName: string;
}

function present(r: AccountabilityRecordTable): AccountabilityView {
  return {
    id: r.id,
    county: r.county_code,
    findingId: r.finding_id,
    responsible: JSON.parse(r.responsible) as Responsible[],
    failure: r.failure,
    measure: r.measure as AccountabilityMeasure,
    measureNote: r.measure_note,
    decidedOn: r.decided_on,
    decidedByName: r.decided_by_name,
    recordedByName: r.recorded_by_name,
    recordedAt: r.recorded_at,
  };
}

/**
 * 责任追究记录 The accountability records of a finding of the reader's area: the auditor and the city supervisor (every
 * record), a county approver (the records their county made) only — caseworkers are refused (403) and the records are
 * in no other response. Out of area: the finding is not found.
 */
export async function listAccountability(ctx: CommandContext, key: { county: string; id: string }): Promise<{ items: AccountabilityView[] }> {
  requirePermission(ctx.actor, 'accountability.read');
  const repo = rectificationRepo(ctx);
  const f = await repo.findingForUpdate(key.county, key.id);
  if (!f) throw findingNotFound();
  return { items: (await repo.accountability(f.county_code, f.id)).map(present) };
}

/**
 * 记录责任追究 The city supervisor or a county approver records, from a finding of their area, the responsible staff
 * (doudi's users, by user name), what failed, the measure (约谈, 通报批评, 诫勉, 移交纪检, other), who decided and when;
 * with its audit event in one transaction.
 */
export async function recordAccountability(ctx: CommandContext, key: { county: string; id: string }, body: unknown): Promise<AccountabilityView> {
  requirePermission(ctx.actor, 'accountability.record');
  const parsed = AccountabilityBody.safeParse(body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'failure';
    throw rectificationError('ACCOUNTABILITY_INVALID', { zh: '请填写责任人、失职情形、问责措施、决定人和决定日期', en: 'Give the responsible staff, what failed, the measure, who decided and when' }, field);
  }
  const b = parsed.data;
  const at = nowIso(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = rectificationRepo(ctx, trx);
    const f = await repo.findingForUpdate(key.county, key.id);
    if (!f) throw findingNotFound();
    const users = await repo.usersByName(b.responsible);
    const byName = new Map(users.map((u) => [u.username.toLowerCase(), u]));
    const unknown = b.responsible.filter((n) => !byName.has(n.toLowerCase()));
    if (unknown.length > 0) {
      throw rectificationError('ACCOUNTABILITY_USER_UNKNOWN', { zh: `未找到用户：${unknown.join('、')}`, en: `Unknown users: ${unknown.join(', ')}` }, 'responsible');
    }
    const responsible: Responsible[] = [...new Set(b.responsible.map((n) => n.toLowerCase()))].map((n) => {
      const u = byName.get(n)!;
      return { userId: u.id, username: u.username, displayName: u.display_name };
    });
    const row: AccountabilityRecordTable = {
      county_code: f.county_code,
      id: randomUUID(),
      finding_id: f.id,
      responsible: JSON.stringify(responsible),
      failure: b.failure,
      measure: b.measure,
      measure_note: b.measureNote || null,
      decided_on: b.decidedOn,
      decided_by_name: b.decidedByName,
      recorded_by: ctx.actor.userId,
      recorded_by_name: actorName(ctx.actor),
      recorded_at: at,
    };
    await repo.insertAccountability(row);
    await appendAudit(trx, auditActor(ctx.actor), { chain: f.county_code, action: 'accountability.record', entityType: 'accountability_record', entityId: row.id, after: row, detail: { finding: f.id, measure: b.measure, responsible: responsible.map((r) => r.userId) } }, at);
    return present(row);
  });
}
