/**
 * Multi-persona implicit factorisation. Row u has P persona vectors x_u¹…x_uᴾ; the preference for
 * item i is max_p x_uᵖ·y_i. Each observed (u, i) belongs to one persona (hard) or is shared by
 * responsibilities w_uip (soft). The objective, in iALS form (Hu, Koren & Volinsky 2008, eq. 3) per
 * persona, is
 *   Σ_u Σ_p [ Σ_{i∈O_u} w_uip c_ui (1 − x_uᵖ·y_i)² + Σ_{i∉O_u} (x_uᵖ·y_i)² ] + λ(‖X‖² + ‖Y‖²)
 * — a persona answers for its own items and must score unplayed items low, and is not asked about
 * items that belong to another persona. Training alternates three exact steps:
 *  0. seed (once, after `warmup` plain-iALS iterations with every item on persona 0): cluster each
 *     row's items in item-factor space (seed-personas.ts) and start each persona on one cluster;
 *  1. assign: hard w puts (u, i) on the persona whose prediction is closest to the target 1
 *     (argmin_p (1 − s_p)², the argmax while scores stay ≤ 1), so the objective cannot rise;
 *     soft w_uip = softmax_p(s_p / τ);
 *  2. personas: (YᵀY + λI + Σ_{i∈O_u} (w_uip c_ui − 1) y_i y_iᵀ) x_uᵖ = Σ_{i∈O_u} w_uip c_ui y_i;
 *  3. items:    (XᵀX + λI + Σ_{u∈O_i} Σ_p (w_uip c_ui − 1) x_uᵖ x_uᵖᵀ) y_i = Σ_{u∈O_i} Σ_p w_uip c_ui x_uᵖ.
 * With P = 1 this is exactly iALS.
 */
import { cholesky, choleskySolve, rowSystem } from '../als-exact';
import { confidenceWeight } from '../als-fit';
import { mulberry32 } from '../random';
import { throwIfAborted } from '../recommender';
import type { Csr } from '../sparse';
import { clusterItems } from './seed-personas';
import { ROW_GRAM_MIN, rowGram } from '../wasm/row-gram';
import { fitPersonasCg, type PersonaFitOptions } from './fit-cg';

export interface PersonaParams {
  personas: number;
  factors: number;
  alpha: number;
  eps: number;
  lambda: number;
  iterations: number;
  seed: number;
  /** 'hard' assignment, or 'soft' responsibilities with `temperature`. */
  assignment: 'hard' | 'soft';
  temperature: number;
  /** Plain-iALS iterations before the personas are seeded by clustering. */
  warmup: number;
}

export const defaultPersonaParams: PersonaParams = {
  personas: 3,
  factors: 32,
  alpha: 1,
  eps: 1,
  lambda: 0.1,
  iterations: 15,
  seed: 42,
  assignment: 'hard',
  temperature: 0.1,
  warmup: 4,
};

export interface PersonaState {
  /** rows × personas × factors. */
  X: Float32Array;
  /** items × factors. */
  Y: Float32Array;
  /** Per non-zero (CSR order) × persona: the responsibilities. */
  W: Float32Array;
  loss: number[];
}

/** G = VᵀV + λI over `count` vectors of length k. */
export function gramOf(V: Float32Array, count: number, k: number, lambda: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let v = 0; v < count; v++) {
    const off = v * k;
    for (let a = 0; a < k; a++) {
      const va = V[off + a]!;
      for (let b = a; b < k; b++) G[a * k + b]! += va * V[off + b]!;
    }
  }
  for (let a = 0; a < k; a++) {
    G[a * k + a]! += lambda;
    for (let b = a + 1; b < k; b++) G[b * k + a] = G[a * k + b]!;
  }
  return G;
}

function dot(A: Float32Array, a: number, B: Float32Array, b: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += A[a + f]! * B[b + f]!;
  return s;
}

