/**
 * mulberry32: a tiny seeded PRNG (32-bit state), so that every model, split and bootstrap is
 * reproducible from its seed alone. Returns floats in [0, 1).
 */
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

/** A random integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle of `values` (an array or a typed array) in place. */
export function shuffle<A extends { length: number; [index: number]: unknown }>(
  values: A,
  random: () => number,
): A {
  const a = values as unknown as unknown[];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const v = a[i];
    a[i] = a[j];
    a[j] = v;
  }
  return values;
}

/** Draws indices with probability ∝ weight (a cumulative table and binary search). */
export class WeightedSampler {
  private readonly cdf: Float64Array;
  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) this.cdf[i] = sum += weights[i]!;
  }
  draw(random: () => number): number {
    const u = random() * this.cdf[this.cdf.length - 1]!;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
