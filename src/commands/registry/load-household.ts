import type { HouseholdDetail } from '../../contracts/registry.ts';
import { getDivision } from '../../db/division-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import type { Database, HouseholdTable } from '../../db/schema.ts';
import type { Kysely, Transaction } from 'kysely';
import type { CommandContext } from '../context.ts';
import { recordRead, requirePermission } from '../context.ts';
import { keysOf } from '../../db/connect.ts';
import { presentHouseholdDetail } from './present.ts';

export const HOUSEHOLD = { zh: '家庭', en: 'household' };
export const PERSON = { zh: '家庭成员', en: 'person' };

export function registryFor(ctx: CommandContext, db: Kysely<Database> | Transaction<Database> = ctx.db.kysely): RegistryRepo {
  return new RegistryRepo(db, scopeOf(ctx.actor.areaCode));
}

export async function requireHousehold(repo: RegistryRepo, countyCode: string, id: string): Promise<HouseholdTable> {
  const h = await repo.getHousehold(countyCode, id);
  if (!h) throw notFound(HOUSEHOLD);
  return h;
}

export async function detailOf(repo: RegistryRepo, h: HouseholdTable): Promise<HouseholdDetail> {
  const [parts, area] = await Promise.all([repo.householdParts(h), getDivision(repo.db, h.area_code)]);
  return presentHouseholdDetail(keysOf(repo.db), h, area?.name ?? h.area_code, parts);
}

/**
 * 查看家庭 Reads one household with its members, incomes and assets (ID numbers, account and phone masked). Reading a
 * record of personal data is audited (issue 9 point 17), by group commit like the lists (ADR 0009).
 */
export async function getHousehold(ctx: CommandContext, props: { countyCode: string; id: string }): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.read');
  const repo = registryFor(ctx);
  const detail = await detailOf(repo, await requireHousehold(repo, props.countyCode, props.id));
  await recordRead(ctx, { chain: detail.countyCode, action: 'registry.read', entityType: 'household', entityId: detail.id, detail: { members: detail.members.length } });
  return detail;
}
