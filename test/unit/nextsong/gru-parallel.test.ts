import { describe, expect, it } from 'vitest';
import { GruModel } from '../../../models/nextsong/gru/model';
import { inThreadHelper } from '../../../models/nextsong/gru/parallel';
import { unpack } from '../../../models/nextsong/bytes';
import { runSessions } from './planted-sessions';

const config = { epochs: 2, units: 12, batchSize: 8, negatives: 16, seed: 5 };
const arrays = (m: GruModel) => unpack(m.toBytes(), 'gru').arrays as Record<string, Float32Array>;

describe('data-parallel GRU training', () => {
  it('gives the weights one trainer gives, up to the order of float sums', async () => {
    const data = runSessions(120, 1, 60, 0.1);
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
