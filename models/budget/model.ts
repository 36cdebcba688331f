import { packModel, unpackModel, type UnpackOptions } from '../serialize';
import { rowItems, type Csr } from '../sparse';
import { recommendFromScores, topK } from '../topk';
import { nearestByCosine, rowNorms } from '../vectors';
import type { Explanation, Ranked, RecommendOptions, Recommender } from '../recommender';
import {
  defaultBudgetParams,
  fitBudget,
  type BudgetFitOptions,
  type BudgetParams,
  type BudgetState,
} from './fit';
import { artistPairs, type ArtistPairs } from './structure';
import { digamma } from './special';

/** How a row spreads its plays over one artist's tracks. */
export interface ArtistSpread {
  artist: number;
  plays: number;
  /** Distinct tracks of the artist the row played. */
  tracksPlayed: number;
  /** Tracks the artist has in the catalogue. */
  catalogue: number;
  /** exp(entropy) of the play distribution: 1 when every play is one track. */
  effectiveTracks: number;
  /**
   * Breadth-aware affinity: the expected plays of the artist's *typical* track (geometric mean of
   * E[b_ua]·θ_us over the artist's tracks). 10 tracks × 10 plays rank above 1 track × 100 plays.
   */
  affinity: number;
}

/**
 * The artist-budget Poisson model (see fit.ts for the maths). Scores are expected plays
 * E[b_ua]·E[x_u]ᵀE[β_s]; for an artist the row never played, E[b_ua] is the posterior mean given
 * r_ua = 0, c / (d_a + E[x_u]ᵀB_a).
 */
export class BudgetModel implements Recommender {
  readonly kind = 'budget';
  readonly params: BudgetParams;
  matrix: Csr | null = null;
  pairs: ArtistPairs | null = null;
  state: BudgetState | null = null;
  private x = new Float32Array(0);
  private beta = new Float32Array(0);
  private betaNorms: Float32Array | null = null;

  constructor(
    readonly artistOf: Int32Array,
    readonly artists: number,
    params: Partial<BudgetParams> = {},
  ) {
    this.params = { ...defaultBudgetParams, ...params };
  }

  get items(): number {
    return this.artistOf.length;
  }

  get elbo(): readonly number[] {
    return this.state?.elbo ?? [];
  }

  async fit(matrix: Csr, options: BudgetFitOptions = {}): Promise<void> {
    const pairs = artistPairs(matrix, this.artistOf, this.artists);
    const state = await fitBudget(matrix, this.artistOf, pairs, this.params, options);
    this.adopt(matrix, pairs, state);
  }

  private adopt(matrix: Csr, pairs: ArtistPairs, state: BudgetState): void {
    this.matrix = matrix;
    this.pairs = pairs;
    this.state = state;
    this.x = gammaMeans(state.xShape, state.xRate);
    this.beta = gammaMeans(state.betaShape, state.betaRate);
    this.betaNorms = null;
  }

  /** E[x_u], the row's preference vector. */
  rowVector(row: number): Float32Array {
    const K = this.params.factors;
    return this.x.subarray(row * K, row * K + K);
  }

  /** E[β_s], the track's factor vector. */
  itemVector(item: number): Float32Array {
    const K = this.params.factors;
    return this.beta.subarray(item * K, item * K + K);
  }

  /** E[b_ua] for every artist: the observed pairs' posteriors, the r_ua = 0 posterior elsewhere. */
  private budgets(row: number, theta: Float32Array): Float64Array {
    const { pairs, state } = this.need();
    const artistTheta = new Float64Array(this.artists);
    for (let s = 0; s < this.items; s++) artistTheta[this.artistOf[s]!]! += theta[s]!;
    const out = new Float64Array(this.artists);
    for (let a = 0; a < this.artists; a++) {
      out[a] = this.params.budgetShape / (state.artistRate[a]! + artistTheta[a]!);
    }
    for (let q = pairs.pairPtr[row]!; q < pairs.pairPtr[row + 1]!; q++) {
      out[pairs.pairArtist[q]!] = state.bShape[q]! / state.bRate[q]!;
    }
    return out;
  }

  /** θ_us = E[x_u]ᵀE[β_s] for every track. */
  private preferences(row: number): Float32Array {
    const K = this.params.factors;
    const xu = this.rowVector(row);
    const theta = new Float32Array(this.items);
    for (let s = 0; s < this.items; s++) {
      let dot = 0;
      for (let k = 0; k < K; k++) dot += xu[k]! * this.beta[s * K + k]!;
      theta[s] = dot;
    }
    return theta;
  }

