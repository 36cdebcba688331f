import { packModel, unpackModel } from '../serialize';
import { mapValues, rowItems, transpose, type Csr } from '../sparse';
import { recommendFromScores, topK } from '../topk';
import type {
  Explanation,
  FitOptions,
  Ranked,
  RecommendOptions,
  Recommender,
} from '../recommender';

/**
 * Item-based k-nearest neighbours (Sarwar et al. 2001; implicit's CosineRecommender): each item
 * keeps its `neighbours` most cosine-similar items over log(1 + plays) columns, and a row scores
 * item i as Σ_j w_uj · sim(j, i) over its past items j that have i as a neighbour.
 */
export class ItemKnnModel implements Recommender {
  readonly kind = 'itemknn';
  /** Items × items, row j = j's neighbours and their cosine similarity. */
  neighbours: Csr | null = null;
  private matrix: Csr | null = null;

  constructor(private readonly k = 100) {}

  async fit(matrix: Csr, _options: FitOptions = {}): Promise<void> {
    const weighted = mapValues(matrix, Math.log1p);
    const byItem = transpose(weighted);
    const items = matrix.cols;
    const norms = new Float64Array(items);
    for (let p = 0; p < weighted.data.length; p++)
      norms[weighted.indices[p]!]! += weighted.data[p]! ** 2;
    for (let i = 0; i < items; i++) norms[i] = Math.sqrt(norms[i]!);
    const indptr = new Int32Array(items + 1);
    const chosen: { items: Int32Array; scores: Float32Array }[] = [];
    const acc = new Float32Array(items).fill(-Infinity);
    const touched: number[] = [];
    for (let i = 0; i < items; i++) {
      // Σ_u w_ui w_uj over the rows u that have i: one pass over their rows.
      for (let q = byItem.indptr[i]!; q < byItem.indptr[i + 1]!; q++) {
        const u = byItem.indices[q]!;
        const wi = byItem.data[q]!;
        for (let r = weighted.indptr[u]!; r < weighted.indptr[u + 1]!; r++) {
          const j = weighted.indices[r]!;
          if (j === i) continue;
          if (acc[j] === -Infinity) {
            acc[j] = 0;
            touched.push(j);
          }
          acc[j]! += wi * weighted.data[r]!;
        }
      }
      for (const j of touched) acc[j] = acc[j]! / (norms[i]! * norms[j]!);
      const best = topK(acc, this.k);
      chosen.push(best);
      indptr[i + 1] = indptr[i]! + best.items.length;
      for (const j of touched) acc[j] = -Infinity;
      touched.length = 0;
    }
    const indices = new Int32Array(indptr[items]!);
    const data = new Float32Array(indptr[items]!);
    chosen.forEach((best, i) => {
      indices.set(best.items, indptr[i]!);
      data.set(best.scores, indptr[i]!);
    });
    this.neighbours = { rows: items, cols: items, indptr, indices, data };
    this.matrix = matrix;
  }

  scoreRow(row: number, out: Float32Array): void {
    const nb = this.fitted().neighbours;
    const { items, values } = rowItems(this.fitted().matrix, row);
    out.fill(0);
    for (let q = 0; q < items.length; q++) {
      const j = items[q]!;
      const w = Math.log1p(values[q]!);
      for (let p = nb.indptr[j]!; p < nb.indptr[j + 1]!; p++)
        out[nb.indices[p]!]! += w * nb.data[p]!;
    }
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const { matrix } = this.fitted();
    return recommendFromScores(
      (out) => this.scoreRow(row, out),
      matrix.cols,
      rowItems(matrix, row).items,
      options,
    );
  }

  similarItems(item: number, n: number): Ranked {
    const nb = this.fitted().neighbours;
    const from = nb.indptr[item]!;
    const to = Math.min(nb.indptr[item + 1]!, from + n);
    return { items: nb.indices.slice(from, to), scores: nb.data.slice(from, to) };
  }

  /** The past items j whose similarity to `item` makes up its score, w_uj · sim(j, item) each. */
  explain(row: number, item: number, top = 10): Explanation {
    const { neighbours: nb, matrix } = this.fitted();
    const { items, values } = rowItems(matrix, row);
    const parts: { item: number; contribution: number; share: number }[] = [];
    for (let q = 0; q < items.length; q++) {
      const j = items[q]!;
      for (let p = nb.indptr[j]!; p < nb.indptr[j + 1]!; p++) {
        if (nb.indices[p] === item)
          parts.push({ item: j, contribution: Math.log1p(values[q]!) * nb.data[p]!, share: 0 });
      }
    }
    const score = parts.reduce((s, c) => s + c.contribution, 0);
    for (const c of parts) c.share = score > 0 ? c.contribution / score : 0;
    parts.sort((a, b) => b.contribution - a.contribution);
    return { score, contributions: parts.slice(0, top) };
  }

  toBytes(): Uint8Array {
    const { neighbours: nb, matrix } = this.fitted();
    return packModel(
      this.kind,
      { k: this.k, rows: matrix.rows, cols: matrix.cols },
      {
        nbIndptr: nb.indptr,
        nbIndices: nb.indices,
        nbData: nb.data,
        indptr: matrix.indptr,
        indices: matrix.indices,
        data: matrix.data,
      },
    );
  }

  static fromBytes(bytes: Uint8Array): ItemKnnModel {
    const { meta, arrays: a } = unpackModel(bytes, 'itemknn');
    const model = new ItemKnnModel(meta.k as number);
    const cols = meta.cols as number;
    model.neighbours = {
      rows: cols,
      cols,
      indptr: a.nbIndptr as Int32Array,
      indices: a.nbIndices as Int32Array,
      data: a.nbData as Float32Array,
    };
    model.matrix = {
      rows: meta.rows as number,
      cols,
      indptr: a.indptr as Int32Array,
      indices: a.indices as Int32Array,
      data: a.data as Float32Array,
    };
    return model;
  }

  private fitted(): { neighbours: Csr; matrix: Csr } {
    if (!this.neighbours || !this.matrix)
      throw new Error('itemknn: the model has not been fitted.');
    return { neighbours: this.neighbours, matrix: this.matrix };
  }
}
