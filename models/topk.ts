import type { Ranked } from './recommender';

/**
 * The `n` highest scores and their items, best first, with a size-n min-heap: one pass over the
 * scores, O(items · log n), no allocation beyond the heap. Items whose score is -Infinity (the
 * filtered ones) are never returned.
 */
export function topK(scores: ArrayLike<number>, n: number): Ranked {
  const heapItems = new Int32Array(n);
  const heapScores = new Float64Array(n);
  let size = 0;
  const length = scores.length;
  for (let i = 0; i < length; i++) {
    const s = scores[i]!;
    if (s === -Infinity || s !== s) continue;
    if (size < n) {
      // Sift up.
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heapScores[parent]! <= s) break;
        heapScores[c] = heapScores[parent]!;
        heapItems[c] = heapItems[parent]!;
        c = parent;
      }
      heapScores[c] = s;
      heapItems[c] = i;
    } else if (n > 0 && s > heapScores[0]!) {
      siftDown(heapScores, heapItems, size, s, i);
    }
  }
  // Pop the heap from worst to best into the output, filled from the back.
  const items = new Int32Array(size);
  const out = new Float32Array(size);
  for (let k = size - 1; k >= 0; k--) {
    items[k] = heapItems[0]!;
    out[k] = heapScores[0]!;
    const lastScore = heapScores[k]!;
    const lastItem = heapItems[k]!;
    siftDown(heapScores, heapItems, k, lastScore, lastItem);
  }
  return { items, scores: out };
}

/** Replaces the root with (s, item) and restores the min-heap over the first `size` slots. */
function siftDown(hs: Float64Array, hi: Int32Array, size: number, s: number, item: number): void {
  let c = 0;
  for (;;) {
    const left = 2 * c + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && hs[right]! < hs[left]! ? right : left;
    if (hs[child]! >= s) break;
    hs[c] = hs[child]!;
    hi[c] = hi[child]!;
    c = child;
  }
  if (size > 0) {
    hs[c] = s;
    hi[c] = item;
  }
}

/**
 * Applies recommend filters to a full score vector in place: seen items, excluded items and (when
 * an allow-list is given) everything not on it become -Infinity.
 */
export function applyFilters(
  scores: Float32Array,
  seen: ArrayLike<number> | undefined,
  exclude: ArrayLike<number> | undefined,
  allow: ArrayLike<number> | undefined,
): void {
  if (allow) {
    const kept = new Float32Array(allow.length);
    for (let a = 0; a < allow.length; a++) kept[a] = scores[allow[a]!]!;
    scores.fill(-Infinity);
    for (let a = 0; a < allow.length; a++) scores[allow[a]!] = kept[a]!;
  }
  if (seen) for (let s = 0; s < seen.length; s++) scores[seen[s]!] = -Infinity;
  if (exclude) for (let e = 0; e < exclude.length; e++) scores[exclude[e]!] = -Infinity;
}

/** recommend() for any model that can score a whole row: score, filter, take the top n. */
export function recommendFromScores(
  scoreRow: (out: Float32Array) => void,
  items: number,
  seen: ArrayLike<number> | undefined,
  options: {
    n: number;
    exclude?: ArrayLike<number>;
    allow?: ArrayLike<number>;
    includeSeen?: boolean;
  },
): Ranked {
  const scores = new Float32Array(items);
  scoreRow(scores);
  applyFilters(scores, options.includeSeen ? undefined : seen, options.exclude, options.allow);
  return topK(scores, options.n);
}
