// The tfjs GRU (the GPU path's trainer) is the same model as the hand-written one: same initial
// weights, same forward pass, the same masked loss; what it learns loads into GruModel. Run here on
// tfjs's cpu backend with tiny shapes (that backend is too slow for real sizes, see bench/nextsong.ts).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initTfWeights,
  planBatch,
  tfScoreNext,
  toGruBytes,
  trainGruTf,
} from '../../../models/nextsong/gpu/gru-tf';
import { GruModel } from '../../../models/nextsong/gru/model';
import { defaultGruConfig } from '../../../models/nextsong/gru/params';
import type { Session } from '../../../models/nextsong/sessions';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const session = (items: number[], skipped: number[] = []): Session => ({
  start: 0,
  items: Int32Array.from(items),
  skipped: Uint8Array.from(items, (_, i) => (skipped.includes(i) ? 1 : 0)),
});

/** Ten items played in a fixed cycle, starting anywhere: item i is always followed by i + 1. */
function cycles(count: number, length: number): Session[] {
  return Array.from({ length: count }, (_, s) =>
    session(Array.from({ length }, (_, i) => (s * 3 + i) % 10)),
  );
}

describe('the tfjs GRU (GPU training path)', () => {
  it('scores exactly as the hand-written GRU from the same initial weights', async () => {
    const config = { ...defaultGruConfig, units: 8, seed: 7 };
    const w = initTfWeights(tf, 12, config);
    const cpu = GruModel.fromBytes(await toGruBytes(w, 12, config));
    for (const prefix of [[3], [1, 4, 1, 5], [9, 2, 6, 5, 3, 5, 8, 9, 7, 9]]) {
      const p = Int32Array.from(prefix);
      const expected = cpu.scoreNext(p);
      const got = tfScoreNext(tf, w, p, config.window);
      for (let i = 0; i < 12; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
    }
    tf.dispose(Object.values(w));
  });

  it('masks as the CPU trainer does: copies of a target, inactive lanes, skipped targets', () => {
    const batch = [session([1, 2, 3], [2]), session([4, 2])];
    const plan = planBatch(batch, Int32Array.from([2, 5]));
    expect(plan.T).toBe(2);
    // Step 0: targets 2 and 2. Lane 0 must not compete with lane 1's copy of its target, nor the
    // negative 2; the negative 5 competes.
    expect(Array.from(plan.candidates[0]!)).toEqual([2, 2, 2, 5]);
    expect(Array.from(plan.masks[0]!.subarray(0, 4))).toEqual([0, -1e9, -1e9, 0]);
    // Step 1: lane 1 has ended (its column is no candidate); lane 0's target 3 was skipped.
    expect(Array.from(plan.masks[1]!.subarray(0, 4))).toEqual([0, -1e9, 0, 0]);
    expect(Array.from(plan.weights[1]!)).toEqual([0, 0]);
    expect(plan.events).toBe(2);
  });

  it('learns a planted cycle, and the CPU model scores with what it learned', async () => {
    const progress: number[] = [];
    const result = await trainGruTf(
      tf,
      10,
      cycles(40, 8),
      { units: 16, epochs: 6, batchSize: 8, negatives: 4, learningRate: 0.05 },
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(result.backend).toBe('cpu');
    expect(result.epochLoss.at(-1)!).toBeLessThan(result.epochLoss[0]! * 0.5);
    expect(progress.at(-1)).toBeCloseTo(1, 6);
    const model = GruModel.fromBytes(result.bytes);
    let right = 0;
    for (let i = 0; i < 10; i++) {
      const scores = model.scoreNext(Int32Array.from([(i + 8) % 10, (i + 9) % 10, i]));
      const best = scores.indexOf(Math.max(...scores));
      if (best === (i + 1) % 10) right++;
    }
    expect(right).toBeGreaterThanOrEqual(9);
  }, 60_000);

  // A GPU backend would leak device memory if a tensor were left behind.
  it('frees its tensors and stops when cancelled', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainGruTf(tf, 10, cycles(8, 6), { units: 4, epochs: 2 }, { signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    await trainGruTf(tf, 10, cycles(8, 6), { units: 4, epochs: 1, negatives: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
