import type { DiscrepancyPage, DualList, DualListQuery, ReferralHouseholdPage, RegistryHouseholdPage } from '../../contracts/dual-inclusion.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { auditActor, type CommandContext, nowIso, requirePermission } from '../context.ts';
import { listsContext, presentDiscrepancies, presentReferralHouseholds, presentRegistryHouseholds } from './lists-context.ts';

export type DualListPage<L extends DualList> = L extends 'referral' ? ReferralHouseholdPage : L extends 'discrepancies' ? DiscrepancyPage : RegistryHouseholdPage;

/**
 * 双纳入名单 One page of a dual-inclusion list of the user's area (or a part of it): names, masked ID numbers, villages,
 * attribute, status and programme — what the liaison may see. A bulk read of personal data, audited before it is
 * returned (ADR 0009), like every list page.
 */
export async function listDualInclusion<L extends DualList>(ctx: CommandContext, list: L, q: DualListQuery): Promise<DualListPage<L>> {
  requirePermission(ctx.actor, 'poverty.read');
  const lc = await listsContext(ctx, q.area);
  const { repo, latest } = lc;
  const offset = (q.page - 1) * q.pageSize;
  const at = { offset, limit: q.pageSize };
  const kind = list === 'discrepancies' ? q.kind : undefined;
  const total = await repo.count(latest, list, kind);
  const items =
    list === 'referral'
      ? await presentReferralHouseholds(ctx, await repo.referralHouseholds(latest, at))
      : list === 'discrepancies'
        ? await presentDiscrepancies(ctx, await repo.discrepancies(latest, { ...at, kind }))
        : await presentRegistryHouseholds(ctx, await repo.registryHouseholds(latest, list === 'covered', at));
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    {
      chain: lc.scope.countyCode ?? 'city',
      action: 'poverty.lists.read',
      entityType: 'poverty_list',
      entityId: list,
      detail: { list, area: lc.scope.areaCode, kind: kind ?? null, page: q.page, returned: items.length, total },
    },
    nowIso(ctx),
  );
  return { items, total, page: q.page, pageSize: q.pageSize } as DualListPage<L>;
}
