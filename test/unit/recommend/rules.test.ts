import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  heavyRotationFrom,
  heavyRotationFromHistogram,
  pickReasons,
} from '../../../src-main/recommend/rules';

describe('For You rules', () => {
  it('counts the top fifth of tracks by plays as heavy rotation', () => {
    const counts = [50, 40, 30, 20, 10, 9, 8, 7, 6, 5];
    expect(heavyRotationFrom(counts)).toBe(40);
  });

  it('never calls a track played twice heavy rotation', () => {
    expect(heavyRotationFrom([2, 2, 1, 1, 1])).toBe(3);
  });

  it('excludes nothing when there is no history', () => {
    expect(heavyRotationFrom([])).toBe(Infinity);
    expect(heavyRotationFromHistogram(new Map())).toBe(Infinity);
  });

  it('finds the same threshold from a histogram of the counts as from the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 300 }), (counts) => {
        const histogram = new Map<number, number>();
        for (const n of counts) histogram.set(n, (histogram.get(n) ?? 0) + 1);
        expect(heavyRotationFromHistogram(histogram)).toBe(heavyRotationFrom(counts));
      }),
    );
  });

  it('gives reasons other than the item itself, positive ones only, largest first', () => {
    const reasons = pickReasons(
      [
        { item: 7, share: 0.6 },
        { item: 1, share: 0.1 },
        { item: 2, share: -0.2 },
        { item: 3, share: 0.25 },
        { item: 4, share: 0.05 },
        { item: 5, share: 0.01 },
      ],
      7,
    );
    expect(reasons.map((r) => r.item)).toEqual([3, 1, 4]);
  });
});
