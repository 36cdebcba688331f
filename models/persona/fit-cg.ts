/**
 * The hard-assignment persona factorisation (fit.ts) solved as iALS on an expanded matrix, so that
 * it runs in the ALS kernel (WebAssembly SIMD, worker threads) instead of one Cholesky per system.
 *
 * Under hard assignment, persona p of row u solves
 *   (YᵀY + λI + Σ_{i∈O_u} (w_uip c_ui − 1) y_i y_iᵀ) x = Σ_{i∈O_u} w_uip c_ui y_i,   w ∈ {0, 1},
 * which is exactly iALS's row system (Hu et al. eq. 4) for a pseudo-row (u, p) whose entries are all
 * of u's items, with value c − 1 where p owns the item and −1 where another persona does (the −1
 * takes the item out of YᵀY: that persona is not asked about it). The item step is the same
 * system transposed: pseudo-rows against XᵀX over every persona. So each iteration is: score every
 * (entry, persona) in the kernel, reassign owners (argmin (1 − s)², the exact step's rule), write the
 * expanded values, then iALS's two half-steps, with warm-started conjugate gradient as iALS.
 *
 * The loss of iteration t (fit.ts's objective) costs nothing extra: its Σ_u,p x_upᵀ(YᵀY)x_up is
 * ⟨YᵀY, XᵀX⟩ from the two grams the half-steps compute anyway (XᵀX after t's item step, YᵀY at the
 * start of t + 1's row step), and its observed part comes from the scores t + 1 reassigns with; so
 * iteration t is reported during t + 1 (the last one after one more scoring pass).
 */
import { confidenceWeight, halfStepHere, type AlsState, type HalfStep } from '../als-fit';
import { gramChunkCount, gramChunks, reduceGram } from '../als-solve';
import { mulberry32 } from '../random';
import { throwIfAborted, type FitOptions } from '../recommender';
import { float32, int32, plainMemory, type Allocate, type Csr } from '../sparse';
import { kernelFor, resolveKernel, type AlsKernelName } from '../wasm/als-kernel';
import { intoKernelMemory } from '../wasm/als-state';
import type { PersonaParams, PersonaState } from './fit';
import { clusterItems } from './seed-personas';

export interface PersonaFitOptions extends FitOptions {
  /** Runs each half-step (default: here, one thread); src-main/training gives worker threads. */
  halfStep?: HalfStep;
  /** Memory for the state when `halfStep` runs it in other threads with the JavaScript kernel. */
  alloc?: Allocate;
  /** 'wasm' (default, where it validates) or 'js', as for iALS. */
  kernel?: AlsKernelName;
  /** Threads that will run kernel calls at once (one scratch slot each); default 1. */
  threads?: number;
  /**
   * 'cg' (default under hard assignment): this file. 'exact': one Cholesky per persona and item
   * (fit.ts; the reference, and what soft assignment always uses).
   */
  solver?: 'cg' | 'exact';
}

/** Conjugate-gradient steps per system and half-step, as iALS's default. */
const CG_STEPS = 3;

/** The expanded matrix: pseudo-row u·P + p holds all of row u's items, values set per iteration. */
function expand(matrix: Csr, P: number, alloc: Allocate) {
  const { rows, cols, indptr, indices } = matrix;
  const nnz = indices.length;
  const rowPtr = int32(rows * P + 1, alloc);
  const rowIdx = int32(nnz * P, alloc);
  for (let u = 0; u < rows; u++) {
    const [from, n] = [indptr[u]!, indptr[u + 1]! - indptr[u]!];
    for (let p = 0; p < P; p++) {
      const at = P * from + p * n;
      rowPtr[u * P + p + 1] = at + n;
      rowIdx.set(indices.subarray(from, from + n), at);
    }
  }
  // Columns: entry e of row u becomes P consecutive entries (pseudo-rows u·P … u·P + P − 1).
  const colPtr = new Int32Array(cols + 1);
  for (let e = 0; e < nnz; e++) colPtr[indices[e]! + 1]!++;
  for (let i = 0; i < cols; i++) colPtr[i + 1]! += colPtr[i]!;
  const colEntry = new Int32Array(nnz);
  const colIdx = int32(nnz * P, alloc);
  const fill = colPtr.slice(0, cols);
  for (let u = 0; u < rows; u++) {
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const slot = fill[indices[e]!]!++;
      colEntry[slot] = e;
      for (let p = 0; p < P; p++) colIdx[slot * P + p] = u * P + p;
    }
  }
  const byColPtr = int32(cols + 1, alloc);
  for (let i = 0; i <= cols; i++) byColPtr[i] = colPtr[i]! * P;
  return {
    byRow: { rows: rows * P, cols, indptr: rowPtr, indices: rowIdx, data: float32(nnz * P, alloc) },
    byCol: {
      rows: cols,
      cols: rows * P,
      indptr: byColPtr,
      indices: colIdx,
      data: float32(nnz * P, alloc),
    },
    colEntry,
  };
}

