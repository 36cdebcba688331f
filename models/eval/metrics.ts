import { topK } from '../topk';

/**
 * One row's contribution to each metric as a (numerator, denominator) pair, so that means over
 * rows and bootstrap resamples are ratios of sums (EPR is weighted by test play counts).
 */
export interface RowMetrics {
  eprNum: number;
  eprDen: number;
  precision: number;
  recall: number;
  ndcg: number;
  hit: number;
  reciprocalRank: number;
}

/**
 * Ranks a row's held-out items among its candidate items. `scores` already has the row's training
 * items set to -Infinity (they are not candidates).
 *
 * - Expected percentile rank (Hu et al. 2008, §6): rank_ui is item i's position among the
 *   candidates as a fraction (0 = first, 1 = last; ties count half), averaged weighted by the test
 *   count r_ui. A random order gives 0.5; lower is better.
 * - precision@k = hits/k, recall@k = hits/|T|, hit-rate@k = [hits > 0],
 *   nDCG@k = Σ_hits 1/log2(pos + 2) / Σ_{j<min(k,|T|)} 1/log2(j + 2), MRR = 1/(best position + 1).
 */
export function rowMetrics(
  scores: Float32Array,
  testItems: ArrayLike<number>,
  testCounts: ArrayLike<number>,
  k: number,
): RowMetrics {
  const t = testItems.length;
  const testScores = new Float64Array(t);
  for (let q = 0; q < t; q++) testScores[q] = scores[testItems[q]!]!;
  const greater = new Float64Array(t);
  const equal = new Float64Array(t);
  let candidates = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s === -Infinity) continue;
    candidates++;
    for (let q = 0; q < t; q++) {
      if (s > testScores[q]!) greater[q]!++;
      else if (s === testScores[q]) equal[q]!++;
    }
  }
  let eprNum = 0;
  let eprDen = 0;
  let best = Infinity;
  for (let q = 0; q < t; q++) {
    const position = greater[q]! + 0.5 * (equal[q]! - 1); // equal includes the item itself
    eprNum += testCounts[q]! * (candidates > 1 ? position / (candidates - 1) : 0.5);
    eprDen += testCounts[q]!;
    best = Math.min(best, greater[q]!);
  }
  const top = topK(scores, k).items;
  const isTest = new Set<number>(Array.from(testItems));
  let hits = 0;
  let dcg = 0;
  for (let pos = 0; pos < top.length; pos++) {
    if (isTest.has(top[pos]!)) {
      hits++;
      dcg += 1 / Math.log2(pos + 2);
    }
  }
  let idcg = 0;
  for (let j = 0; j < Math.min(k, t); j++) idcg += 1 / Math.log2(j + 2);
  return {
    eprNum,
    eprDen,
    precision: hits / k,
    recall: t > 0 ? hits / t : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    hit: hits > 0 ? 1 : 0,
    reciprocalRank: t > 0 ? 1 / (best + 1) : 0,
  };
}
