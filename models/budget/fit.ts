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
import { plainMemory, type Allocate, type Csr } from '../sparse';
import { mulberry32 } from '../random';
import { throwIfAborted, type FitOptions } from '../recommender';
import { budgetArrays, BudgetPasses, type BudgetArrays } from './passes';
import { lgamma } from './special';
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

/** Which pass a thread runs, on which ranges (passes.ts). */
export type BudgetCall =
  | { pass: 'rows'; rows: [number, number]; update: boolean }
  | { pass: 'artists'; chunks: [number, number][]; update: boolean }
  | { pass: 'phi'; chunks: [number, number][]; thread: number; pairTerm: boolean };

/** Runs one call on `passes`; the ELBO part it computed. */
export function runBudgetCall(passes: BudgetPasses, call: BudgetCall): number {
  switch (call.pass) {
    case 'rows':
      return passes.rows(call.rows[0], call.rows[1], call.update);
    case 'artists':
      return call.chunks.reduce((sum, [a0, a1]) => sum + passes.artists(a0, a1, call.update), 0);
    case 'phi':
      return call.chunks.reduce(
        (sum, [r0, r1]) => sum + passes.phi(r0, r1, call.thread, call.pairTerm),
        0,
      );
  }
}

/**
 * Where the passes run: here (`budgetHere`, one thread), or in worker threads sharing the arrays
 * (src-main/training/budget-threads.ts). `run` gives call t to thread t and resolves to their
 * results in thread order, so the sums are the same for a given number of threads.
 */
export interface BudgetRunner {
  threads: number;
  alloc: Allocate;
  begin(arrays: BudgetArrays): Promise<void>;
  run(calls: BudgetCall[]): Promise<number[]>;
}

export function budgetHere(): BudgetRunner {
  let passes: BudgetPasses | null = null;
  return {
    threads: 1,
    alloc: plainMemory,
    begin: (arrays) => {
      passes = new BudgetPasses(arrays);
      return Promise.resolve();
    },
    run: (calls) => Promise.resolve(calls.map((call) => runBudgetCall(passes!, call))),
  };
}

/** Artists or rows per chunk of the passes that deal their work out in chunks. */
const CHUNK = 64;

export interface BudgetFitOptions extends FitOptions {
  runner?: BudgetRunner;
}

/** `count` split into `parts` contiguous ranges of about equal `weight` (cumulative, length count + 1). */
function splitBy(cumulative: (i: number) => number, count: number, parts: number) {
  const total = cumulative(count);
  const ranges: [number, number][] = [];
  let start = 0;
  for (let t = 1; t <= parts; t++) {
    let end = start;
    const target = (total * t) / parts;
    while (end < count && cumulative(end + 1) <= target) end++;
    if (t === parts) end = count;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

export async function fitBudget(
  matrix: Csr,
  artistOf: Int32Array,
  pairs: ArtistPairs,
  p: BudgetParams,
  options: BudgetFitOptions = {},
): Promise<BudgetState> {
  const runner = options.runner ?? budgetHere();
  const T = runner.threads;
  const { rows, indptr } = matrix;
  const s = budgetArrays(matrix, artistOf, pairs, p, T, runner.alloc);
  // The start: jittered priors for x and β (the seed's stream), the prior rate for every budget.
  const random = mulberry32(p.seed);
  const jitter = (out: Float64Array, base: number) => {
    for (let i = 0; i < out.length; i++)
      out[i] = base * (1 + 0.1 * (random() - 0.5)) + 0.01 * random();
  };
  jitter(s.xShape, p.xShape);
  jitter(s.xRate, p.xRate);
  jitter(s.betaShape, p.betaShape);
  jitter(s.betaRate, p.betaRate);
  s.bRate.fill(p.budgetRate);
  s.artistRate.fill(p.budgetRate);
  const passes = new BudgetPasses(s);
  await runner.begin(s);

  const rowRanges = splitBy((u) => indptr[u]! + pairs.pairPtr[u]! + u, rows, T);
  // Artists in chunks dealt round-robin: a track's cost depends on its shapes (small ones take the
  // longer recurrence), and ids run from popular to obscure, so even ranges would not be even work.
  const dealt = (count: number) =>
    Array.from({ length: T }, (_, t) => {
      const mine: [number, number][] = [];
      for (let a = t * CHUNK; a < count; a += T * CHUNK) mine.push([a, Math.min(count, a + CHUNK)]);
      return mine;
    });
  const artistChunks = dealt(s.artists);
  // The φ pass likewise (a row's cost follows its tracks' popularity); any thread may take any
  // row there, as every pass ends before the next begins.
  const rowChunks = dealt(rows);
  const sum = (parts: number[]) => parts.reduce((a, b) => a + b, 0);
  const w = 1 / p.temperature;
  // Σ log Γ(r + 1) over the non-zeros does not change between iterations.
  let logFactorials = 0;
  for (let e = 0; e < matrix.data.length; e++) logFactorials += lgamma(w * matrix.data[e]! + 1);
  const elbo: number[] = [];
  const started = performance.now();

  // Iteration `it` first applies the updates that the last φ pass (and the last pulls) call for,
  // then takes its expectations and its ELBO: the state the ELBO belongs to is the one returned.
  for (let it = 0; it <= p.iterations; it++) {
    throwIfAborted(options.signal);
    const update = it > 0;
    let value = -logFactorials;
    value += sum(await runner.run(rowRanges.map((r) => ({ pass: 'rows', rows: r, update }))));
    // Empirical Bayes for d_a from the new E[b] (the next q(b) and this ELBO use it).
    if (update && p.artistBias) passes.artistRates();
    value += sum(
      await runner.run(artistChunks.map((chunks) => ({ pass: 'artists', chunks, update }))),
    );
    // The expected-rate term comes from the artists' pass, or, first, pair by pair.
    value += sum(
      await runner.run(
        rowChunks.map((chunks, t) => ({ pass: 'phi', chunks, thread: t, pairTerm: !update })),
      ),
    );
    elbo.push(value);
    if (update) {
      options.onProgress?.({
        iteration: it,
        iterations: p.iterations,
        loss: -value,
        seconds: (performance.now() - started) / 1000,
      });
    }
    const previous = elbo.at(-2);
    const converged =
      previous !== undefined && Math.abs(value - previous) <= p.tolerance * Math.abs(previous);
    if (it === p.iterations || converged) break;
    if (it % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 0)); // let cancellation in
  }
  return {
    xShape: s.xShape.slice(),
    xRate: s.xRate.slice(),
    betaShape: s.betaShape.slice(),
    betaRate: s.betaRate.slice(),
    bShape: s.bShape.slice(),
    bRate: s.bRate.slice(),
    artistRate: s.artistRate.slice(),
    elbo,
  };
}
