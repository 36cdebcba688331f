import { describe, expect, it } from 'vitest';
import type { Session } from '../../../models/nextsong/sessions';
import { GruModel } from '../../../models/nextsong/gru/model';
import { unpack } from '../../../models/nextsong/bytes';
import { rankOf } from '../../../models/nextsong/eval';
import { fitSelectedBlend } from '../../../models/nextsong/blend-fit';

/** Sessions walking one loop of tracks, `first` … `first + size − 1`, from varied points. */
function loop(first: number, size: number, count: number, start = 0): Session[] {
  return Array.from({ length: count }, (_, n) => ({
    start: start + n,
    items: Int32Array.from({ length: 6 }, (_, i) => first + ((n + i) % size)),
    skipped: new Uint8Array(6),
  }));
}

const fast = { epochs: 30, units: 16, batchSize: 8, negatives: 4, learningRate: 0.02 };
const arrays = (m: GruModel) => unpack(m.toBytes(), 'gru').arrays as Record<string, Float32Array>;

describe('GruModel.fineTune', () => {
  it('grows the catalogue, keeping every learnt weight and giving new tracks fresh rows', async () => {
    const old = new GruModel(4, fast);
    await old.fit(loop(0, 4, 40));
    const grown = old.grownTo(7);
    const [a, b] = [arrays(old), arrays(grown)];
    expect(grown.itemCount).toBe(7);
    expect([...b.inEmb!.subarray(0, 4 * 16)]).toEqual([...a.inEmb!]);
    expect([...b.wh!]).toEqual([...a.wh!]);
    expect(b.inEmb!.subarray(4 * 16).some((v) => v !== 0)).toBe(true);
    expect(() => old.grownTo(3)).toThrow(RangeError);
  });

  it('learns new sessions over new tracks and still knows the old ones', async () => {
    const old = new GruModel(4, fast);
    await old.fit(loop(0, 4, 40));
    // A second loop over tracks 4–6 that the old model has never seen.
    const tuned = await old.fineTune([...loop(4, 3, 30, 100), ...loop(0, 4, 10, 200)], 20);
    expect(tuned.itemCount).toBe(7);
    expect(rankOf(tuned.scoreNext(Int32Array.of(4, 5)), 6)).toBe(1);
    expect(rankOf(tuned.scoreNext(Int32Array.of(1, 2)), 3)).toBe(1);
    // The model fine-tuned is a new one: the old stays as it was.
    expect(old.itemCount).toBe(4);
  });
});

describe('fitSelectedBlend', () => {
  it('chooses weights on the latest sessions and returns a GRU over the whole catalogue', async () => {
    const sessions = loop(0, 4, 50);
    const progress: number[] = [];
    const checks: (number | undefined)[] = [];
    const selected = await fitSelectedBlend(sessions, 4, {
      gru: fast,
      onProgress: (p) => {
        progress.push(p.done);
        checks.push(p.validationHr20);
      },
    });
    // The base GRU's progress carries its HR@20 on the validation sessions from the end of its
    // first epoch on: a loop of 4 tracks is learnt long before its 30 epochs end.
    expect(checks[0]).toBeUndefined();
    expect(checks.some((c) => c === 1)).toBe(true);
    expect(selected.sessions).toEqual({ base: 40, validation: 10 });
    expect(selected.search!.events).toBe(10 * 5);
    expect(selected.search!.hr20).toBe(1);
    expect(Math.max(...selected.weights)).toBe(1);
    expect(selected.gru.itemCount).toBe(4);
    expect(progress.at(-1)).toBeCloseTo(1, 5);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]! - 1e-9)).toBe(true);
  });
});
