import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planShards, TOGETHER, TYPICAL_SECONDS } from '../e2e/shards.ts';

const ALL = Object.keys(TYPICAL_SECONDS).sort();
const load = (shard: string[]) => shard.reduce((s, f) => s + TYPICAL_SECONDS[f], 0);

describe('the e2e shards', () => {
  it('one shard runs every file in name order, as a single system did', () => {
    expect(planShards([...ALL].reverse(), 1)).toEqual([ALL]);
  });

  it('two or three shards hold every file once, each in name order, and balanced by the typical times', () => {
    for (const n of [2, 3]) {
      const shards = planShards(ALL, n);
      expect(shards).toHaveLength(n);
      expect(shards.flat().sort()).toEqual(ALL);
      for (const s of shards) expect(s).toEqual([...s].sort());
      const loads = shards.map(load);
      // Greedy longest-first: no shard exceeds another by more than the longest unit (cases + csp here).
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(TYPICAL_SECONDS['cases.e2e.ts'] + TYPICAL_SECONDS['csp.e2e.ts']);
    }
  });

  it('keeps the files of a group in one shard, and the group in name order', () => {
    for (const g of TOGETHER) {
      expect([...g]).toEqual([...g].sort());
      for (const n of [2, 3, 5]) expect(planShards(ALL, n).filter((s) => g.some((f) => s.includes(f)))).toHaveLength(1);
    }
  });

  it('counts a file without a figure as the mean, and makes no empty shard', () => {
    const s = planShards(['a.e2e.ts', 'b.e2e.ts', 'c.e2e.ts'], 2, { 'a.e2e.ts': 10, 'b.e2e.ts': 30 });
    // c counts 20: b alone, then a and c together (10 + 20 = 30).
    expect(s).toEqual([['b.e2e.ts'], ['a.e2e.ts', 'c.e2e.ts']]);
    expect(planShards(['csp.e2e.ts', 'cases.e2e.ts'], 4)).toEqual([['cases.e2e.ts', 'csp.e2e.ts']]);
    expect(planShards(['x.e2e.ts'], 3)).toEqual([['x.e2e.ts']]);
  });

  it('names only files that exist', () => {
    const files = new Set(readdirSync(new URL('../e2e/', import.meta.url)).filter((f) => f.endsWith('.e2e.ts')));
    for (const f of [...Object.keys(TYPICAL_SECONDS), ...TOGETHER.flat()]) expect(files.has(f), f).toBe(true);
  });
});