/** Frobenius ⟨A − λI, B − λI⟩ and the traces of A − λI and B − λI, for k × k grams. */
function gramProduct(A: Float64Array, B: Float64Array, k: number, lambda: number) {
  let dot = 0;
  for (let i = 0; i < k * k; i++) dot += A[i]! * B[i]!;
  let trA = 0;
  let trB = 0;
  for (let a = 0; a < k; a++) {
    trA += A[a * k + a]!;
    trB += B[a * k + a]!;
  }
  return {
    dot: dot - lambda * trA - lambda * trB + lambda * lambda * k,
    traceA: trA - lambda * k,
    traceB: trB - lambda * k,
  };
}

export async function fitPersonasCg(
  matrix: Csr,
  p: PersonaParams,
  options: PersonaFitOptions = {},
): Promise<PersonaState> {
  const { rows, cols, indptr, indices, data } = matrix;
  const { personas: P, factors: k, lambda } = p;
  const nnz = indices.length;
  const random = mulberry32(p.seed);
  // The same start as the exact fit: X then Y from the seed.
  const X0 = Float32Array.from({ length: rows * P * k }, () => (random() - 0.5) * 0.2);
  const Y0 = Float32Array.from({ length: cols * k }, () => (random() - 0.5) * 0.2);
  const C = Float32Array.from(data, (r) => 1 + confidenceWeight(r, { ...p, confidence: 'log' }));

  // The state in `alloc`'s memory (shared, when threads run the JavaScript kernel over it).
  const build = (alloc: Allocate) => {
    const { byRow, byCol, colEntry } = expand(matrix, P, alloc);
    const chunks = Math.max(gramChunkCount(rows * P), gramChunkCount(cols));
    const state: AlsState = {
      k,
      cgSteps: CG_STEPS,
      lambda,
      byRow,
      byCol,
      rowFactors: float32(X0.length, alloc),
      colFactors: float32(Y0.length, alloc),
      gram: new Float64Array(alloc(k * k * 8)),
      partials: new Float64Array(alloc(chunks * k * k * 8)),
    };
    state.rowFactors.set(X0);
    state.colFactors.set(Y0);
    return { state, colEntry };
  };
  let scores: Float32Array = new Float32Array(nnz * P);
  let scoreRows: { indptr: Int32Array; indices: Int32Array } = { indptr, indices };
  let built: ReturnType<typeof build> | null = null;
  if (resolveKernel(options.kernel) === 'wasm') {
    try {
      // Built in plain memory, then moved into the kernel's (shared) memory once.
      const plain = build(plainMemory);
      const state = intoKernelMemory(plain.state, Math.max(1, options.threads ?? 1), {
        floats: nnz * P,
        ints: rows + 1 + nnz,
      });
      const w = state.wasm!;
      scores = w.extraFloats;
      const ptr = w.extraInts.subarray(0, rows + 1);
      const idx = w.extraInts.subarray(rows + 1);
      ptr.set(indptr);
      idx.set(indices);
      scoreRows = { indptr: ptr, indices: idx };
      built = { state, colEntry: plain.colEntry };
    } catch (e) {
      // Over wasm32's 4 GiB: the JavaScript kernel, in the memory the caller's threads share.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  const { state, colEntry } = built ?? build(options.alloc ?? plainMemory);
  const X = state.rowFactors;
  const Y = state.colFactors;
  const halfStep = options.halfStep ?? halfStepHere;

  /** scores[e·P + q] = x_uq · y_i for every entry. */
  const score = () => {
    if (state.wasm) {
      kernelFor(state.wasm.memory).personaScores([0, rows], scoreRows, X, Y, k, P, scores);
      return;
    }
    for (let u = 0; u < rows; u++) {
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const yo = indices[e]! * k;
        for (let q = 0; q < P; q++) {
          const xo = (u * P + q) * k;
          let s = 0;
          for (let f = 0; f < k; f++) s += X[xo + f]! * Y[yo + f]!;
          scores[e * P + q] = s;
        }
      }
    }
  };
  /**
   * Σ_e [c_e (1 − s_e,owner)² − Σ_q s_eq²], the observed part of the objective under `owner`; and,
   * into `next` when given, each entry's new owner: argmin_q (1 − s_eq)², the first on ties.
   */
  const observe = (owner: Int32Array, next: Int32Array | null) => {
    let sum = 0;
    for (let e = 0; e < nnz; e++) {
      const base = e * P;
      let best = 0;
      let s = scores[base]!;
      let bestErr = (1 - s) * (1 - s);
      let squares = s * s;
      for (let q = 1; q < P; q++) {
        s = scores[base + q]!;
        squares += s * s;
        const err = (1 - s) * (1 - s);
        if (err < bestErr) {
          best = q;
          bestErr = err;
        }
      }
      const own = scores[base + owner[e]!]!;
      sum += C[e]! * (1 - own) * (1 - own) - squares;
      if (next) next[e] = best;
    }
    return sum;
  };
  // Where entry e's P values sit: row side at rowBase[e] + q·rowStride[e], column side at
  // colSlot[e]·P + q. Every value starts at −1 (owned by no persona); an owner change rewrites four.
  const rowBase = new Int32Array(nnz);
  const rowStride = new Int32Array(nnz);
  for (let u = 0; u < rows; u++) {
    const [from, n] = [indptr[u]!, indptr[u + 1]! - indptr[u]!];
    for (let e = from; e < from + n; e++) {
      rowBase[e] = P * from + (e - from);
      rowStride[e] = n;
    }
  }
  const colSlot = new Int32Array(nnz);
  for (let slot = 0; slot < nnz; slot++) colSlot[colEntry[slot]!] = slot;
  // Through the state's arrays: intoKernelMemory moved the CSRs into the kernel's memory.
  state.byRow.data.fill(-1);
  state.byCol.data.fill(-1);
  const written = new Int32Array(nnz).fill(-1);
  const writeValues = (owner: Int32Array) => {
    const rowData = state.byRow.data;
    const colData = state.byCol.data;
    for (let e = 0; e < nnz; e++) {
      const q = owner[e]!;
      const was = written[e]!;
      if (q === was) continue;
      if (was >= 0) {
        rowData[rowBase[e]! + was * rowStride[e]!] = -1;
        colData[colSlot[e]! * P + was] = -1;
      }
      rowData[rowBase[e]! + q * rowStride[e]!] = C[e]! - 1;
      colData[colSlot[e]! * P + q] = C[e]! - 1;
      written[e] = q;
    }
  };

  let owner = new Int32Array(nnz);
  const loss: number[] = [];
  const gramX = new Float64Array(k * k);
  const gramY = new Float64Array(k * k);
  const started = performance.now();
  const report = (iteration: number, observedPart: number) => {
    const g = gramProduct(gramY, gramX, k, lambda);
    loss.push(g.dot + observedPart + lambda * (g.traceA + g.traceB));
    options.onProgress?.({
      iteration,
      iterations: p.iterations,
      loss: loss.at(-1)!,
      seconds: (performance.now() - started) / 1000,
    });
  };
  /** YᵀY + λI of the current Y, for the last iteration's loss (no row step follows it). */
  const finalGramY = () => {
    const yChunks = gramChunkCount(cols);
    const partials = new Float64Array(yChunks * k * k);
    gramChunks(Y, cols, k, 0, yChunks, partials);
    reduceGram(partials, yChunks, k, lambda, gramY);
  };

  for (let it = 0; it < p.iterations; it++) {
    throwIfAborted(options.signal);
    let previousObserved = 0;
    const reassign = it > p.warmup ? new Int32Array(nnz) : null;
    if (it > 0) {
      score();
      previousObserved = observe(owner, reassign);
    }
    if (reassign) owner = reassign;
    else if (it === p.warmup) {
      // Warm-up done (persona 0 owned everything: plain iALS): seed from each row's clusters.
      const next = new Int32Array(nnz);
      for (let u = 0; u < rows; u++) {
        const [from, to] = [indptr[u]!, indptr[u + 1]!];
        next.set(clusterItems(Y, k, indices.subarray(from, to), C.subarray(from, to), P), from);
      }
      owner = next;
    }
    writeValues(owner);
    await halfStep(state, 'rows');
    if (it > 0) {
      gramY.set(state.gram);
      report(it, previousObserved);
    }
    throwIfAborted(options.signal);
    await halfStep(state, 'cols');
    gramX.set(state.gram);
    if (it % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (p.iterations > 0) {
    score();
    finalGramY();
    report(p.iterations, observe(owner, null));
  }
  const W = new Float32Array(nnz * P);
  for (let e = 0; e < nnz; e++) W[e * P + owner[e]!] = 1;
  return { X: X.slice(), Y: Y.slice(), W, loss };
}
