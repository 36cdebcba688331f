import { describe, expect, it } from 'vitest';
import { fitNextSongInWorker } from '../../../src-main/training/nextsong-fit';
import { loadNextSongModel } from '../../../models/nextsong/registry';
import { rankOf } from '../../../models/nextsong/eval';
import type { Session } from '../../../models/nextsong/sessions';

// 0 → 1 → 2 → 3, again and again.
const sessions: Session[] = Array.from({ length: 40 }, (_, n) => ({
  start: n,
  items: Int32Array.from([0, 1, 2, 3]),
  skipped: new Uint8Array(4),
}));
const small = { units: 8, batchSize: 8, negatives: 2, epochs: 20, learningRate: 0.02 };

describe('fitNextSongInWorker', () => {
  it('fits in a worker thread, reports progress and returns a model that has learnt', async () => {
    const progress: number[] = [];
    const bytes = await fitNextSongInWorker('gru', 5, sessions, small, {
      onProgress: (p) => progress.push(p.done),
    });
    expect(progress.at(-1)).toBe(1);
    expect(rankOf(loadNextSongModel(bytes).scoreNext(Int32Array.from([0, 1])), 2)).toBe(1);
  }, 60_000);

  it('stops and rejects with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const fit = fitNextSongInWorker(
      'gru',
      5,
      sessions,
      { ...small, epochs: 10_000 },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
  }, 60_000);
});
