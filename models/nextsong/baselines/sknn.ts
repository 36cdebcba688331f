/**
 * V-SKNN, session-based k-nearest neighbours with decay (Ludewig & Jannach 2018, §2.2): a past
 * session n is similar to the current prefix s by Σ_{i ∈ s ∩ n} w(pos_s(i)), where the linear decay
 * w(p) = p / |s| favours the most recent plays of the prefix. Among the `sample` most recent past
 * sessions that share an item with s, the k most similar vote: score(i) = Σ_n sim(s, n)·1[i ∈ n].
 */
import type { FitOptions, NextSongModel } from '../model';
import { throwIfAborted } from '../model';
import type { Session } from '../sessions';
import { pack, unpack } from '../bytes';

export interface SknnParams {
  k: number;
  sample: number;
  /** Only the last `prefixLength` plays of the prefix count. */
  prefixLength: number;
}

export const defaultSknnParams: SknnParams = { k: 100, sample: 500, prefixLength: 20 };

export class SknnModel implements NextSongModel {
  readonly kind = 'sknn';
  // Session → distinct items, and item → sessions (most recent last), both in CSR form.
  private sessionStart: Int32Array = new Int32Array(1);
  private sessionItems: Int32Array = new Int32Array(0);
  private itemStart: Int32Array;
  private itemSessions: Int32Array = new Int32Array(0);

  constructor(
    readonly itemCount: number,
    readonly params: SknnParams = defaultSknnParams,
  ) {
    this.itemStart = new Int32Array(itemCount + 1);
  }

  async fit(sessions: readonly Session[], options: FitOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const order = [...sessions].sort((a, b) => a.start - b.start);
    const sets = order.map((s) => [...new Set(s.items)]);
    this.sessionStart = new Int32Array(sets.length + 1);
    this.sessionItems = new Int32Array(sets.reduce((n, s) => n + s.length, 0));
    const perItem = new Int32Array(this.itemCount);
    let at = 0;
    sets.forEach((set, n) => {
      this.sessionStart[n] = at;
      for (const item of set) {
        this.sessionItems[at++] = item;
        perItem[item]!++;
      }
    });
    this.sessionStart[sets.length] = at;
    this.itemStart = new Int32Array(this.itemCount + 1);
    for (let i = 0; i < this.itemCount; i++)
      this.itemStart[i + 1] = this.itemStart[i]! + perItem[i]!;
    this.itemSessions = new Int32Array(at);
    const fill = this.itemStart.slice(0, this.itemCount);
    sets.forEach((set, n) => {
      for (const item of set) this.itemSessions[fill[item]!++] = n;
    });
    options.onProgress?.({ epoch: 1, epochs: 1, loss: 0, done: 1 });
  }

  scoreNext(prefix: Int32Array): Float32Array {
    const { k, sample, prefixLength } = this.params;
    const recent = prefix.subarray(Math.max(0, prefix.length - prefixLength));
    // Decay weight of each distinct prefix item: its latest position counts.
    const weight = new Map<number, number>();
    recent.forEach((item, p) => weight.set(item, (p + 1) / recent.length));
    // Candidate neighbours: the most recent `sample` sessions holding any prefix item.
    const candidates = new Set<number>();
    for (const item of weight.keys()) {
      for (let p = this.itemStart[item]!; p < this.itemStart[item + 1]!; p++) {
        candidates.add(this.itemSessions[p]!);
      }
    }
    const chosen = [...candidates].sort((a, b) => b - a).slice(0, sample);
    const similarity = chosen.map((n) => {
      let sim = 0;
      for (let p = this.sessionStart[n]!; p < this.sessionStart[n + 1]!; p++) {
        sim += weight.get(this.sessionItems[p]!) ?? 0;
      }
      return { n, sim };
    });
    similarity.sort((a, b) => b.sim - a.sim || b.n - a.n);
    const scores = new Float32Array(this.itemCount);
    for (const { n, sim } of similarity.slice(0, k)) {
      for (let p = this.sessionStart[n]!; p < this.sessionStart[n + 1]!; p++) {
        scores[this.sessionItems[p]!]! += sim;
      }
    }
    return scores;
  }

  toBytes(): Uint8Array {
    return pack({
      kind: this.kind,
      params: { itemCount: this.itemCount, ...this.params },
      arrays: {
        sessionStart: this.sessionStart,
        sessionItems: this.sessionItems,
        itemStart: this.itemStart,
        itemSessions: this.itemSessions,
      },
    });
  }

  static fromBytes(bytes: Uint8Array): SknnModel {
    const { params, arrays } = unpack(bytes, 'sknn');
    const { itemCount, k, sample, prefixLength } = params as unknown as SknnParams & {
      itemCount: number;
    };
    const model = new SknnModel(itemCount, { k, sample, prefixLength });
    model.sessionStart = arrays.sessionStart as Int32Array;
    model.sessionItems = arrays.sessionItems as Int32Array;
    model.itemStart = arrays.itemStart as Int32Array;
    model.itemSessions = arrays.itemSessions as Int32Array;
    return model;
  }
}
