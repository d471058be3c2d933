import type { OverdueList, OverdueQuery } from '../../contracts/rectification.ts';
import { RectificationRepo } from '../../db/rectification-repo.ts';
import { narrowScope } from '../../db/scope.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { presentFinding } from '../supervision/list-findings.ts';
import { actorScope, areaNamesOf } from './rectification-context.ts';

/**
 * 整改逾期 The open findings of the reader's area past their deadline (`due_on` before today), the longest overdue
 * first, with how many working days late (the working-day calendar: weekends and holidays do not count).
 */
export async function listOverdue(ctx: CommandContext, q: OverdueQuery): Promise<OverdueList> {
  requirePermission(ctx.actor, 'findings.read');
  const repo = new RectificationRepo(ctx.db.kysely, narrowScope(actorScope(ctx), q.area));
  const today = todayOf(ctx);
  const [rows, total, calendar] = await Promise.all([repo.overdue(today, q.limit), repo.countOverdue(today), loadWorkingCalendar(ctx.db)]);
  const nameOf = await areaNamesOf(ctx, rows.map((f) => f.area_code));
  return {
    today,
    total,
    items: rows.map((f) => ({ ...presentFinding(f, today), areaName: nameOf(f.area_code), workingDaysOverdue: calendar.workingDaysBetween(f.due_on as PlainDate, today) })),
  };
}

/** The worklist's card: the open findings of the reader's area (a township its own), answered ones and the overdue. */
export async function findingCounts(ctx: CommandContext): Promise<{ open: number; answered: number; overdue: number }> {
  requirePermission(ctx.actor, 'findings.read');
  return new RectificationRepo(ctx.db.kysely, actorScope(ctx)).openCounts(todayOf(ctx));
}
