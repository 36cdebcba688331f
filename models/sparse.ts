/**
 * Compressed sparse row matrices over typed arrays. A CSC matrix is the CSR of the transpose,
 * so one type serves both: `transpose(byRow)` gives the by-column view the ALS item half-step reads.
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  /** Row r's entries are `indices[indptr[r]] … indices[indptr[r + 1] - 1]`, columns ascending. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
}

/** Where typed arrays get their memory: plain by default, SharedArrayBuffer for worker threads. */
export type Allocate = (bytes: number) => ArrayBuffer | SharedArrayBuffer;
export const plainMemory: Allocate = (bytes) => new ArrayBuffer(bytes);

export function int32(length: number, alloc: Allocate = plainMemory): Int32Array {
  return new Int32Array(alloc(length * 4));
}

export function float32(length: number, alloc: Allocate = plainMemory): Float32Array {
  return new Float32Array(alloc(length * 4));
}

/**
 * Builds a CSR matrix from (row, col, value) triplets; repeated (row, col) pairs are summed, the
 * way repeated plays of one track add up. Two stable counting sorts (by column, then by row) give
 * sorted columns within each row in O(nnz + rows + cols).
 */
export function csrFromTriplets(
  rows: number,
  cols: number,
  rowOf: ArrayLike<number>,
  colOf: ArrayLike<number>,
  valueOf: ArrayLike<number>,
): Csr {
  const n = rowOf.length;
  if (colOf.length !== n || valueOf.length !== n) {
    throw new Error(`csrFromTriplets: ${n} rows, ${colOf.length} cols, ${valueOf.length} values`);
  }
  for (let t = 0; t < n; t++) {
    const r = rowOf[t]!;
    const c = colOf[t]!;
    if (!(r >= 0 && r < rows && c >= 0 && c < cols)) {
      throw new Error(`csrFromTriplets: triplet ${t} (${r}, ${c}) is outside ${rows} × ${cols}`);
    }
  }
  // Pass 1: order triplets by column.
  const colStart = new Int32Array(cols + 1);
  for (let t = 0; t < n; t++) colStart[colOf[t]! + 1]!++;
  for (let c = 0; c < cols; c++) colStart[c + 1]! += colStart[c]!;
  const byCol = new Int32Array(n);
  const fill = colStart.slice(0, cols);
  for (let t = 0; t < n; t++) byCol[fill[colOf[t]!]!++] = t;
  // Pass 2: stable order by row, so columns stay ascending within a row.
  const indptr = new Int32Array(rows + 1);
  for (let t = 0; t < n; t++) indptr[rowOf[t]! + 1]!++;
  for (let r = 0; r < rows; r++) indptr[r + 1]! += indptr[r]!;
  const at = indptr.slice(0, rows);
  const indices = new Int32Array(n);
  const data = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    const t = byCol[s]!;
    const slot = at[rowOf[t]!]!++;
    indices[slot] = colOf[t]!;
    data[slot] = valueOf[t]!;
  }
  return sumDuplicates({ rows, cols, indptr, indices, data });
}

/** Merges adjacent equal columns within each row (the input has sorted columns). */
function sumDuplicates(m: Csr): Csr {
  const { rows, indptr, indices, data } = m;
  const outPtr = new Int32Array(rows + 1);
  let w = 0;
  for (let r = 0; r < rows; r++) {
    const end = indptr[r + 1]!;
    for (let p = indptr[r]!; p < end; p++) {
      if (w > outPtr[r]! && indices[w - 1] === indices[p]) {
        data[w - 1]! += data[p]!;
      } else {
        indices[w] = indices[p]!;
        data[w] = data[p]!;
        w++;
      }
    }
    outPtr[r + 1] = w;
  }
  if (w === indices.length) return { ...m, indptr: outPtr };
  return {
    rows,
    cols: m.cols,
    indptr: outPtr,
    indices: indices.slice(0, w),
    data: data.slice(0, w),
  };
}

/** The transpose (equivalently: the CSC form of `m`), columns ascending within each new row. */
export function transpose(m: Csr, alloc: Allocate = plainMemory): Csr {
  const nnz = m.indices.length;
  const indptr = int32(m.cols + 1, alloc);
  for (let p = 0; p < nnz; p++) indptr[m.indices[p]! + 1]!++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c]!;
  const at = indptr.slice(0, m.cols);
  const indices = int32(nnz, alloc);
  const data = float32(nnz, alloc);
  for (let r = 0; r < m.rows; r++) {
    const end = m.indptr[r + 1]!;
    for (let p = m.indptr[r]!; p < end; p++) {
      const slot = at[m.indices[p]!]!++;
      indices[slot] = r;
      data[slot] = m.data[p]!;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, data };
}

/** Rows `start … end - 1` as a matrix of their own (row 0 = `start`). */
export function sliceRows(m: Csr, start: number, end: number): Csr {
  const from = m.indptr[start]!;
  const to = m.indptr[end]!;
  const indptr = new Int32Array(end - start + 1);
  for (let r = start; r <= end; r++) indptr[r - start] = m.indptr[r]! - from;
  return {
    rows: end - start,
    cols: m.cols,
    indptr,
    indices: m.indices.slice(from, to),
    data: m.data.slice(from, to),
  };
}

/** The same matrix with every value replaced by `f(value)` (same structure, new data array). */
export function mapValues(
  m: Csr,
  f: (value: number) => number,
  alloc: Allocate = plainMemory,
): Csr {
  const data = float32(m.data.length, alloc);
  for (let p = 0; p < data.length; p++) data[p] = f(m.data[p]!);
  return { ...m, data };
}

/** A copy whose arrays live in memory from `alloc` (e.g. SharedArrayBuffers for workers). */
export function copyCsr(m: Csr, alloc: Allocate): Csr {
  const indptr = int32(m.indptr.length, alloc);
  const indices = int32(m.indices.length, alloc);
  const data = float32(m.data.length, alloc);
  indptr.set(m.indptr);
  indices.set(m.indices);
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}

export function rowItems(m: Csr, row: number): { items: Int32Array; values: Float32Array } {
  const from = m.indptr[row]!;
  const to = m.indptr[row + 1]!;
  return { items: m.indices.subarray(from, to), values: m.data.subarray(from, to) };
}

export function nnz(m: Csr): number {
  return m.indptr[m.rows]!;
}
