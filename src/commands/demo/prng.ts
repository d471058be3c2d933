/**
 * A small seeded pseudo-random generator (sfc32, seeded through cyrb128) for synthetic data: the same seed gives
 * the same sequence on every machine and Node version, which `Math.random` and `crypto` cannot promise. Not for
 * anything secret.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Log-normal with the given median and log-scale spread. */
  logNormal(median: number, sigma: number): number;
  /** 32 random bits as an unsigned integer. */
  u32(): number;
}

/** cyrb128: four 32-bit words from a string, spread well enough to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export function createRng(seed: string): Rng {
  let [a, b, c, d] = cyrb128(seed);
  const u32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a freshly seeded sfc32 are poorly mixed.
  for (let i = 0; i < 15; i++) u32();
  const float = (): number => u32() / 4294967296;
  let spare: number | null = null;
  return {
    u32,
    float,
    int: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)),
    chance: (p) => float() < p,
    pick: (items) => items[Math.floor(float() * items.length)],
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = 1 - float();
      const v = float();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    logNormal(median, sigma) {
      return median * Math.exp(sigma * this.normal());
    },
  };
}

/** Picks an index by weight; `cumulative` is the running sum of the weights (last entry = total). */
export function weightedIndex(rng: Rng, cumulative: readonly number[]): number {
  const x = rng.float() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulate(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * UUID-formatted ids for one run: 72 bits drawn from the seeded generator name the run, a 48-bit counter follows,
 * so ids are reproducible, unique within the run, and distinct between runs with different seeds (a clash needs
 * two runs' 72-bit prefixes to match). Version nibble 8 (RFC 9562 "custom"), variant bits 10.
 */
export function runIdSource(rng: Rng): () => string {
  const p0 = hex8(rng.u32());
  const p1 = hex8(rng.u32());
  const p2 = hex8(rng.u32());
  const prefix = `${p0}-${p1.slice(0, 4)}-8${p1.slice(4, 7)}-8${p2.slice(0, 3)}-`;
  let counter = 0;
  return () => {
    counter++;
    return prefix + HEX[(counter / 2 ** 40) & 255] + HEX[(counter / 2 ** 32) & 255] + hex8(counter >>> 0);
  };
}

function hex8(n: number): string {
  return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}
