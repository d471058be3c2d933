import { randomUUID } from 'node:crypto';
import type { HouseholdPage, HouseholdSearch } from '../../contracts/registry.ts';
import { idHashOf } from '../../db/personal-data.ts';
import { ID_LIKE } from '../../db/registry-repo.ts';
import { auditMac, type KeyRing, seal } from '../../kernel/sealing.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';
import { presentHouseholdSummary } from './present.ts';

/**
 * 检索家庭 Searches households in the user's area by a member's name (prefix) or ID number, optionally narrowed
 * to a sub-area. A page of personal data is a bulk read: it is recorded in the audit trail before the page is returned,
 * by group commit (db/read-audit.ts). What was searched for is recorded too (issue 9 point 17), so that an auditor can
 * tell who looked for a person: the text sealed in `audit_search_text`, its keyed MAC and — for an ID number — its
 * lookup hash in the event (ADR 0012). The total is counted only up to a bound (ADR 0010).
 */
export async function searchHouseholds(ctx: CommandContext, props: HouseholdSearch): Promise<HouseholdPage> {
  requirePermission(ctx.actor, 'registry.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), props.area);
  const db = ctx.db.kysely;
  const repo = new RegistryRepo(db, scope);
  const { rows, total, totalCapped } = await repo.searchHouseholds(props);
  const names = await divisionNames(db, rows.map((r) => r.area_code));
  const chain = scope.countyCode ?? 'city';
  const at = nowIso(ctx);
  const q = props.q?.trim() ?? '';
  const query = q ? searchQuery(ctx.db.keys, q) : null;
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    {
      chain,
      action: 'registry.search',
      entityType: 'household',
      detail: { area: scope.areaCode, byText: Boolean(q), page: props.page, returned: rows.length, total, totalCapped, ...(query ? { query: query.detail } : {}) },
    },
    at,
    query ? { ref: query.detail.ref, chain, at, text_sealed: query.sealed } : undefined,
  );
  return {
    items: rows.map((r) => presentHouseholdSummary(r, names.get(r.area_code) ?? r.area_code)),
    total,
    totalCapped,
    page: props.page,
    pageSize: props.pageSize,
  };
}

/**
 * What the audit keeps of a search's text: the sealed text (beside the chain) and, in the event, a reference to it, the
 * text's MAC under the audit key (the chain vouches for the text) and, for an ID number, its lookup hash — the same as
 * the person's `id_hash`, so "who searched for this person" is an exact match.
 */
export function searchQuery(keys: KeyRing, q: string): { sealed: string; detail: { ref: string; kind: 'id' | 'name'; mac: string; idHash?: string } } {
  const isId = ID_LIKE.test(q);
  return {
    sealed: seal(keys, 'search', q),
    detail: { ref: randomUUID(), kind: isId ? 'id' : 'name', mac: auditMac(keys, `search\u0000${q}`), ...(isId ? { idHash: idHashOf(keys, q) } : {}) },
  };
}
