/** Popularity: every prefix gets the same scores, the training play counts of each item. */
import type { FitOptions, NextSongModel } from '../model';
import { throwIfAborted } from '../model';
import type { Session } from '../sessions';
import { pack, unpack } from '../bytes';

export class PopularityModel implements NextSongModel {
  readonly kind = 'pop';
  private counts: Float32Array;

  constructor(readonly itemCount: number) {
    this.counts = new Float32Array(itemCount);
  }

  async fit(sessions: readonly Session[], options: FitOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    this.counts.fill(0);
    for (const s of sessions) {
      for (let i = 0; i < s.items.length; i++) if (!s.skipped[i]) this.counts[s.items[i]!]! += 1;
    }
    options.onProgress?.({ epoch: 1, epochs: 1, loss: 0, done: 1 });
  }

  scoreNext(_prefix: Int32Array): Float32Array {
    return this.counts.slice();
  }

  toBytes(): Uint8Array {
    return pack({
      kind: this.kind,
      params: { itemCount: this.itemCount },
      arrays: { counts: this.counts },
    });
  }

  static fromBytes(bytes: Uint8Array): PopularityModel {
    const { params, arrays } = unpack(bytes, 'pop');
    const model = new PopularityModel(params.itemCount as number);
    model.counts = arrays.counts as Float32Array;
    return model;
  }
}
