import type { HouseholdDetail, HouseholdSummary, PersonView } from '../../contracts/registry.ts';
import type { AssetItemTable, HouseholdTable, IncomeItemTable, PersonTable } from '../../db/schema.ts';
import { maskAccount, maskPhone, openAccount, openIdNumber, openPhone } from '../../db/personal-data.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { presentHeating } from './heating.ts';
import { selfCareItems } from './person-row.ts';

/** A member as screens see them: the ID number masked (revealing it is a deliberate, audited request; ADR 0012). */
export function presentPerson(keys: KeyRing, p: PersonTable): PersonView {
  return {
    id: p.id,
    householdId: p.household_id,
    countyCode: p.county_code,
    idNumber: maskIdNumber(openIdNumber(keys, p)),
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    relation: p.relation as PersonView['relation'],
    hukouType: p.hukou_type,
    disabilityKind: (p.disability_kind as PersonView['disabilityKind']) ?? null,
    disabilityGrade: p.disability_grade == null ? null : Number(p.disability_grade),
    seriousIllness: Number(p.serious_illness) === 1,
    laborCapacity: p.labor_capacity,
    selfCareFailed: selfCareItems(Number(p.self_care_mask)),
    supporterStatus: p.supporter_status as PersonView['supporterStatus'],
    inSchool: Number(p.in_school) === 1,
    version: Number(p.version),
  };
}

export function presentHouseholdSummary(h: HouseholdTable, areaName: string): HouseholdSummary {
  return {
    id: h.id,
    countyCode: h.county_code,
    areaCode: h.area_code,
    areaName,
    headName: h.head_name,
    memberCount: Number(h.member_count),
    hukouType: h.hukou_type,
    registeredPoor: Number(h.registered_poor) === 1,
    synthetic: Number(h.synthetic) === 1,
    version: Number(h.version),
  };
}

export function presentHouseholdDetail(
  keys: KeyRing,
  h: HouseholdTable,
  areaName: string,
  parts: { members: PersonTable[]; incomes: IncomeItemTable[]; assets: AssetItemTable[] },
): HouseholdDetail {
  return {
    ...presentHouseholdSummary(h, areaName),
    address: h.address,
    bankName: h.bank_name,
    bankAccount: maskAccount(openAccount(keys, h)),
    phone: maskPhone(openPhone(keys, h)),
    ...presentHeating(h),
    members: parts.members.map((m) => presentPerson(keys, m)),
    incomes: parts.incomes.map((i) => ({
      id: i.id,
      kind: i.kind as HouseholdDetail['incomes'][number]['kind'],
      annualYuan: formatYuan(Number(i.annual_fen)),
      personId: i.person_id,
      note: i.note,
    })),
    assets: parts.assets.map((a) => ({
      id: a.id,
      kind: a.kind as HouseholdDetail['assets'][number]['kind'],
      valueYuan: formatYuan(Number(a.value_fen)),
      quantity: Number(a.quantity),
      note: a.note,
    })),
    createdAt: h.created_at,
    updatedAt: h.updated_at,
  };
}

/** What the audit trail digests for a household: its own fields and its members' (never shown in the trail). */
export function auditSnapshot(h: HouseholdTable, parts?: { members: PersonTable[]; incomes: IncomeItemTable[]; assets: AssetItemTable[] }) {
  return { household: h, ...(parts ?? {}) };
}
