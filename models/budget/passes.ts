/**
 * One CAVI iteration of the artist-budget model (fit.ts has the maths) cut into passes over ranges,
 * so that worker threads can share them: every array lives in one `BudgetArrays` (SharedArrayBuffers
 * when threads run it), a pass writes only its own rows, tracks, pairs or artists, and what several
 * rows add to one track (Σ r φ into β's shape) goes to a per-thread accumulator that the artist pass
 * sums in thread order; an artist's pull Σ_u E[b_ua]·E[x_u] is gathered there over its pairs. With one thread and one range per pass this
 * is the plain sequential iteration. Three passes per iteration:
 *
 *   rows(rows, t)        q(x) and q(b) of the rows (and their pairs) from the last φ pass; then
 *                        their expectations for the iteration that starts
 *   artists(artists)     the artists' pulls; q(β) of their tracks from the φ pass and the pulls; their
 *                        expectations, summed into B_a = Σ_{s∈a} E[β_s]
 *   phi(rows, t)         Σ_s r φ into x's shape (the rows') and thread t's β accumulator; the rest
 *                        of the ELBO
 *
 * An iteration's update and the next one's expectations are one pass over each array, not two.
 * Special functions per Gamma variable: one log of the rate, one digamma and one log Γ of the shape
 * sharing a recurrence and a log (`digammaLgamma`), one exp; the log Γs' recurrence products are
 * multiplied over a vector and logged once. The budgets' shapes c + r_ua never
 * change, so their digamma and log Γ are taken once.
 */
import type { Allocate, Csr } from '../sparse';
import type { BudgetParams } from './fit';
import { gammaElboTerm, lgamma } from './special';
import type { ArtistPairs } from './structure';

export interface BudgetArrays {
  K: number;
  rows: number;
  tracks: number;
  pairs: number;
  artists: number;
  threads: number;
  params: BudgetParams;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  artistOf: Int32Array;
  pairPtr: Int32Array;
  pairArtist: Int32Array;
  pairOfEntry: Int32Array;
  artistPtr: Int32Array;
  artistTracks: Int32Array;
  xShape: Float64Array;
  xRate: Float64Array;
  betaShape: Float64Array;
  betaRate: Float64Array;
  bShape: Float64Array;
  bRate: Float64Array;
  /** ψ(bShape) and log Γ(bShape): the budgets' shapes are fixed. */
  bDigamma: Float64Array;
  bLgamma: Float64Array;
  artistRate: Float64Array;
  Ex: Float64Array;
  Ebud: Float64Array;
  Elbud: Float64Array;
  xExp: Float64Array;
  xMax: Float64Array;
  bExp: Float64Array;
  bMax: Float64Array;
  xAcc: Float64Array;
  /** threads × tracks × K. */
  bAcc: Float64Array;
  artistSum: Float64Array;
  /** Artist a's pairs are `artistPairs[artistPairPtr[a]] …`, their rows in `artistPairRow`. */
  artistPairPtr: Int32Array;
  artistPairs: Int32Array;
  artistPairRow: Int32Array;
}

/** The (row, artist) pairs grouped by artist, with their rows. */
function pairsByArtist(pairs: ArtistPairs, artists: number, alloc: Allocate) {
  const P = pairs.pairArtist.length;
  const artistPairPtr = new Int32Array(alloc((artists + 1) * 4));
  for (let q = 0; q < P; q++) artistPairPtr[pairs.pairArtist[q]! + 1]!++;
  for (let a = 0; a < artists; a++) artistPairPtr[a + 1]! += artistPairPtr[a]!;
  const artistPairs = new Int32Array(alloc(P * 4));
  const artistPairRow = new Int32Array(alloc(P * 4));
  const fill = artistPairPtr.slice(0, artists);
  for (let u = 0; u + 1 < pairs.pairPtr.length; u++) {
    for (let q = pairs.pairPtr[u]!; q < pairs.pairPtr[u + 1]!; q++) {
      const slot = fill[pairs.pairArtist[q]!]!++;
      artistPairs[slot] = q;
      artistPairRow[slot] = u;
    }
  }
  return { artistPairPtr, artistPairs, artistPairRow };
}

