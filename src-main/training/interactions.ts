import { readFileSync } from 'node:fs';
import { csrFromTriplets, type Csr } from '../../models/sparse';
import { ItemIndex } from '../../models/item-index';

export type InteractionFormat = 'uid,iid,count' | 'hetrec';

/** A play-count matrix read from a file, with the file's own ids for each row and column. */
export interface Interactions {
  matrix: Csr;
  rowIds: string[];
  colIds: string[];
}

/**
 * Reads `uid,iid,count` CSV (header optional) or HetRec's `user_artists.dat` (tab-separated,
 * header `userID artistID weight`, CRLF). Pass the same `rows`/`cols` indexes to read a train and a
 * test file onto the same indices.
 */
export function readInteractions(
  file: string,
  format: InteractionFormat,
  rows = new ItemIndex(),
  cols = new ItemIndex(),
): Interactions {
  const text = readFileSync(file, 'utf8');
  const separator = format === 'hetrec' ? '\t' : ',';
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, n) => {
    if (line.trim() === '') return;
    const fields = line.split(separator).map((f) => f.trim());
    if (n === 0 && !Number.isFinite(Number(fields[2]))) return; // a header line
    const count = Number(fields[2] ?? '1');
    if (fields.length < 2 || !Number.isFinite(count)) {
      throw new Error(
        `${file}:${n + 1}: expected "user${separator}item${separator}count", got ${JSON.stringify(line)}`,
      );
    }
    r.push(rows.indexOf(fields[0]!));
    c.push(cols.indexOf(fields[1]!));
    v.push(count);
  });
  return {
    matrix: csrFromTriplets(rows.size, cols.size, r, c, v),
    rowIds: rows.keys,
    colIds: cols.keys,
  };
}

/** The same matrix widened to `rows` × `cols` (ids seen only in a later file). */
export function widen(m: Csr, rows: number, cols: number): Csr {
  if (rows === m.rows && cols === m.cols) return m;
  const indptr = new Int32Array(rows + 1);
  indptr.set(m.indptr);
  indptr.fill(m.indptr[m.rows]!, m.rows + 1);
  return { rows, cols, indptr, indices: m.indices, data: m.data };
}
