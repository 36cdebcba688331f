/**
 * Exact per-row solves against fixed item factors, for the two places where one row matters more
 * than speed: fold-in (a listener's vector from their plays, without retraining) and explanations.
 * Hu, Koren & Volinsky 2008, §4 eq. 4 for the solve and §5 for the explanation.
 */
import { denseDots } from './wasm/gru-kernel';
import { ROW_GRAM_MIN, rowGram } from './wasm/row-gram';

/**
 * A = YᵀY + λI + Σ_j (c_j − 1) y_j y_jᵀ and b = Σ_j c_j y_j over the row's items j, with `gram`
 * = YᵀY + λI precomputed once per model (the expensive part that does not depend on the row).
 */
export function rowSystem(
  Y: Float32Array,
  k: number,
  gram: Float64Array,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
): { A: Float64Array; b: Float64Array } {
  const A = Float64Array.from(gram);
  const b = new Float64Array(k);
  const n = items.length;
  for (let q = 0; q < n; q++) {
    const off = items[q]! * k;
    const c = 1 + weights[q]!;
    for (let a = 0; a < k; a++) b[a]! += c * Y[off + a]!;
  }
  // A long history (non-negative weights, as plays give): Σ w y yᵀ in the WebAssembly kernel.
  const sum =
    n >= ROW_GRAM_MIN && Array.prototype.every.call(weights, (w: number) => w >= 0)
      ? rowGram(Y, k, items, weights)
      : null;
  if (sum) {
    for (let i = 0; i < k * k; i++) A[i]! += sum[i]!;
    return { A, b };
  }
  // Four items per pass over A's upper triangle: four multiply-adds per read-modify-write.
  let q = 0;
  for (; q + 3 < n; q += 4) {
    const [o0, o1, o2, o3] = [
      items[q]! * k,
      items[q + 1]! * k,
      items[q + 2]! * k,
      items[q + 3]! * k,
    ];
    const [w0, w1, w2, w3] = [weights[q]!, weights[q + 1]!, weights[q + 2]!, weights[q + 3]!];
    for (let a = 0; a < k; a++) {
      const y0 = w0 * Y[o0 + a]!;
      const y1 = w1 * Y[o1 + a]!;
      const y2 = w2 * Y[o2 + a]!;
      const y3 = w3 * Y[o3 + a]!;
      const rowBase = a * k;
      for (let c = a; c < k; c++) {
        A[rowBase + c]! += y0 * Y[o0 + c]! + y1 * Y[o1 + c]! + y2 * Y[o2 + c]! + y3 * Y[o3 + c]!;
      }
    }
  }
  for (; q < n; q++) {
    const off = items[q]! * k;
    const w = weights[q]!;
    for (let a = 0; a < k; a++) {
      const wya = w * Y[off + a]!;
      const rowBase = a * k;
      for (let c = a; c < k; c++) A[rowBase + c]! += wya * Y[off + c]!;
    }
  }
  // Only the upper triangle of the rank-one updates was accumulated; mirror it.
  for (let a = 0; a < k; a++) {
    for (let c = a + 1; c < k; c++) A[c * k + a] = A[a * k + c]!;
  }
  return { A, b };
}

/** In-place Cholesky A = L Lᵀ (L in the lower triangle). A is symmetric positive definite (λ > 0). */
export function cholesky(A: Float64Array, k: number): Float64Array {
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j]!;
    for (let m = 0; m < j; m++) d -= A[j * k + m]! * A[j * k + m]!;
    if (!(d > 0)) throw new Error('cholesky: matrix is not positive definite; is lambda > 0?');
    const ljj = Math.sqrt(d);
    A[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j]!;
      for (let m = 0; m < j; m++) s -= A[i * k + m]! * A[j * k + m]!;
      A[i * k + j] = s / ljj;
    }
  }
  return A;
}

/** Solves L Lᵀ x = b given the factor from `cholesky`. */
export function choleskySolve(L: Float64Array, k: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= L[i * k + m]! * y[m]!;
    y[i] = s / L[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let m = i + 1; m < k; m++) s -= L[m * k + i]! * y[m]!;
    y[i] = s / L[i * k + i]!;
  }
  return y;
}

