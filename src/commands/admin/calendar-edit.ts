import { appendAudit } from '../../db/audit.ts';
import { calendarDay, markCalendarYears, setCalendarDayRow } from '../../db/calendar-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { dayOfWeek, parsePlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, auditActor, requirePermission } from '../context.ts';

/**
 * 工作日历维护 An administrator records a day of a year the official data does not cover yet (or corrects one):
 * a holiday, a make-up working day (调休), or back to the ordinary rule. Marking a year complete tells deadline
 * computations that the year's arrangement is known.
 */
export async function setCalendarDay(ctx: CommandContext, input: { day: string; kind: 'holiday' | 'workday' | 'normal'; name: string }): Promise<void> {
  requirePermission(ctx.actor, 'calendar.manage');
  const actor = auditActor(ctx.actor);
  const day = parsePlainDate(input.day);
  if (!day) throw new AppError('DATE_INVALID', { zh: `不是有效日期：${input.day}`, en: `Not a calendar date: ${input.day}` }, { field: 'day' });
  const weekend = dayOfWeek(day) === 0 || dayOfWeek(day) === 6;
  if (input.kind === 'workday' && !weekend) {
    throw new AppError('CALENDAR_WORKDAY_NOT_WEEKEND', { zh: '调休上班日须为周六或周日', en: 'A make-up working day must be a Saturday or Sunday' }, { field: 'kind' });
  }
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await calendarDay(trx, day);
    await setCalendarDayRow(trx, day, input.kind === 'normal' ? null : { day, kind: input.kind, name: input.name, source: 'admin', updated_by: actor.username, updated_at: at });
    await appendAudit(trx, actor, { chain: 'city', action: 'calendar.set', entityType: 'calendar_day', entityId: day, before: before ?? null, after: input }, at);
  });
}

export async function markCalendarYear(ctx: CommandContext, o: { year: number }): Promise<void> {
  requirePermission(ctx.actor, 'calendar.manage');
  const { year } = o;
  const actor = auditActor(ctx.actor);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new AppError('YEAR_INVALID', { zh: '年份无效', en: 'Invalid year' }, { field: 'year' });
  }
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await markCalendarYears(trx, [{ year, source: 'admin', updated_by: actor.username, updated_at: at }]);
    await appendAudit(trx, actor, { chain: 'city', action: 'calendar.year_complete', entityType: 'calendar_year', entityId: String(year) }, at);
  });
}
