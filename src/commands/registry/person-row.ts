import { randomUUID } from 'node:crypto';
import type { PersonInput } from '../../contracts/registry.ts';
import { SELF_CARE_ITEMS } from '../../contracts/registry.ts';
import { AppError } from '../../kernel/errors.ts';
import { requireIdNumber } from '../../kernel/id-number.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
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

/** Validates one member and builds its row; `field` prefixes error fields (e.g. `members.2`). */
export function personRow(
  input: PersonInput,
  opts: { countyCode: string; householdId: string; areaCode: string; hukouType: 'rural' | 'urban'; now: Date; field: string; id?: string },
): PersonTable {
  const id = requireIdNumber(input.idNumber, { today: chinaDateOf(opts.now), field: `${opts.field}.idNumber` });
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
    id_number: id.id18,
    name: input.name,
    sex: id.sex,
    birth_date: id.birthDate,
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

export function duplicateIdNumber(field: string): AppError {
  return new AppError(
    'PERSON_DUPLICATE_ID',
    { zh: '该身份证号已在本市登记，不能重复登记', en: 'This ID number is already registered in the city' },
    { field, status: 409 },
  );
}
