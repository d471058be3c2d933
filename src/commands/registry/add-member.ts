import type { HouseholdDetail, PersonInput } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { type RegistryWrite, sourced } from './change-source.ts';
import { oneHead } from './create-household.ts';
import { detailOf, registryFor, requireHousehold } from './load-household.ts';
import { duplicateIdNumber, personRow } from './person-row.ts';

/** 增加成员 Adds a person to a household (birth, marriage, return …). */
export async function addMember(
  ctx: CommandContext,
  props: { countyCode: string; householdId: string; input: PersonInput },
): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  return ctx.db.kysely.transaction().execute((trx) => addMemberIn(ctx, props, { trx }));
}

/** `addMember` inside the caller's transaction (a review's investigation: `w.source` names it in the audit events). */
export async function addMemberIn(
  ctx: CommandContext,
  props: { countyCode: string; householdId: string; input: PersonInput },
  w: RegistryWrite,
): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const now = ctx.clock();
  const { trx } = w;
  const repo = registryFor(ctx, trx);
  const h = await requireHousehold(repo, props.countyCode, props.householdId);
  const row = personRow(ctx.db.keys, props.input, { countyCode: h.county_code, householdId: h.id, areaCode: h.area_code, hukouType: h.hukou_type, now, field: 'member' });
  const taken = await repo.idNumberTaken(row.id_hash);
  if (taken) throw duplicateIdNumber('idNumber', taken);
  const { members } = await repo.householdParts(h);
  if (row.relation === 'head') {
    const problem = oneHead(members.filter((m) => m.relation === 'head').length + 1);
    if (problem) throw problem;
  }
  await repo.insertPerson(row);
  await repo.refreshHouseholdSummary(h.county_code, h.id);
  await repo.touchHousehold(h, now.toISOString());
  await appendAudit(
    trx,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: h.county_code, action: 'person.create', entityType: 'person', entityId: row.id, after: row, detail: sourced({ household: h.id }, w.source) },
    now.toISOString(),
  );
  // The household's state holds its members: it changed too (audit verify --deep checks households, ADR 0015).
  await appendAudit(trx, { userId: ctx.actor.userId, username: ctx.actor.username }, { chain: h.county_code, action: 'household.members', entityType: 'household', entityId: h.id, after: await stateOf(trx, 'household', h.county_code, h.id), detail: sourced({ person: row.id, change: 'add' }, w.source) }, now.toISOString());
  return detailOf(repo, await requireHousehold(repo, h.county_code, h.id));
}
