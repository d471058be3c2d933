import { describe, expect, it } from 'vitest';
import { householdChanges, personChanges } from './snapshot-diff.ts';

const hh = { village_code: '211221101200', head_name: '张三', attribute: 'general' as const, poverty_cause: '因病', status: 'poor' as const, exit_year: null, member_count: 3 };
const person = { hh_no: 'H1', village_code: '211221101200', name: '张三', relation: '户主', id_form: '18' as const, labor_capacity: '普通劳动力', health: 'healthy' as const, disability_grade: null };

describe('snapshot diff', () => {
  it('finds nothing between equal rows', () => {
    expect(householdChanges(hh, { ...hh })).toEqual([]);
    expect(personChanges(person, { ...person })).toEqual([]);
  });
  it('names each household field that changed, before and after', () => {
    expect(householdChanges(hh, { ...hh, status: 'out', exit_year: 2019, attribute: 'dibao' })).toEqual([
      { field: 'attribute', before: 'general', after: 'dibao' },
      { field: 'status', before: 'poor', after: 'out' },
      { field: 'exitYear', before: null, after: '2019' },
    ]);
    expect(householdChanges(hh, { ...hh, member_count: 2 })).toEqual([{ field: 'memberCount', before: '3', after: '2' }]);
  });
  it('names a person who moved, fell ill or whose number was completed', () => {
    expect(personChanges(person, { ...person, village_code: '211221101201', health: 'disabled', disability_grade: 2, id_form: '18' })).toEqual([
      { field: 'village', before: '211221101200', after: '211221101201' },
      { field: 'health', before: 'healthy', after: 'disabled' },
      { field: 'disabilityGrade', before: null, after: '2' },
    ]);
    expect(personChanges({ ...person, id_form: '15' }, person)).toEqual([{ field: 'idForm', before: '15', after: '18' }]);
  });
});
