import type { CasePage, CaseSearch } from '../../contracts/cases.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { presentSummary } from './present-case.ts';

/**
 * 案件查询 Cases in the user's area (or a part of it), by state and program (or only the overdue ones), paginated. The total is counted only up
 * to a bound (ADR 0010); the page is a bulk read of personal data, audited by group commit before it is returned
 * (ADR 0009).
 */
export async function listCases(ctx: CommandContext, q: CaseSearch): Promise<CasePage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const today = todayOf(ctx);
  const db = ctx.db.kysely;
  const { rows, total, totalCapped } = await new CaseRepo(db, scope).search({ ...q, overdueBefore: q.overdue ? today : undefined });
  const names = await divisionNames(db, rows.map((r) => r.area_code));
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    {
      chain: scope.countyCode ?? 'city',
      action: 'case.search',
      entityType: 'case',
      detail: { area: scope.areaCode, state: q.state ?? null, overdue: Boolean(q.overdue), page: q.page, returned: rows.length, total, totalCapped },
    },
    ctx.clock().toISOString(),
  );
  return { items: rows.map((r) => presentSummary(r, names.get(r.area_code) ?? r.area_code, today)), total, totalCapped, page: q.page, pageSize: q.pageSize };
}