  scoreRow(row: number, out: Float32Array): void {
    const theta = this.preferences(row);
    const budget = this.budgets(row, theta);
    for (let s = 0; s < this.items; s++) out[s] = budget[this.artistOf[s]!]! * theta[s]!;
  }

  recommend(row: number, options: RecommendOptions): Ranked {
    const seen = this.matrix ? rowItems(this.matrix, row).items : undefined;
    return recommendFromScores((out) => this.scoreRow(row, out), this.items, seen, options);
  }

  similarItems(item: number, n: number): Ranked {
    this.betaNorms ??= rowNorms(this.beta, this.items, this.params.factors);
    return nearestByCosine(
      this.beta,
      this.betaNorms,
      this.params.factors,
      this.itemVector(item),
      n,
      [item],
    );
  }

  /**
   * Exact decomposition of θ_ui: E[x_uk] = (a₀ + Σ_j r_uj φ_ujk) / rate_uk, so each played track j
   * contributes E[b]·Σ_k r_uj φ_ujk β_ik / rate_uk, and the prior the rest.
   */
  explain(row: number, item: number, top = 5): Explanation {
    const { matrix, state } = this.need();
    const K = this.params.factors;
    const w = 1 / this.params.temperature;
    const theta = this.preferences(row);
    const budget = this.budgets(row, theta)[this.artistOf[item]!]!;
    const score = budget * theta[item]!;
    const { items, values } = rowItems(matrix, row);
    const logX = new Float64Array(K);
    for (let k = 0; k < K; k++)
      logX[k] = digammaLog(state.xShape[row * K + k]!, state.xRate[row * K + k]!);
    const contributions = Array.from(items, (j, t) => {
      const phi = new Float64Array(K);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        sum += phi[k] = Math.exp(
          logX[k]! + digammaLog(state.betaShape[j * K + k]!, state.betaRate[j * K + k]!),
        );
      }
      let c = 0;
      for (let k = 0; k < K; k++) {
        c +=
          ((w * values[t]! * phi[k]!) / sum / state.xRate[row * K + k]!) * this.beta[item * K + k]!;
      }
      c *= budget;
      return { item: j, contribution: c, share: score > 0 ? c / score : 0 };
    });
    contributions.sort((a, b) => b.contribution - a.contribution);
    return { score, contributions: contributions.slice(0, top) };
  }

  /** Per artist the row played: plays, breadth, and breadth-aware affinity (best first). */
  spread(row: number): ArtistSpread[] {
    const { matrix, pairs } = this.need();
    const theta = this.preferences(row);
    const budget = this.budgets(row, theta);
    const { items, values } = rowItems(matrix, row);
    const byArtist = new Map<number, number[]>();
    items.forEach((s, t) => {
      const a = this.artistOf[s]!;
      (byArtist.get(a) ?? byArtist.set(a, []).get(a)!).push(values[t]!);
    });
    const out: ArtistSpread[] = [];
    for (let q = pairs.pairPtr[row]!; q < pairs.pairPtr[row + 1]!; q++) {
      const a = pairs.pairArtist[q]!;
      const counts = byArtist.get(a) ?? [];
      const plays = counts.reduce((x, y) => x + y, 0);
      const entropy = -counts.reduce((h, c) => h + (c / plays) * Math.log(c / plays), 0);
      let logSum = 0;
      const start = pairs.artistPtr[a]!;
      const end = pairs.artistPtr[a + 1]!;
      for (let i = start; i < end; i++)
        logSum += Math.log(budget[a]! * theta[pairs.artistTracks[i]!]! + 1e-12);
      out.push({
        artist: a,
        plays,
        tracksPlayed: counts.length,
        catalogue: end - start,
        effectiveTracks: Math.exp(entropy),
        affinity: Math.exp(logSum / (end - start)),
      });
    }
    return out.sort((x, y) => y.affinity - x.affinity);
  }

  /**
   * Deep cuts: tracks of artists the row already plays whose expected plays most exceed what the
   * row gave them (unplayed tracks first of all), weighted by how broadly the row plays the artist.
   */
  deepCuts(row: number, n: number, options: { allow?: ArrayLike<number> } = {}): Ranked {
    const { matrix } = this.need();
    const theta = this.preferences(row);
    const budget = this.budgets(row, theta);
    const breadth = new Map(
      this.spread(row).map((s) => [s.artist, s.effectiveTracks / s.catalogue]),
    );
    const observed = new Float32Array(this.items);
    const { items, values } = rowItems(matrix, row);
    items.forEach((s, t) => (observed[s] = values[t]!));
    const gain = new Float32Array(this.items).fill(-Infinity);
    const consider = options.allow ?? Array.from({ length: this.items }, (_, s) => s);
    for (let i = 0; i < consider.length; i++) {
      const s = consider[i]!;
      const b = breadth.get(this.artistOf[s]!);
      if (b === undefined) continue;
      const expected = budget[this.artistOf[s]!]! * theta[s]!;
      if (expected > observed[s]!) gain[s] = (expected - observed[s]!) * b;
    }
    return topK(gain, n);
  }

  toBytes(): Uint8Array {
    const { matrix, pairs, state } = this.need();
    return packModel(
      this.kind,
      {
        params: this.params,
        rows: matrix.rows,
        cols: matrix.cols,
        artists: this.artists,
        elbo: state.elbo,
      },
      {
        artistOf: this.artistOf,
        indptr: matrix.indptr,
        indices: matrix.indices,
        data: matrix.data,
        xShape: state.xShape,
        xRate: state.xRate,
        betaShape: state.betaShape,
        betaRate: state.betaRate,
        bShape: state.bShape,
        bRate: state.bRate,
        artistRate: state.artistRate,
        // Derived from the matrix, but stored: rebuilding them held the thread for a second when
        // a 3,000,000-play model was loaded (issue 7, scale).
        ...pairs,
      },
    );
  }

  /** The model in `bytes` (its arrays view them: see `unpackModel`). */
  static fromBytes(bytes: Uint8Array, options: UnpackOptions = {}): BudgetModel {
    const { meta, arrays } = unpackModel(bytes, 'budget', options);
    const f64 = (name: string) => arrays[name] as Float64Array;
    const model = new BudgetModel(
      arrays.artistOf as Int32Array,
      meta.artists as number,
      meta.params as BudgetParams,
    );
    const matrix: Csr = {
      rows: meta.rows as number,
      cols: meta.cols as number,
      indptr: arrays.indptr as Int32Array,
      indices: arrays.indices as Int32Array,
      data: arrays.data as Float32Array,
    };
    model.adopt(
      matrix,
      storedPairs(arrays, matrix, model.artists) ??
        artistPairs(matrix, model.artistOf, model.artists),
      {
        xShape: f64('xShape'),
        xRate: f64('xRate'),
        betaShape: f64('betaShape'),
        betaRate: f64('betaRate'),
        bShape: f64('bShape'),
        bRate: f64('bRate'),
        artistRate: f64('artistRate'),
        elbo: meta.elbo as number[],
      },
    );
    return model;
  }

  private need(): { matrix: Csr; pairs: ArtistPairs; state: BudgetState } {
    if (!this.matrix || !this.pairs || !this.state)
      throw new Error('The budget model is not fitted yet.');
    return { matrix: this.matrix, pairs: this.pairs, state: this.state };
  }
}

