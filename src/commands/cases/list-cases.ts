import type { CasePage, CaseSearch } from '../../contracts/cases.ts';
import { appendAudit } from '../../db/audit.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { todayOf } from './case-context.ts';
import { presentSummary } from './present-case.ts';

/** 案件查询 Cases in the user's area (or a part of it), by state and program, paginated; audited as a bulk read. */
export async function listCases(ctx: CommandContext, q: CaseSearch): Promise<CasePage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const today = todayOf(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { rows, total } = await new CaseRepo(trx, scope).search(q);
    const names = await divisionNames(trx, rows.map((r) => r.area_code));
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: scope.countyCode ?? 'city', action: 'case.search', entityType: 'case', detail: { area: scope.areaCode, state: q.state ?? null, page: q.page, returned: rows.length, total } },
      ctx.clock().toISOString(),
    );
    return { items: rows.map((r) => presentSummary(r, names.get(r.area_code) ?? r.area_code, today)), total, page: q.page, pageSize: q.pageSize };
  });
}