/**
 * A row's system factored once (L Lᵀ = YᵀCᵘY + λI) with its vector: fold-in and any number of
 * explanations (`explainFactored`) then share the one O(n·k²) build, the expensive part.
 */
export interface FactoredRow {
  L: Float64Array;
  vector: Float32Array;
}

export function factorRow(
  Y: Float32Array,
  k: number,
  gram: Float64Array,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
): FactoredRow {
  const { A, b } = rowSystem(Y, k, gram, items, weights);
  const L = cholesky(A, k);
  return { L, vector: Float32Array.from(choleskySolve(L, k, b)) };
}

/** x_u = (YᵀCᵘY + λI)⁻¹ YᵀCᵘ p(u): the row vector for these items and confidence weights. */
export function solveRowExactly(
  Y: Float32Array,
  k: number,
  gram: Float64Array,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
): Float32Array {
  return factorRow(Y, k, gram, items, weights).vector;
}

/**
 * Hu et al. §5: with W_u = (YᵀCᵘY + λI)⁻¹, the score is ŷ_ui = Σ_j s_ij c_uj with
 * s_ij = y_iᵀ W_u y_j, so item j of the row's past contributes s_ij c_uj. One solve v = W_u y_i
 * then gives every contribution as c_uj (v · y_j).
 */
export function explainExactly(
  Y: Float32Array,
  k: number,
  gram: Float64Array,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  item: number,
): { score: number; contributions: Float64Array } {
  return explainFactored(factorRow(Y, k, gram, items, weights).L, Y, k, items, weights, item);
}

/** `explainExactly` against a row already factored by `factorRow` (same items and weights). */
export function explainFactored(
  L: Float64Array,
  Y: Float32Array,
  k: number,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  item: number,
): { score: number; contributions: Float64Array } {
  const v = choleskySolve(L, k, Y.subarray(item * k, item * k + k));
  const contributions = new Float64Array(items.length);
  let score = 0;
  for (let q = 0; q < items.length; q++) {
    const off = items[q]! * k;
    let s = 0;
    for (let f = 0; f < k; f++) s += v[f]! * Y[off + f]!;
    contributions[q] = (1 + weights[q]!) * s;
    score += contributions[q]!;
  }
  return { score, contributions };
}

/** items × targets from which `explainChunk` computes in the WebAssembly kernel. */
export const KERNEL_DOTS = 200_000;

/**
 * `explainFactored` for several items at once: one pass over the row's items, each past item's
 * factors read once for all of them (the pass is bound by those scattered reads).
 */
export function explainChunk(
  L: Float64Array,
  Y: Float32Array,
  k: number,
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  targets: readonly number[],
): { scores: Float64Array; contributions: Float64Array[] } {
  const m = targets.length;
  const V = new Float64Array(m * k);
  targets.forEach((t, i) => V.set(choleskySolve(L, k, Y.subarray(t * k, t * k + k)), i * k));
  const contributions = targets.map(() => new Float64Array(items.length));
  const scores = new Float64Array(m);
  // A long history: the products in the WebAssembly kernel (float32 products, summed in float64).
  const dots =
    items.length * m >= KERNEL_DOTS ? denseDots(Float32Array.from(V), m, Y, items, k) : null;
  if (dots) {
    const n = items.length;
    for (let i = 0; i < m; i++) {
      const out = contributions[i]!;
      let sum = 0;
      for (let q = 0; q < n; q++) sum += out[q] = (1 + weights[q]!) * dots[i * n + q]!;
      scores[i] = sum;
    }
    return { scores, contributions };
  }
  for (let q = 0; q < items.length; q++) {
    const off = items[q]! * k;
    const c = 1 + weights[q]!;
    for (let i = 0; i < m; i++) {
      const vo = i * k;
      let s = 0;
      for (let f = 0; f < k; f++) s += V[vo + f]! * Y[off + f]!;
      contributions[i]![q] = c * s;
      scores[i]! += c * s;
    }
  }
  return { scores, contributions };
}
