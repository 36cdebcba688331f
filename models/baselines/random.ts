import { packModel, unpackModel } from '../serialize';
import { rowItems, type Csr } from '../sparse';
import { recommendFromScores } from '../topk';
import type {
  Explanation,
  FitOptions,
  Ranked,
  RecommendOptions,
  Recommender,
} from '../recommender';

/** A score in [0, 1) that depends only on (seed, row, item): random, yet reproducible. */
function hashScore(seed: number, row: number, item: number): number {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(row + 1, 0xc2b2ae35) ^
    Math.imul(item + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Random scores: the floor (expected percentile rank 0.5) every metric is read against. */
export class RandomModel implements Recommender {
  readonly kind = 'random';
  private items = 0;
  private matrix: Csr | null = null;

  constructor(private readonly seed = 42) {}

  async fit(matrix: Csr, _options: FitOptions = {}): Promise<void> {
    this.items = matrix.cols;
    this.matrix = matrix;
  }

  scoreRow(row: number, out: Float32Array): void {
    for (let i = 0; i < this.items; i++) out[i] = hashScore(this.seed, row, i);
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const seen = this.matrix ? rowItems(this.matrix, row).items : undefined;
    return recommendFromScores((out) => this.scoreRow(row, out), this.items, seen, options);
  }

  similarItems(item: number, n: number): Ranked {
    return recommendFromScores((out) => this.scoreRow(-1 - item, out), this.items, [item], { n });
  }

  explain(row: number, item: number): Explanation {
    return { score: hashScore(this.seed, row, item), contributions: [] };
  }

  toBytes(): Uint8Array {
    return packModel(this.kind, { seed: this.seed, items: this.items }, {});
  }

  static fromBytes(bytes: Uint8Array): RandomModel {
    const { meta } = unpackModel(bytes, 'random');
    const model = new RandomModel(meta.seed as number);
    model.items = meta.items as number;
    return model;
  }
}
