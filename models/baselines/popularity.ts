import { packModel, unpackModel } from '../serialize';
import { rowItems, type Csr } from '../sparse';
import { recommendFromScores, topK } from '../topk';
import type {
  Explanation,
  FitOptions,
  Ranked,
  RecommendOptions,
  Recommender,
} from '../recommender';

/** Scores every item by how many rows have it: the yardstick any personal model must beat. */
export class PopularityModel implements Recommender {
  readonly kind = 'pop';
  popularity: Float32Array<ArrayBufferLike> = new Float32Array(0);
  private matrix: Csr | null = null;

  async fit(matrix: Csr, _options: FitOptions = {}): Promise<void> {
    const popularity = new Float32Array(matrix.cols);
    for (let p = 0; p < matrix.indptr[matrix.rows]!; p++) popularity[matrix.indices[p]!]!++;
    this.popularity = popularity;
    this.matrix = matrix;
  }

  scoreRow(_row: number, out: Float32Array): void {
    out.set(this.popularity);
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const seen = this.matrix ? rowItems(this.matrix, row).items : undefined;
    return recommendFromScores(
      (out) => this.scoreRow(row, out),
      this.popularity.length,
      seen,
      options,
    );
  }

  /** Without any notion of similarity, the most popular other items. */
  similarItems(item: number, n: number): Ranked {
    const scores = Float32Array.from(this.popularity);
    scores[item] = -Infinity;
    return topK(scores, n);
  }

  explain(_row: number, item: number): Explanation {
    return { score: this.popularity[item] ?? 0, contributions: [] };
  }

  toBytes(): Uint8Array {
    return packModel(this.kind, {}, { popularity: this.popularity });
  }

  static fromBytes(bytes: Uint8Array): PopularityModel {
    const model = new PopularityModel();
    model.popularity = unpackModel(bytes, 'pop').arrays.popularity as Float32Array;
    return model;
  }
}
