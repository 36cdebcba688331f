/**
 * Loads the WebAssembly SIMD iALS kernel (als-kernel.wat, bytes in als-kernel.wasm.ts) and lays
 * an ALS run's arrays out in one shared `WebAssembly.Memory`, so that the kernel reads the factors
 * and the CSR in place and every worker thread instantiates the module against the same memory.
 */
import { alsKernelBase64 } from './als-kernel.wasm';

export type AlsKernelName = 'wasm' | 'js';

interface KernelExports {
  solveRows(
    start: number,
    end: number,
    indptr: number,
    indices: number,
    weights: number,
    X: number,
    Y: number,
    G: number,
    k: number,
    steps: number,
    scratch: number,
  ): void;
  gramChunks(
    Y: number,
    rows: number,
    k: number,
    chunkStart: number,
    chunkEnd: number,
    partials: number,
    scratch: number,
  ): void;
  personaScores(
    start: number,
    end: number,
    indptr: number,
    indices: number,
    X: number,
    Y: number,
    k: number,
    P: number,
    out: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime lacks SIMD, threads or shared memory. */
export function alsKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(alsKernelBase64), (c) => c.charCodeAt(0));
    compiled =
      typeof SharedArrayBuffer === 'function' && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
  }
  return compiled;
}

/** 'wasm' where the module validates, else the JavaScript kernel. */
export function resolveKernel(wanted: AlsKernelName = 'wasm'): AlsKernelName {
  return wanted === 'wasm' && alsKernelModule() ? 'wasm' : 'js';
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

/** Bytes of per-thread scratch: four padded k-vectors for a solve, or a k × k float32 gram. */
export function scratchBytes(k: number): number {
  return align16(Math.max(4 * align16(4 * k), 4 * k * k));
}

/**
 * A fixed-size shared memory handed out front to back, 16-byte aligned. Sized once, up front:
 * never grown, so every view stays valid for the life of the run.
 */
export class KernelMemory {
  readonly memory: WebAssembly.Memory;
  private used = 0;

  constructor(bytes: number) {
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }

  private take(bytes: number): number {
    const at = this.used;
    if (at + bytes > this.memory.buffer.byteLength) throw new Error('KernelMemory: out of space');
    this.used = align16(at + bytes);
    return at;
  }

  float32(length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(length * 4), length);
  }

  float64(length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(length * 8), length);
  }

  int32(length: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(length * 4), length);
  }

  /** A copy of `a` inside this memory. */
  copy<T extends Float32Array | Float64Array | Int32Array>(a: T): T {
    const out =
      a instanceof Float32Array
        ? this.float32(a.length)
        : a instanceof Float64Array
          ? this.float64(a.length)
          : this.int32(a.length);
    out.set(a);
    return out as T;
  }
}

/** Bytes a KernelMemory needs for arrays of these lengths (in elements of `bytesEach`). */
export function kernelMemoryBytes(arrays: { length: number; bytesEach: number }[]): number {
  return arrays.reduce((sum, a) => sum + align16(a.length * a.bytesEach), 0);
}

/**
 * The kernel instantiated against `memory`. Arguments are typed arrays that live in that memory;
 * the kernel gets their byte offsets.
 */
export class AlsKernel {
  private readonly exports: KernelExports;

  constructor(memory: WebAssembly.Memory) {
    const module = alsKernelModule();
    if (!module) throw new Error('AlsKernel: WebAssembly SIMD is not available here');
    this.exports = new WebAssembly.Instance(module, { env: { memory } })
      .exports as unknown as KernelExports;
  }

  gramChunks(
    Y: Float32Array,
    rows: number,
    k: number,
    chunkStart: number,
    chunkEnd: number,
    partials: Float64Array,
    scratch: Float32Array,
  ): void {
    this.exports.gramChunks(
      Y.byteOffset,
      rows,
      k,
      chunkStart,
      chunkEnd,
      partials.byteOffset,
      scratch.byteOffset,
    );
  }

  solveRows(
    start: number,
    end: number,
    indptr: Int32Array,
    indices: Int32Array,
    weights: Float32Array,
    X: Float32Array,
    Y: Float32Array,
    gram: Float32Array,
    k: number,
    cgSteps: number,
    scratch: Float32Array,
  ): void {
    this.exports.solveRows(
      start,
      end,
      indptr.byteOffset,
      indices.byteOffset,
      weights.byteOffset,
      X.byteOffset,
      Y.byteOffset,
      gram.byteOffset,
      k,
      cgSteps,
      scratch.byteOffset,
    );
  }

  /** out[e·P + p] = X[(u·P + p)·k …]·Y[indices[e]·k …] for the entries e of rows [start, end). */
  personaScores(
    [start, end]: [number, number],
    m: { indptr: Int32Array; indices: Int32Array },
    X: Float32Array,
    Y: Float32Array,
    k: number,
    P: number,
    out: Float32Array,
  ): void {
    this.exports.personaScores(
      start,
      end,
      m.indptr.byteOffset,
      m.indices.byteOffset,
      X.byteOffset,
      Y.byteOffset,
      k,
      P,
      out.byteOffset,
    );
  }
}

const instances = new WeakMap<WebAssembly.Memory, AlsKernel>();

/** The kernel instantiated once per memory (per thread: each thread has its own WeakMap). */
export function kernelFor(memory: WebAssembly.Memory): AlsKernel {
  let kernel = instances.get(memory);
  if (!kernel) instances.set(memory, (kernel = new AlsKernel(memory)));
  return kernel;
}
