import { gramChunkCount, gramChunks, reduceGram, solveRows, solveScratch } from './als-solve';
import { mulberry32 } from './random';
import { kernelFor, resolveKernel, type AlsKernelName } from './wasm/als-kernel';
import { intoKernelMemory, scratchSlot, type WasmState } from './wasm/als-state';
import { float32, mapValues, plainMemory, transpose, type Allocate, type Csr } from './sparse';
import { throwIfAborted, type FitOptions } from './recommender';

export interface AlsParams {
  factors: number;
  /** Confidence scale: c = 1 + alpha · log(1 + r / eps), or 1 + alpha · r when linear. */
  alpha: number;
  eps: number;
  confidence: 'log' | 'linear';
  /** Regularisation λ of Hu et al. eq. 3. */
  lambda: number;
  iterations: number;
  /** Conjugate-gradient steps per row and half-iteration. */
  cgSteps: number;
  seed: number;
}

/** Chosen on a validation split of HetRec Last.fm 2K (docs/models.md). */
export const defaultAlsParams: AlsParams = {
  factors: 32,
  alpha: 1,
  eps: 0.1,
  confidence: 'log',
  lambda: 30,
  iterations: 15,
  cgSteps: 3,
  seed: 42,
};

/** c − 1 for a play count r (Hu et al. §4, eq. 6 for the log form). */
export function confidenceWeight(
  r: number,
  p: Pick<AlsParams, 'alpha' | 'eps' | 'confidence'>,
): number {
  return p.confidence === 'linear' ? p.alpha * r : p.alpha * Math.log1p(r / p.eps);
}

/** Everything one ALS run works on; with a SharedArrayBuffer `alloc`, worker threads share it. */
export interface AlsState {
  k: number;
  cgSteps: number;
  lambda: number;
  /** Rows × items, values c − 1. */
  byRow: Csr;
  /** Items × rows, values c − 1. */
  byCol: Csr;
  rowFactors: Float32Array;
  colFactors: Float32Array;
  /** YᵀY + λI of the side being held fixed. */
  gram: Float64Array;
  /** Per-chunk partial grams (see GRAM_CHUNK). */
  partials: Float64Array;
  /** Set when the WebAssembly kernel runs: then every array above lives in `memory` too. */
  wasm?: WasmState;
}

export type Side = 'rows' | 'cols';
/** Solves one side given the other: here by default, or in worker threads (src-main/training). */
export type HalfStep = (state: AlsState, side: Side) => void | Promise<void>;

export interface AlsFitOptions extends FitOptions {
  alloc?: Allocate;
  halfStep?: HalfStep;
  /** Report the training loss (eq. 3) with each iteration's progress; costs about one CG step. */
  computeLoss?: boolean;
  /**
   * 'wasm' (default): the WebAssembly SIMD kernel, float32, where the runtime validates it, else
   * 'js': the JavaScript kernel, float64 vectors. Both solve the same equations.
   */
  kernel?: AlsKernelName;
  /** Threads that will run kernel calls at once (one scratch slot each); default 1. */
  threads?: number;
}

export function createAlsState(
  matrix: Csr,
  params: AlsParams,
  alloc: Allocate = plainMemory,
): AlsState {
  const k = params.factors;
  const byRow = mapValues(matrix, (r) => confidenceWeight(r, params), alloc);
  const byCol = transpose(byRow, alloc);
  // Small random factors, as implicit does: the first half-step's solve dominates them anyway.
  const random = mulberry32(params.seed);
  const rowFactors = float32(matrix.rows * k, alloc);
  const colFactors = float32(matrix.cols * k, alloc);
  for (let i = 0; i < rowFactors.length; i++) rowFactors[i] = random() * 0.01;
  for (let i = 0; i < colFactors.length; i++) colFactors[i] = random() * 0.01;
  const chunks = Math.max(gramChunkCount(matrix.rows), gramChunkCount(matrix.cols));
  return {
    k,
    cgSteps: params.cgSteps,
    lambda: params.lambda,
    byRow,
    byCol,
    rowFactors,
    colFactors,
    gram: new Float64Array(alloc(k * k * 8)),
    partials: new Float64Array(alloc(chunks * k * k * 8)),
  };
}

/** gram = Σ partials + λI (reduceGram), and its float32 copy for the WebAssembly kernel. */
export function finishGram(s: AlsState, chunks: number): void {
  reduceGram(s.partials, chunks, s.k, s.lambda, s.gram);
  s.wasm?.gram32.set(s.gram);
}

