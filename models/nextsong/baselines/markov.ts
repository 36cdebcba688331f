/**
 * First-order Markov chain and its generalisation, sequential rules (Ludewig & Jannach,
 * "Evaluation of session-based recommendation algorithms", 2018, §2.1): a rule a → b gains
 * 1/g each time b follows a at distance g ≤ `steps` in a training session. `steps = 1` is the plain
 * first-order Markov chain. The score of b after a prefix is the weight of (last item → b), plus
 * a popularity term too small to reorder rules (< 1e-3) that breaks ties, among the rules and
 * among the items no rule reaches — without it the tied zeros all rank ahead of the target under
 * the conservative evaluation, and the reference Markov numbers of issue 6 (0.520 / 0.371) are
 * only matched with it.
 * Rules are kept in compressed rows (CSR) so scoring touches only the last item's row.
 */
import type { FitOptions, NextSongModel } from '../model';
import { throwIfAborted } from '../model';
import type { Session } from '../sessions';
import { pack, unpack } from '../bytes';

export class MarkovModel implements NextSongModel {
  readonly kind = 'markov';
  private rowStart: Int32Array = new Int32Array(1);
  private next: Int32Array = new Int32Array(0);
  private weight: Float32Array = new Float32Array(0);
  /** Training plays per item, scaled into [0, 1e-3]: the tie-break. */
  private tieBreak: Float32Array;

  constructor(
    readonly itemCount: number,
    readonly steps = 1,
  ) {
    this.rowStart = new Int32Array(itemCount + 1);
    this.tieBreak = new Float32Array(itemCount);
  }

  async fit(sessions: readonly Session[], options: FitOptions = {}): Promise<void> {
    const rules = new Map<number, Map<number, number>>();
    const plays = new Float32Array(this.itemCount);
    sessions.forEach((s, n) => {
      if (n % 1024 === 0) throwIfAborted(options.signal);
      s.items.forEach((item, j) => (plays[item]! += s.skipped[j] ? 0 : 1));
      for (let j = 1; j < s.items.length; j++) {
        if (s.skipped[j]) continue; // skips are context, never a rule's consequence
        const b = s.items[j]!;
        for (let g = 1; g <= this.steps && j - g >= 0; g++) {
          const a = s.items[j - g]!;
          let row = rules.get(a);
          if (!row) rules.set(a, (row = new Map()));
          row.set(b, (row.get(b) ?? 0) + 1 / g);
        }
      }
    });
    let total = 0;
    for (const row of rules.values()) total += row.size;
    this.next = new Int32Array(total);
    this.weight = new Float32Array(total);
    let at = 0;
    for (let a = 0; a < this.itemCount; a++) {
      this.rowStart[a] = at;
      for (const [b, w] of rules.get(a) ?? []) {
        this.next[at] = b;
        this.weight[at++] = w;
      }
    }
    this.rowStart[this.itemCount] = at;
    const most = plays.reduce((m, c) => Math.max(m, c), 1);
    this.tieBreak = plays.map((c) => (1e-3 * c) / most);
    options.onProgress?.({ epoch: 1, epochs: 1, loss: 0, done: 1 });
  }

  scoreNext(prefix: Int32Array): Float32Array {
    const scores = this.tieBreak.slice();
    const last = prefix[prefix.length - 1];
    if (last === undefined) return scores;
    for (let p = this.rowStart[last]!; p < this.rowStart[last + 1]!; p++) {
      scores[this.next[p]!]! += this.weight[p]!;
    }
    return scores;
  }

  toBytes(): Uint8Array {
    return pack({
      kind: this.kind,
      params: { itemCount: this.itemCount, steps: this.steps },
      arrays: {
        rowStart: this.rowStart,
        next: this.next,
        weight: this.weight,
        tieBreak: this.tieBreak,
      },
    });
  }

  static fromBytes(bytes: Uint8Array): MarkovModel {
    const { params, arrays } = unpack(bytes, 'markov');
    const model = new MarkovModel(params.itemCount as number, params.steps as number);
    model.rowStart = arrays.rowStart as Int32Array;
    model.next = arrays.next as Int32Array;
    model.weight = arrays.weight as Float32Array;
    model.tieBreak = arrays.tieBreak as Float32Array;
    return model;
  }
}
