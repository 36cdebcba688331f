import { topK } from '../topk';

/**
 * Distinct artists among a row's top `k` recommendations (issue 5's diversity metric): 20 tracks
 * by one artist score 1, twenty artists score 20. `scores` already carries -Infinity for the items
 * the row may not be shown (its training items), which topK never returns.
 */
export function distinctArtistsAtK(
  scores: ArrayLike<number>,
  artistOf: ArrayLike<number>,
  k = 20,
): number {
  const { items } = topK(scores, k);
  const artists = new Set<number>();
  for (const item of items) artists.add(artistOf[item]!);
  return artists.size;
}
