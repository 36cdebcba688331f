import { mulberry32, randomInt } from '../random';

/**
 * Σ num / Σ den and its 95 % percentile-bootstrap interval over rows (Efron & Tibshirani 1993,
 * §13.3): `resamples` draws of the rows with replacement, from a seeded PRNG.
 */
export function ratioWithInterval(
  num: ArrayLike<number>,
  den: ArrayLike<number>,
  resamples = 1000,
  seed = 7,
): { mean: number; low: number; high: number } {
  const n = num.length;
  const ratio = (pick: (s: number) => number) => {
    let a = 0;
    let b = 0;
    for (let s = 0; s < n; s++) {
      const r = pick(s);
      a += num[r]!;
      b += den[r]!;
    }
    return b > 0 ? a / b : 0;
  };
  const mean = ratio((s) => s);
  if (n === 0 || resamples <= 0) return { mean, low: mean, high: mean };
  const random = mulberry32(seed);
  const draws = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) draws[b] = ratio(() => randomInt(random, n));
  draws.sort();
  return {
    mean,
    low: draws[Math.floor(0.025 * (resamples - 1))]!,
    high: draws[Math.ceil(0.975 * (resamples - 1))]!,
  };
}
