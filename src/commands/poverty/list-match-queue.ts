import type { MatchQueueItem, MatchQueuePage, MatchQueueQuery } from '../../contracts/poverty-match.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { openIdNumber } from '../../db/personal-data.ts';
import { PovertyMatchRepo, type QueueRow } from '../../db/poverty-match-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { type KeyRing, unseal } from '../../kernel/sealing.ts';
import type { CommandContext } from '../context.ts';
import { auditActor, nowIso, requirePermission } from '../context.ts';
import { scoreMatch } from './match-score.ts';

const sexOf = (s: string | null): 'M' | 'F' | null => (s === 'M' || s === 'F' ? s : null);

/**
 * 比对复核队列 The suggested matches of the current snapshots whose doudi person lies in the actor's area (a township
 * caseworker sees their township's; a county administrator the county's), best first, with both sides — ID numbers
 * masked — and the reasons of the score (scored again from both sides: only the score is stored). A page of personal
 * data: recorded as a bulk read before it is returned (ADR 0009, 0012).
 */
export async function listMatchQueue(ctx: CommandContext, props: MatchQueueQuery): Promise<MatchQueuePage> {
  requirePermission(ctx.actor, 'poverty.match');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), props.area);
  const db = ctx.db.kysely;
  const repo = new PovertyMatchRepo(db);
  const snapshots = await repo.currentSnapshotIds();
  const { rows, total } = await repo.queue(scope, snapshots, { offset: (props.page - 1) * props.pageSize, limit: props.pageSize });
  const names = await divisionNames(db, rows.flatMap((r) => [r.p_village, r.c_area]));
  await recordBulkRead(
    db,
    auditActor(ctx.actor),
    { chain: scope.countyCode ?? 'city', action: 'poverty.match.queue', entityType: 'poverty_person', detail: { area: scope.areaCode, page: props.page, returned: rows.length, total } },
    nowIso(ctx),
  );
  return { items: rows.map((r) => presentQueueRow(ctx.db.keys, r, names)), total, page: props.page, pageSize: props.pageSize };
}

export function presentQueueRow(keys: KeyRing, r: QueueRow, names: Map<string, string>): MatchQueueItem {
  const p = { name: r.p_name, birthDate: r.p_birth, sex: sexOf(r.p_sex), villageCode: r.p_village };
  const c = { name: r.c_name, birthDate: r.c_birth, sex: sexOf(r.c_sex), villageCode: r.c_area };
  const { reasons } = scoreMatch(p, c);
  return {
    snapshotId: r.snapshot_id,
    personKey: r.person_key,
    confidence: Number(r.confidence ?? 0),
    reasons,
    snapshot: {
      ...p,
      idNumber: r.p_id_sealed ? maskIdNumber(unseal(keys, 'id_number', r.p_id_sealed)) : '',
      idForm: r.p_id_form as '18' | '15' | 'invalid',
      villageName: names.get(r.p_village) ?? r.p_village,
      hhNo: r.hh_no,
      attribute: r.attribute as 'general' | 'dibao' | 'tekun',
      status: r.status as 'poor' | 'out',
    },
    registry: {
      countyCode: r.c_county,
      personId: r.c_id,
      name: r.c_name,
      idNumber: maskIdNumber(openIdNumber(keys, { id_number_sealed: r.c_id_sealed })),
      birthDate: r.c_birth,
      sex: r.c_sex === 'F' ? 'F' : 'M',
      villageCode: r.c_area,
      villageName: names.get(r.c_area) ?? r.c_area,
      householdId: r.household_id,
      headName: r.head_name,
    },
  };
}
