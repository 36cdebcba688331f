// The For You rules, apart from the maths and the database so that they can be read and tested.

/**
 * Play count from which a track counts as "in heavy rotation" and is left out of For You: the
 * listener's top fifth of tracks by plays, and never fewer than 3 plays. Everything below stays
 * in as a possible rediscovery: on a small library every track has been played, and a list of
 * only never-played tracks would be empty.
 */
export function heavyRotationFrom(playCounts: Iterable<number>): number {
  const counts = [...playCounts].sort((a, b) => b - a);
  if (counts.length === 0) return Infinity;
  const top = counts[Math.max(0, Math.ceil(counts.length / 5) - 1)]!;
  return Math.max(3, top);
}

/**
 * The reasons worth showing: positive contributions other than the item itself, largest first,
 * at most `top` of them.
 */
export function pickReasons<T extends { item: number; share: number }>(
  contributions: readonly T[],
  self: number | null,
  top = 3,
): T[] {
  return contributions
    .filter((c) => c.item !== self && c.share > 0)
    .sort((a, b) => b.share - a.share)
    .slice(0, top);
}

/**
 * `heavyRotationFrom` over a histogram of play counts (count → tracks with that count): what the
 * For You state keeps, so that a play moves one track between two buckets instead of sorting
 * 150,000 counts again.
 */
export function heavyRotationFromHistogram(histogram: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const tracks of histogram.values()) total += tracks;
  if (total === 0) return Infinity;
  const rank = Math.ceil(total / 5) - 1;
  let seen = 0;
  for (const count of [...histogram.keys()].sort((a, b) => b - a)) {
    seen += histogram.get(count)!;
    if (seen > rank) return Math.max(3, count);
  }
  return 3;
}