/** Lays out the arrays for a fit (`alloc` gives SharedArrayBuffers when threads will share them). */
export function budgetArrays(
  matrix: Csr,
  artistOf: Int32Array,
  pairs: ArtistPairs,
  params: BudgetParams,
  threads: number,
  alloc: Allocate,
): BudgetArrays {
  const K = params.factors;
  const { rows, cols: tracks } = matrix;
  const P = pairs.pairArtist.length;
  const artists = pairs.artistPtr.length - 1;
  const f64 = (n: number) => new Float64Array(alloc(n * 8));
  const i32 = (a: Int32Array) => {
    const out = new Int32Array(alloc(a.length * 4));
    out.set(a);
    return out;
  };
  const data = f64(matrix.data.length);
  data.set(matrix.data);
  const bShape = f64(P);
  const bDigamma = f64(P);
  const bLgamma = f64(P);
  const w = 1 / params.temperature;
  for (let q = 0; q < P; q++) {
    bShape[q] = params.budgetShape + w * pairs.pairTotal[q]!;
    digammaLgamma(bShape[q]!);
    bDigamma[q] = special.digamma;
    bLgamma[q] = special.lgamma;
  }
  return {
    K,
    rows,
    tracks,
    pairs: P,
    artists,
    threads,
    params,
    indptr: i32(matrix.indptr),
    indices: i32(matrix.indices),
    data,
    artistOf: i32(artistOf),
    pairPtr: i32(pairs.pairPtr),
    pairArtist: i32(pairs.pairArtist),
    pairOfEntry: i32(pairs.pairOfEntry),
    artistPtr: i32(pairs.artistPtr),
    artistTracks: i32(pairs.artistTracks),
    xShape: f64(rows * K),
    xRate: f64(rows * K),
    betaShape: f64(tracks * K),
    betaRate: f64(tracks * K),
    bShape,
    bRate: f64(P),
    bDigamma,
    bLgamma,
    artistRate: f64(artists),
    Ex: f64(rows * K),
    Ebud: f64(P),
    Elbud: f64(P),
    xExp: f64(rows * K),
    xMax: f64(rows),
    bExp: f64(tracks * K),
    bMax: f64(tracks),
    xAcc: f64(rows * K),
    bAcc: f64(threads * tracks * K),
    artistSum: f64(artists * K),
    ...pairsByArtist(pairs, artists, alloc),
  };
}

/** Results of `digammaLgamma`, kept here so that the hot loops allocate nothing. */
const special = { digamma: 0, lgamma: 0, product: 1 };
/** Where `digammaLgamma` leaves its results (read-only outside). */
export const specialResults: Readonly<typeof special> = special;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_TO_512 = 2 ** 512;
const TWO_TO_MINUS_512 = 2 ** -512;

/**
 * ψ(x) and log Γ(x) for x > 0 into `special`: the recurrence up to x ≥ 6 shared by both (Σ 1/x for
 * ψ, Π x for log Γ; the sum kept as a fraction over that product), then the asymptotic series for ψ and Stirling's for log Γ (terms to x⁻⁷:
 * error below 1e-10 at x = 6).
 */
export function digammaLgamma(x: number): void {
  digammaStirling(x);
  special.lgamma -= Math.log(special.product);
}

/**
 * As `digammaLgamma`, but `special.lgamma` without its − log Π(x + i), which is left in
 * `special.product`: a caller summing many log Γs multiplies the products and takes one log.
 */
function digammaStirling(x: number): void {
  // Σ 1/(x + i) as one fraction N / Π(x + i): no division per step.
  let sum = 0;
  let product = 1;
  while (x < 6) {
    sum = sum * x + product;
    product *= x;
    x += 1;
  }
  const inv = 1 / x;
  const f = inv * inv;
  const logX = Math.log(x);
  special.digamma =
    logX -
    sum / product -
    0.5 * inv -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
  special.lgamma =
    (x - 0.5) * logX -
    x +
    HALF_LOG_2PI +
    inv * (1 / 12 - f * (1 / 360 - f * (1 / 1260 - f / 1680)));
  special.product = product;
}

