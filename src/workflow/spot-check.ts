/**
 * 县级入户抽查 The county's home-visit spot check [nat-2012; POLICY.md §5 step 7]: every staff-relative case
 * (近亲属备案) and every contested case is visited; the others are drawn at random until the sample holds at least
 * the rule's share of the batch (rounded up). Reproducible: the same batch and seed give the same sample on every
 * machine, so an auditor can redraw it from the recorded seed.
 */
export type SampleReason = 'staff_relative' | 'contested' | 'random';

export interface BatchCase {
  caseId: string;
  staffRelative: boolean;
  contested: boolean;
}

export interface SampleItem {
  caseId: string;
  sampled: boolean;
  reason: SampleReason | null;
}

export interface Sample {
  seed: number;
  batchSize: number;
  /** ceil(rate × batch size): the fewest cases the sample may hold. */
  minimum: number;
  items: SampleItem[];
}

/** mulberry32: a tiny 32-bit generator, identical everywhere; enough for a fair, replayable draw (not secret). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawSample(batch: readonly BatchCase[], seed: number, rate: { num: number; den: number }): Sample {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a 32-bit unsigned integer, got ${seed}`);
  // Sorted by id, so the draw does not depend on the order the database returned the batch in.
  const sorted = [...batch].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const n = sorted.length;
  const minimum = Math.ceil((n * rate.num) / rate.den);
  const reasons = new Map<string, SampleReason>();
  for (const c of sorted) {
    if (c.staffRelative) reasons.set(c.caseId, 'staff_relative');
    else if (c.contested) reasons.set(c.caseId, 'contested');
  }
  const others = sorted.filter((c) => !reasons.has(c.caseId)).map((c) => c.caseId);
  const rnd = mulberry32(seed);
  // Fisher–Yates over the ordinary cases; the first `extra` of the shuffle are sampled.
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [others[i], others[j]] = [others[j], others[i]];
  }
  const extra = Math.max(0, minimum - reasons.size);
  for (const id of others.slice(0, extra)) reasons.set(id, 'random');
  return {
    seed,
    batchSize: n,
    minimum,
    items: sorted.map((c) => ({ caseId: c.caseId, sampled: reasons.has(c.caseId), reason: reasons.get(c.caseId) ?? null })),
  };
}
