import { randomUUID } from 'node:crypto';
import type { HouseholdCreate, HouseholdDetail } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { getDivision } from '../../db/division-repo.ts';
import { sealAccount, sealPhone } from '../../db/personal-data.ts';
import type { Transaction } from 'kysely';
import type { RegistryRepo } from '../../db/registry-repo.ts';
import type { AssetItemTable, Database, HouseholdTable, IncomeItemTable, PersonTable } from '../../db/schema.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { heatingColumns } from './heating.ts';
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

/** A household to be registered, as rows: the household, its members (ID numbers sealed), its incomes and assets. */
export interface NewHousehold {
  household: HouseholdTable;
  members: PersonTable[];
  incomes: IncomeItemTable[];
  assets: AssetItemTable[];
}

/**
 * Validates a household to be registered and builds its rows — every member (ID number GB 11643, disability), one
 * head, no ID number twice, incomes and assets, bank account and phone — the one validation of a new household, for
 * the form (createHousehold) and for every household of an import (importHouseholds). Each problem goes to `problem`
 * with the field it concerns (`members.2.idNumber`); without a handler the first is thrown. Null when there was one.
 */
export function buildNewHousehold(keys: KeyRing, input: HouseholdCreate, opts: { now: Date; problem?: (e: AppError) => void }): NewHousehold | null {
  let failed = false;
  const problem = (e: unknown) => {
    if (!(e instanceof AppError) || !opts.problem) throw e;
    failed = true;
    opts.problem(e);
  };
  const countyCode = input.areaCode.slice(0, 6);
  const id = randomUUID();
  const members: PersonTable[] = [];
  for (const [i, m] of input.members.entries()) {
    try {
      members.push(personRow(keys, m, { countyCode, householdId: id, areaCode: input.areaCode, hukouType: input.hukouType, now: opts.now, field: `members.${i}` }));
    } catch (e) {
      problem(e);
    }
  }
  if (failed) return null;
  const headProblem = oneHead(members.filter((m) => m.relation === 'head').length);
  if (headProblem) problem(headProblem);
  const seen = new Map<string, number>();
  for (const [i, m] of members.entries()) {
    if (seen.has(m.id_hash)) problem(duplicateIdNumber(`members.${i}.idNumber`));
    seen.set(m.id_hash, i);
  }
  let items: { incomes: IncomeItemTable[]; assets: AssetItemTable[] } = { incomes: [], assets: [] };
  let sealed: Pick<HouseholdTable, 'bank_account_sealed' | 'bank_account_hash' | 'phone_sealed'> | null = null;
  try {
    sealed = { ...sealAccount(keys, clearText(input.bankAccount, 'bankAccount')), phone_sealed: sealPhone(keys, clearText(input.phone, 'phone')) };
    items = itemRows(input.incomes, input.assets, { countyCode, householdId: id, memberIds: members.map((m) => m.id), now: opts.now });
  } catch (e) {
    problem(e);
  }
  if (failed || !sealed) return null;
  const head = members.find((m) => m.relation === 'head');
  const at = opts.now.toISOString();
  const household: HouseholdTable = {
    county_code: countyCode,
    id,
    area_code: input.areaCode,
    address: input.address,
    hukou_type: input.hukouType,
    registered_poor: input.registeredPoor ? 1 : 0,
    bank_name: input.bankName ?? null,
    ...sealed,
    head_name: head?.name ?? '',
    member_count: members.length,
    synthetic: 0,
    version: 1,
    created_at: at,
    updated_at: at,
    ...heatingColumns(input),
  };
  return { household, members, ...items };
}

/** The members' ID numbers already registered anywhere in the city (person_index): a problem each, at the member's field. */
export async function registeredIdNumbers(repo: RegistryRepo, members: readonly PersonTable[], problem: (e: AppError, index: number) => void): Promise<void> {
  for (const [i, m] of members.entries()) {
    const taken = await repo.idNumberTaken(m.id_hash);
    if (taken) problem(duplicateIdNumber(`members.${i}.idNumber`, taken), i);
  }
}

/** Writes a validated household with its audit event (`household.create`, its state as the after-digest) in `trx`. */
export async function writeNewHousehold(
  trx: Transaction<Database>,
  repo: RegistryRepo,
  actor: { userId: string | null; username: string },
  nh: NewHousehold,
  at: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const { household: row, members } = nh;
  await repo.insertHousehold(row);
  for (const m of members) await repo.insertPerson(m);
  await repo.replaceItems(row.county_code, row.id, nh.incomes, nh.assets);
  await appendAudit(
    trx,
    actor,
    {
      chain: row.county_code,
      action: 'household.create',
      entityType: 'household',
      entityId: row.id,
      after: await stateOf(trx, 'household', row.county_code, row.id),
      detail: { members: members.length, incomes: nh.incomes.length, assets: nh.assets.length, ...detail },
    },
    at,
  );
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
    const nh = buildNewHousehold(ctx.db.keys, input, { now }) as NewHousehold;
    await registeredIdNumbers(repo, nh.members, (e) => {
      throw e;
    });
    await writeNewHousehold(trx, repo, { userId: ctx.actor.userId, username: ctx.actor.username }, nh, now.toISOString());
    return detailOf(repo, nh.household);
  });
}