/** The operands of a half-step: solve `X` (with its matrix `m`) against the fixed `Y`. */
export function halfStepOperands(s: AlsState, side: Side) {
  return side === 'rows'
    ? { m: s.byRow, X: s.rowFactors, Y: s.colFactors, others: s.byCol.rows }
    : { m: s.byCol, X: s.colFactors, Y: s.rowFactors, others: s.byRow.rows };
}

export const halfStepHere: HalfStep = (s, side) => {
  const { m, X, Y, others } = halfStepOperands(s, side);
  const chunks = gramChunkCount(others);
  if (s.wasm) {
    const kernel = kernelFor(s.wasm.memory);
    const scratch = scratchSlot(s.wasm, 0);
    kernel.gramChunks(Y, others, s.k, 0, chunks, s.partials, scratch);
    finishGram(s, chunks);
    kernel.solveRows(
      0,
      m.rows,
      m.indptr,
      m.indices,
      m.data,
      X,
      Y,
      s.wasm.gram32,
      s.k,
      s.cgSteps,
      scratch,
    );
    return;
  }
  gramChunks(Y, others, s.k, 0, chunks, s.partials);
  finishGram(s, chunks);
  solveRows(
    0,
    m.rows,
    m.indptr,
    m.indices,
    m.data,
    X,
    Y,
    s.gram,
    s.k,
    s.cgSteps,
    solveScratch(s.k),
  );
};

/**
 * The state for the chosen kernel. The WebAssembly one builds in plain memory and then moves
 * everything into its own; a memory over wasm32's 4 GiB cannot be had (RangeError), and then the
 * JavaScript kernel runs instead, on `options.alloc` as if asked for.
 */
function createFittingState(matrix: Csr, params: AlsParams, options: AlsFitOptions): AlsState {
  if (resolveKernel(options.kernel) === 'wasm') {
    try {
      const plain = createAlsState(matrix, params, plainMemory);
      return intoKernelMemory(plain, Math.max(1, options.threads ?? 1));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return createAlsState(matrix, params, options.alloc);
}

/**
 * Alternating least squares (Hu et al. §4): each iteration solves every row against fixed item
 * factors, then every item against fixed row factors.
 */
export async function fitAls(
  matrix: Csr,
  params: AlsParams,
  options: AlsFitOptions = {},
): Promise<AlsState> {
  const state = createFittingState(matrix, params, options);
  const halfStep = options.halfStep ?? halfStepHere;
  const started = performance.now();
  for (let iteration = 1; iteration <= params.iterations; iteration++) {
    throwIfAborted(options.signal);
    await halfStep(state, 'rows');
    throwIfAborted(options.signal);
    await halfStep(state, 'cols');
    options.onProgress?.({
      iteration,
      iterations: params.iterations,
      seconds: (performance.now() - started) / 1000,
      ...(options.computeLoss ? { loss: alsLoss(state) } : {}),
    });
  }
  // Plain copies of the factors, so that a model does not keep the whole kernel memory alive.
  return state.wasm
    ? { ...state, rowFactors: state.rowFactors.slice(), colFactors: state.colFactors.slice() }
    : state;
}

/**
 * Hu et al. eq. 3 divided by rows × items: Σ_ui c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²).
 * The sum over all pairs splits into x_uᵀ(YᵀY)x_u plus a correction on the observed pairs:
 * c(1 − s)² − s² with s = x_uᵀy_i, so it costs O(rows·k² + nnz·k).
 */
export function alsLoss(s: AlsState): number {
  const { k, byRow, rowFactors: X, colFactors: Y } = s;
  const items = byRow.cols;
  const chunks = gramChunkCount(items);
  const gram = new Float64Array(k * k);
  gramChunks(Y, items, k, 0, chunks, s.partials);
  reduceGram(s.partials, chunks, k, s.lambda, gram); // includes λI, so xᵀGx carries λ‖x‖²
  let total = 0;
  for (let u = 0; u < byRow.rows; u++) {
    const off = u * k;
    for (let a = 0; a < k; a++) {
      let g = 0;
      for (let b = 0; b < k; b++) g += gram[a * k + b]! * X[off + b]!;
      total += X[off + a]! * g;
    }
    for (let q = byRow.indptr[u]!; q < byRow.indptr[u + 1]!; q++) {
      const yo = byRow.indices[q]! * k;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += X[off + f]! * Y[yo + f]!;
      total += (1 + byRow.data[q]!) * (1 - dot) * (1 - dot) - dot * dot;
    }
  }
  for (let i = 0; i < Y.length; i++) total += s.lambda * Y[i]! * Y[i]!;
  return total / (byRow.rows * items);
}
