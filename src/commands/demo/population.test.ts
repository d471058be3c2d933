import { describe, expect, it } from 'vitest';
import { ageOn, type PlainDate } from '../../kernel/plain-date.ts';
import { parseIdNumber } from '../../kernel/id-number.ts';
import { createIdAllocator } from './id-allocator.ts';
import { createPopulation, type GeneratedHousehold, type VillageRef } from './population.ts';

const AS_OF = '2026-01-01' as PlainDate;
const COUNTIES = ['211221', '211223'];
const VILLAGES: VillageRef[] = [
  { code: '211221101201', countyIndex: 0, place: '甲镇乙村', community: false },
  { code: '211221101202', countyIndex: 0, place: '甲镇丙村', community: false },
  { code: '211223001001', countyIndex: 1, place: '丁街道戊社区', community: true },
];

function households(seed: string, n: number): GeneratedHousehold[] {
  const allocator = createIdAllocator(COUNTIES, AS_OF);
  const pop = createPopulation({ seed, scope: 'city', asOf: AS_OF, counties: COUNTIES, villages: VILLAGES, allocator, now: '2026-01-05T02:00:00.000Z' });
  return Array.from({ length: n }, () => pop.next());
}

describe('synthetic population (pure)', () => {
  it('is a function of the seed: the same seed gives the same rows, ids included; another seed does not', () => {
    const a = households('alpha', 300);
    expect(households('alpha', 300)).toEqual(a);
    const b = households('beta', 300);
    expect(b[0].household.id).not.toBe(a[0].household.id);
    expect(b.map((h) => h.persons.map((p) => p.name).join()).join()).not.toBe(a.map((h) => h.persons.map((p) => p.name).join()).join());
  });

  it('makes whole, consistent households', () => {
    const all = households('gamma', 1_500);
    const ids = new Set<string>();
    for (const { household: h, persons, incomes, assets } of all) {
      expect(h.synthetic).toBe(1);
      const heads = persons.filter((p) => p.relation === 'head');
      expect(heads).toHaveLength(1);
      expect(h.head_name).toBe(heads[0].name);
      expect(h.member_count).toBe(persons.length);
      expect(VILLAGES.map((v) => v.code)).toContain(h.area_code);
      expect(h.county_code).toBe(h.area_code.slice(0, 6));
      for (const row of [h, ...persons, ...incomes, ...assets]) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(ids.has(row.id)).toBe(false);
        ids.add(row.id);
      }
      const memberIds = new Set(persons.map((p) => p.id));
      for (const p of persons) {
        expect(p.household_id).toBe(h.id);
        expect(p.synthetic).toBe(1);
        const parsed = parseIdNumber(p.id_number, { today: AS_OF });
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          expect(parsed.value.birthDate).toBe(p.birth_date);
          expect(parsed.value.sex).toBe(p.sex);
          expect(parsed.value.regionCode).toBe(h.county_code);
        }
        const age = ageOn(p.birth_date as PlainDate, AS_OF);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThanOrEqual(101);
        // Capacity follows from age, schooling, disability and self-care.
        if (age < 16 || p.in_school || p.self_care_mask !== 0 || (p.disability_grade ?? 9) <= 2) expect(p.labor_capacity).toBe('none');
        expect((p.disability_kind === null) === (p.disability_grade === null)).toBe(true);
        expect(p.self_care_mask).toBeGreaterThanOrEqual(0);
        expect(p.self_care_mask).toBeLessThan(64);
        if (p.in_school) expect(age).toBeLessThanOrEqual(22);
      }
      for (const it of incomes) {
        expect(Number.isSafeInteger(it.annual_fen) && it.annual_fen > 0).toBe(true);
        if (it.person_id !== null) expect(memberIds.has(it.person_id)).toBe(true);
      }
      for (const it of assets) expect(Number.isSafeInteger(it.value_fen) && it.value_fen > 0).toBe(true);
      if (h.bank_account !== null) expect(h.bank_account).toMatch(/^999\d{16}$/);
    }
  });

  it('gives pensions to the old and wages only to people of working age', () => {
    const all = households('delta', 1_000);
    let pensions = 0;
    for (const { persons, incomes } of all) {
      const byId = new Map(persons.map((p) => [p.id, p]));
      for (const it of incomes) {
        const p = it.person_id ? byId.get(it.person_id) : undefined;
        if (!p) continue;
        const age = ageOn(p.birth_date as PlainDate, AS_OF);
        if (it.kind === 'pension') {
          pensions++;
          expect(age).toBeGreaterThanOrEqual(59);
        }
        if (it.kind === 'wage') expect(age >= 17 && age <= 66 && p.labor_capacity !== 'none').toBe(true);
      }
    }
    expect(pensions).toBeGreaterThan(300);
  });
});
