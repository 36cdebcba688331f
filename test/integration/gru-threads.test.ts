import { describe, expect, it } from 'vitest';
import { GruModel } from '../../models/nextsong/gru/model';
import { unpack } from '../../models/nextsong/bytes';
import { runSessions } from '../unit/nextsong/planted-sessions';
import { gruThreadHelper } from '../../src-main/training/gru-threads';

const config = { epochs: 2, units: 12, batchSize: 8, negatives: 16, seed: 9 };
const arrays = (m: GruModel) => unpack(m.toBytes(), 'gru').arrays as Record<string, Float32Array>;

describe('the GRU helper thread', () => {
  it('trains half of every batch in a worker over shared weights: the one-thread weights, to rounding', async () => {
    const data = runSessions(150, 2, 80);
    const serial = new GruModel(80, config);
    await serial.fit(data);
    const helper = gruThreadHelper();
    const split = new GruModel(80, config);
    await split.fit(data, { gruHelper: helper });
    // The same helper serves a second run (blend-fit trains the GRU twice).
    const again = new GruModel(80, config);
    await again.fit(data, { gruHelper: helper });
    const [a, b, c] = [arrays(serial), arrays(split), arrays(again)];
    for (const name of Object.keys(a)) {
      let worst = 0;
      for (let i = 0; i < a[name]!.length; i++)
        worst = Math.max(worst, Math.abs(a[name]![i]! - b[name]![i]!));
      expect(worst, name).toBeLessThan(1e-3);
      expect([...c[name]!]).toEqual([...b[name]!]);
    }
  }, 60_000);
});
