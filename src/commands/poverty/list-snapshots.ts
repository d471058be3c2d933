import type { PovertyChangePage, PovertyChangeQuery, PovertyFieldChange, PovertySnapshot, PovertySnapshotList } from '../../contracts/poverty.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { PovertyRepo } from '../../db/poverty-repo.ts';
import type { PovertySnapshotTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { mask, unseal } from '../../kernel/sealing.ts';
import { type CommandContext, recordRead, requirePermission } from '../context.ts';

const repoOf = (ctx: CommandContext) => new PovertyRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode));

function present(s: PovertySnapshotTable, names: Map<string, string>): PovertySnapshot {
  return {
    id: s.id,
    areaCode: s.area_code,
    areaName: names.get(s.area_code) ?? s.area_code,
    asOf: s.as_of,
    fileName: s.file_name,
    households: s.households,
    persons: s.persons,
    added: { households: s.added_households, persons: s.added_persons },
    removed: { households: s.removed_households, persons: s.removed_persons },
    changed: { households: s.changed_households, persons: s.changed_persons },
    previousId: s.previous_id,
    importedByName: s.imported_by_name,
    importedAt: s.imported_at,
  };
}

/** 快照列表 The snapshots of the poverty registry the user's area sees (the city's and their county's), newest first. */
export async function listPovertySnapshots(ctx: CommandContext): Promise<PovertySnapshotList> {
  requirePermission(ctx.actor, 'poverty.read');
  const rows = await repoOf(ctx).list();
  const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
  return { items: rows.map((r) => present(r, names)) };
}

/**
 * 快照变化 A page of what a snapshot changed from the previous one of its area — households and persons added, removed,
 * changed and which fields — within the user's area; ID numbers masked; the read audited (it shows persons).
 */
export async function povertySnapshotChanges(ctx: CommandContext, o: { snapshotId: string; query: PovertyChangeQuery }): Promise<PovertyChangePage> {
  requirePermission(ctx.actor, 'poverty.read');
  const repo = repoOf(ctx);
  const s = await repo.snapshot(o.snapshotId);
  if (!s) throw notFound({ zh: '建档立卡数据快照', en: 'Poverty-registry snapshot' });
  const q = o.query;
  const { total, rows } = await repo.changes(s, { kind: q.kind, change: q.change, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  const villages = rows.flatMap((r) => (r.village_code ? [r.village_code] : []));
  const fieldVillages = rows.flatMap((r) => (r.fields ? (JSON.parse(r.fields) as PovertyFieldChange[]).filter((f) => f.field === 'village').flatMap((f) => [f.before ?? '', f.after ?? '']) : []));
  const names = await divisionNames(ctx.db.kysely, [s.area_code, ...villages, ...fieldVillages].filter(Boolean));
  const items = rows.map((r) => {
    const fields = r.fields ? (JSON.parse(r.fields) as PovertyFieldChange[]) : [];
    return {
      kind: r.kind,
      change: r.change,
      hhNo: r.hh_no ?? (r.kind === 'household' ? r.key : ''),
      name: r.label,
      villageName: r.village_code ? (names.get(r.village_code) ?? r.village_code) : '',
      idNumber: r.id_number_sealed ? mask('id_number', unseal(ctx.db.keys, 'id_number', r.id_number_sealed)) : null,
      fields: fields.map((f) => (f.field === 'village' ? { ...f, before: f.before && (names.get(f.before) ?? f.before), after: f.after && (names.get(f.after) ?? f.after) } : f)),
    };
  });
  await recordRead(ctx, {
    chain: s.area_code.endsWith('00000000') ? 'city' : s.area_code.slice(0, 6),
    action: 'poverty.changes.read',
    entityType: 'poverty_snapshot',
    entityId: s.id,
    detail: { kind: q.kind ?? null, change: q.change ?? null, page: q.page, returned: items.length },
  });
  return { snapshot: present(s, names), total, items };
}
