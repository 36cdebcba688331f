import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredMap } from '../../../src-main/db/layered-map';

describe('LayeredMap', () => {
  it('reads as the plain map it stands for, after any changes, and leaves older versions alone', () => {
    const change = fc.tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.option(fc.integer(), { nil: undefined }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer())),
        fc.array(fc.array(change, { maxLength: 30 }), { maxLength: 80 }),
        (start, batches) => {
          const plain = new Map(start);
          let layered = LayeredMap.over(new Map(start));
          for (const batch of batches) {
            const older = layered;
            const olderEntries = [...older];
            layered = layered.with(batch);
            for (const [key, value] of batch) {
              if (value === undefined) plain.delete(key);
              else plain.set(key, value);
            }
            expect(new Map(layered)).toEqual(plain);
            expect(layered.size).toBe(plain.size);
            for (let key = 0; key <= 40; key++) {
              expect(layered.get(key)).toBe(plain.get(key));
              expect(layered.has(key)).toBe(plain.has(key));
            }
            expect([...layered.keys()].sort()).toEqual([...plain.keys()].sort());
            expect([...layered.values()].sort()).toEqual([...plain.values()].sort());
            const seen: [number, number][] = [];
            layered.forEach((v, k) => seen.push([k, v]));
            expect(new Map(seen)).toEqual(plain);
            expect([...older]).toEqual(olderEntries);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merges a layer grown past its share into a new base', () => {
    let layered = LayeredMap.over(new Map<number, number>());
    for (let i = 0; i < 3000; i++) layered = layered.with([[i, i * 2]]);
    expect(layered.size).toBe(3000);
    expect(layered.get(2999)).toBe(5998);
    expect(LayeredMap.over(layered)).toBe(layered);
  });
});
