import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchCase, drawSample, mulberry32 } from './spot-check.ts';

const RATE = { num: 3, den: 10 };
/** Batches of up to 80 cases, about one in seven a staff relative and one in ten contested. */
const batchArb = fc.uniqueArray(
  fc.record({ caseId: fc.uuid(), staffRelative: fc.integer({ min: 0, max: 6 }).map((n) => n === 0), contested: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }),
  { selector: (c) => c.caseId, maxLength: 80 },
);

describe('county spot-check sample', () => {
  it('holds at least 30% of the batch (rounded up), every staff relative and every contested case (property)', () => {
    fc.assert(
      fc.property(batchArb, fc.integer({ min: 0, max: 0xffffffff }), (batch: BatchCase[], seed) => {
        const s = drawSample(batch, seed, RATE);
        const sampled = s.items.filter((i) => i.sampled);
        expect(s.minimum).toBe(Math.ceil((batch.length * 3) / 10));
        expect(sampled.length).toBeGreaterThanOrEqual(s.minimum);
        expect(10 * sampled.length).toBeGreaterThanOrEqual(3 * batch.length);
        for (const c of batch) {
          if (c.staffRelative || c.contested) expect(sampled.map((i) => i.caseId)).toContain(c.caseId);
        }
        // No more than needed: the random part only tops the mandatory cases up to the minimum.
        const mandatory = batch.filter((c) => c.staffRelative || c.contested).length;
        expect(sampled.length).toBe(Math.max(mandatory, s.minimum));
      }),
      { numRuns: 300 },
    );
  });

  it('is reproducible from the seed whatever order the batch comes in, and differs between seeds', () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({ caseId: `case-${String(i).padStart(2, '0')}`, staffRelative: i === 7, contested: false }));
    const a = drawSample(batch, 20191001, RATE);
    const b = drawSample([...batch].reverse(), 20191001, RATE);
    expect(b).toEqual(a);
    expect(a.items.filter((i) => i.sampled)).toHaveLength(12);
    expect(a.items.find((i) => i.caseId === 'case-07')).toEqual({ caseId: 'case-07', sampled: true, reason: 'staff_relative' });
    const others = [1, 2, 3, 4, 5].map((seed) => drawSample(batch, seed, RATE).items.filter((i) => i.sampled).map((i) => i.caseId).join());
    expect(new Set(others).size).toBeGreaterThan(1);
  });

  it('samples the one case of a batch of one, and nothing of an empty batch', () => {
    expect(drawSample([{ caseId: 'x', staffRelative: false, contested: false }], 1, RATE).items).toEqual([{ caseId: 'x', sampled: true, reason: 'random' }]);
    expect(drawSample([], 1, RATE)).toMatchObject({ batchSize: 0, minimum: 0, items: [] });
  });

  it('uses a generator that gives the same numbers everywhere (known first values) and refuses a bad seed', () => {
    // mulberry32's published first outputs for seed 1.
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(() => drawSample([], -1, RATE)).toThrow(RangeError);
    expect(() => drawSample([], 2 ** 32, RATE)).toThrow(RangeError);
  });
});
