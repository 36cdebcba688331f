import { topK } from './topk';
import type { Ranked } from './recommender';

/** Euclidean norms of the `count` k-vectors stored row after row in `V`. */
export function rowNorms(V: Float32Array, count: number, k: number): Float32Array {
  const norms = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += V[i * k + f]! * V[i * k + f]!;
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

/** scores[i] = V_i · v for every stored vector (the inner loop of recommend). */
export function scoreAll(
  V: Float32Array,
  count: number,
  k: number,
  v: ArrayLike<number>,
  scores: Float32Array,
): void {
  for (let i = 0; i < count; i++) {
    const off = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let f = 0;
    for (; f + 3 < k; f += 4) {
      s0 += V[off + f]! * v[f]!;
      s1 += V[off + f + 1]! * v[f + 1]!;
      s2 += V[off + f + 2]! * v[f + 2]!;
      s3 += V[off + f + 3]! * v[f + 3]!;
    }
    for (; f < k; f++) s0 += V[off + f]! * v[f]!;
    scores[i] = s0 + s1 + s2 + s3;
  }
}

/** The `n` stored vectors closest to `v` by cosine, leaving out `exclude`. */
export function nearestByCosine(
  V: Float32Array,
  norms: Float32Array,
  k: number,
  v: ArrayLike<number>,
  n: number,
  exclude: ArrayLike<number> = [],
): Ranked {
  const count = norms.length;
  const scores = new Float32Array(count);
  scoreAll(V, count, k, v, scores);
  let vn = 0;
  for (let f = 0; f < k; f++) vn += v[f]! * v[f]!;
  vn = Math.sqrt(vn) || 1;
  for (let i = 0; i < count; i++)
    scores[i] = norms[i]! > 0 ? scores[i]! / (norms[i]! * vn) : -Infinity;
  for (let e = 0; e < exclude.length; e++) scores[exclude[e]!] = -Infinity;
  return topK(scores, n);
}

/**
 * "Like A + B − C": the sum of the unit vectors of `plus` minus those of `minus` (unit length so
 * that a heavily played artist does not swamp the others), as in the dotify notebook.
 */
export function combineVectors(
  V: Float32Array,
  norms: Float32Array,
  k: number,
  plus: readonly number[],
  minus: readonly number[] = [],
): Float32Array {
  const out = new Float32Array(k);
  const add = (i: number, sign: number) => {
    const scale = norms[i]! > 0 ? sign / norms[i]! : 0;
    for (let f = 0; f < k; f++) out[f]! += scale * V[i * k + f]!;
  };
  for (const i of plus) add(i, 1);
  for (const i of minus) add(i, -1);
  return out;
}
