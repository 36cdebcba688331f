import {
  explainChunk,
  explainFactored,
  factorRow,
  KERNEL_DOTS,
  solveRowExactly,
} from './als-exact';
import {
  confidenceWeight,
  defaultAlsParams,
  fitAls,
  type AlsFitOptions,
  type AlsParams,
} from './als-fit';
import { FollowingListener } from './following-listener';
import { GruKernel, gruKernelModule } from './wasm/gru-kernel';
import { gramChunkCount, gramChunks, reduceGram } from './als-solve';
import { packModel, unpackModel, type UnpackOptions } from './serialize';
import { rowItems, type Csr } from './sparse';
import { applyFilters, topK } from './topk';
import { combineVectors, nearestByCosine, rowNorms, scoreAll } from './vectors';
import type { Explanation, Ranked, RecommendOptions, Recommender } from './recommender';

export { defaultAlsParams, type AlsParams } from './als-fit';

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008). Rows are sessions or listeners, columns are
 * tracks or artists; the score of item i for row u is x_uᵀy_i.
 */
/** A listener folded into a model: their vector, and why any item scores what it does. */
export interface FoldedListener {
  vector: Float32Array;
  explain(item: number, top?: number): Explanation;
  /** `explain` for many items in one pass over the history (each past item's factors read once). */
  explainAll(items: readonly number[], top?: number): Explanation[];
}

/** Item factors (items × k floats) from which scoring runs in the WebAssembly kernel. */
const SCORER_MIN = 1 << 20;

/** Items explained together per pass over the history: their W·y vectors stay in cache. */
const EXPLAIN_CHUNK = 16;

export class AlsModel implements Recommender {
  readonly kind = 'als';
  readonly params: AlsParams;
  rowFactors: Float32Array<ArrayBufferLike> = new Float32Array(0);
  colFactors: Float32Array<ArrayBufferLike> = new Float32Array(0);
  /** The play counts the model was fitted on: a row's seen items and what explanations cite. */
  matrix: Csr | null = null;
  private itemGram: Float64Array | null = null;
  private itemNorms: Float32Array | null = null;
  private itemScorer: { factors: Float32Array<ArrayBufferLike>; kernel: GruKernel | null } | null =
    null;

  constructor(params: Partial<AlsParams> = {}) {
    this.params = { ...defaultAlsParams, ...params };
  }

  get items(): number {
    return this.colFactors.length / this.params.factors;
  }

  async fit(matrix: Csr, options: AlsFitOptions = {}): Promise<void> {
    const state = await fitAls(matrix, this.params, options);
    this.useFactors(matrix, state.rowFactors, state.colFactors);
  }

  /** Adopts factors computed elsewhere (the worker-thread driver). */
  useFactors(matrix: Csr, rowFactors: Float32Array, colFactors: Float32Array): void {
    this.matrix = matrix;
    this.rowFactors = rowFactors;
    this.colFactors = colFactors;
    this.itemGram = null;
    this.itemNorms = null;
  }

  rowVector(row: number): Float32Array {
    const k = this.params.factors;
    return this.rowFactors.subarray(row * k, row * k + k);
  }

  scoreRow(row: number, out: Float32Array): void {
    this.scoreVector(this.rowVector(row), out);
  }

  scoreVector(vector: ArrayLike<number>, out: Float32Array): void {
    const scorer = this.scorer();
    if (scorer) {
      scorer.h.set(vector);
      scorer.scores(1, this.items);
      out.set(scorer.S.subarray(0, this.items));
      return;
    }
    scoreAll(this.colFactors, this.items, this.params.factors, vector, out);
  }

  /**
   * For many items (For You scores 200,000 tracks on every visit): the item factors copied once
   * into the WebAssembly SIMD kernel's memory, where a score is a float32 product (4× the
   * JavaScript loop's speed). Null for small models or where the kernel is not available.
   */
  private scorer(): GruKernel | null {
    const k = this.params.factors;
    if (this.items * k < SCORER_MIN) return null;
    if (this.itemScorer?.factors !== this.colFactors) {
      const kernel = gruKernelModule() ? new GruKernel(k, 1, this.items, false) : null;
      kernel?.E.set(this.colFactors);
      this.itemScorer = { factors: this.colFactors, kernel };
    }
    return this.itemScorer.kernel;
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const seen = options.includeSeen || !this.matrix ? undefined : rowItems(this.matrix, row).items;
    return this.recommendFor(this.rowVector(row), seen, options);
  }

  /** Recommends for any vector, e.g. a listener folded in with `foldIn`. */
  recommendFor(
    vector: ArrayLike<number>,
    seen: ArrayLike<number> | undefined,
    options: RecommendOptions,
  ): Ranked {
    const scores = new Float32Array(this.items);
    this.scoreVector(vector, scores);
    applyFilters(scores, options.includeSeen ? undefined : seen, options.exclude, options.allow);
    return topK(scores, options.n);
  }

  /** Items closest to `item` by the cosine of their factors (the item itself left out). */
  similarItems(item: number, n: number): Ranked {
    const k = this.params.factors;
    return nearestByCosine(
      this.colFactors,
      this.norms(),
      k,
      this.colFactors.subarray(item * k, item * k + k),
      n,
      [item],
    );
  }

