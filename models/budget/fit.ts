/**
 * Coordinate-ascent variational inference for the artist-budget model.
 *
 * Story (per row u — a listener or a session — and track s of artist a = a(s)):
 *   x_uk ~ Gamma(a₀, ξ),  β_sk ~ Gamma(a₁, η),  b_ua ~ Gamma(c, d_a)
 *   r_us ~ Poisson(b_ua · Σ_k x_uk β_sk)      for every track s of an artist the row has played
 * Conditioned on r_ua = Σ_{s∈a} r_us the budget b_ua cancels and (r_us)_{s∈a} is
 * Multinomial(r_ua, θ_us / Σ_{s'∈a} θ_us') with θ_us = x_uᵀβ_s — the story we want; the Poisson form
 * makes every update conjugate (as in hierarchical Poisson factorisation, Gopalan, Hofman & Blei 2015,
 * with an extra Gamma budget per (row, artist)). With the auxiliary split r_us = Σ_k z_usk,
 * z_usk ~ Poisson(b_ua x_uk β_sk), the optimal q(z_us·) is Multinomial(r_us, φ_us) with
 *   φ_usk ∝ exp(E[log x_uk] + E[log β_sk])                       (b_ua is common to all k and cancels)
 * and the Gamma updates are
 *   q(x_uk) = Gamma(a₀ + Σ_s r_us φ_usk,  ξ + Σ_{a: r_ua>0} E[b_ua] Σ_{s∈a} E[β_sk])
 *   q(b_ua) = Gamma(c + r_ua,            d_a + Σ_k E[x_uk] Σ_{s∈a} E[β_sk])
 *   q(β_sk) = Gamma(a₁ + Σ_u r_us φ_usk,  η + Σ_{u: r_ua>0} E[b_ua] E[x_uk])
 * Every pass costs O(nnz·K + pairs·K + tracks·K). The ELBO is reported per iteration and, by
 * construction of coordinate ascent, never decreases.
 *
 * Temperature T scales every count by 1/T (a tempered likelihood): T > 1 flattens what the model
 * reads from heavy repeats, T < 1 sharpens it. `artistBias` fits a per-artist budget rate d_a by
 * empirical Bayes (d_a = c·n_a / Σ_u E[b_ua]) so artists differ in how many plays a listener gives them.
 */
import type { Csr } from '../sparse';
import { mulberry32 } from '../random';
import { throwIfAborted, type FitOptions } from '../recommender';
import { digamma, gammaElboTermKnown, lgamma } from './special';
import type { ArtistPairs } from './structure';

export interface BudgetParams {
  factors: number;
  iterations: number;
  seed: number;
  /** Prior shape and rate of the row preferences x. */
  xShape: number;
  xRate: number;
  /** Prior shape and rate of the track factors β. */
  betaShape: number;
  betaRate: number;
  /** Prior shape and rate of the budgets b. */
  budgetShape: number;
  budgetRate: number;
  /** Counts are divided by this (1 = the plain model). */
  temperature: number;
  /** Fit a per-artist budget rate by empirical Bayes. */
  artistBias: boolean;
  /** Stop when the ELBO's relative improvement falls below this. */
  tolerance: number;
}

export const defaultBudgetParams: BudgetParams = {
  factors: 16,
  iterations: 60,
  seed: 1,
  xShape: 0.3,
  xRate: 0.3,
  betaShape: 0.3,
  betaRate: 0.3,
  budgetShape: 1,
  budgetRate: 0.1,
  temperature: 1,
  artistBias: false,
  tolerance: 1e-5,
};

/** Variational parameters: shape and rate of every Gamma factor. */
export interface BudgetState {
  xShape: Float64Array;
  xRate: Float64Array;
  betaShape: Float64Array;
  betaRate: Float64Array;
  bShape: Float64Array;
  bRate: Float64Array;
  /** Per-artist prior rate of the budgets (all equal unless artistBias). */
  artistRate: Float64Array;
  elbo: number[];
}

function initState(
  rows: number,
  tracks: number,
  pairs: number,
  artists: number,
  p: BudgetParams,
): BudgetState {
  const random = mulberry32(p.seed);
  const K = p.factors;
  const jitter = (n: number, base: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = base * (1 + 0.1 * (random() - 0.5)) + 0.01 * random();
    return out;
  };
  return {
    xShape: jitter(rows * K, p.xShape),
    xRate: jitter(rows * K, p.xRate),
    betaShape: jitter(tracks * K, p.betaShape),
    betaRate: jitter(tracks * K, p.betaRate),
    bShape: new Float64Array(pairs).fill(p.budgetShape),
    bRate: new Float64Array(pairs).fill(p.budgetRate),
    artistRate: new Float64Array(artists).fill(p.budgetRate),
    elbo: [],
  };
}