export class BudgetPasses {
  private readonly logits: Float64Array;
  /** One vector's means and E[log], from `expectVector`. */
  private readonly mean: Float64Array;
  private readonly eLog: Float64Array;
  private readonly K: number;
  /** One row's q(x) rate, built here before it is written to the shared array. */
  private readonly rowRate: Float64Array;
  /** One artist's X_a. */
  private readonly pull: Float64Array;
  private readonly xPrior: number;
  private readonly betaPrior: number;
  private readonly lgammaBudgetShape: number;

  constructor(readonly s: BudgetArrays) {
    this.logits = new Float64Array(s.K);
    this.mean = new Float64Array(s.K);
    this.eLog = new Float64Array(s.K);
    this.K = s.K;
    this.rowRate = new Float64Array(s.K);
    this.pull = new Float64Array(s.K);
    const p = s.params;
    this.xPrior = p.xShape * Math.log(p.xRate) - lgamma(p.xShape);
    this.betaPrior = p.betaShape * Math.log(p.betaRate) - lgamma(p.betaShape);
    this.lgammaBudgetShape = lgamma(p.budgetShape);
  }

  /**
   * Vector v (length K) of one Gamma family: its means into `this.mean`, exp(E log − max) and the
   * max into `exp`/`max`; returns its ELBO terms.
   */
  private expectVector(
    v: number,
    shape: Float64Array,
    rate: Float64Array,
    exp: Float64Array,
    max: Float64Array,
    a: number,
    b: number,
    prior: number,
  ): number {
    const { K } = this.s;
    const { mean, eLog } = this;
    const o = v * K;
    let m = -Infinity;
    let elbo = 0;
    // Π of the recurrences' products, one log at the end (rescaled by 2^±512 to stay in range:
    // each product lies in (0, 6⁶]).
    let products = 1;
    let scaled = 0;
    for (let k = 0; k < K; k++) {
      const sh = shape[o + k]!;
      const r = rate[o + k]!;
      const logRate = Math.log(r);
      digammaStirling(sh);
      products *= special.product;
      if (products > 1e150) {
        products *= TWO_TO_MINUS_512;
        scaled++;
      } else if (products < 1e-150) {
        products *= TWO_TO_512;
        scaled--;
      }
      const mu = sh / r;
      const el = special.digamma - logRate;
      mean[k] = mu;
      eLog[k] = el;
      if (el > m) m = el;
      elbo += gammaElboTerm(a, b, prior, sh, logRate, mu, el, special.lgamma);
    }
    elbo -= Math.log(products) + scaled * 512 * Math.LN2;
    max[v] = m;
    for (let k = 0; k < K; k++) exp[o + k] = Math.exp(eLog[k]! - m);
    return elbo;
  }

