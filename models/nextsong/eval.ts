/**
 * Next-item evaluation as in GRU4Rec (Hidasi et al., ICLR 2016, §4.1): for every position i ≥ 1
 * of every test session, rank the true item i among all items given items 0 … i−1.
 * Ties count against the model ("conservative" mode of the official GRU4Rec evaluation): an item
 * whose score equals the target's ranks ahead of it, so a model that scores nothing cannot hit.
 */
import type { Session } from './sessions';

export const HIT_CUTOFFS = [1, 5, 10, 20, 50, 100] as const;
export const MRR_CUTOFF = 20;

export interface NextSongMetrics {
  [name: string]: number;
}

export interface EvalResult {
  metrics: NextSongMetrics;
  /** Number of ranked (prefix, target) events. */
  events: number;
}

export interface Scorer {
  scoreNext(prefix: Int32Array): Float32Array;
}

/** Rank (1 = best) of `target` in `scores`, with ties ranked ahead of the target. */
export function rankOf(scores: Float32Array, target: number): number {
  const t = scores[target]!;
  let rank = 0;
  for (let j = 0; j < scores.length; j++) if (scores[j]! >= t) rank++;
  return rank;
}

export function evaluateNextSong(
  model: Scorer,
  test: readonly Session[],
  itemCount: number,
): EvalResult {
  const hits = new Float64Array(HIT_CUTOFFS.length);
  const recommended = new Uint8Array(itemCount);
  let mrr = 0;
  let events = 0;
  for (const session of test) {
    for (let i = 1; i < session.items.length; i++) {
      if (session.skipped[i]) continue; // a skip is not something the listener wanted next
      const scores = model.scoreNext(session.items.subarray(0, i));
      const rank = rankOf(scores, session.items[i]!);
      events++;
      HIT_CUTOFFS.forEach((k, c) => {
        if (rank <= k) hits[c]! += 1;
      });
      if (rank <= MRR_CUTOFF) mrr += 1 / rank;
      markTop(scores, MRR_CUTOFF, recommended);
    }
  }
  const metrics: NextSongMetrics = {};
  HIT_CUTOFFS.forEach((k, c) => (metrics[`hr@${k}`] = events ? hits[c]! / events : 0));
  metrics[`mrr@${MRR_CUTOFF}`] = events ? mrr / events : 0;
  let covered = 0;
  for (const r of recommended) covered += r;
  /** Catalogue coverage: the share of items that appear in at least one top-20 list. */
  metrics[`coverage@${MRR_CUTOFF}`] = itemCount ? covered / itemCount : 0;
  return { metrics, events };
}

/** Marks the k best-scored items (a partial selection; k is small). */
function markTop(scores: Float32Array, k: number, into: Uint8Array): void {
  const top = new Int32Array(k).fill(-1);
  const topScore = new Float32Array(k).fill(-Infinity);
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j]!;
    if (s <= topScore[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && topScore[p - 1]! < s) {
      topScore[p] = topScore[p - 1]!;
      top[p] = top[p - 1]!;
      p--;
    }
    topScore[p] = s;
    top[p] = j;
  }
  for (const j of top) if (j >= 0) into[j] = 1;
}