function expectations(
  shape: Float64Array,
  rate: Float64Array,
  mean: Float64Array,
  logMean: Float64Array | null,
): void {
  for (let i = 0; i < shape.length; i++) {
    mean[i] = shape[i]! / rate[i]!;
    if (logMean) logMean[i] = digamma(shape[i]!) - Math.log(rate[i]!);
  }
}

/** Σ_i gammaElboTermKnown over one family of Gamma variables sharing a prior. */
function gammaElboSum(
  a: number,
  b: number,
  priorConst: number,
  shape: Float64Array,
  rate: Float64Array,
  mean: Float64Array,
  eLog: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < shape.length; i++)
    sum += gammaElboTermKnown(a, b, priorConst, shape[i]!, rate[i]!, mean[i]!, eLog[i]!);
  return sum;
}

/** out[i·K + k] = exp(v[i·K + k] − max_k v[i·K + k]), max[i] = that maximum. */
function shiftedExp(
  v: Float64Array,
  n: number,
  K: number,
  out: Float64Array,
  max: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (v[i * K + k]! > m) m = v[i * K + k]!;
    max[i] = m;
    for (let k = 0; k < K; k++) out[i * K + k] = Math.exp(v[i * K + k]! - m);
  }
}

export async function fitBudget(
  matrix: Csr,
  artistOf: Int32Array,
  pairs: ArtistPairs,
  p: BudgetParams,
  options: FitOptions = {},
): Promise<BudgetState> {
  const { rows, cols: tracks, indptr, indices, data } = matrix;
  const K = p.factors;
  const artists = pairs.artistPtr.length - 1;
  const P = pairs.pairArtist.length;
  const w = 1 / p.temperature;
  const st = initState(rows, tracks, P, artists, p);
  const Ex = new Float64Array(rows * K);
  const Elx = new Float64Array(rows * K);
  const Eb = new Float64Array(tracks * K);
  const Elb = new Float64Array(tracks * K);
  const Ebud = new Float64Array(P);
  const Elbud = new Float64Array(P);
  const xAcc = new Float64Array(rows * K);
  const bAcc = new Float64Array(tracks * K);
  const artistSum = new Float64Array(artists * K); // B_ak = Σ_{s∈a} E[β_sk]
  const artistPull = new Float64Array(artists * K); // X_ak = Σ_{u: r_ua>0} E[b_ua] E[x_uk]
  const logits = new Float64Array(K);
  const started = performance.now();

  const sumArtistFactors = () => {
    artistSum.fill(0);
    for (let s = 0; s < tracks; s++) {
      const a = artistOf[s]!;
      for (let k = 0; k < K; k++) artistSum[a * K + k]! += Eb[s * K + k]!;
    }
  };

  // exp(E log x_uk − max_k) per row and exp(E log β_sk − max_k) per track: the φ pass multiplies
  // them instead of taking K exponentials per non-zero ((rows + tracks)·K exps, not nnz·K).
  const xExp = new Float64Array(rows * K);
  const xMax = new Float64Array(rows);
  const bExp = new Float64Array(tracks * K);
  const bMax = new Float64Array(tracks);
  // Σ log Γ(r + 1) over the non-zeros does not change between iterations.
  let logFactorials = 0;
  for (let e = 0; e < data.length; e++) logFactorials += lgamma(w * data[e]! + 1);
  const priorConst = (a: number, b: number) => a * Math.log(b) - lgamma(a);
  const xPrior = priorConst(p.xShape, p.xRate);
  const betaPrior = priorConst(p.betaShape, p.betaRate);
  const lgammaBudget = lgamma(p.budgetShape);

  for (let it = 0; it <= p.iterations; it++) {
    throwIfAborted(options.signal);
    expectations(st.xShape, st.xRate, Ex, Elx);
    expectations(st.betaShape, st.betaRate, Eb, Elb);
    expectations(st.bShape, st.bRate, Ebud, Elbud);
    sumArtistFactors();
    shiftedExp(Elx, rows, K, xExp, xMax);
    shiftedExp(Elb, tracks, K, bExp, bMax);

    // φ pass: accumulate Σ r φ for x and β, and the data part of the ELBO,
    // Σ_us r_us·log Σ_k exp(E log b_ua + E log x_uk + E log β_sk) − log Γ(r_us + 1).
    xAcc.fill(0);
    bAcc.fill(0);
    let elbo = -logFactorials;
    for (let u = 0; u < rows; u++) {
      const pairBase = pairs.pairPtr[u]!;
      const xo = u * K;
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const s = indices[e]!;
        const so = s * K;
        const r = w * data[e]!;
        let sum = 0;
        for (let k = 0; k < K; k++) sum += logits[k] = xExp[xo + k]! * bExp[so + k]!;
        let logSum: number;
        if (sum > 1e-250) {
          logSum = xMax[u]! + bMax[s]! + Math.log(sum);
        } else {
          // The two maxima sit on different k and every product underflowed: shift jointly.
          let max = -Infinity;
          for (let k = 0; k < K; k++) {
            const l = Elx[xo + k]! + Elb[so + k]!;
            logits[k] = l;
            if (l > max) max = l;
          }
          sum = 0;
          for (let k = 0; k < K; k++) sum += logits[k] = Math.exp(logits[k]! - max);
          logSum = max + Math.log(sum);
        }
        elbo += r * (logSum + Elbud[pairs.pairOfEntry[e]!]!);
        const scale = r / sum;
        for (let k = 0; k < K; k++) {
          const share = scale * logits[k]!;
          xAcc[xo + k]! += share;
          bAcc[so + k]! += share;
        }
      }
      // − Σ_{a: r_ua>0} E[b_ua] Σ_k E[x_uk] B_ak: the expected Poisson rates of the pair's tracks.
      for (let q = pairBase; q < pairs.pairPtr[u + 1]!; q++) {
        const a = pairs.pairArtist[q]!;
        let dot = 0;
        for (let k = 0; k < K; k++) dot += Ex[xo + k]! * artistSum[a * K + k]!;
        elbo -= Ebud[q]! * dot;
        const rate = st.artistRate[a]!;
        elbo += gammaElboTermKnown(
          p.budgetShape,
          rate,
          p.budgetShape * Math.log(rate) - lgammaBudget,
          st.bShape[q]!,
          st.bRate[q]!,
          Ebud[q]!,
          Elbud[q]!,
        );
      }
    }
    elbo += gammaElboSum(p.xShape, p.xRate, xPrior, st.xShape, st.xRate, Ex, Elx);
    elbo += gammaElboSum(p.betaShape, p.betaRate, betaPrior, st.betaShape, st.betaRate, Eb, Elb);
    st.elbo.push(elbo);
    const previous = st.elbo.at(-2);
    const converged =
      previous !== undefined && Math.abs(elbo - previous) <= p.tolerance * Math.abs(previous);
    if (it === p.iterations || converged) break;

    // q(x): shape a₀ + Σ_s r φ, rate ξ + Σ_pairs E[b] B_a.
    for (let u = 0; u < rows; u++) {
      for (let k = 0; k < K; k++) {
        let rate = p.xRate;
        for (let q = pairs.pairPtr[u]!; q < pairs.pairPtr[u + 1]!; q++) {
          rate += Ebud[q]! * artistSum[pairs.pairArtist[q]! * K + k]!;
        }
        st.xShape[u * K + k] = p.xShape + xAcc[u * K + k]!;
        st.xRate[u * K + k] = rate;
      }
    }
    expectations(st.xShape, st.xRate, Ex, null);

    // q(b): shape c + r_ua, rate d_a + E[x_u]ᵀB_a.
    for (let u = 0; u < rows; u++) {
      for (let q = pairs.pairPtr[u]!; q < pairs.pairPtr[u + 1]!; q++) {
        const a = pairs.pairArtist[q]!;
        let dot = 0;
        for (let k = 0; k < K; k++) dot += Ex[u * K + k]! * artistSum[a * K + k]!;
        st.bShape[q] = p.budgetShape + w * pairs.pairTotal[q]!;
        st.bRate[q] = st.artistRate[a]! + dot;
        Ebud[q] = st.bShape[q]! / st.bRate[q]!;
      }
    }
    if (p.artistBias) {
      // Empirical Bayes for d_a: maximise Σ_{u} E[log Gamma(b_ua; c, d_a)] ⇒ d_a = c·n_a / Σ_u E[b_ua].
      const n = new Float64Array(artists);
      const total = new Float64Array(artists);
      for (let q = 0; q < P; q++) {
        n[pairs.pairArtist[q]!]!++;
        total[pairs.pairArtist[q]!]! += Ebud[q]!;
      }
      for (let a = 0; a < artists; a++)
        if (n[a]! > 0) st.artistRate[a] = (p.budgetShape * n[a]!) / total[a]!;
    }

    // q(β): shape a₁ + Σ_u r φ, rate η + X_{a(s)} with X_ak = Σ_{u: r_ua>0} E[b_ua] E[x_uk].
    artistPull.fill(0);
    for (let u = 0; u < rows; u++) {
      for (let q = pairs.pairPtr[u]!; q < pairs.pairPtr[u + 1]!; q++) {
        const a = pairs.pairArtist[q]!;
        for (let k = 0; k < K; k++) artistPull[a * K + k]! += Ebud[q]! * Ex[u * K + k]!;
      }
    }
    for (let s = 0; s < tracks; s++) {
      const a = artistOf[s]!;
      for (let k = 0; k < K; k++) {
        st.betaShape[s * K + k] = p.betaShape + bAcc[s * K + k]!;
        st.betaRate[s * K + k] = p.betaRate + artistPull[a * K + k]!;
      }
    }

    options.onProgress?.({
      iteration: it + 1,
      iterations: p.iterations,
      loss: -elbo,
      seconds: (performance.now() - started) / 1000,
    });
    if (it % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 0)); // let cancellation in
  }
  return st;
}