/** Step 1 for one row: responsibilities of its items over the personas. */
export function assignRow(
  X: Float32Array,
  Y: Float32Array,
  row: number,
  items: ArrayLike<number>,
  p: Pick<PersonaParams, 'personas' | 'factors' | 'assignment' | 'temperature'>,
  out: Float32Array,
  outOffset: number,
): void {
  const { personas: P, factors: k } = p;
  const scores = new Float64Array(P);
  for (let q = 0; q < items.length; q++) {
    const base = outOffset + q * P;
    for (let s = 0; s < P; s++) scores[s] = dot(X, (row * P + s) * k, Y, items[q]! * k, k);
    if (p.assignment === 'hard') {
      let best = 0;
      for (let s = 1; s < P; s++) if ((1 - scores[s]!) ** 2 < (1 - scores[best]!) ** 2) best = s;
      for (let s = 0; s < P; s++) out[base + s] = s === best ? 1 : 0;
    } else {
      let max = -Infinity;
      for (let s = 0; s < P; s++) max = Math.max(max, scores[s]! / p.temperature);
      let sum = 0;
      for (let s = 0; s < P; s++) sum += out[base + s] = Math.exp(scores[s]! / p.temperature - max);
      for (let s = 0; s < P; s++) out[base + s]! /= sum;
    }
  }
}

/** Step 2 for one row: every persona's weighted least squares against fixed Y. */
export function solvePersonas(
  Y: Float32Array,
  gramY: Float64Array,
  items: ArrayLike<number>,
  confidence: ArrayLike<number>,
  W: Float32Array,
  wOffset: number,
  P: number,
  k: number,
  out: Float32Array,
  outOffset: number,
): void {
  const weights = new Float64Array(items.length);
  for (let s = 0; s < P; s++) {
    for (let q = 0; q < items.length; q++)
      weights[q] = W[wOffset + q * P + s]! * confidence[q]! - 1;
    const { A, b } = rowSystem(Y, k, gramY, items, weights);
    out.set(choleskySolve(cholesky(A, k), k, b), outOffset + s * k);
  }
}

/**
 * Step 2 for one row under hard assignment, every persona at once: with S = Σ_items y yᵀ over the
 * row's items, persona p's system is (YᵀY + λI − S) + Σ_{items p owns} c·y yᵀ (an item another
 * persona owns has confidence 0 there: weight −1 cancels its part of YᵀY), so one pass over the
 * items builds all P systems, instead of one pass per persona (`solvePersonas`). `base` is
 * YᵀY + λI − S, which fold-in keeps across its iterations.
 */
export function solveOwnedPersonas(
  Y: Float32Array,
  base: Float64Array,
  items: ArrayLike<number>,
  confidence: ArrayLike<number>,
  owner: Int32Array,
  P: number,
  k: number,
  out: Float32Array,
): void {
  const { A, b } = ownedSystems(Y, base, items, confidence, owner, P, k);
  solveSystems(A, b, k, out);
}

/** out_p = A_p⁻¹ b_p for every persona, A_p left as it is (callers may keep updating it). */
export function solveSystems(
  A: readonly Float64Array[],
  b: readonly Float64Array[],
  k: number,
  out: Float32Array,
): void {
  A.forEach((Ap, p) => out.set(choleskySolve(cholesky(Float64Array.from(Ap), k), k, b[p]!), p * k));
}

/** The P systems `solveOwnedPersonas` solves: A_p (full, symmetric) and b_p per persona. */
export function ownedSystems(
  Y: Float32Array,
  base: Float64Array,
  items: ArrayLike<number>,
  confidence: ArrayLike<number>,
  owner: Int32Array,
  P: number,
  k: number,
): { A: Float64Array[]; b: Float64Array[] } {
  const A = Array.from({ length: P }, () => Float64Array.from(base));
  const b = Array.from({ length: P }, () => new Float64Array(k));
  if (items.length >= ROW_GRAM_MIN && ownedGrams(Y, items, confidence, owner, P, k, A, b)) {
    return { A, b };
  }
  for (let q = 0; q < items.length; q++) {
    const off = items[q]! * k;
    const c = confidence[q]!;
    const Ap = A[owner[q]!]!;
    const bp = b[owner[q]!]!;
    for (let a = 0; a < k; a++) {
      const cya = c * Y[off + a]!;
      bp[a]! += cya;
      const row = a * k;
      for (let j = a; j < k; j++) Ap[row + j]! += cya * Y[off + j]!;
    }
  }
  for (let p = 0; p < P; p++) {
    const Ap = A[p]!;
    for (let a = 0; a < k; a++) for (let j = a + 1; j < k; j++) Ap[j * k + a] = Ap[a * k + j]!;
  }
  return { A, b };
}

