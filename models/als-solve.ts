/**
 * The iALS hot loops, over flat typed arrays so that a worker thread can run them on a row range of
 * SharedArrayBuffer-backed arrays. Notation of Hu, Koren & Volinsky, "Collaborative Filtering for
 * Implicit Feedback Datasets" (ICDM 2008), §4: solving row u given the fixed other side Y means
 *
 *   (YᵀY + Yᵀ(Cᵘ − I)Y + λI) x_u = YᵀCᵘ p(u)                                            (eq. 4)
 *
 * where p(u) is 1 on the row's observed items and Cᵘ − I is non-zero only there. `weights` holds
 * c_ui − 1 for the observed entries. Instead of inverting the k × k system per row, a few steps of
 * conjugate gradient are taken, warm-started from the previous x_u, exactly as implicit's
 * `_als_conjugate_gradient` (Takács, Pilászy & Tikk, RecSys 2011): the cost per row is
 * O(steps · (k² + nnz_u · k)) instead of O(k³ + nnz_u · k²).
 *
 * Dot products are unrolled by four with separate accumulators: V8 keeps them in registers and
 * the loop-carried dependency is four times shorter.
 */

/** Rows per gram chunk. Fixed, so the sum order (and the result) is the same for any thread count. */
export const GRAM_CHUNK = 8192;

export function gramChunkCount(rows: number): number {
  return Math.max(1, Math.ceil(rows / GRAM_CHUNK));
}

/**
 * Partial YᵀY (upper triangle) over chunks `[chunkStart, chunkEnd)` of Y's rows, chunk c written
 * to `partials[c·k² …]`. Σ_i y_i y_iᵀ restricted to the chunk's rows.
 */
export function gramChunks(
  Y: Float32Array,
  rows: number,
  k: number,
  chunkStart: number,
  chunkEnd: number,
  partials: Float64Array,
): void {
  const kk = k * k;
  for (let c = chunkStart; c < chunkEnd; c++) {
    const base = c * kk;
    partials.fill(0, base, base + kk);
    const end = Math.min(rows, (c + 1) * GRAM_CHUNK);
    let i = c * GRAM_CHUNK;
    // Four rows per pass: four multiply-adds per read-modify-write of the accumulator.
    for (; i + 3 < end; i += 4) {
      const o0 = i * k;
      const o1 = o0 + k;
      const o2 = o1 + k;
      const o3 = o2 + k;
      for (let a = 0; a < k; a++) {
        const y0 = Y[o0 + a]!;
        const y1 = Y[o1 + a]!;
        const y2 = Y[o2 + a]!;
        const y3 = Y[o3 + a]!;
        const rowBase = base + a * k;
        for (let b = a; b < k; b++) {
          partials[rowBase + b]! +=
            y0 * Y[o0 + b]! + y1 * Y[o1 + b]! + y2 * Y[o2 + b]! + y3 * Y[o3 + b]!;
        }
      }
    }
    for (; i < end; i++) {
      const off = i * k;
      for (let a = 0; a < k; a++) {
        const ya = Y[off + a]!;
        const rowBase = base + a * k;
        for (let b = a; b < k; b++) partials[rowBase + b]! += ya * Y[off + b]!;
      }
    }
  }
}

/** gram = Σ_chunks partial + λI, mirrored to a full symmetric k × k matrix. Chunk order is fixed. */
export function reduceGram(
  partials: Float64Array,
  chunks: number,
  k: number,
  lambda: number,
  gram: Float64Array,
): void {
  const kk = k * k;
  gram.fill(0);
  for (let c = 0; c < chunks; c++) {
    const base = c * kk;
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) gram[a * k + b]! += partials[base + a * k + b]!;
  }
  for (let a = 0; a < k; a++) {
    gram[a * k + a]! += lambda;
    for (let b = a + 1; b < k; b++) gram[b * k + a] = gram[a * k + b]!;
  }
}

/** Scratch for `solveRows`: four k-vectors (x, r, p, Ap), allocated once per caller. */
export function solveScratch(k: number): Float64Array {
  return new Float64Array(4 * k);
}

/**
 * Updates X's rows `[start, end)` with `cgSteps` conjugate-gradient steps each, against the fixed
 * Y and `gram` = YᵀY + λI. Each row's update reads only Y and its own row, so any partition of
 * the rows over threads gives bit-identical results.
 */
