import { randomUUID } from 'node:crypto';
import type { HouseholdCreate, HouseholdDetail } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { getDivision } from '../../db/division-repo.ts';
import { sealAccount, sealPhone } from '../../db/personal-data.ts';
import type { HouseholdTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { itemRows } from './household-items.ts';
import { detailOf, registryFor } from './load-household.ts';
import { duplicateIdNumber, personRow } from './person-row.ts';

export function unknownVillage(field = 'areaCode'): AppError {
  return new AppError(
    'DIVISION_UNKNOWN',
    { zh: '区划代码不存在或不是村（社区）级', en: 'Unknown division code, or not a village/community' },
    { field },
  );
}

export function oneHead(count: number): AppError | null {
  if (count === 1) return null;
  return new AppError(
    'HOUSEHOLD_HEAD_COUNT',
    { zh: `一户须有且只有一名户主（现有 ${count} 名）`, en: `A household needs exactly one head (found ${count})` },
    { field: 'members' },
  );
}

/**
 * A bank account or phone number as entered. A masked form ("****5678") stands for the stored value on an edit; where
 * there is none to keep — a new household, or a mask that is not the stored value's — it is refused.
 */
export function clearText<T extends string | null | undefined>(value: T, field: 'bankAccount' | 'phone'): T {
  if (typeof value === 'string' && value.includes('*')) {
    throw field === 'bankAccount'
      ? new AppError('BANK_ACCOUNT_FORMAT', { zh: '银行账号须为 8–30 位数字', en: 'A bank account number has 8–30 digits' }, { field })
      : new AppError('PHONE_FORMAT', { zh: '电话号码格式不正确', en: 'Malformed phone number' }, { field });
  }
  return value;
}

/** 新建家庭 Registers a household with its members, incomes and assets, all or nothing. */
export async function createHousehold(ctx: CommandContext, input: HouseholdCreate): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const now = ctx.clock();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = registryFor(ctx, trx);
    repo.assertInScope(input.areaCode, 'areaCode');
    const village = await getDivision(trx, input.areaCode);
    if (village?.level !== 'village') throw unknownVillage();
    const countyCode = input.areaCode.slice(0, 6);
    const id = randomUUID();
    const members = input.members.map((m, i) =>
      personRow(ctx.db.keys, m, { countyCode, householdId: id, areaCode: input.areaCode, hukouType: input.hukouType, now, field: `members.${i}` }),
    );
    const headProblem = oneHead(members.filter((m) => m.relation === 'head').length);
    if (headProblem) throw headProblem;
    const seen = new Map<string, number>();
    for (const [i, m] of members.entries()) {
      if (seen.has(m.id_hash)) throw duplicateIdNumber(`members.${i}.idNumber`);
      seen.set(m.id_hash, i);
      const taken = await repo.idNumberTaken(m.id_hash);
      if (taken) throw duplicateIdNumber(`members.${i}.idNumber`, taken);
    }
    const head = members.find((m) => m.relation === 'head');
    const at = now.toISOString();
    const row: HouseholdTable = {
      county_code: countyCode,
      id,
      area_code: input.areaCode,
      address: input.address,
      hukou_type: input.hukouType,
      registered_poor: input.registeredPoor ? 1 : 0,
      bank_name: input.bankName ?? null,
      ...sealAccount(ctx.db.keys, clearText(input.bankAccount, 'bankAccount')),
      phone_sealed: sealPhone(ctx.db.keys, clearText(input.phone, 'phone')),
      head_name: head?.name ?? '',
      member_count: members.length,
      synthetic: 0,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    const items = itemRows(input.incomes, input.assets, { countyCode, householdId: id, memberIds: members.map((m) => m.id), now });
    await repo.insertHousehold(row);
    for (const m of members) await repo.insertPerson(m);
    await repo.replaceItems(countyCode, id, items.incomes, items.assets);
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      {
        chain: countyCode,
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        after: await stateOf(trx, 'household', countyCode, id),
        detail: { members: members.length, incomes: items.incomes.length, assets: items.assets.length },
      },
      at,
    );
    return detailOf(repo, row);
  });
}
