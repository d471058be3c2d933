import type { HeatingMissingItem, HeatingMissingPage, HeatingMissingQuery } from '../../contracts/registry.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import type { HouseholdTable } from '../../db/schema.ts';
import { type CommandContext, nowIso, requirePermission } from '../context.ts';

/** A row of the list as screens (and the workbook) show it: no personal data beyond the head's name, as the household list. */
export function presentHeatingMissing(h: HouseholdTable & { on_dibao: number; on_tekun: number }, areaName: string): HeatingMissingItem {
  const programs: HeatingMissingItem['programs'] = [];
  if (Number(h.on_dibao) === 1) programs.push('dibao');
  if (Number(h.on_tekun) === 1) programs.push('tekun');
  return {
    householdId: h.id,
    countyCode: h.county_code,
    areaCode: h.area_code,
    areaName,
    headName: h.head_name,
    memberCount: Number(h.member_count),
    programs,
    heatingMode: h.heating_mode ?? null,
    missing: h.heating_mode == null ? 'mode' : 'area',
    version: Number(h.version),
  };
}

/**
 * 取暖信息缺失名单 The enrolled households (active dibao or tekun) of the user's area — or of a township or village of it
 * — whose heating is not recorded, or is central without its area (ADR 0042): what a township must complete before a
 * heating season's roll. A page of households is a bulk read, audited as the household list is (ADR 0009).
 */
export async function listHeatingMissing(ctx: CommandContext, q: HeatingMissingQuery): Promise<HeatingMissingPage> {
  requirePermission(ctx.actor, 'registry.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const db = ctx.db.kysely;
  const { rows, total } = await new RegistryRepo(db, scope).heatingMissing({ page: q.page, pageSize: q.pageSize });
  const names = await divisionNames(db, rows.map((r) => r.area_code));
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'registry.heating_missing', entityType: 'household', detail: { area: scope.areaCode, page: q.page, returned: rows.length, total } },
    nowIso(ctx),
  );
  return { items: rows.map((r) => presentHeatingMissing(r, names.get(r.area_code) ?? r.area_code)), total, page: q.page, pageSize: q.pageSize, areaCode: scope.areaCode };
}
