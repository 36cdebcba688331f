import { describe, expect, it, vi } from 'vitest';
import { fitAls, defaultAlsParams } from '../../models/als-fit';
import { gramChunkCount, gramChunks, solveRows, solveScratch } from '../../models/als-solve';
import { mulberry32 } from '../../models/random';
import {
  AlsKernel,
  KernelMemory,
  kernelMemoryBytes,
  resolveKernel,
  scratchBytes,
} from '../../models/wasm/als-kernel';
import { fitAlsParallel } from '../../src-main/training/als-parallel';
import { randomPlays } from './models/planted';

/** Relative distance ‖a − b‖ / ‖b‖. */
function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d / n);
}

/**
 * A random solve problem: `rows` rows of 1…2·perRow entries over `cols` items, centred factors
 * (so that YᵀY is well conditioned and float32 rounding, not conditioning, is what differs), and
 * a symmetric positive definite gram = YᵀY + λI. Returns it in plain arrays and in kernel memory.
 */
function randomProblem(rows: number, cols: number, k: number, perRow: number, seed: number) {
  const random = mulberry32(seed);
  const indptr = new Int32Array(rows + 1);
  const lengths = Array.from({ length: rows }, () => 1 + Math.floor(random() * 2 * perRow));
  for (let u = 0; u < rows; u++) indptr[u + 1] = indptr[u]! + lengths[u]!;
  const nnz = indptr[rows]!;
  const indices = Int32Array.from({ length: nnz }, () => Math.floor(random() * cols));
  const weights = Float32Array.from({ length: nnz }, () => Math.log1p((1 + random() * 20) / 0.1));
  const X = Float32Array.from({ length: rows * k }, () => (random() - 0.5) * 0.2);
  const Y = Float32Array.from({ length: cols * k }, () => (random() - 0.5) * 0.2);
  const gram = new Float64Array(k * k);
  for (let i = 0; i < cols; i++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) gram[a * k + b]! += Y[i * k + a]! * Y[i * k + b]!;
  for (let a = 0; a < k; a++) gram[a * k + a]! += 2;
  const arrays = [indptr, indices, weights, X, Y];
  const mem = new KernelMemory(
    kernelMemoryBytes([
      ...arrays.map((a) => ({ length: a.length, bytesEach: 4 })),
      { length: k * k, bytesEach: 4 },
      { length: scratchBytes(k) / 4, bytesEach: 4 },
    ]),
  );
  const wasm = {
    indptr: mem.copy(indptr),
    indices: mem.copy(indices),
    weights: mem.copy(weights),
    X: mem.copy(X),
    Y: mem.copy(Y),
    gram: mem.float32(k * k),
    scratch: mem.float32(scratchBytes(k) / 4),
  };
  wasm.gram.set(gram);
  return { indptr, indices, weights, X, Y, gram, wasm, kernel: new AlsKernel(mem.memory) };
}

describe('the WebAssembly SIMD iALS kernel', () => {
  it('is the kernel this runtime picks by default, and "js" still picks JavaScript', () => {
    expect(resolveKernel()).toBe('wasm');
    expect(resolveKernel('js')).toBe('js');
  });

  // 1, 3 and 5: scalar tails only; 16 and 64: whole 16-float blocks (the inlined two-entries-at-
  // a-time sparse pass, rows of odd and even length); 21 and 33: all three loops.
  it.each([1, 3, 5, 16, 21, 33, 64])(
    'solves rows like the JavaScript kernel to float32 precision with k = %i',
    (k) => {
      const p = randomProblem(300, 200, k, 12, k);
      const X = p.X.slice();
      solveRows(0, 300, p.indptr, p.indices, p.weights, X, p.Y, p.gram, k, 3, solveScratch(k));
      const w = p.wasm;
      p.kernel.solveRows(0, 300, w.indptr, w.indices, w.weights, w.X, w.Y, w.gram, k, 3, w.scratch);
      expect(relativeDistance(w.X, p.X)).toBeGreaterThan(0.01); // the rows did move
      expect(relativeDistance(w.X, X)).toBeLessThan(2e-5);
    },
  );

  it('solves any split of the rows bit-identically to one pass over them all', () => {
    const k = 24;
    const whole = randomProblem(200, 150, k, 10, 7);
    const split = randomProblem(200, 150, k, 10, 7);
    const [a, b] = [whole.wasm, split.wasm];
    whole.kernel.solveRows(
      0,
      200,
      a.indptr,
      a.indices,
      a.weights,
      a.X,
      a.Y,
      a.gram,
      k,
      3,
      a.scratch,
    );
    for (const [start, end] of [
      [0, 1],
      [1, 77],
      [77, 200],
    ] as const)
      split.kernel.solveRows(
        start,
        end,
        b.indptr,
        b.indices,
        b.weights,
        b.X,
        b.Y,
        b.gram,
        k,
        3,
        b.scratch,
      );
    expect(Buffer.from(b.X.slice().buffer).equals(Buffer.from(a.X.slice().buffer))).toBe(true);
  });

  it.each([7, 64])(
    'sums YᵀY chunk by chunk like the JavaScript kernel with k = %i (upper triangle only)',
    (k) => {
      const rows = 8192 + 8192 + 1003; // two full chunks and a ragged one, with a row tail
      const random = mulberry32(k);
      const Y = Float32Array.from({ length: rows * k }, () => random() - 0.5);
      const chunks = gramChunkCount(rows);
      const expected = new Float64Array(chunks * k * k);
      gramChunks(Y, rows, k, 0, chunks, expected);
      const mem = new KernelMemory(
        kernelMemoryBytes([
          { length: Y.length, bytesEach: 4 },
          { length: chunks * k * k, bytesEach: 8 },
          { length: scratchBytes(k) / 4, bytesEach: 4 },
        ]),
      );
      const wY = mem.copy(Y);
      const partials = mem.float64(chunks * k * k);
      const kernel = new AlsKernel(mem.memory);
      kernel.gramChunks(wY, rows, k, 1, chunks, partials, mem.float32(scratchBytes(k) / 4));
      expect(partials.subarray(0, k * k).every((x) => x === 0)).toBe(true); // chunk 0 not asked for
      for (let c = 1; c < chunks; c++)
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            const at = c * k * k + a * k + b;
            if (b < a) expect(partials[at]).toBe(0);
            else expect(Math.abs(partials[at]! - expected[at]!)).toBeLessThan(2e-3);
          }
    },
  );
});

