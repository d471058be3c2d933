import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigit, parseIdNumber } from '../../kernel/id-number.ts';
import { fromEpochDay, type PlainDate, toEpochDay } from '../../kernel/plain-date.ts';
import { createIdAllocator } from './id-allocator.ts';

const COUNTIES = ['211221', '211224', '211282'];
const AS_OF = '2026-01-01' as PlainDate;
const TODAY = '2026-11-29' as PlainDate;

describe('synthetic ID-number allocator', () => {
  it('gives valid numbers whose region, birth date and sex are the ones asked for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ county: fc.integer({ min: 0, max: 2 }), age: fc.integer({ min: 0, max: 100 }), male: fc.boolean() }), { maxLength: 200 }),
        (asks) => {
          const alloc = createIdAllocator(COUNTIES, AS_OF);
          for (const a of asks) {
            const day = toEpochDay(AS_OF) - a.age * 365;
            const r = alloc.allocate(a.county, day, a.male ? 'M' : 'F');
            const parsed = parseIdNumber(r.idNumber, { today: TODAY });
            expect(parsed.ok).toBe(true);
            if (!parsed.ok) return;
            expect(parsed.value.regionCode).toBe(COUNTIES[a.county]);
            expect(parsed.value.sex).toBe(a.male ? 'M' : 'F');
            expect(parsed.value.birthDate).toBe(r.birthDate);
            expect(r.birthDate).toBe(fromEpochDay(day));
          }
        },
      ),
    );
  });

  it('never repeats a number, moving to a nearby day when a birth date is full', () => {
    const alloc = createIdAllocator(COUNTIES, AS_OF);
    const day = toEpochDay('1960-03-15' as PlainDate);
    const seen = new Set<string>();
    const days = new Set<string>();
    for (let i = 0; i < 1_200; i++) {
      const r = alloc.allocate(1, day, 'M');
      expect(seen.has(r.idNumber)).toBe(false);
      seen.add(r.idNumber);
      days.add(r.birthDate);
      expect(Math.abs(r.birthEpochDay - day)).toBeLessThanOrEqual(1);
    }
    // 500 odd sequence numbers per day: 1,200 men need three days (the wanted one and its neighbours).
    expect([...days].sort()).toEqual(['1960-03-14', '1960-03-15', '1960-03-16']);
    for (let i = 0; i < 499; i++) seen.add(alloc.allocate(1, day, 'F').idNumber);
    expect(seen.size).toBe(1_200 + 499);
  });

  it('skips numbers already in use, wherever they sit in a cell', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 30 }), fc.integer({ min: 1, max: 80 }), (usedSeqs, wanted) => {
        const alloc = createIdAllocator(COUNTIES, AS_OF);
        const day = toEpochDay('1975-07-01' as PlainDate);
        // Numbers "typed in by hand" in the same cell as the allocator will use.
        const used = new Set<string>();
        for (const seq of usedSeqs) {
          const first17 = `21122419750701${String(seq).padStart(3, '0')}`;
          const id = first17 + checkDigit(first17);
          used.add(id);
          alloc.markUsed(id);
        }
        for (let i = 0; i < wanted; i++) {
          const r = alloc.allocate(1, day, i % 2 === 0 ? 'M' : 'F');
          expect(used.has(r.idNumber)).toBe(false);
          used.add(r.idNumber);
        }
      }),
    );
  });

  it('ignores numbers of other regions and malformed input', () => {
    const alloc = createIdAllocator(COUNTIES, AS_OF);
    alloc.markUsed('110101196003150011');
    alloc.markUsed('bogus');
    alloc.markUsed('211224196003150000');
    const r = alloc.allocate(1, toEpochDay('1960-03-15' as PlainDate), 'M');
    expect(r.idNumber.slice(14, 17)).toBe('001');
  });
});
