import type { HouseholdPage, HouseholdSearch } from '../../contracts/registry.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';
import { presentHouseholdSummary } from './present.ts';

/**
 * 检索家庭 Searches households in the user's area by a member's name (prefix) or ID number, optionally narrowed
 * to a sub-area. A page of personal data is a bulk read: it is recorded in the audit trail (query kind and
 * count only, never the search text) before the page is returned, by group commit (db/read-audit.ts). The total is
 * counted only up to a bound (ADR 0010): an exact count of a county's households cost more than the page itself.
 */
export async function searchHouseholds(ctx: CommandContext, props: HouseholdSearch): Promise<HouseholdPage> {
  requirePermission(ctx.actor, 'registry.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), props.area);
  const db = ctx.db.kysely;
  const repo = new RegistryRepo(db, scope);
  const { rows, total, totalCapped } = await repo.searchHouseholds(props);
  const names = await divisionNames(db, rows.map((r) => r.area_code));
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    {
      chain: scope.countyCode ?? 'city',
      action: 'registry.search',
      entityType: 'household',
      detail: { area: scope.areaCode, byText: Boolean(props.q), page: props.page, returned: rows.length, total, totalCapped },
    },
    nowIso(ctx),
  );
  return {
    items: rows.map((r) => presentHouseholdSummary(r, names.get(r.area_code) ?? r.area_code)),
    total,
    totalCapped,
    page: props.page,
    pageSize: props.pageSize,
  };
}
