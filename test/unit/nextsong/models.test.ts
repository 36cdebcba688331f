import { describe, expect, it } from 'vitest';
import type { NextSongModel } from '../../../models/nextsong/model';
import type { Session } from '../../../models/nextsong/sessions';
import {
  createNextSongModel,
  loadNextSongModel,
  type NextSongModelName,
} from '../../../models/nextsong/registry';
import { GruModel } from '../../../models/nextsong/gru/model';
import { rankOf } from '../../../models/nextsong/eval';

/**
 * Planted structure: three disjoint loops of four tracks (0→1→2→3→0, 4→5→6→7→4, 8→…→11) that
 * sessions walk from varied points. After any prefix the next track is certain. Session-kNN scores
 * the sets of tracks neighbours hold, not their order, so it only has to put the loop first.
 */
const ITEMS = 13;
function loopSessions(count: number): Session[] {
  const sessions: Session[] = [];
  for (let n = 0; n < count; n++) {
    const loop = n % 3;
    const from = (n * 7) % 4;
    const items = Array.from({ length: 6 }, (_, i) => loop * 4 + ((from + i) % 4));
    sessions.push({ start: n, items: Int32Array.from(items), skipped: new Uint8Array(6) });
  }
  return sessions;
}

const fast = { epochs: 30, units: 16, batchSize: 8, negatives: 4, learningRate: 0.02 };
const sequenceModels: NextSongModelName[] = ['markov', 'rules', 'sknn', 'gru', 'blend'];
const worstRank = (name: NextSongModelName) => (name === 'sknn' ? 4 : 1);

async function fitted(name: NextSongModelName): Promise<NextSongModel> {
  const model = createNextSongModel(name, ITEMS, fast);
  await model.fit(loopSessions(60));
  return model;
}

describe.each(sequenceModels)('%s next-song model', (name) => {
  it('ranks the planted next track first (sknn: its loop first) after any prefix', async () => {
    const model = await fitted(name);
    for (const [prefix, next] of [
      [[0, 1], 2],
      [[5, 6, 7], 4],
      [[10], 11],
    ] as const) {
      expect(rankOf(model.scoreNext(Int32Array.from(prefix)), next)).toBeLessThanOrEqual(
        worstRank(name),
      );
    }
  });

  it('scores exactly the same after a round trip through bytes', async () => {
    const model = await fitted(name);
    const loaded = loadNextSongModel(model.toBytes());
    const prefix = Int32Array.from([4, 5]);
    expect(loaded.kind).toBe(model.kind);
    expect([...loaded.scoreNext(prefix)]).toEqual([...model.scoreNext(prefix)]);
  });

  it('stops fitting when its signal is aborted', async () => {
    const model = createNextSongModel(name, ITEMS, fast);
    const controller = new AbortController();
    controller.abort();
    await expect(model.fit(loopSessions(60), { signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe('popularity next-song model', () => {
  it('ranks the most played track first whatever the prefix', async () => {
    const model = createNextSongModel('pop', ITEMS);
    const sessions = loopSessions(30);
    sessions.push({ start: 99, items: Int32Array.from([3, 3, 3]), skipped: new Uint8Array(3) });
    await model.fit(sessions);
    expect(rankOf(model.scoreNext(Int32Array.from([5])), 3)).toBe(1);
  });
});

describe('markov next-song model', () => {
  it('never learns a skipped track as what follows', async () => {
    const model = createNextSongModel('markov', ITEMS);
    await model.fit([
      { start: 0, items: Int32Array.from([0, 12, 1]), skipped: Uint8Array.from([0, 1, 0]) },
    ]);
    expect(model.scoreNext(Int32Array.from([0]))[12]).toBeLessThan(1e-3);
  });
});

describe('GRU next-song model', () => {
  it('is deterministic given its seed and differs with another seed', async () => {
    const scores = async (seed: number) => {
      const model = new GruModel(ITEMS, { ...fast, epochs: 2, seed });
      await model.fit(loopSessions(20));
      return [...model.scoreNext(Int32Array.from([1, 2]))];
    };
    const [a, b, c] = [await scores(3), await scores(3), await scores(4)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('reports its progress with a falling loss', async () => {
    const losses: number[] = [];
    const model = new GruModel(ITEMS, { ...fast, epochs: 10 });
    await model.fit(loopSessions(40), {
      onProgress: (p) => p.done * p.epochs === p.epoch && losses.push(p.loss),
    });
    expect(losses).toHaveLength(10);
    expect(losses[9]!).toBeLessThan(losses[0]! / 2);
  });
});