/**
 * The artist pairs a file stored, if it stored them whole (files written before they were stored
 * did not: the loader derives them then).
 */
function storedPairs(
  arrays: Record<string, Float32Array | Int32Array | Float64Array>,
  matrix: Csr,
  artists: number,
): ArtistPairs | null {
  const { pairPtr, pairArtist, pairTotal, pairOfEntry, artistPtr, artistTracks } = arrays;
  if (
    !(pairPtr instanceof Int32Array && pairPtr.length === matrix.rows + 1) ||
    !(pairArtist instanceof Int32Array && pairArtist.length === pairPtr[matrix.rows]) ||
    !(pairTotal instanceof Float64Array && pairTotal.length === pairArtist.length) ||
    !(pairOfEntry instanceof Int32Array && pairOfEntry.length === matrix.indices.length) ||
    !(artistPtr instanceof Int32Array && artistPtr.length === artists + 1) ||
    !(artistTracks instanceof Int32Array && artistTracks.length === matrix.cols)
  )
    return null;
  return { pairPtr, pairArtist, pairTotal, pairOfEntry, artistPtr, artistTracks };
}

/**
 * shape / rate element by element (Gamma means), in a plain loop: `Float32Array.from` with a
 * mapping function took a second over a 20-year history's session rows when a model was loaded.
 */
function gammaMeans(shape: Float64Array, rate: Float64Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(shape.length);
  for (let i = 0; i < out.length; i++) out[i] = shape[i]! / rate[i]!;
  return out;
}

/** E[log θ] of a Gamma(shape, rate) variable. */
function digammaLog(shape: number, rate: number): number {
  return digamma(shape) - Math.log(rate);
}
