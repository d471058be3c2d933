import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CATEGORY_WORDS, type NewEventAuthorisation } from '../../contracts/temporary.ts';
import { appendAudit } from '../../db/audit.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, actorName, auditActor, requirePermission, todayOf } from '../context.ts';

/**
 * 一事一议 aside, one event is aided once: a county approver records why a household's event is a new one although an
 * aid of the same category was given within the window (a second fire months later, a relapse that is a new illness).
 * The next temporary-aid case recorded for that household, category and day uses it, and shows it (ADR 0037).
 */
export async function authoriseNewEvent(ctx: CommandContext, input: z.output<typeof NewEventAuthorisation>): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'temporary.approve');
  if (ctx.actor.role !== 'county_approver') {
    throw new AppError('TEMPORARY_NEW_EVENT_COUNTY_ONLY', { zh: '新事件说明须由县级审批人员登记', en: 'Only a county approver records why an event is a new one' }, { status: 403 });
  }
  if (input.eventDate > todayOf(ctx)) throw new AppError('TEMPORARY_EVENT_IN_FUTURE', { zh: '事件日期不能晚于今天', en: 'The event cannot be after today' }, { field: 'eventDate' });
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const scope = scopeOf(ctx.actor.areaCode);
    const household = await new RegistryRepo(trx, scope).getHousehold(input.household.countyCode, input.household.id);
    if (!household) throw notFound({ zh: '家庭', en: 'household' });
    const aids = new TemporaryRepo(trx, scope);
    if (await aids.openNewEvent(household.county_code, household.id, input.category, input.eventDate)) {
      throw new AppError('TEMPORARY_NEW_EVENT_EXISTS', { zh: '该家庭此类事件在该日期已登记新事件说明，尚未使用', en: 'A reason for this household, category and day is already recorded and not used yet' }, { status: 409 });
    }
    const id = randomUUID();
    await aids.insertNewEvent({
      county_code: household.county_code,
      id,
      household_id: household.id,
      category: input.category,
      event_date: input.eventDate,
      reason: input.reason,
      decided_by: ctx.actor.userId,
      decided_by_name: actorName(ctx.actor),
      decided_at: at,
      used_by_case: null,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: household.county_code,
        action: 'temporary.new_event',
        entityType: 'household',
        entityId: household.id,
        detail: { id, category: input.category, categoryZh: CATEGORY_WORDS[input.category].zh, eventDate: input.eventDate },
      },
      at,
    );
    return { id };
  });
}