  /** "Like A + B − C": the items nearest to the combination, the named ones left out. */
  likeItems(plus: readonly number[], minus: readonly number[], n: number): Ranked {
    const k = this.params.factors;
    const v = combineVectors(this.colFactors, this.norms(), k, plus, minus);
    return nearestByCosine(this.colFactors, this.norms(), k, v, n, [...plus, ...minus]);
  }

  /** A new row's vector from its items and play counts, against the fixed item factors. */
  foldIn(items: ArrayLike<number>, counts: ArrayLike<number>): Float32Array {
    return solveRowExactly(
      this.colFactors,
      this.params.factors,
      this.gram(),
      items,
      this.weightsOf(counts),
    );
  }

  explain(row: number, item: number, top = 10): Explanation {
    if (!this.matrix) throw new Error('explain: the model has not been fitted.');
    const { items, values } = rowItems(this.matrix, row);
    return this.explainFor(items, values, item, top);
  }

  /** Hu et al. §5 for any set of past items and counts (a folded-in listener included). */
  explainFor(
    items: ArrayLike<number>,
    counts: ArrayLike<number>,
    item: number,
    top = 10,
  ): Explanation {
    return this.listener(items, counts).explain(item, top);
  }

  /**
   * A listener folded in once (Hu et al. eq. 4) — their vector, and explanations of any item's
   * score (§5) — with one factorisation of their system shared by all: For You explains every
   * recommendation against the same history.
   */
  listener(items: ArrayLike<number>, counts: ArrayLike<number>): FoldedListener {
    const k = this.params.factors;
    const Y = this.colFactors as Float32Array;
    const weights = this.weightsOf(counts);
    const { L, vector } = factorRow(Y, k, this.gram(), items, weights);
    const explanation = (contributions: ArrayLike<number>, score: number, top: number) => {
      // The largest `top` only: a 20-year history has 100,000 contributions or more.
      const best = topK(contributions, Math.min(top, contributions.length)).items;
      return {
        score,
        contributions: Array.from(best, (q) => ({
          item: items[q]!,
          contribution: contributions[q]!,
          share: score !== 0 ? contributions[q]! / score : 0,
        })),
      };
    };
    return {
      vector,
      explain: (item, top = 10) => {
        const { score, contributions } = explainFactored(L, Y, k, items, weights, item);
        return explanation(contributions, score, top);
      },
      explainAll: (targets, top = 10) => {
        const out: Explanation[] = [];
        // In the kernel (a long history) all at once: the history's rows are gathered once.
        const size = items.length * targets.length >= KERNEL_DOTS ? targets.length : EXPLAIN_CHUNK;
        for (let from = 0; from < targets.length; from += size) {
          const chunk = targets.slice(from, from + size);
          const { scores, contributions } = explainChunk(L, Y, k, items, weights, chunk);
          chunk.forEach((_, t) => out.push(explanation(contributions[t]!, scores[t]!, top)));
        }
        return out;
      },
    };
  }

  /** A listener folded in once that then follows their plays (`FollowingListener.setCount`). */
  followingListener(items: ArrayLike<number>, counts: ArrayLike<number>): FollowingListener {
    return new FollowingListener(
      {
        Y: this.colFactors as Float32Array,
        k: this.params.factors,
        gram: this.gram(),
        weight: (count) => confidenceWeight(count, this.params),
      },
      items,
      counts,
    );
  }

  toBytes(): Uint8Array {
    const m = this.matrix;
    const arrays = { rowFactors: this.rowFactors, colFactors: this.colFactors };
    if (!m) return packModel(this.kind, { params: this.params }, arrays);
    return packModel(
      this.kind,
      { params: this.params, rows: m.rows, cols: m.cols },
      { ...arrays, indptr: m.indptr, indices: m.indices, data: m.data },
    );
  }

  /** The model in `bytes` (its arrays view them: see `unpackModel`). */
  static fromBytes(bytes: Uint8Array, options: UnpackOptions = {}): AlsModel {
    const { meta, arrays } = unpackModel(bytes, 'als', options);
    const model = new AlsModel(meta.params as AlsParams);
    const matrix =
      arrays.indptr && typeof meta.rows === 'number' && typeof meta.cols === 'number'
        ? {
            rows: meta.rows,
            cols: meta.cols,
            indptr: arrays.indptr as Int32Array,
            indices: arrays.indices as Int32Array,
            data: arrays.data as Float32Array,
          }
        : null;
    model.rowFactors = arrays.rowFactors as Float32Array;
    model.colFactors = arrays.colFactors as Float32Array;
    model.matrix = matrix;
    return model;
  }

  private weightsOf(counts: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: counts.length }, (_, q) =>
      confidenceWeight(counts[q]!, this.params),
    );
  }

  /**
   * YᵀY + λI over the item factors, computed once and reused by every fold-in and explanation
   * (and by personas folded against these factors). Shared: do not modify it.
   */
  gram(): Float64Array {
    if (!this.itemGram) {
      const k = this.params.factors;
      const chunks = gramChunkCount(this.items);
      const partials = new Float64Array(chunks * k * k);
      gramChunks(this.colFactors, this.items, k, 0, chunks, partials);
      this.itemGram = new Float64Array(k * k);
      reduceGram(partials, chunks, k, this.params.lambda, this.itemGram);
    }
    return this.itemGram;
  }

  private norms(): Float32Array {
    this.itemNorms ??= rowNorms(this.colFactors, this.items, this.params.factors);
    return this.itemNorms;
  }
}