/**
 * A long history's persona systems (`solveOwnedPersonas`) with each persona's Σ c y yᵀ in the
 * kernel (`rowGram`); false where the kernel is not available.
 */
function ownedGrams(
  Y: Float32Array,
  items: ArrayLike<number>,
  confidence: ArrayLike<number>,
  owner: Int32Array,
  P: number,
  k: number,
  A: Float64Array[],
  b: Float64Array[],
): boolean {
  const sums: (Float64Array | null)[] = [];
  const rhs: Float64Array[] = [];
  for (let p = 0; p < P; p++) {
    const mine: number[] = [];
    const c: number[] = [];
    const bp = new Float64Array(k);
    for (let q = 0; q < items.length; q++) {
      if (owner[q] !== p) continue;
      mine.push(items[q]!);
      c.push(confidence[q]!);
      const off = items[q]! * k;
      for (let a = 0; a < k; a++) bp[a]! += confidence[q]! * Y[off + a]!;
    }
    const sum = mine.length === 0 ? new Float64Array(k * k) : rowGram(Y, k, mine, c);
    if (!sum) return false; // nothing written yet: the caller's loop runs instead
    sums.push(sum);
    rhs.push(bp);
  }
  for (let p = 0; p < P; p++) {
    for (let i = 0; i < k * k; i++) A[p]![i]! += sums[p]![i]!;
    b[p]!.set(rhs[p]!);
  }
  return true;
}

/** YᵀY + λI − Σ_items y yᵀ over `items`: the part of every persona's system no owner changes. */
export function gramWithout(
  Y: Float32Array,
  gram: Float64Array,
  items: ArrayLike<number>,
  k: number,
): Float64Array {
  const sum = items.length >= ROW_GRAM_MIN ? rowGram(Y, k, items) : null;
  if (sum) return Float64Array.from(gram, (g, i) => g - sum[i]!);
  const base = Float64Array.from(gram);
  for (let q = 0; q < items.length; q++) {
    const off = items[q]! * k;
    for (let a = 0; a < k; a++) {
      const ya = Y[off + a]!;
      const row = a * k;
      for (let j = a; j < k; j++) base[row + j]! -= ya * Y[off + j]!;
    }
  }
  for (let a = 0; a < k; a++) for (let j = a + 1; j < k; j++) base[j * k + a] = base[a * k + j]!;
  return base;
}

/**
 * Fits the factorisation. Hard assignment runs by default as iALS on an expanded matrix in the ALS
 * kernel (fit-cg.ts); soft assignment, or `solver: 'exact'`, runs the exact steps below.
 */
