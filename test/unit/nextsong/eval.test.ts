import { describe, expect, it } from 'vitest';
import { evaluateNextSong, rankOf } from '../../../models/nextsong/eval';
import type { Session } from '../../../models/nextsong/sessions';

const session = (items: number[], skipped: number[] = items.map(() => 0)): Session => ({
  start: 0,
  items: Int32Array.from(items),
  skipped: Uint8Array.from(skipped),
});

describe('rankOf', () => {
  it('ranks ties ahead of the target, so a flat score list ranks it last', () => {
    expect(rankOf(Float32Array.from([0.5, 0.9, 0.1]), 0)).toBe(2);
    expect(rankOf(Float32Array.from([1, 1, 1, 1]), 2)).toBe(4);
  });
});

describe('evaluateNextSong', () => {
  const oracle = (test: Session[]) => ({
    scoreNext(prefix: Int32Array) {
      const s = test.find((t) =>
        t.items.subarray(0, prefix.length).every((v, i) => v === prefix[i]),
      )!;
      const scores = new Float32Array(10);
      scores[s.items[prefix.length]!] = 1;
      return scores;
    },
  });

  it('gives a model that knows the next track a hit rate and MRR of 1 at every position', () => {
    const test = [session([1, 2, 3]), session([4, 5])];
    const { metrics, events } = evaluateNextSong(oracle(test), test, 10);
    expect(events).toBe(3);
    expect(metrics['hr@1']).toBe(1);
    expect(metrics['mrr@20']).toBe(1);
  });

  it('gives a model that scores everything alike no hits at all', () => {
    const flat = { scoreNext: () => new Float32Array(200) };
    const { metrics } = evaluateNextSong(flat, [session([1, 2, 3])], 200);
    expect(metrics['hr@100']).toBe(0);
  });

  it('does not ask to predict a skipped track', () => {
    const test = [session([1, 2, 3, 4], [0, 1, 0, 1])];
    expect(evaluateNextSong(oracle(test), test, 10).events).toBe(1);
  });

  it('measures coverage as the share of items that appear in some top-20 list', () => {
    const fixed = { scoreNext: () => Float32Array.from({ length: 40 }, (_, i) => i) };
    expect(evaluateNextSong(fixed, [session([1, 2])], 40).metrics['coverage@20']).toBe(0.5);
  });
});
