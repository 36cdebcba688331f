/**
 * String similarity in 0..1: 1 − Levenshtein distance / length of the longer string. Used only on
 * already-normalised names, only among one artist's tracks (or artists sharing an initial), so the
 * O(n·m) cost stays small; one reused row buffer avoids allocating per call.
 */
let row = new Uint16Array(64);

export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - levenshtein(a, b) / longer;
}

/**
 * True when `similarity(a, b) >= min`, decided without the full table: the distance may be at
 * most (1 − min) · longer, and the DP row's minimum never decreases, so a row whose minimum
 * already exceeds that bound ends the computation. Most candidate pairs stop within a few letters.
 */
export function similarEnough(a: string, b: string, min: number): boolean {
  const longer = Math.max(a.length, b.length);
  const limit = Math.floor((1 - min) * longer + 1e-9);
  if (Math.abs(a.length - b.length) > limit) return false;
  return levenshtein(a, b, limit) <= limit;
}

/** Edit distance; with `limit`, any value above it may be returned as limit + 1. */
export function levenshtein(a: string, b: string, limit = Infinity): number {
  if (a.length < b.length) [a, b] = [b, a];
  const n = b.length;
  if (n === 0) return a.length;
  if (row.length <= n) row = new Uint16Array(n + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const above = row[j]!;
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      row[j] = value;
      if (value < rowMin) rowMin = value;
      diagonal = above;
    }
    if (rowMin > limit) return limit + 1;
  }
  return row[n]!;
}
