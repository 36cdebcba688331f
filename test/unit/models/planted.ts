import { csrFromTriplets, type Csr } from '../../../models/sparse';

/**
 * Listeners in `blocks` taste groups: every row of group g played every item of group g (count
 * 1 + (row + item) % 4) and nothing else, except that row 0 never played item `heldOut` of its own
 * group. Any model that learns taste must rank `heldOut` first for row 0.
 */
export function blocksWithOneCellHeldOut(
  blocks = 3,
  rowsPerBlock = 12,
  itemsPerBlock = 8,
): { matrix: Csr; heldOut: number } {
  const heldOut = 3;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let g = 0; g < blocks; g++) {
    for (let r = g * rowsPerBlock; r < (g + 1) * rowsPerBlock; r++) {
      for (let i = g * itemsPerBlock; i < (g + 1) * itemsPerBlock; i++) {
        if (r === 0 && i === heldOut) continue;
        rows.push(r);
        cols.push(i);
        values.push(1 + ((r + i) % 4));
      }
    }
  }
  return {
    matrix: csrFromTriplets(blocks * rowsPerBlock, blocks * itemsPerBlock, rows, cols, values),
    heldOut,
  };
}

/** A random sparse matrix (seeded) with `perRow` distinct items per row and counts 1…20. */
export function randomPlays(rows: number, cols: number, perRow: number, seed = 1): Csr {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let row = 0; row < rows; row++) {
    const picked = new Set<number>();
    while (picked.size < Math.min(perRow, cols)) picked.add(Math.floor(next() * cols));
    for (const col of picked) {
      r.push(row);
      c.push(col);
      v.push(1 + Math.floor(next() * 20));
    }
  }
  return csrFromTriplets(rows, cols, r, c, v);
}