  /**
   * Rows [r0, r1). With `update` (every iteration after the first): q(x) from the last φ pass
   * (shape a₀ + Σ_s r φ, rate ξ + Σ_pairs E[b] B_a), then q(b) of the row's pairs with the new E[x]
   * (rate d_a + E[x]ᵀB_a). Then, for the iteration that starts: E[x], exp(E log x − max), E[b],
   * E[log b], and the rows' x Gamma ELBO terms (returned).
   */
  rows(r0: number, r1: number, update: boolean): number {
    const s = this.s;
    const p = s.params;
    const { K, xShape, xRate, xAcc, Ex, artistSum, pairPtr, pairArtist, Ebud, Elbud } = s;
    const rate = this.rowRate;
    let elbo = 0;
    for (let u = r0; u < r1; u++) {
      const xo = u * K;
      if (update) {
        rate.fill(p.xRate);
        for (let q = pairPtr[u]!; q < pairPtr[u + 1]!; q++) {
          const ao = pairArtist[q]! * K;
          const eb = Ebud[q]!;
          for (let k = 0; k < K; k++) rate[k]! += eb * artistSum[ao + k]!;
        }
        for (let k = 0; k < K; k++) {
          xShape[xo + k] = p.xShape + xAcc[xo + k]!;
          xRate[xo + k] = rate[k]!;
        }
      }
      elbo += this.expectVector(u, xShape, xRate, s.xExp, s.xMax, p.xShape, p.xRate, this.xPrior);
      const ex = this.mean;
      Ex.set(ex, xo);
      for (let q = pairPtr[u]!; q < pairPtr[u + 1]!; q++) {
        const a = pairArtist[q]!;
        const ao = a * K;
        if (update) {
          let dot = 0;
          for (let k = 0; k < K; k++) dot += ex[k]! * artistSum[ao + k]!;
          s.bRate[q] = s.artistRate[a]! + dot;
        }
        const bRate = s.bRate[q]!;
        Ebud[q] = s.bShape[q]! / bRate;
        Elbud[q] = s.bDigamma[q]! - Math.log(bRate);
      }
    }
    return elbo;
  }

  /**
   * Artists [a0, a1) with their tracks. With `update`: the pull X_a = Σ_u E[b_ua]·E[x_u] over the
   * artist's pairs, then q(β) from the last φ pass and it (shape a₁ + Σ_threads Σ r φ, rate
   * η + X_a). Then E[β] summed into B_a = Σ_{s∈a} E[β_s], exp(E log β − max) and the β Gamma ELBO
   * terms; and, with `update`, the expected-rate part of the ELBO, −Σ_pairs E[b_ua]·E[x_u]ᵀB_a,
   * summed by artist instead of by pair: −Σ_a B_aᵀX_a (the pull is of exactly these E[b] and E[x]).
   * Returns the sum.
   */
  artists(a0: number, a1: number, update: boolean): number {
    const s = this.s;
    const p = s.params;
    const { K, mean } = this;
    const { artistPtr, artistTracks, artistSum, threads, tracks, bAcc, Ex, Ebud } = s;
    const { betaShape, betaRate, artistPairPtr, artistPairs, artistPairRow } = s;
    const pull = this.pull;
    let elbo = 0;
    for (let a = a0; a < a1; a++) {
      const out = a * K;
      artistSum.fill(0, out, out + K);
      if (update) {
        // X_a = Σ_u E[b_ua]·E[x_u] over the artist's pairs (E[x] is small: it stays in cache).
        pull.fill(0);
        for (let j = artistPairPtr[a]!; j < artistPairPtr[a + 1]!; j++) {
          const eb = Ebud[artistPairs[j]!]!;
          const xo = artistPairRow[j]! * K;
          for (let k = 0; k < K; k++) pull[k]! += eb * Ex[xo + k]!;
        }
      }
      for (let j = artistPtr[a]!; j < artistPtr[a + 1]!; j++) {
        const v = artistTracks[j]!;
        const so = v * K;
        if (update) {
          for (let k = 0; k < K; k++) {
            let acc = 0;
            for (let t = 0; t < threads; t++) {
              const at = t * tracks * K + so + k;
              acc += bAcc[at]!;
              bAcc[at] = 0; // read once: cleared for the next φ pass
            }
            betaShape[so + k] = p.betaShape + acc;
            betaRate[so + k] = p.betaRate + pull[k]!;
          }
        }
        elbo += this.expectVector(
          v,
          betaShape,
          betaRate,
          s.bExp,
          s.bMax,
          p.betaShape,
          p.betaRate,
          this.betaPrior,
        );
        for (let k = 0; k < K; k++) artistSum[out + k]! += mean[k]!;
      }
      if (update) for (let k = 0; k < K; k++) elbo -= artistSum[out + k]! * pull[k]!;
    }
    return elbo;
  }

