import { describe, expect, it } from 'vitest';
import type { NextSongModel } from '../../../models/nextsong/model';
import type { Session } from '../../../models/nextsong/sessions';
import { MarkovModel } from '../../../models/nextsong/baselines/markov';
import { BlendModel } from '../../../models/nextsong/blend';
import { evaluateNextSong } from '../../../models/nextsong/eval';
import { searchBlendWeights, weightGrid } from '../../../models/nextsong/blend-search';
import { mulberry32 } from '../../../models/random';
import { RING_ITEMS, ringSessions } from './planted-sessions';

const ITEMS = RING_ITEMS;

/** Pure noise: fresh random scores on every call, knowing nothing of the prefix. */
function noise(seed: number): NextSongModel {
  const random = mulberry32(seed);
  return {
    kind: 'noise',
    itemCount: ITEMS,
    fit: () => Promise.resolve(),
    scoreNext: () => Float32Array.from({ length: ITEMS }, () => random()),
    toBytes: () => new Uint8Array(0),
  };
}

async function markov(train: Session[]) {
  const m = new MarkovModel(ITEMS, 1);
  await m.fit(train);
  return m;
}

describe('searchBlendWeights', () => {
  const train = ringSessions(2000, 1);
  const validation = ringSessions(60, 2).map((s) => ({ ...s, start: s.start + 1000 }));

  it('gives a part that is pure noise no weight, and keeps the part that knows the sessions', async () => {
    const result = searchBlendWeights(
      [
        { model: noise(3), normalise: 'sum' },
        { model: await markov(train), normalise: 'sum' },
        { model: noise(4), normalise: 'softmax' },
      ],
      validation,
    );
    expect(result.weights).toEqual([0, 1, 0]);
    expect(result.hr20).toBeGreaterThan(0.9);
    expect(result.events).toBe(60 * 7);
  });

  it('keeps both parts when each knows a different half of the ring', async () => {
    const low = await markov(train.filter((s) => s.items[0]! < ITEMS / 2));
    const high = await markov(train.filter((s) => s.items[0]! >= ITEMS / 2));
    const both = searchBlendWeights(
      [
        { model: low, normalise: 'sum' },
        { model: high, normalise: 'sum' },
      ],
      validation,
    );
    expect(Math.min(...both.weights)).toBeGreaterThan(0);
    const alone = searchBlendWeights([{ model: low, normalise: 'sum' }], validation);
    expect(both.hr20).toBeGreaterThan(alone.hr20 + 0.2);
  });

  it('reports exactly what eval.ts measures for the blend it chose', async () => {
    const parts = [
      { model: await markov(train.slice(0, 30)), normalise: 'sum' as const },
      { model: noise(5), normalise: 'sum' as const },
    ];
    const result = searchBlendWeights(parts, validation, { grid: [0, 0.5, 1] });
    // The noise part draws fresh numbers per call: replay the same draws with a fresh copy.
    const again = [parts[0]!, { model: noise(5), normalise: 'sum' as const }];
    const blend = new BlendModel(again.map((p, i) => ({ ...p, weight: result.weights[i]! })));
    if (result.weights[1] === 0) blend.parts[1]!.weight = 1e-30; // still drawn, never decisive
    const { metrics } = evaluateNextSong(blend, validation, ITEMS);
    expect(result.hr20).toBeCloseTo(metrics['hr@20']!, 10);
    expect(result.mrr20).toBeCloseTo(metrics['mrr@20']!, 10);
  });

  it('only the latest events count when they are capped', () => {
    const result = searchBlendWeights([{ model: noise(6), normalise: 'sum' }], validation, {
      maxEvents: 10,
    });
    expect(result.events).toBe(10);
  });
});

describe('weightGrid', () => {
  it('holds each direction once (largest weight 1), sparsest first', () => {
    const grid = weightGrid(2, [0, 0.5, 1]);
    expect(grid).toEqual([
      [0, 1],
      [1, 0],
      [0.5, 1],
      [1, 0.5],
      [1, 1],
    ]);
    expect(weightGrid(4).length).toBe(4 ** 4 - 3 ** 4);
  });
});
