import { describe, expect, it } from 'vitest';
import { pca } from '../../../models/pca';
import { mulberry32 } from '../../../models/random';

/** n points in 3-D spread mostly along `major`, less along `minor`, barely along the third axis. */
function elongated(n: number, major: number[], minor: number[], seed = 7): Float64Array {
  const random = mulberry32(seed);
  const third = [
    major[1]! * minor[2]! - major[2]! * minor[1]!,
    major[2]! * minor[0]! - major[0]! * minor[2]!,
    major[0]! * minor[1]! - major[1]! * minor[0]!,
  ];
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [(random() - 0.5) * 10, (random() - 0.5) * 3, (random() - 0.5) * 0.1];
    for (let d = 0; d < 3; d++) out[i * 3 + d] = 5 + a * major[d]! + b * minor[d]! + c * third[d]!;
  }
  return out;
}

describe('pca by power iteration', () => {
  const s = Math.SQRT1_2;
  const major = [s, s, 0];
  const minor = [0, 0, 1];

  it('finds the direction of largest spread first, then the next one, as unit vectors', () => {
    const { components, variance } = pca(elongated(500, major, minor), 500, 3, 2);
    const first = Array.from(components.subarray(0, 3));
    const second = Array.from(components.subarray(3, 6));
    // Up to sign: |cos| with the planted axes is ~1.
    expect(Math.abs(first.reduce((t, v, d) => t + v * major[d]!, 0))).toBeGreaterThan(0.999);
    expect(Math.abs(second.reduce((t, v, d) => t + v * minor[d]!, 0))).toBeGreaterThan(0.999);
    expect(Math.hypot(...first)).toBeCloseTo(1, 9);
    expect(variance[0]!).toBeGreaterThan(variance[1]!);
  });

  it('centres the points: the projected coordinates average zero', () => {
    const { coords } = pca(elongated(200, major, minor), 200, 3, 2);
    const meanX = coords.filter((_, i) => i % 2 === 0).reduce((t, v) => t + v, 0) / 200;
    expect(Math.abs(meanX)).toBeLessThan(1e-9);
  });

  it('keeps the spread: the first coordinate has the variance reported for it', () => {
    const { coords, variance } = pca(elongated(300, major, minor), 300, 3, 2);
    const xs = coords.filter((_, i) => i % 2 === 0);
    const v = xs.reduce((t, x) => t + x * x, 0) / xs.length;
    expect(v).toBeCloseTo(variance[0]!, 6);
  });

  it('puts every point at the origin when all points are the same', () => {
    const same = new Float64Array(12).fill(3);
    const { coords } = pca(same, 4, 3, 2);
    expect(Array.from(coords)).toEqual(new Array(8).fill(0));
  });
});