export async function fitPersonas(
  matrix: Csr,
  p: PersonaParams,
  options: PersonaFitOptions = {},
): Promise<PersonaState> {
  if (p.assignment === 'hard' && (options.solver ?? 'cg') === 'cg') {
    return fitPersonasCg(matrix, p, options);
  }
  const { rows, cols, indptr, indices, data } = matrix;
  const { personas: P, factors: k } = p;
  const random = mulberry32(p.seed);
  const X = Float32Array.from({ length: rows * P * k }, () => (random() - 0.5) * 0.2);
  const Y = Float32Array.from({ length: cols * k }, () => (random() - 0.5) * 0.2);
  const W = new Float32Array(indices.length * P);
  const C = Float32Array.from(data, (r) => 1 + confidenceWeight(r, { ...p, confidence: 'log' }));
  // Column view with the CSR position of each entry, for the item step.
  const colPtr = new Int32Array(cols + 1);
  for (let e = 0; e < indices.length; e++) colPtr[indices[e]! + 1]!++;
  for (let i = 0; i < cols; i++) colPtr[i + 1]! += colPtr[i]!;
  const colRow = new Int32Array(indices.length);
  const colEntry = new Int32Array(indices.length);
  const fill = colPtr.slice(0, cols);
  for (let u = 0; u < rows; u++) {
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const slot = fill[indices[e]!]!++;
      colRow[slot] = u;
      colEntry[slot] = e;
    }
  }
  const loss: number[] = [];
  const started = performance.now();
  for (let it = 0; it < p.iterations; it++) {
    throwIfAborted(options.signal);
    for (let u = 0; u < rows; u++) {
      const items = indices.subarray(indptr[u]!, indptr[u + 1]!);
      if (it < p.warmup || it === p.warmup) {
        // Warm-up: persona 0 owns everything (plain iALS); then seed from each row's clusters.
        const label =
          it < p.warmup
            ? new Int32Array(items.length)
            : clusterItems(Y, k, items, C.subarray(indptr[u]!, indptr[u + 1]!), P);
        for (let q = 0; q < items.length; q++) {
          for (let s = 0; s < P; s++) W[(indptr[u]! + q) * P + s] = s === label[q] ? 1 : 0;
        }
      } else {
        assignRow(X, Y, u, items, p, W, indptr[u]! * P);
      }
    }
    const gramY = gramOf(Y, cols, k, p.lambda);
    for (let u = 0; u < rows; u++) {
      const items = indices.subarray(indptr[u]!, indptr[u + 1]!);
      solvePersonas(
        Y,
        gramY,
        items,
        C.subarray(indptr[u]!, indptr[u + 1]!),
        W,
        indptr[u]! * P,
        P,
        k,
        X,
        u * P * k,
      );
    }
    const gramX = gramOf(X, rows * P, k, p.lambda);
    for (let i = 0; i < cols; i++) {
      const n = colPtr[i + 1]! - colPtr[i]!;
      const vectors = new Int32Array(n * P);
      const weights = new Float64Array(n * P);
      for (let q = 0; q < n; q++) {
        const u = colRow[colPtr[i]! + q]!;
        const e = colEntry[colPtr[i]! + q]!;
        for (let s = 0; s < P; s++) {
          vectors[q * P + s] = u * P + s;
          weights[q * P + s] = W[e * P + s]! * C[e]! - 1;
        }
      }
      const { A, b } = rowSystem(X, k, gramX, vectors, weights);
      Y.set(choleskySolve(cholesky(A, k), k, b), i * k);
    }
    loss.push(personaLoss(matrix, X, Y, W, C, p));
    options.onProgress?.({
      iteration: it + 1,
      iterations: p.iterations,
      loss: loss.at(-1)!,
      seconds: (performance.now() - started) / 1000,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { X, Y, W, loss };
}

/** The objective above, evaluated in O(rows·P·k² + nnz·P·k) with the YᵀY trick. */
export function personaLoss(
  matrix: Csr,
  X: Float32Array,
  Y: Float32Array,
  W: Float32Array,
  C: Float32Array,
  p: PersonaParams,
): number {
  const { rows, cols, indptr, indices } = matrix;
  const { personas: P, factors: k } = p;
  const gramY = gramOf(Y, cols, k, 0);
  let loss = 0;
  for (let u = 0; u < rows; u++) {
    for (let s = 0; s < P; s++) {
      const off = (u * P + s) * k;
      // Σ over every item of (x·y_i)² = xᵀ(YᵀY)x; the observed items are corrected below.
      for (let a = 0; a < k; a++) {
        let row = 0;
        for (let b = 0; b < k; b++) row += gramY[a * k + b]! * X[off + b]!;
        loss += X[off + a]! * row;
      }
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const score = dot(X, off, Y, indices[e]! * k, k);
        loss += W[e * P + s]! * C[e]! * (1 - score) ** 2 - score * score;
      }
    }
  }
  let norms = 0;
  for (const v of X) norms += v * v;
  for (const v of Y) norms += v * v;
  return loss + p.lambda * norms;
}
