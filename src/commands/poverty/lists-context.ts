import type { DiscrepancyKind, DiscrepancyRow, ReferralHouseholdRow, RegistryHouseholdRow } from '../../contracts/dual-inclusion.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { DualInclusionRepo, type DiscrepancyRecord, type LatestSnapshot, type ReferralHouseholdRecord, type RegistryHouseholdRecord } from '../../db/dual-inclusion-repo.ts';
import { type AreaScope, narrowScope, scopeOf } from '../../db/scope.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { unseal } from '../../kernel/sealing.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { type CommandContext, todayOf } from '../context.ts';

/** The reads of one request: the repository bound to the (narrowed) scope and today's month, and the snapshots in use. */
export interface ListsContext {
  repo: DualInclusionRepo;
  scope: AreaScope;
  month: string;
  latest: LatestSnapshot[];
}

/** The scope (the user's area, or a part of it given as `area`), today's month and the latest snapshot per county. */
export async function listsContext(ctx: CommandContext, area: string | undefined): Promise<ListsContext> {
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), area);
  const month = todayOf(ctx).slice(0, 7);
  const repo = new DualInclusionRepo(ctx.db.kysely, scope, month);
  return { repo, scope, month, latest: await repo.latestSnapshots() };
}

export const programsOf = (r: { on_dibao: number; on_tekun: number }): ('dibao' | 'tekun')[] => [
  ...(r.on_dibao ? (['dibao'] as const) : []),
  ...(r.on_tekun ? (['tekun'] as const) : []),
];

/** A sealed ID number as screens show it: masked (the liaison's lists never carry one in full). */
export const maskedId = (keys: KeyRing, sealed: string | null): string | null => (sealed ? maskIdNumber(unseal(keys, 'id_number', sealed)) : null);

export async function presentRegistryHouseholds(ctx: CommandContext, rows: readonly RegistryHouseholdRecord[]): Promise<RegistryHouseholdRow[]> {
  const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.village_code));
  return rows.map((r) => ({
    hhNo: r.hh_no,
    villageCode: r.village_code,
    villageName: names.get(r.village_code) ?? r.village_code,
    headName: r.head_name,
    headIdMasked: maskedId(ctx.db.keys, r.head_id_sealed),
    memberCount: r.member_count,
    attribute: r.attribute,
    status: r.status,
    exitYear: r.exit_year,
    programs: programsOf(r),
  }));
}

export async function presentReferralHouseholds(ctx: CommandContext, rows: readonly ReferralHouseholdRecord[]): Promise<ReferralHouseholdRow[]> {
  const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
  return rows.map((r) => ({
    countyCode: r.county_code,
    householdId: r.household_id,
    villageCode: r.area_code,
    villageName: names.get(r.area_code) ?? r.area_code,
    headName: r.head_name,
    headIdMasked: maskedId(ctx.db.keys, r.head_id_sealed),
    memberCount: r.member_count,
    programs: programsOf(r),
    referral:
      r.referral_id && r.referral_status && r.referred_on
        ? { id: r.referral_id, status: r.referral_status, referredOn: r.referred_on, replyReason: r.reply_reason, replyOn: r.reply_on }
        : null,
  }));
}

export async function presentDiscrepancies(ctx: CommandContext, rows: readonly DiscrepancyRecord[]): Promise<DiscrepancyRow[]> {
  const names = await divisionNames(ctx.db.kysely, rows.flatMap((r) => [r.village_code, ...(r.doudi_village ? [r.doudi_village] : [])]));
  return rows.map((r) => ({
    kind: r.kind as DiscrepancyKind,
    hhNo: r.hh_no,
    villageCode: r.village_code,
    villageName: names.get(r.village_code) ?? r.village_code,
    headName: r.head_name,
    personName: r.person_name,
    idMasked: maskedId(ctx.db.keys, r.id_sealed),
    idForm: r.id_form,
    attribute: r.attribute,
    programs: programsOf(r),
    doudiVillageName: r.doudi_village ? (names.get(r.doudi_village) ?? r.doudi_village) : null,
  }));
}
