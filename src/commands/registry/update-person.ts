import type { HouseholdDetail, PersonUpdate } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { notFound } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission, staleVersion } from '../context.ts';
import { type RegistryWrite, sourced } from './change-source.ts';
import { oneHead } from './create-household.ts';
import { detailOf, PERSON, registryFor, requireHousehold } from './load-household.ts';
import { duplicateIdNumber, personRow } from './person-row.ts';

/** 修改成员 Edits one person; optimistic locking on the person's version. */
export async function updatePerson(
  ctx: CommandContext,
  props: { countyCode: string; id: string; input: PersonUpdate },
): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  return ctx.db.kysely.transaction().execute((trx) => updatePersonIn(ctx, props, { trx }));
}

/** `updatePerson` inside the caller's transaction (a review's investigation: `w.source` names it in the audit events). */
export async function updatePersonIn(ctx: CommandContext, props: { countyCode: string; id: string; input: PersonUpdate }, w: RegistryWrite): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const now = ctx.clock();
  const { trx } = w;
  const repo = registryFor(ctx, trx);
  const before = await repo.getPerson(props.countyCode, props.id);
  if (!before) throw notFound(PERSON);
  if (before.version !== props.input.version) throw staleVersion(PERSON);
  const h = await requireHousehold(repo, before.county_code, before.household_id);
  const next = personRow(ctx.db.keys, props.input, {
    countyCode: before.county_code,
    householdId: before.household_id,
    areaCode: before.area_code,
    hukouType: h.hukou_type,
    now,
    field: 'person',
    id: before.id,
    current: before,
  });
  if (next.id_hash !== before.id_hash) {
    const taken = await repo.idNumberTaken(next.id_hash);
    if (taken) throw duplicateIdNumber('idNumber', taken);
  }
  if (next.relation === 'head' && before.relation !== 'head') {
    const { members } = await repo.householdParts(h);
    const problem = oneHead(members.filter((m) => m.relation === 'head').length + 1);
    if (problem) throw problem;
  }
  const { id: _id, county_code: _c, created_at: _ca, version: _v, synthetic: _s, ...patch } = next;
  if (!(await repo.updatePerson(before.county_code, before.id, props.input.version, patch))) throw staleVersion(PERSON);
  await repo.refreshHouseholdSummary(h.county_code, h.id);
  await appendAudit(
    trx,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: before.county_code, action: 'person.update', entityType: 'person', entityId: before.id, before, after: { ...before, ...patch }, detail: sourced(undefined, w.source) },
    now.toISOString(),
  );
  // The household's state holds its members: it changed too (audit verify --deep checks households, ADR 0015).
  await appendAudit(trx, { userId: ctx.actor.userId, username: ctx.actor.username }, { chain: h.county_code, action: 'household.members', entityType: 'household', entityId: h.id, after: await stateOf(trx, 'household', h.county_code, h.id), detail: sourced({ person: before.id, change: 'update' }, w.source) }, now.toISOString());
  return detailOf(repo, await requireHousehold(repo, h.county_code, h.id));
}
