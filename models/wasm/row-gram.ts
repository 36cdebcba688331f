/**
 * Σ_q w_q y_q y_qᵀ over some rows of Y (gathered by index), in the ALS kernel's gram pass: the
 * persona fold-in and the listener's system at a long history sum 100,000 or more outer products,
 * which scalar loops take the better part of a second for.
 */
import { GRAM_CHUNK, gramChunkCount, reduceGram } from '../als-solve';
import {
  alsKernelModule,
  KernelMemory,
  kernelFor,
  kernelMemoryBytes,
  scratchBytes,
} from './als-kernel';

/**
 * The k × k sum (full, symmetric, float64 totals of float32 chunk products) over `rows`, each
 * weighted by `weights[q]` ≥ 0 (1 if absent); null where the kernel is not available.
 */
export function rowGram(
  Y: Float32Array,
  k: number,
  rows: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Float64Array | null {
  if (!alsKernelModule()) return null;
  const n = rows.length;
  const chunks = gramChunkCount(n);
  let mem: KernelMemory;
  try {
    mem = new KernelMemory(
      kernelMemoryBytes([
        { length: n * k, bytesEach: 4 },
        { length: chunks * k * k, bytesEach: 8 },
        { length: scratchBytes(k) / 4, bytesEach: 4 },
      ]),
    );
  } catch (e) {
    if (e instanceof RangeError) return null; // over wasm32's memory
    throw e;
  }
  const gathered = mem.float32(n * k);
  const partials = mem.float64(chunks * k * k);
  const scratch = mem.float32(scratchBytes(k) / 4);
  for (let q = 0; q < n; q++) {
    const from = rows[q]! * k;
    const scale = weights ? Math.sqrt(weights[q]!) : 1;
    for (let f = 0; f < k; f++) gathered[q * k + f] = scale * Y[from + f]!;
  }
  kernelFor(mem.memory).gramChunks(gathered, n, k, 0, chunks, partials, scratch);
  const out = new Float64Array(k * k);
  reduceGram(partials, chunks, k, 0, out);
  return out;
}

/** Rows from which `rowGram` is worth its copy into the kernel's memory. */
export const ROW_GRAM_MIN = GRAM_CHUNK;
