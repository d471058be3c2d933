import { randomUUID } from 'node:crypto';
import type { PersonInput } from '../../contracts/registry.ts';
import { SELF_CARE_ITEMS } from '../../contracts/registry.ts';
import { AppError } from '../../kernel/errors.ts';
import { requireIdNumber } from '../../kernel/id-number.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { openIdNumber, sealIdNumber } from '../../db/personal-data.ts';
import type { PersonTable } from '../../db/schema.ts';

export function selfCareMask(items: readonly string[]): number {
  let mask = 0;
  for (const it of items) {
    const i = SELF_CARE_ITEMS.indexOf(it as (typeof SELF_CARE_ITEMS)[number]);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

export function selfCareItems(mask: number): (typeof SELF_CARE_ITEMS)[number][] {
  return SELF_CARE_ITEMS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/**
 * Validates one member and builds its row, the ID number sealed (ADR 0012); `field` prefixes error fields (e.g.
 * `members.2`). When editing (`current`), an ID number left out — or sent back exactly as the screen showed it,
 * masked — keeps the stored one.
 */
export function personRow(
  keys: KeyRing,
  input: Omit<PersonInput, 'idNumber'> & { idNumber?: string },
  opts: { countyCode: string; householdId: string; areaCode: string; hukouType: 'rural' | 'urban'; now: Date; field: string; id?: string; current?: PersonTable },
): PersonTable {
  const idField = `${opts.field}.idNumber`;
  const current = opts.current;
  let sealed: { id_number_sealed: string; id_hash: string };
  let born: { sex: 'M' | 'F'; birthDate: string };
  if (current && (input.idNumber === undefined || input.idNumber === maskIdNumber(openIdNumber(keys, current)))) {
    sealed = { id_number_sealed: current.id_number_sealed, id_hash: current.id_hash };
    born = { sex: current.sex, birthDate: current.birth_date };
  } else {
    if (input.idNumber === undefined) {
      throw new AppError('ID_NUMBER_REQUIRED', { zh: '请填写身份证号码', en: 'Give the ID number' }, { field: idField });
    }
    const id = requireIdNumber(input.idNumber, { today: chinaDateOf(opts.now), field: idField });
    sealed = sealIdNumber(keys, id.id18);
    born = { sex: id.sex, birthDate: id.birthDate };
  }
  if (input.disabilityKind && input.disabilityGrade == null) {
    throw new AppError(
      'DISABILITY_GRADE_REQUIRED',
      { zh: '请填写残疾等级（一至四级）', en: 'Give the disability grade (1–4)' },
      { field: `${opts.field}.disabilityGrade` },
    );
  }
  if (!input.disabilityKind && input.disabilityGrade != null) {
    throw new AppError(
      'DISABILITY_KIND_REQUIRED',
      { zh: '填写了残疾等级，请同时填写残疾类别', en: 'A disability grade needs a disability kind' },
      { field: `${opts.field}.disabilityKind` },
    );
  }
  const at = opts.now.toISOString();
  return {
    county_code: opts.countyCode,
    id: opts.id ?? randomUUID(),
    household_id: opts.householdId,
    area_code: opts.areaCode,
    ...sealed,
    name: input.name,
    sex: born.sex,
    birth_date: born.birthDate,
    relation: input.relation,
    hukou_type: input.hukouType ?? opts.hukouType,
    disability_kind: input.disabilityKind ?? null,
    disability_grade: input.disabilityGrade ?? null,
    serious_illness: input.seriousIllness ? 1 : 0,
    labor_capacity: input.laborCapacity,
    self_care_mask: selfCareMask(input.selfCareFailed ?? []),
    supporter_status: input.supporterStatus ?? 'none',
    in_school: input.inSchool ? 1 : 0,
    synthetic: 0,
    version: 1,
    created_at: at,
    updated_at: at,
  };
}

/**
 * An ID number already registered. Within the user's area, they are told so; outside it, only that the person must be
 * transferred by the county — never where they are registered (issue 9, user enumeration).
 */
export function duplicateIdNumber(field: string, taken: { inArea: boolean } = { inArea: true }): AppError {
  if (!taken.inArea) {
    return new AppError(
      'PERSON_TRANSFER_REQUIRED',
      {
        zh: '该身份证号已在其他地区登记，不能重复登记；如需迁入本地，请由县级民政部门办理转移',
        en: 'This ID number is registered elsewhere and cannot be registered twice; to move the person here, ask the county civil-affairs office for a transfer',
      },
      { field, status: 409 },
    );
  }
  return new AppError(
    'PERSON_DUPLICATE_ID',
    { zh: '该身份证号已在您的管辖区域内登记，不能重复登记', en: 'This ID number is already registered in your area' },
    { field, status: 409 },
  );
}
