import type { HouseholdDetail, HouseholdUpdate } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { getDivision } from '../../db/division-repo.ts';
import { maskAccount, maskPhone, openAccount, openPhone, sealAccount, sealPhone } from '../../db/personal-data.ts';
import type { HouseholdTable } from '../../db/schema.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission, staleVersion } from '../context.ts';
import { clearText, unknownVillage } from './create-household.ts';
import { heatingColumns } from './heating.ts';
import { itemRows } from './household-items.ts';
import { detailOf, HOUSEHOLD, registryFor, requireHousehold } from './load-household.ts';
import { auditSnapshot } from './present.ts';
import { type RegistryWrite, sourced } from './change-source.ts';

/**
 * 修改家庭 Edits a household's own fields and replaces its income and asset items. Optimistic locking: the
 * caller sends the version it read; a stale version is refused and nothing changes. A household stays in its
 * county (a move across counties is a transfer, not an edit).
 */
export async function updateHousehold(
  ctx: CommandContext,
  props: { countyCode: string; id: string; input: HouseholdUpdate },
): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  return ctx.db.kysely.transaction().execute((trx) => updateHouseholdIn(ctx, props, { trx }));
}

/** `updateHousehold` inside the caller's transaction (a review's investigation: `w.source` names it in the audit event). */
export async function updateHouseholdIn(ctx: CommandContext, props: { countyCode: string; id: string; input: HouseholdUpdate }, w: RegistryWrite): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const { input } = props;
  const now = ctx.clock();
  const { trx } = w;
  const repo = registryFor(ctx, trx);
  const before = await requireHousehold(repo, props.countyCode, props.id);
  if (before.version !== input.version) throw staleVersion(HOUSEHOLD);
  repo.assertInScope(input.areaCode, 'areaCode');
  if (input.areaCode !== before.area_code) {
    const village = await getDivision(trx, input.areaCode);
    if (village?.level !== 'village' || input.areaCode.slice(0, 6) !== before.county_code) throw unknownVillage();
  }
  const partsBefore = await repo.householdParts(before);
  const items = itemRows(input.incomes, input.assets, {
    countyCode: before.county_code,
    householdId: before.id,
    memberIds: partsBefore.members.map((m) => m.id),
    now,
  });
  const at = now.toISOString();
  const patch = {
    area_code: input.areaCode,
    address: input.address,
    hukou_type: input.hukouType,
    registered_poor: input.registeredPoor ? 1 : 0,
    bank_name: input.bankName ?? null,
    ...keptOrSealed(ctx.db.keys, before, input),
    // Left out: the heating stays as recorded (a review's income changes send no heating).
    ...heatingColumns(input),
    updated_at: at,
  };
  if (!(await repo.updateHousehold(before.county_code, before.id, input.version, patch))) throw staleVersion(HOUSEHOLD);
  if (input.areaCode !== before.area_code) {
    await repo.moveMembers(before.county_code, before.id, input.areaCode);
  }
  await repo.replaceItems(before.county_code, before.id, items.incomes, items.assets);
  const after = { ...before, ...patch, version: input.version + 1 };
  await appendAudit(
    trx,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    {
      chain: before.county_code,
      action: 'household.update',
      entityType: 'household',
      entityId: before.id,
      before: auditSnapshot(before, partsBefore),
      after: await stateOf(trx, 'household', before.county_code, before.id),
      detail: sourced(undefined, w.source),
    },
    at,
  );
  return detailOf(repo, after);
}

/**
 * The bank account and phone after an edit (ADR 0012): left out, or sent back exactly as the screen showed them
 * (masked), they stay as stored — sealed values are not re-sealed when nothing changed, so the account's hash and the
 * payroll's "account changed" mark stay put; `null` or an empty text clears them; anything else is sealed anew.
 */
function keptOrSealed(
  keys: KeyRing,
  before: HouseholdTable,
  input: Pick<HouseholdUpdate, 'bankAccount' | 'phone'>,
): Pick<HouseholdTable, 'bank_account_sealed' | 'bank_account_hash' | 'phone_sealed'> {
  const account = openAccount(keys, before);
  const keepAccount = input.bankAccount === undefined || (account !== null && input.bankAccount === maskAccount(account)) || input.bankAccount === account;
  const phone = openPhone(keys, before);
  const keepPhone = input.phone === undefined || (phone !== null && input.phone === maskPhone(phone)) || input.phone === phone;
  return {
    ...(keepAccount ? { bank_account_sealed: before.bank_account_sealed, bank_account_hash: before.bank_account_hash } : sealAccount(keys, clearText(input.bankAccount, 'bankAccount'))),
    phone_sealed: keepPhone ? before.phone_sealed : sealPhone(keys, clearText(input.phone, 'phone')),
  };
}
