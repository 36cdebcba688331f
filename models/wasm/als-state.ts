/**
 * An ALS state laid out for the WebAssembly kernel: every array in one shared memory, plus the
 * kernel's float32 gram and a scratch slot per thread.
 */
import type { AlsState } from '../als-fit';
import type { Csr } from '../sparse';
import { KernelMemory, kernelMemoryBytes, scratchBytes } from './als-kernel';

export interface WasmState {
  memory: WebAssembly.Memory;
  /** `gram` rounded to float32, the kernel's operand. */
  gram32: Float32Array;
  /** One slot of `slotFloats` per thread (see `scratchSlot`). */
  scratch: Float32Array;
  slotFloats: number;
  /** Room a caller asked for beside the state (`extra`), for its own kernel calls. */
  extraFloats: Float32Array;
  extraInts: Int32Array;
}

/**
 * Moves a state's arrays into one shared WebAssembly memory sized for them, plus the kernel's
 * float32 gram and a scratch slot per thread. A one-off copy: the kernel then reads in place.
 */
export function intoKernelMemory(
  s: AlsState,
  threads: number,
  extra: { floats: number; ints: number } = { floats: 0, ints: 0 },
): AlsState {
  const { byRow, byCol, k } = s;
  const slotFloats = scratchBytes(k) / 4;
  const arrays = [
    byRow.indptr,
    byRow.indices,
    byRow.data,
    byCol.indptr,
    byCol.indices,
    byCol.data,
    s.rowFactors,
    s.colFactors,
    s.gram,
    s.partials,
  ];
  const bytes = kernelMemoryBytes([
    ...arrays.map((a) => ({ length: a.length, bytesEach: a.BYTES_PER_ELEMENT })),
    { length: k * k, bytesEach: 4 },
    { length: threads * slotFloats, bytesEach: 4 },
    { length: extra.floats, bytesEach: 4 },
    { length: extra.ints, bytesEach: 4 },
  ]);
  const mem = new KernelMemory(bytes);
  const csr = (m: Csr): Csr => ({
    rows: m.rows,
    cols: m.cols,
    indptr: mem.copy(m.indptr),
    indices: mem.copy(m.indices),
    data: mem.copy(m.data),
  });
  return {
    ...s,
    byRow: csr(byRow),
    byCol: csr(byCol),
    rowFactors: mem.copy(s.rowFactors),
    colFactors: mem.copy(s.colFactors),
    gram: mem.copy(s.gram),
    partials: mem.copy(s.partials),
    wasm: {
      memory: mem.memory,
      gram32: mem.float32(k * k),
      scratch: mem.float32(threads * slotFloats),
      slotFloats,
      extraFloats: mem.float32(extra.floats),
      extraInts: mem.int32(extra.ints),
    },
  };
}

/** Thread `t`'s scratch slot of a WebAssembly state. */
export function scratchSlot(w: WasmState, t: number): Float32Array {
  return w.scratch.subarray(t * w.slotFloats, (t + 1) * w.slotFloats);
}