  /** E[log θ] of Gamma(shape, rate): for the rare joint shift in `phi`. */
  private static eLogOf(shape: number, rate: number): number {
    digammaLgamma(shape);
    return special.digamma - Math.log(rate);
  }

  /**
   * The φ pass over rows [r0, r1) as thread t: x's Σ r φ (its own rows), β's into thread t's
   * accumulator, and the rest of the ELBO (returned): the data part
   * Σ r·(log Σ_k exp(E log b + E log x + E log β)), the rows' b Gamma terms (under the current d_a),
   * and −Σ_pairs E[b]·E[x]ᵀB_a when `pairTerm` (the first iteration; afterwards `artists` has it).
   */
  phi(r0: number, r1: number, t: number, pairTerm: boolean): number {
    const s = this.s;
    const { K, indptr, indices, data, xExp, bExp, xMax, bMax, xAcc, Ex } = s;
    const w = 1 / s.params.temperature;
    const logits = this.logits;
    // Zero: the artists' pass cleared every accumulator it read.
    const bAcc = s.bAcc.subarray(t * s.tracks * K, (t + 1) * s.tracks * K);
    const c = s.params.budgetShape;
    let elbo = 0;
    for (let u = r0; u < r1; u++) {
      const xo = u * K;
      xAcc.fill(0, xo, xo + K);
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const so = indices[e]! * K;
        const r = w * data[e]!;
        let sum = 0;
        for (let k = 0; k < K; k++) sum += logits[k] = xExp[xo + k]! * bExp[so + k]!;
        let logSum: number;
        if (sum > 1e-250) {
          logSum = xMax[u]! + bMax[indices[e]!]! + Math.log(sum);
        } else {
          // The two maxima sit on different k and every product underflowed: shift jointly.
          let max = -Infinity;
          for (let k = 0; k < K; k++) {
            const l =
              BudgetPasses.eLogOf(s.xShape[xo + k]!, s.xRate[xo + k]!) +
              BudgetPasses.eLogOf(s.betaShape[so + k]!, s.betaRate[so + k]!);
            logits[k] = l;
            if (l > max) max = l;
          }
          sum = 0;
          for (let k = 0; k < K; k++) sum += logits[k] = Math.exp(logits[k]! - max);
          logSum = max + Math.log(sum);
        }
        elbo += r * (logSum + s.Elbud[s.pairOfEntry[e]!]!);
        const scale = r / sum;
        for (let k = 0; k < K; k++) {
          const share = scale * logits[k]!;
          xAcc[xo + k]! += share;
          bAcc[so + k]! += share;
        }
      }
      for (let q = s.pairPtr[u]!; q < s.pairPtr[u + 1]!; q++) {
        const shape = s.bShape[q]!;
        const logRate = Math.log(s.bRate[q]!);
        const d = s.artistRate[s.pairArtist[q]!]!;
        const prior = c * Math.log(d) - this.lgammaBudgetShape;
        elbo += gammaElboTerm(c, d, prior, shape, logRate, s.Ebud[q]!, s.Elbud[q]!, s.bLgamma[q]!);
        if (!pairTerm) continue;
        const ao = s.pairArtist[q]! * K;
        let dot = 0;
        for (let k = 0; k < K; k++) dot += Ex[xo + k]! * s.artistSum[ao + k]!;
        elbo -= s.Ebud[q]! * dot;
      }
    }
    return elbo;
  }

  /** Empirical Bayes for d_a (artistBias): d_a = c·n_a / Σ_u E[b_ua]. Over all pairs, one thread. */
  artistRates(): void {
    const s = this.s;
    const n = new Float64Array(s.artists);
    const total = new Float64Array(s.artists);
    for (let q = 0; q < s.pairs; q++) {
      n[s.pairArtist[q]!]!++;
      total[s.pairArtist[q]!]! += s.Ebud[q]!;
    }
    for (let a = 0; a < s.artists; a++)
      if (n[a]! > 0) s.artistRate[a] = (s.params.budgetShape * n[a]!) / total[a]!;
  }
}
