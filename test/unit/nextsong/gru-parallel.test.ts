import { describe, expect, it } from 'vitest';
import { GruModel } from '../../../models/nextsong/gru/model';
import { inThreadHelper } from '../../../models/nextsong/gru/parallel';
import { unpack } from '../../../models/nextsong/bytes';
import type { Session } from '../../../models/nextsong/sessions';
import { mulberry32 } from '../../../models/random';

/** Sessions over 60 tracks that follow each other in runs, with a few skips. */
function sessions(count: number, seed: number): Session[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, n) => {
    const length = 3 + Math.floor(random() * 10);
    const first = Math.floor(random() * 60);
    return {
      start: n,
      items: Int32Array.from({ length }, (_, i) => (first + i) % 60),
      skipped: Uint8Array.from({ length }, () => (random() < 0.1 ? 1 : 0)),
    };
  });
}

const config = { epochs: 2, units: 12, batchSize: 8, negatives: 16, seed: 5 };
const arrays = (m: GruModel) => unpack(m.toBytes(), 'gru').arrays as Record<string, Float32Array>;

describe('data-parallel GRU training', () => {
  it('gives the weights one trainer gives, up to the order of float sums', async () => {
    const data = sessions(120, 1);
    const serial = new GruModel(60, config);
    const losses: number[][] = [[], []];
    await serial.fit(data, { onEpoch: () => void 0, onProgress: (p) => losses[0]!.push(p.loss) });
    const split = new GruModel(60, config);
    await split.fit(data, {
      gruHelper: inThreadHelper(),
      onProgress: (p) => losses[1]!.push(p.loss),
    });
    const [a, b] = [arrays(serial), arrays(split)];
    for (const name of Object.keys(a)) {
      const x = a[name]!;
      const y = b[name]!;
      expect(y.length).toBe(x.length);
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
      expect(worst, name).toBeLessThan(1e-3);
    }
    losses[1]!.forEach((l, i) => expect(l).toBeCloseTo(losses[0]![i]!, 3));
  });
});
