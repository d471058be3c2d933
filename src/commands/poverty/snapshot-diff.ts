import type { PovertyHouseholdTable, PovertyPersonTable } from '../../db/schema.ts';

/** One field that differs between two snapshots: codes for attribute, status and health, the rest as stored. */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export type HouseholdFields = Pick<PovertyHouseholdTable, 'village_code' | 'head_name' | 'attribute' | 'poverty_cause' | 'status' | 'exit_year' | 'member_count'>;
export type PersonFields = Pick<PovertyPersonTable, 'hh_no' | 'village_code' | 'name' | 'relation' | 'id_form' | 'labor_capacity' | 'health' | 'disability_grade'>;

const HOUSEHOLD: readonly [keyof HouseholdFields, string][] = [
  ['village_code', 'village'],
  ['head_name', 'headName'],
  ['attribute', 'attribute'],
  ['poverty_cause', 'cause'],
  ['status', 'status'],
  ['exit_year', 'exitYear'],
  ['member_count', 'memberCount'],
];
const PERSON: readonly [keyof PersonFields, string][] = [
  ['hh_no', 'hhNo'],
  ['village_code', 'village'],
  ['name', 'name'],
  ['relation', 'relation'],
  ['id_form', 'idForm'],
  ['labor_capacity', 'labor'],
  ['health', 'health'],
  ['disability_grade', 'disabilityGrade'],
];

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function changes<T>(fields: readonly [keyof T, string][], before: T, after: T): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [column, field] of fields) {
    const b = text(before[column]);
    const a = text(after[column]);
    if (b !== a) out.push({ field, before: b, after: a });
  }
  return out;
}

/** What changed in a household from one snapshot to the next (the same 户编号). */
export const householdChanges = (before: HouseholdFields, after: HouseholdFields): FieldChange[] => changes(HOUSEHOLD, before, after);

/**
 * What changed in a person (the same key: the same ID number, or without one the same household and name). The ID
 * number itself cannot differ under one key; its form can (a 15-digit number replaced by the 18-digit one).
 */
export const personChanges = (before: PersonFields, after: PersonFields): FieldChange[] => changes(PERSON, before, after);

/** The columns compared, for the query that finds the pairs that differ. */
export const HOUSEHOLD_COMPARED = HOUSEHOLD.map(([c]) => c);
export const PERSON_COMPARED = PERSON.map(([c]) => c);