export function solveRows(
  start: number,
  end: number,
  indptr: Int32Array,
  indices: Int32Array,
  weights: Float32Array,
  X: Float32Array,
  Y: Float32Array,
  gram: Float64Array,
  k: number,
  cgSteps: number,
  scratch: Float64Array,
): void {
  const x = scratch.subarray(0, k);
  const r = scratch.subarray(k, 2 * k);
  const p = scratch.subarray(2 * k, 3 * k);
  const ap = scratch.subarray(3 * k, 4 * k);
  for (let u = start; u < end; u++) {
    const rowOff = u * k;
    for (let f = 0; f < k; f++) x[f] = X[rowOff + f]!;
    // r = b − A x, with b = Yᵀ Cᵘ p(u) = Σ_i c_ui y_i and A x = (YᵀY + λI) x + Σ_i (c_ui − 1)(y_i·x) y_i
    matVec(gram, x, r, k, -1);
    const from = indptr[u]!;
    const to = indptr[u + 1]!;
    for (let q = from; q < to; q++) {
      const off = indices[q]! * k;
      const w = weights[q]!;
      // r += (c_ui − (c_ui − 1) y_i·x) y_i
      axpy(1 + w - w * dotY(Y, off, x, k), Y, off, r, k);
    }
    for (let f = 0; f < k; f++) p[f] = r[f]!;
    let rsOld = dot(r, r, k);
    if (rsOld < 1e-20) continue;
    for (let step = 0; step < cgSteps; step++) {
      // Ap = (YᵀY + λI) p + Σ_i (c_ui − 1)(y_i·p) y_i
      matVec(gram, p, ap, k, 1);
      for (let q = from; q < to; q++) {
        const off = indices[q]! * k;
        axpy(weights[q]! * dotY(Y, off, p, k), Y, off, ap, k);
      }
      // α = rᵀr / pᵀAp;  x += α p;  r −= α Ap
      const alpha = rsOld / dot(p, ap, k);
      for (let f = 0; f < k; f++) {
        x[f]! += alpha * p[f]!;
        r[f]! -= alpha * ap[f]!;
      }
      const rsNew = dot(r, r, k);
      if (rsNew < 1e-20) break;
      // p = r + (rᵀr_new / rᵀr_old) p
      const beta = rsNew / rsOld;
      for (let f = 0; f < k; f++) p[f] = r[f]! + beta * p[f]!;
      rsOld = rsNew;
    }
    for (let f = 0; f < k; f++) X[rowOff + f] = x[f]!;
  }
}

/** out = sign · (G v) for the symmetric k × k matrix G. */
function matVec(
  G: Float64Array,
  v: Float64Array,
  out: Float64Array,
  k: number,
  sign: number,
): void {
  for (let a = 0; a < k; a++) {
    const base = a * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let b = 0;
    for (; b + 3 < k; b += 4) {
      s0 += G[base + b]! * v[b]!;
      s1 += G[base + b + 1]! * v[b + 1]!;
      s2 += G[base + b + 2]! * v[b + 2]!;
      s3 += G[base + b + 3]! * v[b + 3]!;
    }
    for (; b < k; b++) s0 += G[base + b]! * v[b]!;
    out[a] = sign * (s0 + s1 + s2 + s3);
  }
}

/** y_i · v where y_i = Y[off … off + k). */
function dotY(Y: Float32Array, off: number, v: Float64Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < k; f += 4) {
    s0 += Y[off + f]! * v[f]!;
    s1 += Y[off + f + 1]! * v[f + 1]!;
    s2 += Y[off + f + 2]! * v[f + 2]!;
    s3 += Y[off + f + 3]! * v[f + 3]!;
  }
  for (; f < k; f++) s0 += Y[off + f]! * v[f]!;
  return s0 + s1 + s2 + s3;
}

/** out += a · y_i */
function axpy(a: number, Y: Float32Array, off: number, out: Float64Array, k: number): void {
  let f = 0;
  for (; f + 3 < k; f += 4) {
    out[f]! += a * Y[off + f]!;
    out[f + 1]! += a * Y[off + f + 1]!;
    out[f + 2]! += a * Y[off + f + 2]!;
    out[f + 3]! += a * Y[off + f + 3]!;
  }
  for (; f < k; f++) out[f]! += a * Y[off + f]!;
}

function dot(a: Float64Array, b: Float64Array, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += a[f]! * b[f]!;
  return s;
}

/**
 * Floating-point operations of one half-iteration as counted by the benchmark: per row, the
 * initial residual (2k² for Gv, 4k per entry for the dot and the axpy) and per CG step 2k² + 4k per
 * entry + 10k for the vector updates; plus the gram, k(k+1) per row of the other side.
 */
export function halfIterationFlops(
  rows: number,
  otherRows: number,
  entries: number,
  k: number,
  cgSteps: number,
): number {
  return (
    rows * (2 * k * k + 2 * k) +
    entries * 4 * k +
    cgSteps * (rows * (2 * k * k + 10 * k) + entries * 4 * k) +
    otherRows * k * (k + 1)
  );
}