describe('ALS with the WebAssembly kernel', () => {
  const matrix = randomPlays(400, 250, 15, 3);
  const params = { ...defaultAlsParams, factors: 32, iterations: 4, seed: 11 };

  it('fits factors close to the JavaScript kernel’s', async () => {
    const wasm = await fitAls(matrix, params, { kernel: 'wasm' });
    const js = await fitAls(matrix, params, { kernel: 'js' });
    expect(Buffer.from(wasm.colFactors.buffer).equals(Buffer.from(js.colFactors.buffer))).toBe(
      false,
    );
    expect(relativeDistance(wasm.rowFactors, js.rowFactors)).toBeLessThan(1e-3);
    expect(relativeDistance(wasm.colFactors, js.colFactors)).toBeLessThan(1e-3);
  });

  it('is deterministic per seed, and another seed gives other factors', async () => {
    const [a, b, c] = await Promise.all([
      fitAls(matrix, params),
      fitAls(matrix, params),
      fitAls(matrix, { ...params, seed: 12 }),
    ]);
    expect(Array.from(b.colFactors)).toEqual(Array.from(a.colFactors));
    expect(Array.from(c.colFactors)).not.toEqual(Array.from(a.colFactors));
  });

  it('gives bit-identical factors on 1 and 2 worker threads and on the main thread', async () => {
    const main = await fitAls(matrix, params, { kernel: 'wasm' });
    const one = await fitAlsParallel(matrix, params, { threads: 1, kernel: 'wasm' });
    const two = await fitAlsParallel(matrix, params, { threads: 2, kernel: 'wasm' });
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(one.colFactors).equals(bytes(main.colFactors))).toBe(true);
    expect(bytes(two.colFactors).equals(bytes(main.colFactors))).toBe(true);
    expect(bytes(two.rowFactors).equals(bytes(main.rowFactors))).toBe(true);
    // …and the workers did run WebAssembly: the JavaScript kernel's float64 vectors differ.
    const js = await fitAlsParallel(matrix, params, { threads: 2, kernel: 'js' });
    expect(bytes(js.colFactors).equals(bytes(two.colFactors))).toBe(false);
  });
});

describe('without WebAssembly SIMD', () => {
  it('falls back to the JavaScript kernel, with the same factors as asking for it', async () => {
    const matrix = randomPlays(60, 40, 6);
    const params = { ...defaultAlsParams, factors: 8, iterations: 2 };
    const js = await fitAls(matrix, params, { kernel: 'js' });
    vi.resetModules(); // fresh modules: the compiled-kernel cache is per module instance
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const kernel = await import('../../models/wasm/als-kernel');
      const fit = await import('../../models/als-fit');
      expect(kernel.resolveKernel('wasm')).toBe('js');
      const fallback = await fit.fitAls(matrix, params, { kernel: 'wasm' });
      expect(Array.from(fallback.colFactors)).toEqual(Array.from(js.colFactors));
    } finally {
      validate.mockRestore();
    }
  });
});
